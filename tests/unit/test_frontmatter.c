/* test_frontmatter.c: edits through keys and values borrowed from the
 * document itself (found by fuzzing), and a few edits by hand, among them
 * building a new file's front-matter field by field. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "formats/frontmatter.h"

static struct fm_doc *parse(const char *text)
{
	struct dlg_err err = DLG_ERR_INIT;
	struct fm_doc *doc = NULL;

	assert_int_equal(fm_parse(&doc, text, strlen(text), &err), 0);
	return doc;
}

static void assert_bytes(const struct fm_doc *doc, const char *want)
{
	size_t len;
	const char *got = fm_bytes(doc, &len);

	assert_int_equal(len, strlen(want));
	assert_memory_equal(got, want, len);
}

static void test_remove_with_borrowed_key(void **state)
{
	struct fm_doc *doc = parse("---\na: 1\nb: 2\n---\nbody\n");
	struct dlg_err err = DLG_ERR_INIT;

	(void)state;
	assert_int_equal(fm_remove(doc, fm_entry_at(doc, 0)->key, &err), 0);
	assert_bytes(doc, "---\nb: 2\n---\nbody\n");
	fm_free(doc);
}

static void test_set_with_borrowed_key_and_value(void **state)
{
	struct fm_doc *doc = parse("---\na: x\nb: y # keep\n---\n");
	struct dlg_err err = DLG_ERR_INIT;

	(void)state;
	assert_int_equal(fm_set(doc, fm_entry_at(doc, 1)->key, &fm_entry_at(doc, 0)->val, &err), 0);
	assert_bytes(doc, "---\na: x\nb: x # keep\n---\n");
	fm_free(doc);
}

static void test_crlf_add_and_quote(void **state)
{
	struct fm_doc *doc = parse("---\r\ntitle: t\r\n---\r\nbody\r\n");
	struct dlg_err err = DLG_ERR_INIT;
	struct value v = VALUE_INIT;

	(void)state;
	value_set_string(&v, "yes");
	assert_int_equal(fm_set(doc, "because", &v, &err), 0);
	assert_bytes(doc, "---\r\ntitle: t\r\nbecause: \"yes\"\r\n---\r\nbody\r\n");
	value_free(&v);
	fm_free(doc);
}

static void test_no_front_matter_gets_a_block(void **state)
{
	struct fm_doc *doc = parse("\xef\xbb\xbf# Title\n");
	struct dlg_err err = DLG_ERR_INIT;
	struct value v = VALUE_INIT;

	(void)state;
	value_set_date(&v, date_from_ymd(2026, 11, 22));
	assert_int_equal(fm_set(doc, "decided", &v, &err), 0);
	assert_bytes(doc, "\xef\xbb\xbf---\ndecided: 2026-11-22\n---\n# Title\n");
	fm_free(doc);
}

static void test_add_empty(void **state)
{
	struct fm_doc *doc = parse("\n## Brief\n");
	struct dlg_err err = DLG_ERR_INIT;
	struct value v = VALUE_INIT;

	(void)state;
	assert_int_equal(fm_add_empty(doc, "to", &err), 0);
	assert_bytes(doc, "---\nto:\n---\n\n## Brief\n");
	value_set_string(&v, "Fix: the tap");
	assert_int_equal(fm_set(doc, "title", &v, &err), 0);
	assert_int_equal(fm_add_empty(doc, "yes", &err), 0);
	assert_bytes(doc, "---\nto:\ntitle: \"Fix: the tap\"\n\"yes\":\n---\n\n## Brief\n");
	assert_int_equal(fm_find(doc, "yes")->val.type, VALUE_UNKNOWN);
	/* there already, with a value or without: left as it is */
	assert_int_equal(fm_add_empty(doc, "title", &err), 0);
	assert_int_equal(fm_add_empty(doc, "to", &err), 0);
	assert_bytes(doc, "---\nto:\ntitle: \"Fix: the tap\"\n\"yes\":\n---\n\n## Brief\n");
	value_free(&v);
	fm_free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_remove_with_borrowed_key),
		cmocka_unit_test(test_set_with_borrowed_key_and_value),
		cmocka_unit_test(test_crlf_add_and_quote),
		cmocka_unit_test(test_no_front_matter_gets_a_block),
		cmocka_unit_test(test_add_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
