/* test_json.c: values, fields and tasks as JSON (types, null for what is
 * absent, repaired UTF-8), and the written form. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/task_json.h"

/* j as compact JSON, then released. */
static char *dump(json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY |
	                            JSON_REAL_PRECISION(15));

	json_decref(j);
	return s;
}

static void assert_json(json_t *j, const char *want)
{
	char *s = dump(j);

	assert_non_null(s);
	assert_string_equal(s, want);
	free(s);
}

static void test_scalars(void **state)
{
	struct value v = VALUE_INIT;

	(void)state;
	assert_json(json_from_value(NULL), "null");
	assert_json(json_from_value(&v), "null");
	value_set_bool(&v, 1);
	assert_json(json_from_value(&v), "true");
	value_set_number(&v, 3);
	assert_json(json_from_value(&v), "3");
	value_set_number(&v, -2.5);
	assert_json(json_from_value(&v), "-2.5");
	value_set_number(&v, 0.1);
	assert_json(json_from_value(&v), "0.1");
	value_set_number(&v, 1e300);
	assert_json(json_from_value(&v), "1e300");
	value_set_date(&v, date_from_ymd(2026, 11, 22));
	assert_json(json_from_value(&v), "\"2026-11-22\"");
	value_set_string(&v, "say \"hi\"\n");
	assert_json(json_from_value(&v), "\"say \\\"hi\\\"\\n\"");
	value_free(&v);
	assert_json(json_from_str(NULL), "null");
	assert_json(json_from_number(0.0 / 0.0), "null");
}

static void test_lists_and_maps(void **state)
{
	struct value list = VALUE_INIT, item = VALUE_INIT, map = VALUE_INIT;

	(void)state;
	value_set_string(&item, "home");
	value_list_push(&list, &item);
	value_set_number(&item, 2);
	value_list_push(&list, &item);
	value_set_date(&item, 0);
	value_list_push(&list, &item);
	assert_json(json_from_value(&list), "[\"home\",2,\"1970-01-01\"]");
	map.type = VALUE_MAP;
	assert_json(json_from_value(&map), "null");
	value_free(&item);
	value_free(&list);
}

static void test_bad_utf8_is_repaired(void **state)
{
	(void)state;
	assert_json(json_from_str("caf\xc3\xa9"), "\"caf\xc3\xa9\"");
	assert_json(json_from_str("a\xff"
	                          "b"),
	            "\"a\xef\xbf\xbd"
	            "b\"");
	/* a cut sequence, an overlong encoding, a surrogate */
	assert_json(json_from_str("x\xc3"), "\"x\xef\xbf\xbd\"");
	assert_json(json_from_str("\xc0\xaf"), "\"\xef\xbf\xbd\xef\xbf\xbd\"");
	assert_json(json_from_str("\xed\xa0\x80"), "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");
}

static void test_fields_keep_order(void **state)
{
	struct fields f = FIELDS_INIT;
	struct value v = VALUE_INIT;

	(void)state;
	fields_set_string(&f, "zeta", "z");
	value_set_bool(&v, 0);
	fields_set(&f, "alpha", &v);
	fields_set(&f, "none", &(struct value)VALUE_INIT);
	assert_json(json_from_fields(&f), "{\"zeta\":\"z\",\"alpha\":false,\"none\":null}");
	fields_clear(&f);
}

static void test_task(void **state)
{
	struct task t;
	struct value v = VALUE_INIT;
	char *s;

	(void)state;
	memset(&t, 0, sizeof(t));
	t.id = "home/gutters";
	t.path = "tasks/home/gutters.md";
	t.title = "Clean the gutters";
	t.checks_done = 1;
	t.checks_total = 3;
	fields_set_string(&t.fields, "title", "Clean the gutters");
	fields_set_string(&t.fields, "due", "soon"); /* not a date: null, kept in fields */
	value_set_number(&v, 42);
	fields_set(&t.fields, "to", &v); /* text field given a number: as text */
	fields_set(&t.fields, "hours", &v);
	fields_set_string(&t.fields, "tags", "home"); /* one tag, not a list */
	s = dump(task_json(&t));
	assert_string_equal(
	    s, "{\"id\":\"home/gutters\",\"path\":\"tasks/home/gutters.md\","
	       "\"title\":\"Clean the gutters\",\"status\":\"inbox\",\"decision\":null,"
	       "\"rule\":null,\"because\":null,\"decided\":null,\"channel\":null,"
	       "\"to\":\"42\",\"given\":null,\"follow_up\":null,\"due\":null,"
	       "\"completed\":null,\"rating\":null,\"hours\":42,\"cost\":null,"
	       "\"tags\":[\"home\"],\"checks_done\":1,\"checks_total\":3,"
	       "\"fields\":{\"title\":\"Clean the gutters\",\"due\":\"soon\",\"to\":42,"
	       "\"hours\":42,\"tags\":\"home\"}}");
	free(s);
	fields_clear(&t.fields);
	value_free(&v);
}

static void test_write(void **state)
{
	json_t *a = json_array();
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	(void)state;
	json_array_append_new(a, json_from_number(1));
	assert_int_equal(json_write(fp, a), 0);
	assert_int_equal(json_write(fp, json_array_get(a, 0)), 0);
	fclose(fp);
	assert_string_equal(buf, "[\n  1\n]\n1\n");
	free(buf);
	json_decref(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scalars),
		cmocka_unit_test(test_lists_and_maps),
		cmocka_unit_test(test_bad_utf8_is_repaired),
		cmocka_unit_test(test_fields_keep_order),
		cmocka_unit_test(test_task),
		cmocka_unit_test(test_write),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
