/* test_frontmatter.c: edits through keys and values borrowed from the
 * document itself (found by fuzzing), a few edits by hand (among them
 * building a new file's front-matter field by field), and the bounds on
 * hostile input: size and nesting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
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

/* fm_parse refuses data (len bytes) with line:col: and a message holding
 * want. */
static void assert_parse_error(const char *data, size_t len, int line, int col, const char *want)
{
	struct dlg_err err = DLG_ERR_INIT;
	struct fm_doc *doc = (struct fm_doc *)&err;

	assert_int_equal(fm_parse(&doc, data, len, &err), DLG_EINVALID);
	assert_null(doc);
	assert_non_null(err.msg);
	if (err.line != line || err.col != col || !strstr(err.msg, want))
		fail_msg("got %d:%d: %s; expected %d:%d: ...%s...", err.line, err.col, err.msg,
		         line, col, want);
	err_clear(&err);
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

#define MIB (1u << 20)

static void add_chars(struct strbuf *sb, int c, size_t n)
{
	strbuf_grow(sb, n);
	memset(sb->buf + sb->len, c, n);
	strbuf_setlen(sb, sb->len + n);
}

static void test_size_limits(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct fm_doc *doc;

	(void)state;
	/* the YAML between the delimiters: at most 1 MiB */
	strbuf_addstr(&sb, "---\nnote: ");
	add_chars(&sb, 'x', MIB - strlen("note: \n"));
	strbuf_addstr(&sb, "\n---\nbody\n");
	doc = parse(sb.buf);
	assert_int_equal(fm_count(doc), 1);
	fm_free(doc);
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "---\nnote: ");
	add_chars(&sb, 'x', MIB - strlen("note: \n") + 1);
	strbuf_addstr(&sb, "\n---\nbody\n");
	assert_parse_error(sb.buf, sb.len, 1, 1,
	                   "front-matter is larger than 1 MiB; dlg reads at most 1 MiB");
	/* the whole file: at most 16 MiB */
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "---\ntitle: t\n---\n");
	add_chars(&sb, 'y', 16 * MIB - sb.len);
	fm_free(parse(sb.buf));
	strbuf_addch(&sb, 'y');
	assert_parse_error(sb.buf, sb.len, 1, 1,
	                   "file is larger than 16 MiB; dlg reads at most 16 MiB");
	/* with no front-matter, the same */
	memset(sb.buf, 'y', 17);
	assert_parse_error(sb.buf, sb.len, 1, 1, "file is larger than 16 MiB");
	strbuf_release(&sb);
}

/* 10,000 levels of nesting stop at the 65th. */
static void test_deep_nesting(void **state)
{
	static const struct {
		const char *open;
		int line, col; /* of the 65th level */
	} cases[] = {
		{ "[", 2, 68 },
		{ "{", 2, 68 },
		{ "[{", 2, 68 },
		{ "- ", 3, 129 },
	};
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		strbuf_reset(&sb);
		strbuf_addstr(&sb, cases[i].line == 3 ? "---\na:\n" : "---\na: ");
		for (int k = 0; k < 10000; k++)
			strbuf_addstr(&sb, cases[i].open);
		strbuf_addstr(&sb, "x\n---\n");
		assert_parse_error(sb.buf, sb.len, cases[i].line, cases[i].col,
		                   "front-matter nested too deeply (more than 64 levels)");
	}
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_remove_with_borrowed_key),
		cmocka_unit_test(test_set_with_borrowed_key_and_value),
		cmocka_unit_test(test_crlf_add_and_quote),
		cmocka_unit_test(test_no_front_matter_gets_a_block),
		cmocka_unit_test(test_add_empty),
		cmocka_unit_test(test_size_limits),
		cmocka_unit_test(test_deep_nesting),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
