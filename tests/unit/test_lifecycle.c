/* test_lifecycle.c: the statuses and decisions by name, reading a task's
 * state, and the named facts every command asks about it, as plain tables. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/lifecycle.h"
#include "formats/frontmatter.h"

/* Fields from front-matter lines ("status: open\nto: bob"). */
static void task_fields(struct fields *out, const char *yaml)
{
	struct dlg_err err = DLG_ERR_INIT;
	struct fm_doc *doc = NULL;
	char *text = xstrfmt("---\n%s%s---\n", yaml, *yaml ? "\n" : "");

	if (fm_parse(&doc, text, strlen(text), &err))
		fail_msg("bad task '%s': %d:%d: %s", yaml, err.line, err.col, err.msg);
	memset(out, 0, sizeof(*out));
	fm_fields(doc, out);
	fm_free(doc);
	free(text);
}

/* A state with no dates, no `to`. */
static struct lc_state state(enum status s, enum decision d)
{
	struct lc_state st;

	memset(&st, 0, sizeof(st));
	st.status = s;
	st.decision = d;
	st.follow_up = st.due = st.given = st.decided = st.completed = DATE_NONE;
	return st;
}

static int day(const char *iso)
{
	int d;

	assert_int_equal(date_parse(iso, &d), 0);
	return d;
}

static void test_status_names(void **unused)
{
	static const struct {
		const char *text;
		int want; /* -1: not a status */
	} cases[] = {
		{ "inbox", STATUS_INBOX },
		{ "open", STATUS_OPEN },
		{ "waiting", STATUS_WAITING },
		{ "done", STATUS_DONE },
		{ "dropped", STATUS_DROPPED },
		{ "WAITING", STATUS_WAITING },
		{ "Done", STATUS_DONE },
		{ "oPeN", STATUS_OPEN },
		{ "wating", -1 },
		{ "", -1 },
		{ "open ", -1 },
		{ "drop", -1 },
		{ "keep", -1 },
	};
	enum status s;

	(void)unused;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		s = STATUS_DROPPED;
		if (cases[i].want < 0) {
			assert_int_equal(status_parse(cases[i].text, &s), -1);
			assert_int_equal(s, STATUS_DROPPED); /* untouched */
		} else {
			assert_int_equal(status_parse(cases[i].text, &s), 0);
			assert_int_equal(s, cases[i].want);
		}
	}
	assert_int_equal(status_parse(NULL, &s), -1);
	for (int i = STATUS_INBOX; i <= STATUS_DROPPED; i++) {
		assert_int_equal(status_parse(status_name((enum status)i), &s), 0);
		assert_int_equal(s, i);
	}
	assert_string_equal(status_name(STATUS_WAITING), "waiting");
	assert_string_equal(status_name((enum status)99), "");
	assert_string_equal(status_name((enum status) - 1), "");
}

static void test_decision_names(void **unused)
{
	enum decision d = DECISION_NONE;

	(void)unused;
	assert_int_equal(decision_parse("Outsource", &d), 0);
	assert_int_equal(d, DECISION_OUTSOURCE);
	assert_int_equal(decision_parse("DELEGATE", &d), 0);
	assert_int_equal(d, DECISION_DELEGATE);
	assert_int_equal(decision_parse("", &d), -1);
	assert_int_equal(decision_parse("dropped", &d), -1);
	assert_int_equal(decision_parse(NULL, &d), -1);
	assert_int_equal(d, DECISION_DELEGATE);
	assert_string_equal(decision_name(DECISION_NONE), "");
	for (int i = DECISION_KEEP; i <= DECISION_DROP; i++) {
		assert_int_equal(decision_parse(decision_name((enum decision)i), &d), 0);
		assert_int_equal(d, i);
	}
}

static void test_state_read(void **unused)
{
	struct fields f;
	struct lc_state s;
	char *why = NULL;

	(void)unused;
	task_fields(&f, "");
	assert_int_equal(lc_state_read(&s, &f, &why), 0);
	assert_null(why);
	assert_int_equal(s.status, STATUS_INBOX);
	assert_int_equal(s.decision, DECISION_NONE);
	assert_null(s.to);
	assert_int_equal(s.follow_up, DATE_NONE);
	assert_int_equal(s.due, DATE_NONE);
	assert_int_equal(s.completed, DATE_NONE);
	fields_clear(&f);

	task_fields(&f, "status: Waiting\ndecision: OUTSOURCE\nto: carol\nchannel: odesk\n"
	                "follow_up: 2026-11-25\ndue: 2026-12-01\ngiven: 2026-11-18");
	assert_int_equal(lc_state_read(&s, &f, NULL), 0);
	assert_int_equal(s.status, STATUS_WAITING);
	assert_int_equal(s.decision, DECISION_OUTSOURCE);
	assert_string_equal(s.to, "carol");
	assert_string_equal(s.channel, "odesk");
	assert_int_equal(s.follow_up, day("2026-11-25"));
	assert_int_equal(s.due, day("2026-12-01"));
	assert_int_equal(s.given, day("2026-11-18"));
	assert_int_equal(s.decided, DATE_NONE);
	fields_clear(&f);

	/* Not dates, not text: none. */
	task_fields(&f, "status: open\nto: 3\ndue: 12/01/2026\nfollow_up: soon\nchannel: ~");
	assert_int_equal(lc_state_read(&s, &f, NULL), 0);
	assert_null(s.to);
	assert_null(s.channel);
	assert_int_equal(s.due, DATE_NONE);
	assert_int_equal(s.follow_up, DATE_NONE);
	fields_clear(&f);

	task_fields(&f, "status: wating\ndue: 2026-12-01");
	assert_int_equal(lc_state_read(&s, &f, &why), -1);
	assert_string_equal(why, "status 'wating' is not inbox, open, waiting, done or dropped");
	assert_int_equal(s.status, STATUS_INBOX);
	assert_int_equal(s.due, day("2026-12-01")); /* the rest is read all the same */
	free(why);
	why = NULL;
	fields_clear(&f);

	task_fields(&f, "status: done\ndecision: delegte");
	assert_int_equal(lc_state_read(&s, &f, &why), -1);
	assert_string_equal(why, "decision 'delegte' is not keep, delegate, outsource or drop");
	assert_int_equal(s.status, STATUS_DONE);
	assert_int_equal(s.decision, DECISION_NONE);
	free(why);
	fields_clear(&f);

	task_fields(&f, "status: [open]");
	assert_int_equal(lc_state_read(&s, &f, NULL), -1);
	fields_clear(&f);
}

static void test_status_read(void **unused)
{
	static const struct {
		const char *yaml;
		int ret;
		enum status want;
	} cases[] = {
		{ "", 0, STATUS_INBOX },
		{ "status: ~", 0, STATUS_INBOX },
		{ "status: Open", 0, STATUS_OPEN },
		{ "status: dropped\ndecision: bogus", 0, STATUS_DROPPED },
		{ "status: wating", -1, STATUS_INBOX },
		{ "status: 3", -1, STATUS_INBOX },
		{ "status: yes", -1, STATUS_INBOX },
		{ "status: \"\"", -1, STATUS_INBOX },
	};

	(void)unused;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct fields f;
		enum status s = STATUS_DONE;

		task_fields(&f, cases[i].yaml);
		if (lc_status_read(&s, &f) != cases[i].ret || s != cases[i].want)
			fail_msg("'%s': got %d %s", cases[i].yaml, lc_status_read(&s, &f),
			         status_name(s));
		fields_clear(&f);
	}
}

static void test_hands_off_finished(void **unused)
{
	(void)unused;
	assert_false(lc_hands_off(DECISION_NONE));
	assert_false(lc_hands_off(DECISION_KEEP));
	assert_true(lc_hands_off(DECISION_DELEGATE));
	assert_true(lc_hands_off(DECISION_OUTSOURCE));
	assert_false(lc_hands_off(DECISION_DROP));
	for (int i = STATUS_INBOX; i <= STATUS_DROPPED; i++) {
		struct lc_state s = state((enum status)i, DECISION_KEEP);

		assert_int_equal(lc_finished(&s), i == STATUS_DONE || i == STATUS_DROPPED);
		assert_int_equal(lc_in_progress(&s), i == STATUS_OPEN || i == STATUS_WAITING);
	}
}

static void test_needs_someone_undecided(void **unused)
{
	struct lc_state s = state(STATUS_OPEN, DECISION_DELEGATE);

	(void)unused;
	assert_true(lc_needs_someone(&s));
	s.decision = DECISION_OUTSOURCE;
	assert_true(lc_needs_someone(&s));
	s.to = "carol";
	assert_false(lc_needs_someone(&s));
	s = state(STATUS_OPEN, DECISION_KEEP);
	assert_false(lc_needs_someone(&s));
	s = state(STATUS_WAITING, DECISION_DELEGATE);
	assert_false(lc_needs_someone(&s));
	s = state(STATUS_INBOX, DECISION_OUTSOURCE);
	assert_false(lc_needs_someone(&s));

	s = state(STATUS_INBOX, DECISION_NONE);
	assert_true(lc_undecided(&s));
	s.decision = DECISION_KEEP;
	assert_false(lc_undecided(&s));
	s = state(STATUS_OPEN, DECISION_NONE);
	assert_false(lc_undecided(&s));
}

static void test_follow_up_due(void **unused)
{
	int today = day("2026-11-22");
	struct lc_state s = state(STATUS_WAITING, DECISION_DELEGATE);

	(void)unused;
	assert_false(lc_follow_up_due(&s, today)); /* DATE_NONE is never due */
	s.follow_up = today;
	assert_true(lc_follow_up_due(&s, today));
	s.follow_up = today - 3;
	assert_true(lc_follow_up_due(&s, today));
	s.follow_up = today + 1;
	assert_false(lc_follow_up_due(&s, today));
	s = state(STATUS_OPEN, DECISION_DELEGATE);
	s.follow_up = today - 3;
	assert_false(lc_follow_up_due(&s, today));
	s.status = STATUS_DONE;
	assert_false(lc_follow_up_due(&s, today));
}

static void test_due_by(void **unused)
{
	int today = day("2026-11-22");
	struct lc_state s = state(STATUS_OPEN, DECISION_KEEP);

	(void)unused;
	assert_false(lc_due_by(&s, today)); /* no due date: never due */
	assert_false(lc_due_by(&s, today + 36500));
	s.due = today;
	assert_true(lc_due_by(&s, today));
	assert_false(lc_due_by(&s, today - 1));
	assert_true(lc_due_by(&s, today + 7));
	s.status = STATUS_INBOX;
	assert_true(lc_due_by(&s, today));
	s.status = STATUS_WAITING;
	assert_true(lc_due_by(&s, today));
	s.status = STATUS_DONE;
	assert_false(lc_due_by(&s, today));
	s.status = STATUS_DROPPED;
	assert_false(lc_due_by(&s, today));
}

static void test_handed(void **unused)
{
	struct lc_state s = state(STATUS_WAITING, DECISION_DELEGATE);

	(void)unused;
	assert_false(lc_handed(&s)); /* no `to` */
	s.to = "bob";
	assert_true(lc_handed(&s));
	s.status = STATUS_DONE;
	assert_true(lc_handed(&s));
	s.status = STATUS_OPEN;
	assert_false(lc_handed(&s));
	s.status = STATUS_DROPPED;
	assert_false(lc_handed(&s));
	s.given = day("2026-11-02");
	assert_true(lc_handed(&s));
}

static void test_on_time_late(void **unused)
{
	int today = day("2026-11-22");
	static const struct {
		enum status status;
		const char *due, *completed; /* NULL: none */
		int on_time, late;
	} cases[] = {
		{ STATUS_DONE, NULL, NULL, 1, 0 },
		{ STATUS_DONE, NULL, "2026-11-05", 1, 0 },
		{ STATUS_DONE, "2026-11-10", "2026-11-08", 1, 0 },
		{ STATUS_DONE, "2026-11-10", "2026-11-10", 1, 0 },
		{ STATUS_DONE, "2026-11-10", "2026-11-12", 0, 1 },
		{ STATUS_DONE, "2026-11-10", NULL, 0, 0 },
		{ STATUS_WAITING, "2026-11-21", NULL, 0, 1 },
		{ STATUS_WAITING, "2026-11-22", NULL, 0, 0 }, /* due today: not yet late */
		{ STATUS_WAITING, NULL, NULL, 0, 0 },
		{ STATUS_OPEN, "2026-11-01", NULL, 0, 0 },
		{ STATUS_DROPPED, "2026-11-01", "2026-11-12", 0, 0 },
	};

	(void)unused;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct lc_state s = state(cases[i].status, DECISION_OUTSOURCE);

		if (cases[i].due)
			s.due = day(cases[i].due);
		if (cases[i].completed)
			s.completed = day(cases[i].completed);
		if (lc_done_on_time(&s) != cases[i].on_time || lc_late(&s, today) != cases[i].late)
			fail_msg("case %zu (%s, due %s, completed %s): on time %d, late %d", i,
			         status_name(cases[i].status), cases[i].due ? cases[i].due : "-",
			         cases[i].completed ? cases[i].completed : "-", lc_done_on_time(&s),
			         lc_late(&s, today));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_names),
		cmocka_unit_test(test_decision_names),
		cmocka_unit_test(test_state_read),
		cmocka_unit_test(test_status_read),
		cmocka_unit_test(test_hands_off_finished),
		cmocka_unit_test(test_needs_someone_undecided),
		cmocka_unit_test(test_follow_up_due),
		cmocka_unit_test(test_due_by),
		cmocka_unit_test(test_handed),
		cmocka_unit_test(test_on_time_late),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
