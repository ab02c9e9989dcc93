/* test_repeat.c: recurring tasks: periods, the next due date across month
 * ends, leap days and years, the next id, and the next occurrence's file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/model.h"
#include "core/repeat.h"
#include "formats/frontmatter.h"
#include "formats/markdown.h"
#include "lib/date.h"

static int d(const char *s)
{
	int days = DATE_NONE;

	assert_int_equal(date_parse(s, &days), 0);
	return days;
}

static const char *fmt(int days)
{
	static char buf[11];

	date_format(days, buf);
	return buf;
}

static void test_parse(void **state)
{
	struct repeat_period p;
	const char *why = NULL;

	(void)state;
	assert_int_equal(repeat_parse("1w", &p, NULL), 0);
	assert_int_equal(p.n, 1);
	assert_int_equal(p.unit, 'w');
	assert_int_equal(repeat_parse("12M", &p, NULL), 0);
	assert_int_equal(p.n, 12);
	assert_int_equal(p.unit, 'm');
	assert_int_equal(repeat_parse("999d", &p, NULL), 0);
	static const char *const bad[] = { "",    "w",   "0w", "1000d",  "1 w",
		                           "1wk", "-1w", "1h", "weekly", "1.5w" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(repeat_parse(bad[i], &p, &why), -1);
	assert_non_null(why);
	assert_int_equal(repeat_from_parse("due"), 0);
	assert_int_equal(repeat_from_parse("Done"), 1);
	assert_int_equal(repeat_from_parse("later"), -1);
	assert_int_equal(repeat_from_parse(NULL), -1);
}

static const char *next(const char *from, const char *period)
{
	struct repeat_period p;

	assert_int_equal(repeat_parse(period, &p, NULL), 0);
	return fmt(repeat_add(d(from), &p));
}

static void test_add(void **state)
{
	(void)state;
	assert_string_equal(next("2026-11-21", "2w"), "2026-12-05");
	assert_string_equal(next("2026-12-29", "1w"), "2027-01-05");
	/* month ends */
	assert_string_equal(next("2026-01-31", "1m"), "2026-02-28");
	assert_string_equal(next("2026-03-31", "1m"), "2026-04-30");
	assert_string_equal(next("2026-12-31", "1m"), "2027-01-31");
	assert_string_equal(next("2026-08-31", "6m"), "2027-02-28");
	assert_string_equal(next("2026-05-31", "13m"), "2027-06-30");
	/* leap years */
	assert_string_equal(next("2028-01-31", "1m"), "2028-02-29");
	assert_string_equal(next("2024-02-29", "1y"), "2025-02-28");
	assert_string_equal(next("2024-02-29", "4y"), "2028-02-29");
	assert_string_equal(next("2100-02-28", "1d"), "2100-03-01"); /* not a leap year */
	assert_string_equal(next("2000-02-28", "1d"), "2000-02-29"); /* a leap year */
	/* a year */
	assert_string_equal(next("2026-04-15", "1y"), "2027-04-15");
	assert_string_equal(next("2026-12-01", "12m"), "2027-12-01");
}

static void test_next_id(void **state)
{
	char *id;

	(void)state;
	id = repeat_next_id("home/gutters", d("2026-12-08"));
	assert_string_equal(id, "home/gutters-2026-12-08");
	free(id);
	id = repeat_next_id("home/gutters-2026-12-08", d("2026-12-15"));
	assert_string_equal(id, "home/gutters-2026-12-15");
	free(id);
	/* not a real day: part of the name */
	id = repeat_next_id("report-2026-13-01", d("2027-01-01"));
	assert_string_equal(id, "report-2026-13-01-2027-01-01");
	free(id);
	/* a name that is a date alone stays */
	id = repeat_next_id("a/2026-12-01", d("2027-01-01"));
	assert_string_equal(id, "a/2026-12-01-2027-01-01");
	free(id);
}

/* The fields of a file, read as every command reads them. */
static void read_fields(struct fields *f, const char *text)
{
	struct fm_doc *doc = NULL;
	struct diags dg = DIAGS_INIT;

	assert_int_equal(fm_parse(&doc, text, strlen(text), NULL), 0);
	fm_fields(doc, f);
	assert_int_equal(model_read_task(f, "t.md", &dg), 0);
	diags_clear(&dg);
	fm_free(doc);
}

static int due_of(const char *text, int completed)
{
	struct fields f = FIELDS_INIT;
	int due = DATE_NONE, yes;

	read_fields(&f, text);
	yes = repeat_due(&f, completed, &due);
	fields_clear(&f);
	return yes ? due : DATE_NONE;
}

static void test_due(void **state)
{
	int done = d("2026-11-10");

	(void)state;
	assert_string_equal(
	    fmt(due_of("---\nrepeat: 1m\ndue: 2026-10-31\nstatus: done\n---\n", done)),
	    "2026-11-30");
	assert_string_equal(fmt(due_of("---\nrepeat: 1m\ndue: 2026-10-31\nstatus: done\n"
	                               "repeat_from: done\n---\n",
	                               done)),
	                    "2026-12-10");
	assert_string_equal(fmt(due_of("---\nrepeat: 1w\nstatus: DONE\n---\n", done)),
	                    "2026-11-17");
	/* not yet, or not again */
	assert_int_equal(due_of("---\nrepeat: 1w\nstatus: open\n---\n", done), DATE_NONE);
	assert_int_equal(due_of("---\nrepeat: 1w\nstatus: dropped\n---\n", done), DATE_NONE);
	assert_int_equal(due_of("---\nrepeat: 1w\nstatus: done\nnext: x-2026-11-17\n---\n", done),
	                 DATE_NONE);
	assert_int_equal(due_of("---\nstatus: done\n---\n", done), DATE_NONE);
}

static void test_next_file(void **state)
{
	const char *old = "---\r\ntitle: Gutters # every autumn\r\nrepeat: 1y\r\nStatus: done\r\n"
	                  "decision: keep\r\nrule: manual\r\ndue: \"2026-11-01\"\r\n"
	                  "completed: 2026-11-02\r\nrating: 4\r\nnext: nope\r\n---\r\n"
	                  "# Gutters\r\n\r\n- [x] Front\r\n- [ ] Back\r\n> - [X] quoted\r\n"
	                  "```\r\n- [x] code\r\n```\r\n";
	struct strbuf out = STRBUF_INIT;

	(void)state;
	assert_int_equal(repeat_next_file(&out, old, strlen(old), d("2027-11-01"), NULL), 0);
	assert_string_equal(out.buf,
	                    "---\r\ntitle: Gutters # every autumn\r\nrepeat: 1y\r\n"
	                    "due: 2027-11-01\r\n---\r\n"
	                    "# Gutters\r\n\r\n- [ ] Front\r\n- [ ] Back\r\n> - [ ] quoted\r\n"
	                    "```\r\n- [x] code\r\n```\r\n");
	strbuf_release(&out);
	/* no due date yet: one is added */
	old = "---\ntitle: x\nstatus: done\n---\nbody\n";
	assert_int_equal(repeat_next_file(&out, old, strlen(old), d("2027-01-01"), NULL), 0);
	assert_string_equal(out.buf, "---\ntitle: x\ndue: 2027-01-01\n---\nbody\n");
	strbuf_release(&out);
}

static void test_untick(void **state)
{
	struct strbuf out = STRBUF_INIT;
	const char *body = "1. [x] one\n2. [X]\n   - [x] nested\n* [x]no space\n\t- [x] tab\n";

	(void)state;
	assert_int_equal(md_untick(&out, body, strlen(body)), 4);
	assert_string_equal(out.buf,
	                    "1. [ ] one\n2. [ ]\n   - [ ] nested\n* [x]no space\n\t- [ ] tab\n");
	strbuf_release(&out);
	assert_int_equal(md_untick(&out, NULL, 0), 0);
	assert_int_equal(out.len, 0);
	strbuf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),     cmocka_unit_test(test_add),
		cmocka_unit_test(test_next_id),   cmocka_unit_test(test_due),
		cmocka_unit_test(test_next_file), cmocka_unit_test(test_untick),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
