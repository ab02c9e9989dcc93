/* test_merge.c: the three-way merge of a task file, key by key: one side's
 * change, both sides', keys added in the file's own order and line endings,
 * comments kept, the body merged as text, conflicts marked in place. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/merge.h"

static const struct merge_labels labels = { "HEAD", "origin/main" };

/* Merge three texts (base NULL: absent); the result's bytes into out. */
static int merge3(struct merge_result *res, const char *base, const char *ours, const char *theirs)
{
	struct merge_side b = { base ? base : "", base ? strlen(base) : 0, base != NULL };
	struct merge_side o = { ours, strlen(ours), 1 }, t = { theirs, strlen(theirs), 1 };
	struct dlg_err err = DLG_ERR_INIT;
	int rc = merge_file(res, &b, &o, &t, &labels, &err);

	err_clear(&err);
	return rc;
}

static void expect_clean(const char *base, const char *ours, const char *theirs, const char *want)
{
	struct merge_result res = MERGE_RESULT_INIT;

	assert_int_equal(merge3(&res, base, ours, theirs), 0);
	assert_int_equal(res.nconflicts, 0);
	assert_int_equal(res.out.len, strlen(want));
	assert_memory_equal(res.out.buf, want, res.out.len);
	merge_result_release(&res);
}

static void test_different_keys(void **state)
{
	(void)state;
	/* adjacent lines: git's text merge would call this a conflict */
	expect_clean("---\na: 1\nb: 1\n---\nbody\n", "---\na: 2\nb: 1\n---\nbody\n",
	             "---\na: 1\nb: 2\n---\nbody\n", "---\na: 2\nb: 2\n---\nbody\n");
	/* the same change on both sides */
	expect_clean("---\na: 1\n---\n", "---\na: 2\n---\n", "---\na: 2 # two\n---\n",
	             "---\na: 2\n---\n");
	/* deleted on one side, left alone on the other */
	expect_clean("---\na: 1\nb: 1\n---\n", "---\na: 1\n---\n", "---\na: 1\nb: 1\nc: 3\n---\n",
	             "---\na: 1\nc: 3\n---\n");
}

static void test_added_keys(void **state)
{
	(void)state;
	/* both append before the closing line: ours first, then theirs */
	expect_clean("---\ntitle: x\n---\n", "---\ntitle: x\nstatus: open\n---\n",
	             "---\ntitle: x\ndue: 2026-12-01\n---\n",
	             "---\ntitle: x\nstatus: open\ndue: 2026-12-01\n---\n");
	/* theirs' key goes after the key it follows there, in CRLF */
	expect_clean("---\r\ntitle: x\r\nhours: 3\r\n---\r\n",
	             "---\r\ntitle: x\r\nhours: 4\r\n---\r\n",
	             "---\ntitle: x\ncost: 9 # dear\nhours: 3\n---\n",
	             "---\r\ntitle: x\r\ncost: 9 # dear\r\nhours: 4\r\n---\r\n");
	/* added on both sides (no base), the same */
	expect_clean(NULL, "---\ntitle: x\nenjoy: yes\n---\n", "---\ntitle: x\nhours: 2\n---\n",
	             "---\ntitle: x\nenjoy: yes\nhours: 2\n---\n");
}

static void test_comments(void **state)
{
	(void)state;
	/* a comment line added above a key travels with it; both kept */
	expect_clean("---\na: 1\nb: 1\n---\n", "---\n# ours\na: 1\nb: 1\n---\n",
	             "---\n# theirs\na: 1\nb: 2\n---\n",
	             "---\n# ours\n# theirs\na: 1\nb: 2\n---\n");
}

static void test_body(void **state)
{
	(void)state;
	expect_clean(
	    "---\na: 1\n---\none\n\ntwo\n\nthree\n", "---\na: 2\n---\nONE\n\ntwo\n\nthree\n",
	    "---\na: 1\n---\none\n\ntwo\n\nTHREE\n", "---\na: 2\n---\nONE\n\ntwo\n\nTHREE\n");
}

static void test_conflicts(void **state)
{
	struct merge_result res = MERGE_RESULT_INIT;
	const char *want = "---\ntitle: x\n<<<<<<< HEAD\ncost: 100\n=======\ncost: 200\n>>>>>>> "
	                   "origin/main\nhours: 4\n---\n";

	(void)state;
	assert_int_equal(merge3(&res, "---\ntitle: x\ncost: 90\nhours: 3\n---\n",
	                        "---\ntitle: x\ncost: 100\nhours: 3\n---\n",
	                        "---\ntitle: x\ncost: 200\nhours: 4\n---\n"),
	                 1);
	assert_int_equal(res.nconflicts, 1);
	assert_string_equal(res.conflicts[0].key, "cost");
	assert_string_equal(res.conflicts[0].ours, "100");
	assert_string_equal(res.conflicts[0].theirs, "200");
	assert_int_equal(res.conflicts[0].line, 3);
	assert_int_equal(res.out.len, strlen(want));
	assert_memory_equal(res.out.buf, want, res.out.len);
	assert_int_equal(merge_marker_line(res.out.buf, res.out.len), 3);
	merge_result_release(&res);

	/* changed on one side, deleted on the other */
	assert_int_equal(
	    merge3(&res, "---\na: 1\nb: 1\n---\n", "---\nb: 1\n---\n", "---\na: 2\nb: 1\n---\n"),
	    1);
	assert_string_equal(res.conflicts[0].key, "a");
	assert_null(res.conflicts[0].ours);
	merge_result_release(&res);

	/* the same lines of the body */
	assert_int_equal(merge3(&res, "---\na: 1\n---\nline\n", "---\na: 1\n---\nmine\n",
	                        "---\na: 1\n---\nyours\n"),
	                 1);
	assert_null(res.conflicts[0].key);
	assert_int_equal(res.conflicts[0].line, 4);
	merge_result_release(&res);
}

static void test_not_yaml(void **state)
{
	struct merge_result res = MERGE_RESULT_INIT;

	(void)state;
	/* a side that doesn't parse is merged as text, as git would */
	assert_int_equal(
	    merge3(&res, "---\na: [\n---\nx\n", "---\na: [\n---\nx\ny\n", "---\na: [\n---\nw\nx\n"),
	    0);
	assert_true(res.as_text);
	assert_string_equal(res.out.buf, "---\na: [\n---\nw\nx\ny\n");
	merge_result_release(&res);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_different_keys), cmocka_unit_test(test_added_keys),
		cmocka_unit_test(test_comments),       cmocka_unit_test(test_body),
		cmocka_unit_test(test_conflicts),      cmocka_unit_test(test_not_yaml),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
