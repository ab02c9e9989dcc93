/* test_calendar.c: the calendar's events from task fields, written with
 * libical and read back with libical: how many, their UIDs, days and text;
 * the same tasks give the same bytes; the file is replaced only when it
 * changes, and never inside tasks/. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/calendar.h"
#include "formats/frontmatter.h"
#include "lib/date.h"

static int day(const char *iso)
{
	int d;

	assert_int_equal(date_parse(iso, &d), 0);
	return d;
}

static void task_fields(struct fields *out, const char *yaml)
{
	struct dlg_err err = DLG_ERR_INIT;
	struct fm_doc *doc = NULL;
	char *text = xstrfmt("---\n%s\n---\n", yaml);

	if (fm_parse(&doc, text, strlen(text), &err))
		fail_msg("bad task '%s': %s", yaml, err.msg);
	memset(out, 0, sizeof(*out));
	fm_fields(doc, out);
	fm_free(doc);
	free(text);
}

/* The example: carol's follow-up 3 days late, bob's in two days, a kept
 * task due, a done one and a dropped one (no events), and a title that
 * needs escaping. */
static const char *const yaml[] = {
	"status: waiting\ndecision: outsource\nto: carol\nchannel: upwork\ngiven: 2026-11-10\n"
	"follow_up: 2026-11-19\ndue: 2026-11-26",
	"status: waiting\ndecision: delegate\nto: bob\nfollow_up: 2026-11-24",
	"status: open\ndecision: keep\ndue: 2026-12-01",
	"status: done\ndecision: outsource\nto: carol\nfollow_up: 2026-11-01\ndue: 2026-11-02",
	"status: dropped\ndecision: drop\ndue: 2026-11-30",
};
static const char *const ids[] = { "podcast/transcribe", "admin/mail", "home/gutters, roof; all",
	                           "done/one", "dropped/one" };
static const char *const titles[] = { "Transcribe interviews", "Answer mail",
	                              "Clean the gutters, roof; and \\ all — ünïcödé ünïcödé "
	                              "ünïcödé ünïcödé ünïcödé ünïcödé ünïcödé",
	                              "Done", "Dropped" };

struct example {
	struct fields f[5];
	struct cal_task t[5];
	struct fields carol;
	struct person_info who[1];
	struct people_info people;
};

static void example(struct example *ex)
{
	for (size_t i = 0; i < ARRAY_SIZE(yaml); i++) {
		task_fields(&ex->f[i], yaml[i]);
		ex->t[i].id = ids[i];
		ex->t[i].path = NULL;
		ex->t[i].title = titles[i];
		ex->t[i].fields = &ex->f[i];
	}
	task_fields(&ex->carol, "name: Carol Diaz");
	ex->who[0].id = "carol";
	ex->who[0].fields = &ex->carol;
	ex->people.v = ex->who;
	ex->people.n = 1;
}

static void example_clear(struct example *ex)
{
	for (size_t i = 0; i < ARRAY_SIZE(yaml); i++)
		fields_clear(&ex->f[i]);
	fields_clear(&ex->carol);
}

static const struct ical_event *find(const struct ical_events *evs, const char *uid)
{
	for (size_t i = 0; i < evs->n; i++)
		if (!strcmp(evs->v[i].uid, uid))
			return &evs->v[i];
	fail_msg("no event %s", uid);
	return NULL;
}

static void test_uid(void **unused)
{
	char *a = calendar_uid("due", "home/clean-gutters"),
	     *b = calendar_uid("follow-up", "a b;ü");

	assert_string_equal(a, "due/home/clean-gutters@dlg");
	assert_string_equal(b, "follow-up/a%20b%3B%C3%BC@dlg");
	free(a);
	free(b);
}

static void test_events(void **unused)
{
	struct example ex;
	struct ical_events evs = ICAL_EVENTS_INIT;
	const struct ical_event *e;

	example(&ex);
	calendar_events(&evs, ex.t, 5, &ex.people, day("2026-11-22"));
	/* two follow-ups, two due dates; nothing of the done and dropped */
	assert_int_equal(evs.n, 4);
	e = find(&evs, "follow-up/podcast/transcribe@dlg");
	assert_int_equal(e->date, day("2026-11-22")); /* late: shown today */
	assert_string_equal(e->summary,
	                    "Follow up with Carol Diaz (3 days late): Transcribe interviews");
	assert_non_null(strstr(e->description, "follow-up 2026-11-19, 3 days late"));
	assert_non_null(strstr(e->description, "With: Carol Diaz (carol), since 2026-11-10"));
	assert_string_equal(e->category, "follow-up");
	e = find(&evs, "follow-up/admin/mail@dlg");
	assert_int_equal(e->date, day("2026-11-24"));
	assert_string_equal(e->summary, "Follow up with bob: Answer mail");
	e = find(&evs, "due/podcast/transcribe@dlg");
	assert_string_equal(e->summary, "Due: Transcribe interviews (Carol Diaz has it)");
	assert_int_equal(e->date, day("2026-11-26"));
	find(&evs, "due/home/gutters%2C%20roof%3B%20all@dlg");
	/* sorted by day */
	for (size_t i = 1; i < evs.n; i++)
		assert_true(evs.v[i - 1].date <= evs.v[i].date);
	ical_events_clear(&evs);
	example_clear(&ex);
}

/* Written with libical, read back with libical: the same events. */
static void test_round_trip(void **unused)
{
	struct example ex;
	struct ical_events evs = ICAL_EVENTS_INIT, back = ICAL_EVENTS_INIT;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	struct dlg_err err = DLG_ERR_INIT;

	example(&ex);
	calendar_events(&evs, ex.t, 5, &ex.people, day("2026-11-22"));
	assert_int_equal(calendar_format(&a, &evs, day("2026-11-22"), &err), 0);
	assert_non_null(strstr(a.buf, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
	assert_non_null(strstr(a.buf, "DTSTART;VALUE=DATE:20261122\r\n"));
	assert_non_null(strstr(a.buf, "DTSTAMP:20261122T000000Z\r\n"));
	/* no line longer than 75 octets (RFC 5545 3.1) */
	for (const char *p = a.buf, *nl; (nl = strstr(p, "\r\n")); p = nl + 2)
		assert_true(nl - p <= 75);
	assert_int_equal(ical_parse(&back, a.buf, a.len, &err), 0);
	assert_int_equal(back.n, evs.n);
	for (size_t i = 0; i < evs.n; i++) {
		assert_string_equal(back.v[i].uid, evs.v[i].uid);
		assert_int_equal(back.v[i].date, evs.v[i].date);
		/* commas, semicolons, backslashes, new lines and long UTF-8
		 * lines come back as they were */
		assert_string_equal(back.v[i].summary, evs.v[i].summary);
		assert_string_equal(back.v[i].description, evs.v[i].description);
		assert_string_equal(back.v[i].category, evs.v[i].category);
	}
	/* the same tasks on the same day: the same bytes */
	assert_int_equal(calendar_format(&b, &evs, day("2026-11-22"), &err), 0);
	assert_string_equal(a.buf, b.buf);
	strbuf_release(&a);
	strbuf_release(&b);
	ical_events_clear(&evs);
	ical_events_clear(&back);
	example_clear(&ex);
}

static void test_parse_errors(void **unused)
{
	static const char *const bad[] = {
		"",
		"not a calendar",
		"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:garbage\r\nEND:VEVENT\r\nEND:"
		"VCALENDAR\r\n",
		"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261122\r\nEND:VEVENT\r\n"
		"END:VCALENDAR\r\n",
	};

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct ical_events evs = ICAL_EVENTS_INIT;
		struct dlg_err err = DLG_ERR_INIT;

		assert_int_equal(ical_parse(&evs, bad[i], strlen(bad[i]), &err), DLG_EINVALID);
		assert_non_null(err.msg);
		err_clear(&err);
		ical_events_clear(&evs);
	}
}

static void test_save(void **unused)
{
	char root[] = "/tmp/dlg-test-calendar.XXXXXX";
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	struct dlg_err err = DLG_ERR_INIT;
	struct stat st1, st2;
	char *path;
	int written;

	assert_non_null(mkdtemp(root));
	path = xstrfmt("%s/cal.ics", root);
	strbuf_addstr(&a, "one");
	strbuf_addstr(&b, "two");
	assert_int_equal(calendar_save(root, "cal.ics", &a, &written, &err), 0);
	assert_int_equal(written, 1);
	assert_int_equal(stat(path, &st1), 0);
	assert_int_equal(calendar_save(root, "cal.ics", &a, &written, &err), 0);
	assert_int_equal(written, 0); /* the same bytes: left alone */
	assert_int_equal(stat(path, &st2), 0);
	assert_int_equal(st1.st_ino, st2.st_ino);
	assert_int_equal(calendar_save(root, "cal.ics", &b, &written, &err), 0);
	assert_int_equal(written, 1);
	/* never inside tasks/, even through a link */
	free(path);
	path = xstrfmt("%s/tasks", root);
	assert_int_equal(mkdir(path, 0777), 0);
	free(path);
	path = xstrfmt("%s/link", root);
	assert_int_equal(symlink("tasks", path), 0);
	assert_int_equal(calendar_save(root, "link/cal.ics", &a, &written, &err), DLG_ERROR);
	assert_non_null(strstr(err.msg, "inside tasks/"));
	err_clear(&err);
	assert_int_equal(calendar_save(root, "nowhere/cal.ics", &a, &written, &err), DLG_ERROR);
	err_clear(&err);
	unlink(path);
	free(path);
	path = xstrfmt("rm -rf '%s'", root);
	assert_int_equal(system(path), 0);
	free(path);
	strbuf_release(&a);
	strbuf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_uid),        cmocka_unit_test(test_events),
		cmocka_unit_test(test_round_trip), cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_save),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
