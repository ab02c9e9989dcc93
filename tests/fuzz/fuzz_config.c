/* fuzz_config.c: libFuzzer target for dlg.ini parsing (inih, the config
 * model, the rule expressions in it) and for deciding a task with whatever
 * rules parse. make fuzz builds it (build/fuzz/bin/fuzz_config) and runs it
 * on the dlg.ini files of the examples and the tests (scripts/fuzz.sh). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "core/lifecycle.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags d = DIAGS_INIT;
	struct config *cfg = NULL;
	struct fields task = FIELDS_INIT;
	struct people_info people = { NULL, 0 };
	struct lc_result lc;
	struct value v;

	if (config_parse(&cfg, "dlg.ini", (const char *)data, size, &d) == 0 && cfg) {
		value_from_plain(&v, "no");
		fields_set(&task, "enjoy", &v);
		value_free(&v);
		value_from_plain(&v, "3");
		fields_set(&task, "hours", &v);
		value_free(&v);
		memset(&lc, 0, sizeof(lc));
		lifecycle_apply(&lc, cfg, &people, &task, 20000);
		lc_result_release(&lc);
	}
	for (size_t i = 0; i < d.n; i++)
		if (!d.v[i].msg)
			abort();
	fields_clear(&task);
	config_free(cfg);
	diags_clear(&d);
	return 0;
}
