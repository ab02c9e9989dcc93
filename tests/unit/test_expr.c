/* test_expr.c: the rule expression language: parsing, precedence, Kleene
 * logic, dates, lists, errors with their columns, and garbage input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/expr.h"

static struct fields task = FIELDS_INIT;
static struct fields me = FIELDS_INIT;
static struct expr_env env = { &task, &me, 0 };

static void set_plain(struct fields *f, const char *key, const char *text)
{
	struct value v;

	value_from_plain(&v, text);
	fields_set(f, key, &v);
	value_free(&v);
}

static void set_list(struct fields *f, const char *key, const char *const *items, size_t n)
{
	struct value list = VALUE_INIT, item;

	list.type = VALUE_LIST;
	for (size_t i = 0; i < n; i++) {
		value_from_plain(&item, items[i]);
		value_list_push(&list, &item);
		value_free(&item);
	}
	fields_set(f, key, &list);
	value_free(&list);
}

static int setup(void **state)
{
	static const char *const tags[] = { "pro", "home", "3" };
	static const char *const core[] = { "writing", "music" };
	static const char *const empty[] = { NULL };
	struct value map = VALUE_INIT;

	(void)state;
	env.today = date_from_ymd(2026, 11, 22);
	set_plain(&task, "t", "yes");
	set_plain(&task, "f", "no");
	set_plain(&task, "hours", "3");
	set_plain(&task, "half", "0.5");
	set_plain(&task, "zero", "0");
	set_plain(&task, "due", "2026-11-25");
	set_plain(&task, "start", "2026-11-01");
	set_plain(&task, "name", "bob");
	set_plain(&task, "purpose", "writing");
	set_plain(&task, "tag1", "pro");
	set_plain(&task, "nothing", "~");
	set_list(&task, "tags", tags, ARRAY_SIZE(tags));
	set_list(&task, "none", empty, 0);
	map.type = VALUE_MAP;
	fields_set(&task, "map", &map);
	set_plain(&me, "hourly_rate", "50");
	set_list(&me, "core", core, ARRAY_SIZE(core));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fields_clear(&task);
	fields_clear(&me);
	return 0;
}

static struct expr *parse_ok(const char *src)
{
	struct dlg_err err = DLG_ERR_INIT;
	struct expr *e = NULL;
	int ret = expr_parse(&e, src, &err);

	if (ret)
		fail_msg("parse '%s': %d:%s", src, err.col, err.msg);
	assert_non_null(e);
	err_clear(&err);
	return e;
}

/* Evaluate src, which must parse and evaluate without error. */
static void eval_ok(struct value *out, const char *src)
{
	struct dlg_err err = DLG_ERR_INIT;
	struct expr *e = parse_ok(src);

	if (expr_eval(out, e, &env, &err))
		fail_msg("eval '%s': %d:%s", src, err.col, err.msg);
	err_clear(&err);
	expr_free(e);
}

/* The truth of src: 1, 0 or -1 for unknown. */
static int truth(const char *src)
{
	struct value v = VALUE_INIT;
	int t;

	eval_ok(&v, src);
	t = expr_truth(&v);
	if (v.type != VALUE_UNKNOWN && v.type != VALUE_BOOL)
		fail_msg("'%s' is a %s, not yes/no", src, value_type_name(v.type));
	value_free(&v);
	return t;
}

#define assert_truth(src, want)                                                                    \
	do {                                                                                       \
		int got_ = truth(src);                                                             \
		if (got_ != (want))                                                                \
			fail_msg("'%s' gave %d, not %d", (src), got_, (want));                     \
	} while (0)

static double number(const char *src)
{
	struct value v = VALUE_INIT;
	double n;

	eval_ok(&v, src);
	if (v.type != VALUE_NUMBER)
		fail_msg("'%s' is a %s, not a number", src, value_type_name(v.type));
	n = v.number;
	value_free(&v);
	return n;
}

static int date(const char *src)
{
	struct value v = VALUE_INIT;
	int d;

	eval_ok(&v, src);
	if (v.type != VALUE_DATE)
		fail_msg("'%s' is a %s, not a date", src, value_type_name(v.type));
	d = v.date;
	value_free(&v);
	return d;
}

static void assert_parse_error(const char *src, int col, const char *msg)
{
	struct dlg_err err = DLG_ERR_INIT;
	struct expr *e = (struct expr *)&err; /* must be reset to NULL */

	if (expr_parse(&e, src, &err) != DLG_EINVALID)
		fail_msg("'%s' parsed", src);
	assert_null(e);
	assert_non_null(err.msg);
	if (strcmp(err.msg, msg) || err.col != col || err.line != 0)
		fail_msg("'%s': got %d:%s, want %d:%s", src, err.col, err.msg, col, msg);
	err_clear(&err);
}

static void assert_eval_error(const char *src, int col, const char *msg)
{
	struct dlg_err err = DLG_ERR_INIT;
	struct expr *e = parse_ok(src);
	struct value v;

	memset(&v, 0x5a, sizeof(v)); /* expr_eval must not read or free what was there */
	if (expr_eval(&v, e, &env, &err) != DLG_EINVALID)
		fail_msg("'%s' evaluated", src);
	assert_int_equal(v.type, VALUE_UNKNOWN);
	assert_non_null(err.msg);
	if (strcmp(err.msg, msg) || err.col != col)
		fail_msg("'%s': got %d:%s, want %d:%s", src, err.col, err.msg, col, msg);
	value_free(&v);
	err_clear(&err);
	expr_free(e);
}

static void test_literals(void **state)
{
	struct value v = VALUE_INIT;

	(void)state;
	assert_true(number("3") == 3);
	assert_true(number("2.5") == 2.5);
	assert_true(number("007") == 7);
	assert_truth("yes", 1);
	assert_truth("YES", 1);
	assert_truth("True", 1);
	assert_truth("no", 0);
	assert_truth("FALSE", 0);
	assert_int_equal(date("2026-11-22"), env.today);
	assert_int_equal(date("2024-02-29"), date_from_ymd(2024, 2, 29));
	assert_int_equal(date("today"), env.today);
	assert_int_equal(date("TODAY"), env.today);

	eval_ok(&v, "\"a \\\"quoted\\\" \\\\ line\\n\"");
	assert_int_equal(v.type, VALUE_STRING);
	assert_string_equal(v.string, "a \"quoted\" \\ line\n");
	value_free(&v);
	eval_ok(&v, "'single \\n \"x\"'");
	assert_string_equal(v.string, "single \\n \"x\"");
	value_free(&v);
	eval_ok(&v, "\"\"");
	assert_string_equal(v.string, "");
	value_free(&v);
	eval_ok(&v, "  \t\"é\"\r\n");
	assert_string_equal(v.string, "é");
	value_free(&v);
}

static void test_names(void **state)
{
	struct value v = VALUE_INIT;

	(void)state;
	assert_true(number("hours") == 3);
	assert_true(number("me.hourly_rate") == 50);
	eval_ok(&v, "name");
	assert_string_equal(v.string, "bob");
	value_free(&v);
	eval_ok(&v, "me.core");
	assert_int_equal(v.type, VALUE_LIST);
	assert_int_equal(v.n, 2);
	value_free(&v);
	eval_ok(&v, "missing");
	assert_int_equal(v.type, VALUE_UNKNOWN);
	eval_ok(&v, "me.missing");
	assert_int_equal(v.type, VALUE_UNKNOWN);
	eval_ok(&v, "nothing");
	assert_int_equal(v.type, VALUE_UNKNOWN);
	eval_ok(&v, "me.hours"); /* [me] and the task are separate */
	assert_int_equal(v.type, VALUE_UNKNOWN);
	eval_ok(&v, "Hours"); /* names are case-sensitive */
	assert_int_equal(v.type, VALUE_UNKNOWN);
	eval_ok(&v, "_x9");
	assert_int_equal(v.type, VALUE_UNKNOWN);
	eval_ok(&v, "me"); /* without a dot, a task field like any other */
	assert_int_equal(v.type, VALUE_UNKNOWN);
	eval_ok(&v, "me.and"); /* keywords are fine as [me] keys */
	assert_int_equal(v.type, VALUE_UNKNOWN);
	eval_ok(&v, "map");
	assert_int_equal(v.type, VALUE_MAP);
	assert_int_equal(expr_truth(&v), 1);
	value_free(&v);
}

static void test_no_env(void **state)
{
	struct expr_env bare = { NULL, NULL, 5 };
	struct dlg_err err = DLG_ERR_INIT;
	struct expr *e = parse_ok("hours + me.x");
	struct value v;

	(void)state;
	assert_int_equal(expr_eval(&v, e, &bare, &err), 0);
	assert_int_equal(v.type, VALUE_UNKNOWN);
	expr_free(e);
	e = parse_ok("today + 1");
	assert_int_equal(expr_eval(&v, e, &bare, &err), 0);
	assert_int_equal(v.type, VALUE_DATE);
	assert_int_equal(v.date, 6);
	expr_free(e);
	assert_null(err.msg);
}

static void test_precedence(void **state)
{
	(void)state;
	/* not binds tighter than and: (not f) and t, not (f and t) would differ below */
	assert_truth("not t and f", 0);
	assert_truth("not f and t", 1);
	assert_truth("not (f and t)", 1);
	assert_truth("not f and f", 0);
	/* and binds tighter than or */
	assert_truth("t or t and f", 1);
	assert_truth("(t or t) and f", 0);
	assert_truth("f and f or t", 1);
	assert_truth("f and (f or t)", 0);
	/* arithmetic before comparison, * before + */
	assert_truth("1 + 2 * 3 == 7", 1);
	assert_truth("(1 + 2) * 3 == 9", 1);
	assert_true(number("1 + 2 * 3") == 7);
	assert_true(number("2 * 3 + 1") == 7);
	assert_true(number("10 - 4 - 3") == 3); /* left to right */
	assert_true(number("24 / 4 / 2") == 3);
	assert_true(number("2 * 3 / 4") == 1.5);
	assert_true(number("-2 * 3") == -6);
	assert_true(number("2 * -3") == -6);
	assert_true(number("- -3") == 3);
	assert_true(number("-(1 + 2)") == -3);
	assert_true(number("1--1") == 2);
	/* in binds tighter than and and comparisons, looser than arithmetic */
	assert_truth("\"pro\" in tags and t", 1);
	assert_truth("\"pro\" in tags and f", 0);
	assert_truth("1 + 2 in tags", 1); /* "3" is typed as the number 3 */
	assert_truth("\"pro\" in tags == yes", 1);
	/* not covers a comparison */
	assert_truth("not hours == 3", 0);
	assert_truth("not hours > 5", 1);
	assert_truth("not not t", 1);
	assert_truth("not -1", 0);
	assert_truth("((((t))))", 1);
	assert_truth("(hours>2)and(hours<4)", 1);
}

static void test_arithmetic(void **state)
{
	(void)state;
	assert_true(number("hours + 1") == 4);
	assert_true(number("hours - 1") == 2);
	assert_true(number("hours * me.hourly_rate") == 150);
	assert_true(number("hours / 2") == 1.5);
	assert_true(number("half * 4") == 2);
	assert_true(number("-hours") == -3);
	assert_true(number("0 - 0.5") == -0.5);
}

static void test_comparisons(void **state)
{
	(void)state;
	assert_truth("hours == 3", 1);
	assert_truth("hours == 3.0", 1);
	assert_truth("hours != 3", 0);
	assert_truth("hours < 4", 1);
	assert_truth("hours < 3", 0);
	assert_truth("hours <= 3", 1);
	assert_truth("hours > 3", 0);
	assert_truth("hours >= 3", 1);
	assert_truth("hours>=3", 1);
	assert_truth("name == \"bob\"", 1);
	assert_truth("name == 'bob'", 1);
	assert_truth("name != \"bob\"", 0);
	assert_truth("name < \"carol\"", 1);
	assert_truth("\"B\" < \"a\"", 1); /* byte order */
	assert_truth("name >= \"bob\"", 1);
	assert_truth("due > today", 1);
	assert_truth("due == 2026-11-25", 1);
	assert_truth("start <= due", 1);
	assert_truth("t == yes", 1);
	assert_truth("t != f", 1);
	assert_truth("f == no", 1);
	/* different known types are simply unequal */
	assert_truth("hours == \"3\"", 0);
	assert_truth("hours != \"3\"", 1);
	assert_truth("t == 1", 0);
	assert_truth("due != 3", 1);
	assert_truth("tags == \"pro\"", 0);
	/* lists compare deeply */
	assert_truth("tags == tags", 1);
	assert_truth("tags != me.core", 1);
	assert_truth("none == none", 1);
}

static void test_in(void **state)
{
	(void)state;
	assert_truth("\"pro\" in tags", 1);
	assert_truth("'home' in tags", 1);
	assert_truth("\"work\" in tags", 0);
	assert_truth("3 in tags", 1);
	assert_truth("\"3\" in tags", 0); /* items keep their types */
	assert_truth("\"pro\" in none", 0);
	assert_truth("purpose in me.core", 1);
	assert_truth("name in me.core", 0);
	/* a plain scalar is a list of one, not a substring test */
	assert_truth("\"pro\" in tag1", 1);
	assert_truth("\"pr\" in tag1", 0);
	assert_truth("\"o\" in name", 0);
	assert_truth("3 in tag1", 0);
	/* unknown on either side */
	assert_truth("\"pro\" in missing", -1);
	assert_truth("missing in tags", -1);
	assert_truth("missing in missing", -1);
	assert_truth("not \"pro\" in missing", -1);
}

static void test_dates(void **state)
{
	(void)state;
	assert_true(number("due - today") == 3);
	assert_true(number("today - due") == -3);
	assert_truth("due - today <= 7", 1);
	assert_truth("due - today <= 2", 0);
	assert_int_equal(date("today + 7"), date_from_ymd(2026, 11, 29));
	assert_int_equal(date("7 + today"), date_from_ymd(2026, 11, 29));
	assert_int_equal(date("today - 22"), date_from_ymd(2026, 10, 31));
	assert_int_equal(date("today + 40"), date_from_ymd(2027, 1, 1));
	assert_int_equal(date("today + -1"), date_from_ymd(2026, 11, 21));
	assert_int_equal(date("2024-02-28 + 1"), date_from_ymd(2024, 2, 29));
	assert_int_equal(date("today + hours * 2"), date_from_ymd(2026, 11, 28));
	assert_true(number("due - 2026-11-01") == 24);
	assert_true(number("2027-01-01 - 2026-01-01") == 365);
	assert_truth("due - 2026-11-01 > 20", 1);
	assert_truth("today + 3 == due", 1);
	/* a date-shaped token only when it is exactly YYYY-MM-DD */
	assert_true(number("2026-1-1") == 2024);
	assert_true(number("2026 - 11 - 01") == 2014);
	assert_int_equal(date("0000-01-01"), date_from_ymd(0, 1, 1));
	assert_int_equal(date("9999-12-31"), date_from_ymd(9999, 12, 31));
}

static void test_kleene(void **state)
{
	/* t, f and u (unknown) in every combination: Kleene's tables */
	static const char *const names[] = { "t", "f", "u" };
	static const int val[] = { 1, 0, -1 };
	static const int and_table[3][3] = { { 1, 0, -1 }, { 0, 0, 0 }, { -1, 0, -1 } };
	static const int or_table[3][3] = { { 1, 1, 1 }, { 1, 0, -1 }, { 1, -1, -1 } };
	char src[64];

	(void)state;
	for (int i = 0; i < 3; i++) {
		snprintf(src, sizeof(src), "not %s", names[i]);
		assert_truth(src, val[i] < 0 ? -1 : !val[i]);
		for (int j = 0; j < 3; j++) {
			snprintf(src, sizeof(src), "%s and %s", names[i], names[j]);
			assert_truth(src, and_table[i][j]);
			snprintf(src, sizeof(src), "%s or %s", names[i], names[j]);
			assert_truth(src, or_table[i][j]);
		}
	}
	/* truth of known values that are not yes/no */
	assert_truth("hours and name", 1);
	assert_truth("zero or \"\"", 0);
	assert_truth("none or zero", 0);
	assert_truth("tags and due", 1);
	assert_truth("map and t", 1);
	assert_truth("not name", 0);
	assert_truth("not zero", 1);
	assert_truth("not none", 1);
	/* unknown propagates through arithmetic and comparisons */
	assert_truth("missing == 3", -1);
	assert_truth("missing != 3", -1);
	assert_truth("missing == missing", -1);
	assert_truth("hours + missing > 2", -1);
	assert_truth("missing - today <= 7", -1);
	assert_truth("-missing < 0", -1);
	assert_truth("\"a\" * missing == 1", -1); /* unknown beats a type error */
	assert_truth("missing < \"a\"", -1);
	assert_truth("not urgent and not important", -1);
	assert_truth("not urgent and not important or t", 1);
	assert_truth("hours > 2 and missing", -1);
	assert_truth("hours > 5 and missing", 0);
	assert_truth("missing and hours > 5", 0);
	assert_truth("missing or hours > 2", 1);
}

static void test_short_circuit(void **state)
{
	(void)state;
	assert_truth("f and (\"a\" * 2)", 0);
	assert_truth("t or (\"a\" * 2)", 1);
	assert_truth("zero and 1 / 0", 0);
	assert_truth("name or due + due", 1);
	/* the left side does not decide: the right side is evaluated */
	assert_eval_error("t and \"a\" * 2", 11, "cannot multiply text by number");
	assert_eval_error("f or \"a\" * 2", 10, "cannot multiply text by number");
	assert_eval_error("missing and \"a\" * 2", 17, "cannot multiply text by number");
	assert_eval_error("missing or 1 / 0", 14, "division by zero");
	/* errors on the left are errors whatever the right */
	assert_eval_error("(\"a\" * 2) and f", 6, "cannot multiply text by number");
}

static void test_eval_errors(void **state)
{
	(void)state;
	assert_eval_error("\"a\" * 2", 5, "cannot multiply text by number");
	assert_eval_error("2 / \"a\"", 3, "cannot divide number by text");
	assert_eval_error("name + 1", 6, "cannot add text to number");
	assert_eval_error("due + due", 5, "cannot add date to date");
	assert_eval_error("hours - due", 7, "cannot subtract date from number");
	assert_eval_error("tags - 1", 6, "cannot subtract number from list");
	assert_eval_error("t * 2", 3, "cannot multiply yes/no by number");
	assert_eval_error("due * 2", 5, "cannot multiply date by number");
	assert_eval_error("map + 1", 5, "cannot add mapping to number");
	assert_eval_error("hours / 0", 7, "division by zero");
	assert_eval_error("hours / (1 - 1)", 7, "division by zero");
	assert_eval_error("0 / 0", 3, "division by zero");
	assert_eval_error("-name", 1, "cannot negate text");
	assert_eval_error("not (\"a\" * 2)", 10, "cannot multiply text by number");
	assert_eval_error("1 + -due", 5, "cannot negate date");
	assert_eval_error("name < 3", 6, "cannot compare text with number");
	assert_eval_error("tags < 3", 6, "cannot compare list with number");
	assert_eval_error("tags >= tags", 6, "cannot compare list with list");
	assert_eval_error("t > f", 3, "cannot compare yes/no with yes/no");
	assert_eval_error("due <= 3", 5, "cannot compare date with number");
	assert_eval_error("map < map", 5, "cannot compare mapping with mapping");
	assert_eval_error("\"a\" in 3", 5, "'in' needs a list or text on its right, not number");
	assert_eval_error("1 in due", 3, "'in' needs a list or text on its right, not date");
	assert_eval_error("1 in map", 3, "'in' needs a list or text on its right, not mapping");
	assert_eval_error("today + 0.5", 7, "cannot move a date by 0.5 days: not a whole number");
	assert_eval_error("today - half", 7, "cannot move a date by -0.5 days: not a whole number");
	assert_eval_error("9999-12-31 + 1", 12, "date out of range");
	assert_eval_error("0000-01-01 - 1", 12, "date out of range");
	assert_eval_error("today + 99999999999999999999", 7, "date out of range");
	/* errors deep inside report the innermost operator */
	assert_eval_error("t and (hours > 5 or name * 2 > 1)", 26,
	                  "cannot multiply text by number");
}

static void test_huge_numbers(void **state)
{
	struct dlg_err err = DLG_ERR_INIT;
	struct strbuf sb = STRBUF_INIT;
	struct expr *e = NULL;
	struct value v;

	(void)state;
	strbuf_addstr(&sb, "1");
	for (int i = 0; i < 200; i++)
		strbuf_addstr(&sb, "0");
	strbuf_addstr(&sb, " * 1");
	for (int i = 0; i < 200; i++)
		strbuf_addstr(&sb, "0");
	e = parse_ok(sb.buf);
	assert_int_equal(expr_eval(&v, e, &env, &err), DLG_EINVALID);
	assert_string_equal(err.msg, "the result of '*' is too large");
	assert_int_equal(err.col, 203);
	expr_free(e);
	strbuf_reset(&sb);
	for (int i = 0; i < 400; i++)
		strbuf_addstr(&sb, "9");
	assert_int_equal(expr_parse(&e, sb.buf, &err), DLG_EINVALID);
	assert_true(starts_with(err.msg, "number '999"));
	assert_true(ends_with(err.msg, "9' is too large"));
	assert_int_equal(err.col, 1);
	err_clear(&err);
	strbuf_release(&sb);
}

static void test_parse_errors(void **state)
{
	(void)state;
	assert_parse_error("", 1, "empty expression");
	assert_parse_error("   ", 1, "empty expression");
	assert_parse_error(")", 1, "unexpected ')'");
	assert_parse_error("a)", 2, "unexpected ')'");
	assert_parse_error("(a))", 4, "unexpected ')'");
	assert_parse_error("()", 2, "unexpected ')'");
	assert_parse_error("* 2", 1, "unexpected '*'");
	assert_parse_error("(and)", 2, "unexpected 'and'");
	assert_parse_error("in tags", 1, "unexpected 'in'");
	assert_parse_error("a and", 6, "expected an operand after 'and'");
	assert_parse_error("a and )", 7, "expected an operand after 'and'");
	assert_parse_error("a or or b", 6, "expected an operand after 'or'");
	assert_parse_error("a OR", 5, "expected an operand after 'OR'");
	assert_parse_error("not", 4, "expected an operand after 'not'");
	assert_parse_error("1 +", 4, "expected an operand after '+'");
	assert_parse_error("1 + * 2", 5, "expected an operand after '+'");
	assert_parse_error("-", 2, "expected an operand after '-'");
	assert_parse_error("a ==", 5, "expected an operand after '=='");
	assert_parse_error("a in", 5, "expected an operand after 'in'");
	assert_parse_error("(", 2, "expected an operand after '('");
	assert_parse_error("\"abc", 1, "unterminated string");
	assert_parse_error("a == 'abc", 6, "unterminated string");
	assert_parse_error("\"abc\\\"", 1, "unterminated string");
	assert_parse_error("\"abc\\", 1, "unterminated string");
	assert_parse_error("\"a\\tb\"", 3,
	                   "unknown escape '\\t' in string (use '\\\\' for a backslash)");
	assert_parse_error("a + (b * 2", 11, "expected ')' to close '(' at column 5");
	assert_parse_error("a + (b * 2 c)", 12, "expected ')' to close '(' at column 5");
	assert_parse_error("((a)", 5, "expected ')' to close '(' at column 1");
	assert_parse_error("a foo", 3, "unexpected 'foo' after the end of the expression");
	assert_parse_error("a b c", 3, "unexpected 'b' after the end of the expression");
	assert_parse_error("a \"x\"", 3, "unexpected '\"x\"' after the end of the expression");
	assert_parse_error("a (b)", 3, "unexpected '(' after the end of the expression");
	assert_parse_error("a not in b", 3, "unexpected 'not' after the end of the expression");
	assert_parse_error("2026-13-01", 1, "'2026-13-01' is not a real date");
	assert_parse_error("due < 2026-02-30", 7, "'2026-02-30' is not a real date");
	assert_parse_error("2025-02-29", 1, "'2025-02-29' is not a real date");
	assert_parse_error("2026-00-10", 1, "'2026-00-10' is not a real date");
	assert_parse_error("$", 1, "unknown character '$'");
	assert_parse_error("a + $b", 5, "unknown character '$'");
	assert_parse_error("a = 1", 3, "unknown operator '=' (did you mean '=='?)");
	assert_parse_error("!a", 1, "unknown operator '!' (use 'not')");
	assert_parse_error("a && b", 3, "unknown character '&' (use 'and')");
	assert_parse_error("a || b", 3, "unknown character '|' (use 'or')");
	assert_parse_error("a\x01", 2, "unknown character '\\x01'");
	assert_parse_error("a + \xff", 5, "unknown character '\\xff'");
	assert_parse_error("a + é", 5, "unknown character 'é'");
	assert_parse_error(".5", 1, "'.5' is not a number: write 0.5");
	assert_parse_error("a.", 1, "only 'me.' names may contain a dot");
	assert_parse_error("x + task.hours", 5, "only 'me.' names may contain a dot");
	assert_parse_error("ME.x", 1, "only 'me.' names may contain a dot");
	assert_parse_error("me.", 4, "expected a name after 'me.'");
	assert_parse_error("me. x", 4, "expected a name after 'me.'");
	assert_parse_error("me.3", 4, "expected a name after 'me.'");
	assert_parse_error("me.a.b", 5, "only one dot is allowed in a name, after 'me'");
	assert_parse_error("3abc", 1, "'3abc' is not a number");
	assert_parse_error("1.5.2", 1, "'1.5.2' is not a number");
	assert_parse_error("3.", 1, "'3.' is not a number");
	assert_parse_error("hours>2and x", 7, "'2and' is not a number");
	assert_parse_error("2026-11-22x", 9, "'22x' is not a number");
	assert_parse_error("a < b < c", 7,
	                   "comparisons cannot be chained: write 'a < b and b < c'");
	assert_parse_error("a == b != c", 8,
	                   "comparisons cannot be chained: write 'a < b and b < c'");
	assert_parse_error("not 1 < 2 >= 3", 11,
	                   "comparisons cannot be chained: write 'a < b and b < c'");
}

static void test_error_columns_utf8(void **state)
{
	(void)state;
	/* columns count characters, not bytes */
	assert_parse_error("\"é\" == x $", 10, "unknown character '$'");
	assert_parse_error("'日本語' foo", 7, "unexpected 'foo' after the end of the expression");
	assert_eval_error("'é' * 2", 5, "cannot multiply text by number");
	assert_parse_error("\"ü\\q\"", 3,
	                   "unknown escape '\\q' in string (use '\\\\' for a backslash)");
}

static void test_nesting(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct dlg_err err = DLG_ERR_INIT;
	struct expr *e;

	(void)state;
	/* comfortable depths work */
	for (int i = 0; i < 150; i++)
		strbuf_addch(&sb, '(');
	strbuf_addstr(&sb, "hours");
	for (int i = 0; i < 150; i++)
		strbuf_addch(&sb, ')');
	assert_true(number(sb.buf) == 3);
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "1");
	for (int i = 0; i < 150; i++)
		strbuf_addstr(&sb, " + 1");
	assert_true(number(sb.buf) == 151);

	/* pathological ones are refused, not crashed on */
	strbuf_reset(&sb);
	for (int i = 0; i < 100000; i++)
		strbuf_addch(&sb, '(');
	assert_int_equal(expr_parse(&e, sb.buf, &err), DLG_EINVALID);
	assert_string_equal(err.msg, "expression nested too deeply");
	assert_int_equal(err.col, 201);
	strbuf_reset(&sb);
	for (int i = 0; i < 100000; i++)
		strbuf_addstr(&sb, "not ");
	strbuf_addstr(&sb, "t");
	assert_int_equal(expr_parse(&e, sb.buf, &err), DLG_EINVALID);
	assert_string_equal(err.msg, "expression nested too deeply");
	strbuf_reset(&sb);
	for (int i = 0; i < 100000; i++)
		strbuf_addch(&sb, '-');
	strbuf_addstr(&sb, "1");
	assert_int_equal(expr_parse(&e, sb.buf, &err), DLG_EINVALID);
	assert_string_equal(err.msg, "expression nested too deeply");
	/* a long flat chain is a tall tree too */
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "t");
	for (int i = 0; i < 100000; i++)
		strbuf_addstr(&sb, " or t");
	assert_int_equal(expr_parse(&e, sb.buf, &err), DLG_EINVALID);
	assert_string_equal(err.msg, "expression nested too deeply");
	assert_int_equal(err.col, 1 + 5 * 199 + 2);
	strbuf_release(&sb);
	err_clear(&err);
}

static void assert_names(const char *src, const char *want)
{
	struct expr *e = parse_ok(src);
	const struct strlist *names = expr_names(e);
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < names->n; i++)
		strbuf_addf(&sb, "%s%s", i ? " " : "", names->v[i]);
	if (strcmp(sb.buf, want))
		fail_msg("names of '%s': got '%s', want '%s'", src, sb.buf, want);
	strbuf_release(&sb);
	expr_free(e);
}

static void test_expr_names(void **state)
{
	(void)state;
	assert_names("hours * me.hourly_rate > cost", "hours me.hourly_rate cost");
	assert_names("due - today <= 7 and due != today", "due");
	assert_names("\"pro\" in tags or 'hours' in tags", "tags");
	assert_names("purpose in me.core and me.core and purpose", "purpose me.core");
	assert_names("1 + 2 == 3 and yes or today > 2026-01-01", "");
	assert_names("b or a and (c or b) or me.a or a", "b a c me.a");
	assert_names("not urgent and not important", "urgent important");
}

/* A deterministic stream of tokens and junk: anything may fail to parse or
 * evaluate, but nothing may crash, leak, or report a column outside src. */
static uint32_t rng_state = 12345;

static uint32_t rng(void)
{
	rng_state = rng_state * 1103515245u + 12345u;
	return rng_state >> 8;
}

static void check_garbage(const char *src)
{
	struct dlg_err err = DLG_ERR_INIT;
	struct expr *e = NULL;
	struct value v;
	int len = (int)strlen(src);

	if (expr_parse(&e, src, &err)) {
		assert_null(e);
		assert_non_null(err.msg);
		if (err.col < 1 || err.col > len + 1)
			fail_msg("'%s': column %d", src, err.col);
		err_clear(&err);
		return;
	}
	assert_null(err.msg);
	if (expr_eval(&v, e, &env, &err)) {
		assert_int_equal(v.type, VALUE_UNKNOWN);
		assert_non_null(err.msg);
		if (err.col < 1 || err.col > len)
			fail_msg("'%s': column %d", src, err.col);
		err_clear(&err);
	}
	assert_in_range(expr_truth(&v) + 1, 0, 2);
	value_free(&v);
	expr_free(e);
}

static void test_garbage(void **state)
{
	static const char *const pieces[] = {
		"hours",      "me.hourly_rate",
		"me.",        "tags",
		"name",       "due",
		"missing",    "today",
		"yes",        "no",
		"and",        "or",
		"not",        "in",
		"(",          ")",
		"((",         "))",
		"+",          "-",
		"*",          "/",
		"==",         "!=",
		"<",          "<=",
		">",          ">=",
		"=",          "!",
		"0",          "1",
		"2.5",        "3.",
		".5",         "\"pro\"",
		"'a'",        "\"",
		"'",          "\\",
		"2026-11-01", "2026-13-01",
		"2026-1-1",   "$",
		"é",          "\xff",
		"\xe6\x97",   ".",
		"me.a.b",     "a.b",
		"1e5",        "\"\\n\"",
		"\"\\x\"",    "999999999999999999999999",
		" ",          "\t",
		"",
	};
	char buf[512];

	(void)state;
	for (int round = 0; round < 3000; round++) {
		size_t len = 0;
		int n = 1 + (int)(rng() % 12);

		buf[0] = '\0';
		for (int i = 0; i < n; i++) {
			const char *piece;
			char junk[2];

			if (rng() % 8 == 0) {
				junk[0] = (char)(1 + rng() % 255);
				junk[1] = '\0';
				piece = junk;
			} else {
				piece = pieces[rng() % ARRAY_SIZE(pieces)];
			}
			if (len + strlen(piece) + 2 >= sizeof(buf))
				break;
			len += (size_t)sprintf(buf + len, "%s%s", rng() % 2 ? " " : "", piece);
		}
		check_garbage(buf);
	}
	/* and raw bytes */
	for (int round = 0; round < 500; round++) {
		size_t len = rng() % 40;

		for (size_t i = 0; i < len; i++)
			buf[i] = (char)(1 + rng() % 255);
		buf[len] = '\0';
		check_garbage(buf);
	}
}

static void test_free_null(void **state)
{
	(void)state;
	expr_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_literals),     cmocka_unit_test(test_names),
		cmocka_unit_test(test_no_env),       cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_arithmetic),   cmocka_unit_test(test_comparisons),
		cmocka_unit_test(test_in),           cmocka_unit_test(test_dates),
		cmocka_unit_test(test_kleene),       cmocka_unit_test(test_short_circuit),
		cmocka_unit_test(test_eval_errors),  cmocka_unit_test(test_huge_numbers),
		cmocka_unit_test(test_parse_errors), cmocka_unit_test(test_error_columns_utf8),
		cmocka_unit_test(test_nesting),      cmocka_unit_test(test_expr_names),
		cmocka_unit_test(test_garbage),      cmocka_unit_test(test_free_null),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
