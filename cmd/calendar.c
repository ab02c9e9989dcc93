/* calendar.c: `dlg calendar [-o FILE]`: an iCalendar file of every follow-up
 * of waiting work and every due date, for any calendar app; and the same
 * file written by every sync when dlg.ini has [calendar] file. */
#include "cmd/calendar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/common.h"
#include "cmd/options.h"
#include "cmd/output.h"
#include "core/calendar.h"
#include "core/task.h"

int calendar_build(struct strbuf *out, size_t *nevents, size_t *invalid, struct taskset *ts,
                   const struct dlg_ctx *ctx, int say, struct dlg_err *err)
{
	struct cal_task *tasks = xcalloc(ts->ntasks + 1, sizeof(*tasks));
	struct ical_events evs = ICAL_EVENTS_INIT;
	struct people_info people = taskset_people_info(ts);
	struct diags quiet = DIAGS_INIT;
	size_t n = 0;
	int ret;

	*invalid = 0;
	for (size_t i = 0; i < ts->ntasks; i++) {
		const struct task *t = &ts->tasks[i];

		if (say ? !task_readable_or_say(ts, t, ctx) : !task_readable(ts, t, ctx, &quiet)) {
			++*invalid;
			continue;
		}
		tasks[n].id = t->id;
		tasks[n].path = t->path;
		tasks[n].title = t->title;
		tasks[n].fields = &t->fields;
		n++;
	}
	calendar_events(&evs, tasks, n, &people, ctx->today);
	*nevents = evs.n;
	ret = calendar_format(out, &evs, ctx->today, err);
	ical_events_clear(&evs);
	diags_clear(&quiet);
	free(tasks);
	return ret;
}

int calendar_after_sync(void *payload, struct dlg_err *err)
{
	const struct dlg_ctx *ctx = payload;
	struct taskset ts = TASKSET_INIT;
	struct strbuf ics = STRBUF_INIT;
	size_t nevents, invalid;
	int written, ret;

	ret = taskset_load(&ts, ctx->root, TASKSET_BODY | TASKSET_NO_DOC, err);
	if (!ret)
		ret = calendar_build(&ics, &nevents, &invalid, &ts, ctx, 0, err);
	if (!ret)
		ret = calendar_save(ctx->root, ctx->cfg->calendar_file, &ics, &written, err);
	if (ret)
		err_prefix(err, "[calendar] file not written");
	strbuf_release(&ics);
	taskset_release(&ts);
	return ret;
}

static int cmd_calendar(int argc, char **argv, struct dlg_ctx *ctx)
{
	const char *file = NULL;
	const struct option options[] = {
		OPT_STRING('o', "output", &file, "FILE",
		           "write FILE (atomically, only when it changes) instead of stdout"),
		OPT_END(),
	};
	struct strlist args = STRLIST_INIT;
	struct taskset ts = TASKSET_INIT;
	struct strbuf ics = STRBUF_INIT;
	struct dlg_err err = DLG_ERR_INIT;
	size_t nevents = 0, invalid = 0;
	int ret, written;

	if ((ret = parse_options(ctx, argc, argv, options, &args)) != OPTIONS_OK ||
	    (ret = check_args(ctx, &args, 0, 0)) != OPTIONS_OK)
		return ret;
	ret = EXIT_FATAL;
	if (load_taskset(&ts, ctx, TASKSET_BODY | TASKSET_NO_DOC))
		goto out;
	if (calendar_build(&ics, &nevents, &invalid, &ts, ctx, 1, &err) ||
	    (file && calendar_save(NULL, file, &ics, &written, &err))) {
		error_msg("%s", err.msg ? err.msg : "cannot write the calendar");
		goto out;
	}
	if (!file)
		fwrite(ics.buf, 1, ics.len, stdout);
	ret = invalid ? EXIT_PARTIAL : EXIT_OK;
out:
	err_clear(&err);
	strbuf_release(&ics);
	taskset_release(&ts);
	strlist_clear(&args);
	return ret;
}

const struct command cmd_calendar_def = {
	"calendar",
	cmd_calendar,
	NEED_ROOT | NEED_CONFIG,
	"[-o FILE]",
	"an iCalendar file of follow-ups and due dates, for any calendar app",
	"Prints an iCalendar file (RFC 5545) with an all-day event for the follow-up\n"
	"of every task waiting on someone (who has it, what it is, how late: a late\n"
	"follow-up is shown today) and for the due date of every task not done or\n"
	"dropped. Each event's UID comes from the task's id and the kind of event\n"
	"(follow-up/ID@dlg, due/ID@dlg), so a calendar app subscribed to the file\n"
	"moves an event when its date moves instead of adding another. With -o, the\n"
	"file is replaced atomically, and only when its content changes. With\n"
	"[calendar] file = PATH in dlg.ini, every sync writes it there. Invalid task\n"
	"files are left out and listed on stderr, and the exit status is then 1.",
};
