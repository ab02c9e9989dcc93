/* done.c: `dlg done ID [--rating N]`: mark a task done (and rate who did
 * it), as you would by hand, then sync. */
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

struct done {
	int rating;  /* 0: not given */
	int already; /* nothing to change: done already */
};

static int parse_rating(const char *s, int *out)
{
	char *end;
	long n = strtol(s, &end, 10);

	if (!*s || *end || n < 1 || n > 5) {
		error_msg("--rating: '%s' is not a whole number from 1 to 5", s);
		return -1;
	}
	*out = (int)n;
	return 0;
}

/* Under the lock, on the file as it is now. */
static int plan_done(struct fields *changes, const struct task *t, const struct people_info *people,
                     void *payload, struct dlg_err *err)
{
	struct done *d = payload;
	struct lc_state s;

	(void)people;
	lc_state_read(&s, &t->fields, NULL);
	if (s.status == STATUS_DROPPED)
		return err_set(err, 0, 0,
		               "%s was dropped; set its status yourself if you did it after all",
		               t->id);
	if (s.status != STATUS_DONE)
		fields_set_string(changes, "status", "done");
	if (d->rating) {
		struct value v = VALUE_INIT;

		value_set_number(&v, d->rating);
		fields_set(changes, "rating", &v);
	}
	if (!changes->n) {
		d->already = 1;
		return 1;
	}
	return 0;
}

static int cmd_done(int argc, char **argv, struct dlg_ctx *ctx)
{
	const char *rating_arg = NULL;
	struct sync_call call = { 0 };
	const struct option options[] = {
		OPT_STRING('r', "rating", &rating_arg, "N",
		           "how well it was delivered, 1 (poor) to 5 (great)"),
		OPT_BOOL('q', "quiet", &call.quiet, "print only problems and the commits made"),
		OPT_END(),
	};
	struct strlist args = STRLIST_INIT;
	struct taskset ts = TASKSET_INIT;
	struct done d = { 0, 0 };
	struct task *t;
	int ret;

	if ((ret = parse_options(ctx, argc, argv, options, &args)) != OPTIONS_OK ||
	    (ret = check_args(ctx, &args, 1, 1)) != OPTIONS_OK)
		return ret;
	ret = EXIT_FATAL;
	if (rating_arg && parse_rating(rating_arg, &d.rating))
		goto out;
	/* only to find the task: the edit reads it again under the lock */
	if (load_taskset(&ts, ctx, TASKSET_NO_DOC) || !(t = resolve_task(&ts, args.v[0])))
		goto out;
	call.task_path = t->path;
	call.task_id = t->id;
	call.edit = plan_done;
	call.payload = &d;
	ret = events_sync(ctx, &call);
	if (d.already && !call.quiet)
		printf("%s is done already\n", t->id);
out:
	taskset_release(&ts);
	strlist_clear(&args);
	return ret;
}

const struct command cmd_done_def = {
	"done",
	cmd_done,
	NEED_ROOT | NEED_CONFIG | NEED_REPO,
	"ID [--rating N] [-q]",
	"mark a task done (and rate who did it), then sync",
	"Sets status: done (and rating: N) in the task's front-matter, exactly as you\n"
	"could by hand, then runs dlg sync, which records the completed date and\n"
	"commits. ID is the task's id, its path, or the last part of its id.\n"
	"\n"
	"It prints what happened to that task and the commits made; the rest of the\n"
	"repository is synced quietly, and a problem elsewhere is counted in one\n"
	"line (run dlg sync to see it). Exit status 0 when the task was marked done,\n"
	"1 when it could not be written or ended invalid, 2 when nothing was done.",
};
