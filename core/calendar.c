/* calendar.c: the follow-ups and due dates of the tasks as calendar events,
 * and writing the calendar file only when it changes. */
#include "core/calendar.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/lifecycle.h"
#include "lib/atomic.h"
#include "lib/date.h"

char *calendar_uid(const char *kind, const char *id)
{
	static const char safe[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                           "0123456789._~/-";
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%s/", kind);
	for (const unsigned char *p = (const unsigned char *)id; *p; p++) {
		if (strchr(safe, *p))
			strbuf_addch(&sb, *p);
		else
			strbuf_addf(&sb, "%%%02X", *p);
	}
	strbuf_addstr(&sb, "@dlg");
	return strbuf_detach(&sb, NULL);
}

/* "Carol Diaz", else the id as written. */
static const char *name_of(const struct people_info *people, const char *id)
{
	const struct person_info *p = people_find(people, id);
	const char *name = p ? fields_string(p->fields, "name") : NULL;

	return name && *name ? name : id;
}

static void add_days(struct strbuf *sb, int days, const char *word)
{
	strbuf_addf(sb, "%d day%s %s", days, days == 1 ? "" : "s", word);
}

/* The lines every event of a task ends with: which task, who has it. */
static void about_task(struct strbuf *sb, const struct cal_task *t, const struct lc_state *s,
                       const struct people_info *people)
{
	char day[11];

	strbuf_addf(sb, "Task: %s (%s)\n", t->title, t->id);
	if (s->to) {
		strbuf_addf(sb, "With: %s", name_of(people, s->to));
		if (strcmp(name_of(people, s->to), s->to))
			strbuf_addf(sb, " (%s)", s->to);
		if (s->given != DATE_NONE) {
			date_format(s->given, day);
			strbuf_addf(sb, ", since %s", day);
		}
		strbuf_addch(sb, '\n');
	}
	if (s->decision != DECISION_NONE)
		strbuf_addf(sb, "Decision: %s%s%s\n", decision_name(s->decision),
		            s->channel ? " via " : "", s->channel ? s->channel : "");
	if (t->path)
		strbuf_addf(sb, "File: %s\n", t->path);
}

static void follow_up_event(struct ical_events *out, const struct cal_task *t,
                            const struct lc_state *s, const struct people_info *people, int today)
{
	struct strbuf sum = STRBUF_INIT, desc = STRBUF_INIT;
	int late = today - s->follow_up;
	char day[11], *uid = calendar_uid("follow-up", t->id);

	strbuf_addf(&sum, "Follow up with %s", name_of(people, s->to));
	if (late > 0) {
		strbuf_addstr(&sum, " (");
		add_days(&sum, late, "late");
		strbuf_addch(&sum, ')');
	}
	strbuf_addf(&sum, ": %s", t->title);
	date_format(s->follow_up, day);
	strbuf_addf(&desc, "Check in on the work you handed off: follow-up %s", day);
	if (late > 0) {
		strbuf_addstr(&desc, ", ");
		add_days(&desc, late, "late");
	}
	strbuf_addstr(&desc, ".\n");
	if (s->due != DATE_NONE) {
		date_format(s->due, day);
		strbuf_addf(&desc, "Due: %s\n", day);
	}
	about_task(&desc, t, s, people);
	strbuf_addstr(&desc, "Once you have checked in, move follow_up in the task's file.");
	ical_events_add(out, uid, late > 0 ? today : s->follow_up, sum.buf, desc.buf, "follow-up");
	free(uid);
	strbuf_release(&sum);
	strbuf_release(&desc);
}

static void due_event(struct ical_events *out, const struct cal_task *t, const struct lc_state *s,
                      const struct people_info *people, int today)
{
	struct strbuf sum = STRBUF_INIT, desc = STRBUF_INIT;
	char *uid = calendar_uid("due", t->id);

	strbuf_addf(&sum, "Due: %s", t->title);
	if (s->status == STATUS_WAITING && s->to)
		strbuf_addf(&sum, " (%s has it)", name_of(people, s->to));
	else if (lc_needs_someone(s))
		strbuf_addstr(&sum, " (needs someone)");
	strbuf_addf(&desc, "Status: %s", status_name(s->status));
	if (today > s->due) {
		strbuf_addstr(&desc, ", ");
		add_days(&desc, today - s->due, "overdue");
	}
	strbuf_addstr(&desc, ".\n");
	about_task(&desc, t, s, people);
	strbuf_setlen(&desc, desc.len - 1); /* no newline at the end */
	ical_events_add(out, uid, s->due, sum.buf, desc.buf, "due");
	free(uid);
	strbuf_release(&sum);
	strbuf_release(&desc);
}

void calendar_events(struct ical_events *out, const struct cal_task *tasks, size_t n,
                     const struct people_info *people, int today)
{
	for (size_t i = 0; i < n; i++) {
		const struct cal_task *t = &tasks[i];
		struct lc_state s;

		/* a status or decision dlg doesn't know is no state to show */
		if (lc_state_read(&s, t->fields, NULL))
			continue;
		if (s.status == STATUS_WAITING && s.follow_up != DATE_NONE && s.to)
			follow_up_event(out, t, &s, people, today);
		if (s.due != DATE_NONE && !lc_finished(&s))
			due_event(out, t, &s, people, today);
	}
	ical_events_sort(out);
}

int calendar_format(struct strbuf *out, const struct ical_events *evs, int today,
                    struct dlg_err *err)
{
	struct ical_opts o;

	o.prodid = "-//dlg//dlg " DLG_VERSION "//EN";
	o.name = "dlg: follow-ups and due dates";
	o.stamp = today;
	return ical_write(out, &o, evs, err);
}

/* Whether dir (a real path) is top or inside it. */
static int inside(const char *dir, const char *top)
{
	size_t n = strlen(top);

	return !strncmp(dir, top, n) && (dir[n] == '\0' || dir[n] == '/');
}

/* The folder the file goes in must exist and be none of dlg's own, even
 * through a symbolic link. */
static int check_folder(const char *root, const char *full, struct dlg_err *err)
{
	static const char *const own[] = { "tasks", "people", ".git" };
	char *dir = xstrdup(full), *slash = strrchr(dir, '/'), *real, *top = NULL;
	int ret = 0;

	if (slash)
		*slash = '\0';
	real = realpath(slash ? (*dir ? dir : "/") : ".", NULL);
	if (!real) {
		ret = err_set(err, 0, 0, "cannot write %s: %s", full, strerror(errno));
		goto out;
	}
	for (size_t i = 0; root && i < ARRAY_SIZE(own) && !ret; i++) {
		char *p = xstrfmt("%s/%s", root, own[i]);

		free(top);
		top = realpath(p, NULL);
		if (top && inside(real, top))
			ret = err_set(err, 0, 0, "%s is inside %s/, which dlg keeps for itself",
			              full, own[i]);
		free(p);
	}
out:
	free(top);
	free(real);
	free(dir);
	return ret;
}

int calendar_save(const char *root, const char *path, const struct strbuf *bytes, int *written,
                  struct dlg_err *err)
{
	struct strbuf old = STRBUF_INIT;
	char *full = root && path[0] != '/' ? xstrfmt("%s/%s", root, path) : xstrdup(path);
	int ret = check_folder(root, full, err);

	*written = 0;
	if (!ret && strbuf_read_file(&old, full) == 0 && old.len == bytes->len &&
	    !memcmp(old.buf, bytes->buf, bytes->len))
		goto out;
	if (!ret)
		ret = file_write_atomic(full, bytes->buf, bytes->len, err);
	if (!ret)
		*written = 1;
out:
	strbuf_release(&old);
	free(full);
	return ret;
}
