/* done.c: `dlg done ID [--rating N]`: mark a task done (and rate who did
 * it), as you would by hand, then sync. */
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/common.h"
#include "cmd/options.h"
#include "cmd/output.h"
#include "cmd/sync.h"
#include "core/task.h"

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

static int cmd_done(int argc, char **argv, struct dlg_ctx *ctx)
{
	const char *rating_arg = NULL;
	const struct option options[] = {
		OPT_STRING('r', "rating", &rating_arg, "N",
		           "how well it was delivered, 1 (poor) to 5 (great)"),
		OPT_END(),
	};
	struct strlist args = STRLIST_INIT;
	struct taskset ts = TASKSET_INIT;
	struct fields changes = FIELDS_INIT;
	const char *status;
	struct task *t;
	int rating = 0;
	int ret;

	if ((ret = parse_options(ctx, argc, argv, options, &args)) != OPTIONS_OK ||
	    (ret = check_args(ctx, &args, 1, 1)) != OPTIONS_OK)
		return ret;
	ret = EXIT_FATAL;
	if (rating_arg && parse_rating(rating_arg, &rating))
		goto out;
	if (load_taskset(&ts, ctx, 0) || !(t = resolve_task(&ts, args.v[0])))
		goto out;
	if (!t->valid) {
		error_msg("%s:%d:%d: %s (fix it first; dlg changes no invalid file)", t->path,
		          t->err.line, t->err.col, t->err.msg);
		goto out;
	}
	status = field_str(&t->fields, "status");
	if (!strcmp(status, "dropped")) {
		error_msg("%s was dropped; set its status yourself if you did it after all", t->id);
		goto out;
	}
	if (strcmp(status, "done"))
		fields_set_string(&changes, "status", "done");
	if (rating) {
		struct value v = VALUE_INIT;

		value_set_number(&v, rating);
		fields_set(&changes, "rating", &v);
	}
	if (!changes.n) {
		printf("%s is done already\n", t->id);
		ret = EXIT_OK;
		goto out;
	}
	ret = edit_and_sync(ctx, t, &changes);
out:
	fields_clear(&changes);
	taskset_release(&ts);
	strlist_clear(&args);
	return ret;
}

const struct command cmd_done_def = {
	"done",
	cmd_done,
	NEED_ROOT | NEED_CONFIG | NEED_REPO,
	"ID [--rating N]",
	"mark a task done (and rate who did it), then sync",
	"Sets status: done (and rating: N) in the task's front-matter, exactly as you\n"
	"could by hand, then runs dlg sync, which records the completed date and\n"
	"commits. ID is the task's id, its path, or the last part of its id.",
};
