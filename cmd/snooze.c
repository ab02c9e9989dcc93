/* snooze.c: `dlg snooze ID WHEN`: you checked in on a waiting task; its
 * next follow-up moves to WHEN, as you would move it by hand, then sync. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/common.h"
#include "cmd/events.h"
#include "cmd/options.h"
#include "cmd/output.h"
#include "core/lifecycle.h"
#include "core/task.h"

struct snooze {
	int when;    /* the next follow-up */
	int today;   /* the day you checked in */
	int already; /* nothing to change: checked in today, follow-up at when */
	int due;     /* the task's due date, or DATE_NONE */
	char *to;    /* who has it, as read under the lock */
};

/* Under the lock, on the file as it is now. */
static int plan_snooze(struct fields *changes, const struct task *t,
                       const struct people_info *people, void *payload, struct dlg_err *err)
{
	struct snooze *s = payload;
	struct lc_state st;
	int checked;
	struct value v = VALUE_INIT;

	(void)people;
	lc_state_read(&st, &t->fields, NULL);
	if (st.status != STATUS_WAITING)
		return err_set(
		    err, 0, 0, "%s is %s, not waiting on anyone: there is no follow-up to move%s",
		    t->id, status_name(st.status),
		    st.status == STATUS_OPEN ? " (hand it off with: dlg give ID PERSON)" : "");
	free(s->to);
	s->to = xstrdup(st.to ? st.to : "them");
	s->due = st.due;
	if (st.follow_up == s->when && fields_date(&t->fields, "checked", &checked) &&
	    checked == s->today) {
		s->already = 1;
		return 1;
	}
	value_set_date(&v, s->when);
	fields_set(changes, "follow_up", &v);
	value_set_date(&v, s->today);
	fields_set(changes, "checked", &v);
	value_free(&v);
	return 0;
}

static char *note_snooze(const struct task *t, void *payload)
{
	const struct snooze *s = payload;
	char date[11];

	(void)t;
	date_format(s->when, date);
	return xstrfmt("checked in with %s, next follow-up %s", s->to, date);
}

static int cmd_snooze(int argc, char **argv, struct dlg_ctx *ctx)
{
	struct sync_call call = { 0 };
	const struct option options[] = {
		OPT_BOOL('q', "quiet", &call.quiet, "print only problems and the commits made"),
		OPT_END(),
	};
	struct strlist args = STRLIST_INIT;
	struct taskset ts = TASKSET_INIT;
	struct snooze s = { 0, ctx->today, 0, DATE_NONE, NULL };
	char date[11];
	struct task *t;
	int ret;

	if ((ret = parse_options(ctx, argc, argv, options, &args)) != OPTIONS_OK ||
	    (ret = check_args(ctx, &args, 2, 2)) != OPTIONS_OK)
		return ret;
	ret = EXIT_FATAL;
	if (date_parse_human(args.v[1], ctx->today, &s.when)) {
		error_msg("'%s' is not a date: write YYYY-MM-DD, or tomorrow, +3d, 2w, friday, "
		          "next week",
		          args.v[1]);
		goto out;
	}
	if (s.when < ctx->today) {
		date_format(s.when, date);
		error_msg("%s is in the past: the next follow-up is today or later", date);
		goto out;
	}
	/* only to find the task: the edit reads it again under the lock */
	if (load_taskset(&ts, ctx, TASKSET_NO_DOC) || !(t = resolve_task(&ts, args.v[0])))
		goto out;
	call.task_path = t->path;
	call.task_id = t->id;
	call.edit = plan_snooze;
	call.payload = &s;
	call.note = note_snooze;
	call.note_word = "snoozed";
	ret = events_sync(ctx, &call);
	date_format(s.when, date);
	if (s.already && !call.quiet)
		printf("%s: checked in today already, next follow-up %s\n", t->id, date);
	if (ret != EXIT_FATAL && s.due != DATE_NONE && s.when >= s.due) {
		char due[11];

		date_format(s.due, due);
		warning_msg("%s is due %s: the next follow-up is not before it", t->id, due);
	}
out:
	free(s.to);
	taskset_release(&ts);
	strlist_clear(&args);
	return ret;
}

const struct command cmd_snooze_def = {
	"snooze",
	cmd_snooze,
	NEED_ROOT | NEED_CONFIG | NEED_REPO,
	"ID WHEN [-q]",
	"you checked in on a waiting task: move its next follow-up to WHEN",
	"Sets follow_up: WHEN and checked: today in the front-matter of a waiting\n"
	"task, as you could by hand, then runs dlg sync; the commit says so\n"
	"(\"checked in with carol, next follow-up 2026-12-09\"). WHEN is a date,\n"
	"YYYY-MM-DD, or as people say it: tomorrow, +3d, 2w, friday, next week;\n"
	"today or later. ID is the task's id, its path, or the last part of its id.\n"
	"\n"
	"Exit status 0 when the follow-up was moved, 1 when the task could not be\n"
	"written or ended invalid, 2 when nothing was done (no such task, not a\n"
	"waiting one, WHEN not a date).",
};
