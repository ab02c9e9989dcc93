/* test_frontmatter.c: edits through keys and values borrowed from the
 * document itself (found by fuzzing), a few edits by hand (among them
 * building a new file's front-matter field by field), and the bounds on
 * hostile input: alias bombs, size, nesting, many keys, merge conflict
 * markers and TOML front-matter. */
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

/* The "billion laughs": each level lists ten aliases of the one above, so
 * ten levels would be 10^10 values. Expanding stops at the alias that goes
 * over the limit: the 8th of line 5 (11 + 110 + 1,110 values so far, then
 * 1,111 per alias of c). */
static char *alias_bomb(int levels)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, "---\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
	for (int i = 1; i < levels; i++) {
		strbuf_addf(&sb, "%c: &%c [", 'a' + i, 'a' + i);
		for (int k = 0; k < 10; k++)
			strbuf_addf(&sb, "%s*%c", k ? ", " : "", 'a' + i - 1);
		strbuf_addstr(&sb, "]\n");
	}
	strbuf_addstr(&sb, "title: boom\n---\nbody\n");
	return strbuf_detach(&sb, NULL);
}

static void test_alias_bomb(void **state)
{
	char *small = alias_bomb(5), *big = alias_bomb(10);

	(void)state;
	assert_parse_error(small, strlen(small), 5, 36, "too many aliases (limit 10000)");
	assert_parse_error(big, strlen(big), 5, 36, "too many aliases (limit 10000)");
	free(small);
	free(big);
}

/* x1 holds an alias of x0, x2 one of x1, ...: *x8 is nine deep. */
static void test_alias_depth(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	strbuf_addstr(&sb, "---\nx0: &x0 a\n");
	for (int i = 1; i <= 9; i++)
		strbuf_addf(&sb, "x%d: &x%d [*x%d]\n", i, i, i - 1);
	strbuf_addstr(&sb, "---\n");
	assert_parse_error(sb.buf, sb.len, 11, 10, "aliases nested too deeply (limit 8)");
	/* eight deep is fine */
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "---\nx0: &x0 a\n");
	for (int i = 1; i <= 8; i++)
		strbuf_addf(&sb, "x%d: &x%d [*x%d]\n", i, i, i - 1);
	strbuf_addstr(&sb, "---\n");
	fm_free(parse(sb.buf));
	strbuf_release(&sb);
}

static void assert_value_text(const struct fm_doc *doc, const char *key, const char *want)
{
	const struct fm_entry *e = fm_find(doc, key);
	struct strbuf sb = STRBUF_INIT;

	assert_non_null(e);
	value_format(&sb, &e->val);
	assert_string_equal(sb.buf, want);
	strbuf_release(&sb);
}

/* Anchors reused a few times, redefined, nested, in lists and maps. */
static void test_alias_small_use(void **state)
{
	static const char text[] = "---\n"
	                           "who: &w Jane\n"
	                           "also: *w\n"
	                           "list: &l [a, b]\n"
	                           "l2: *l\n"
	                           "l3: [*l, *w, *l]\n"
	                           "m: &m {x: &inmap [1], y: 2}\n"
	                           "m2: *m\n"
	                           "fromm: *inmap\n"
	                           "who2: &w Bob\n"
	                           "r: *w\n"
	                           "nested: [&in [1, &two 2], *in, *two]\n"
	                           "block: &blk\n"
	                           "  - p\n"
	                           "  - &q q\n"
	                           "again: [*blk, *q]\n"
	                           "---\n";
	struct fm_doc *doc = parse(text);
	struct dlg_err err = DLG_ERR_INIT;
	struct value v = VALUE_INIT;

	(void)state;
	assert_value_text(doc, "also", "Jane");
	assert_value_text(doc, "l2", "[a, b]");
	assert_value_text(doc, "l3", "[[a, b], Jane, [a, b]]");
	assert_int_equal(fm_find(doc, "m2")->val.type, VALUE_MAP);
	assert_value_text(doc, "fromm", "[1]");
	assert_value_text(doc, "r", "Bob");
	assert_value_text(doc, "nested", "[[1, 2], [1, 2], 2]");
	assert_value_text(doc, "again", "[[p, q], q]");
	assert_int_equal(fm_find(doc, "also")->style, FM_ALIAS);
	/* an edit re-parses them all */
	value_set_string(&v, "open");
	assert_int_equal(fm_set(doc, "status", &v, &err), 0);
	assert_int_equal(fm_set(doc, "l2", &v, &err), 0);
	assert_value_text(doc, "l2", "open");
	assert_value_text(doc, "again", "[[p, q], q]");
	value_free(&v);
	fm_free(doc);
}

/* Anchors inside anchors cost nothing until an alias copies one: sixty
 * nested anchored lists around 20,000 items used to be copied sixty times. */
static void test_nested_anchors(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct fm_doc *doc;
	const struct value *v;

	(void)state;
	strbuf_addstr(&sb, "---\nbig: ");
	for (int i = 0; i < 60; i++)
		strbuf_addf(&sb, "&a%d [", i);
	for (int i = 0; i < 20000; i++)
		strbuf_addstr(&sb, i ? ", x" : "x");
	for (int i = 0; i < 60; i++)
		strbuf_addch(&sb, ']');
	strbuf_addstr(&sb, "\nsmall: *a59\nsmall2: *a59\n---\n");
	/* *a59 is 20,001 values: more than the aliases may copy */
	assert_parse_error(sb.buf, sb.len, 3, 8, "too many aliases");
	strbuf_setlen(&sb, sb.len - strlen("small2: *a59\n---\n"));
	strbuf_setlen(&sb, sb.len - strlen("small: *a59\n"));
	strbuf_addstr(&sb, "title: t\n---\n");
	doc = parse(sb.buf);
	v = &fm_find(doc, "big")->val;
	for (int i = 0; i < 59; i++) {
		assert_int_equal(v->type, VALUE_LIST);
		assert_int_equal(v->n, 1);
		v = &v->items[0];
	}
	assert_int_equal(v->n, 20000);
	fm_free(doc);
	strbuf_release(&sb);
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

/* "k00000: 1" ... : 100,000 keys in under 1 MiB */
static void add_keys(struct strbuf *sb, size_t n)
{
	strbuf_addstr(sb, "---\n");
	for (size_t i = 0; i < n; i++)
		strbuf_addf(sb, "k%05zx: 1\n", i);
}

/* Every step over the keys is linear: with 100,000 keys, this took five
 * minutes while the duplicate check, the check after an edit that the other
 * keys are unchanged and the copying of fields were quadratic. */
static void test_many_keys(void **state)
{
	enum { N = 100000 };
	struct strbuf sb = STRBUF_INIT;
	struct dlg_err err = DLG_ERR_INIT;
	struct value v = VALUE_INIT;
	struct fields f = FIELDS_INIT;
	struct fm_doc *doc;
	size_t len;
	const char *bytes;

	(void)state;
	add_keys(&sb, N);
	strbuf_addstr(&sb, "---\nbody\n");
	doc = parse(sb.buf);
	assert_int_equal(fm_count(doc), N);
	fm_fields(doc, &f);
	assert_int_equal(f.n, N);
	assert_string_equal(f.v[N - 1].key, "k1869f");
	fields_clear(&f);
	value_set_string(&v, "open");
	assert_int_equal(fm_set(doc, "status", &v, &err), 0);
	assert_int_equal(fm_set(doc, "k0c350", &v, &err), 0);
	assert_int_equal(fm_remove(doc, "k00000", &err), 0);
	assert_int_equal(fm_count(doc), N);
	bytes = fm_bytes(doc, &len);
	assert_int_equal(len, sb.len - strlen("k00000: 1\n") + strlen("status: open\n") +
	                          strlen("open") - strlen("1"));
	assert_non_null(strstr(bytes, "\nk0c34f: 1\nk0c350: open\nk0c351: 1\n"));
	assert_non_null(strstr(bytes, "\nk1869f: 1\nstatus: open\n---\nbody\n"));
	fm_free(doc);
	value_free(&v);
	/* a duplicate at the end is still found, with the first one's line */
	strbuf_reset(&sb);
	add_keys(&sb, N);
	strbuf_addstr(&sb, "k00007: again\n---\n");
	assert_parse_error(sb.buf, sb.len, N + 2, 1, "duplicate key 'k00007' (first at line 9)");
	strbuf_release(&sb);
}

static void test_merge_conflict(void **state)
{
	static const char in_fm[] = "---\n"
	                            "title: Fix the gate\n"
	                            "<<<<<<< HEAD\n"
	                            "status: open\n"
	                            "=======\n"
	                            "status: waiting\n"
	                            ">>>>>>> theirs\n"
	                            "---\n";
	static const char in_body[] = "---\r\n"
	                              "title: x\r\n"
	                              "---\r\n"
	                              "Intro\r\n"
	                              "<<<<<<< HEAD\r\n"
	                              "mine\r\n"
	                              "=======\r\n"
	                              "theirs\r\n"
	                              ">>>>>>> origin/main\r\n";
	static const char setext_then_conflict[] = "Heading\n"
	                                           "=======\n"
	                                           "\n"
	                                           "<<<<<<<\n"
	                                           "a\n"
	                                           "=======\n"
	                                           "b\n"
	                                           ">>>>>>>\n";
	static const char half_resolved[] = "---\ntitle: x\n---\nkept\n=======\ndropped\n"
	                                    ">>>>>>> 1a2b3c4 (Decide 2 tasks)\n";

	(void)state;
	assert_parse_error(in_fm, strlen(in_fm), 3, 1, "unresolved merge conflict");
	assert_parse_error(in_body, strlen(in_body), 5, 1, "unresolved merge conflict");
	assert_parse_error(setext_then_conflict, strlen(setext_then_conflict), 4, 1,
	                   "unresolved merge conflict");
	assert_parse_error(half_resolved, strlen(half_resolved), 7, 1, "unresolved merge conflict");
	/* in a file that is cut short, too */
	assert_parse_error(in_fm, strlen("---\ntitle: Fix the gate\n<<<<<<<"), 3, 1,
	                   "unresolved merge conflict");
}

/* Lines that only look a little like markers are text. */
static void test_not_merge_conflict(void **state)
{
	static const char *const texts[] = {
		"---\ntitle: x\n---\nHeading\n=======\n\nText.\n",
		"Heading\r\n=======\r\n",
		"---\ntitle: x\n---\n<<<<<<<< eight\n>>>>>>>>\n<<<<<<<x\n>>>>>>>\tx\n",
		"---\ntitle: x\n---\n <<<<<<< indented\n=======\n",
		"---\ntitle: x\n---\ntext <<<<<<< HEAD\n",
		"---\nnote: |\n  <<<<<<< indented in a block scalar\n---\n",
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(texts); i++)
		fm_free(parse(texts[i]));
}

static void test_toml_front_matter(void **state)
{
	static const char *const texts[] = {
		"+++\ntitle = \"Gate\"\ndraft = false\n+++\nThe body.\n",
		"\xef\xbb\xbf+++\r\ntitle = \"Gate\"\r\n+++\r\n",
		"+++  \ntitle = \"never closed\"\n",
		"+++",
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(texts); i++)
		assert_parse_error(texts[i], strlen(texts[i]), 1, 1, "TOML front-matter ('+++')");
	/* a +++ line later, or a longer one, is only text */
	fm_free(parse("# Title\n+++\n"));
	fm_free(parse("++++\ntitle = 1\n++++\n"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_remove_with_borrowed_key),
		cmocka_unit_test(test_set_with_borrowed_key_and_value),
		cmocka_unit_test(test_crlf_add_and_quote),
		cmocka_unit_test(test_no_front_matter_gets_a_block),
		cmocka_unit_test(test_add_empty),
		cmocka_unit_test(test_alias_bomb),
		cmocka_unit_test(test_alias_depth),
		cmocka_unit_test(test_alias_small_use),
		cmocka_unit_test(test_nested_anchors),
		cmocka_unit_test(test_size_limits),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_many_keys),
		cmocka_unit_test(test_merge_conflict),
		cmocka_unit_test(test_not_merge_conflict),
		cmocka_unit_test(test_toml_front_matter),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
