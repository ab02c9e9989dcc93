/* fuzz_expr.c: libFuzzer target for the rule expression parser and
 * evaluator. make fuzz builds it (build/fuzz/bin/fuzz_expr) and runs it on
 * the if = expressions of the examples and the tests (scripts/fuzz.sh). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/expr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void set_plain(struct fields *f, const char *key, const char *text)
{
	struct value v;

	value_from_plain(&v, text);
	fields_set(f, key, &v);
	value_free(&v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fields task = FIELDS_INIT, me = FIELDS_INIT;
	struct expr_env env = { &task, &me, 20000 };
	struct dlg_err err = DLG_ERR_INIT;
	struct value v = VALUE_INIT, item = VALUE_INIT;
	struct expr *e = NULL;
	char *src = malloc(size + 1);

	memcpy(src, data, size);
	src[size] = '\0';
	set_plain(&task, "a", "3");
	set_plain(&task, "b", "yes");
	set_plain(&task, "c", "pro");
	set_plain(&task, "d", "2026-11-22");
	set_plain(&task, "z", "0");
	value_set_string(&item, "pro");
	value_list_push(&v, &item);
	fields_set(&task, "tags", &v);
	value_free(&v);
	value_free(&item);
	set_plain(&me, "x", "2.5");
	if (!expr_parse(&e, src, &err)) {
		(void)expr_names(e);
		if (expr_eval(&v, e, &env, &err) && v.type != VALUE_UNKNOWN)
			abort();
		(void)expr_truth(&v);
		value_free(&v);
	} else if (e || err.col < 1 || !err.msg) {
		abort();
	}
	expr_free(e);
	err_clear(&err);
	fields_clear(&task);
	fields_clear(&me);
	free(src);
	return 0;
}
