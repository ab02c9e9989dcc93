/* sync.c: `dlg sync [--dry-run] [-q]`: run the sync engine and say what
 * happened and what is due. */
#include "cmd/cmd.h"
#include "cmd/events.h"
#include "cmd/options.h"

static int cmd_sync(int argc, char **argv, struct dlg_ctx *ctx)
{
	struct sync_call call = { 0 };
	const struct option options[] = {
		OPT_BOOL('n', "dry-run", &call.dry_run,
		         "say what would happen; write and commit nothing"),
		OPT_BOOL('q', "quiet", &call.quiet, "print only problems and the commits made"),
		OPT_END(),
	};
	struct strlist args = STRLIST_INIT;
	int ret;

	if ((ret = parse_options(ctx, argc, argv, options, &args)) != OPTIONS_OK ||
	    (ret = check_args(ctx, &args, 0, 0)) != OPTIONS_OK)
		return ret;
	strlist_clear(&args);
	return events_sync(ctx, &call);
}

const struct command cmd_sync_def = {
	"sync",
	cmd_sync,
	NEED_ROOT | NEED_CONFIG | NEED_REPO,
	"[-n | --dry-run] [-q]",
	"decide, hand off and complete tasks; commit your edits and dlg's apart",
	"Commits your own edits to dlg.ini, tasks/ and people/ as you wrote them, then\n"
	"applies the lifecycle (see man dlg) to every task, writes the fields it sets\n"
	"into each file's front-matter (nothing else in the file changes), and commits\n"
	"them in a second commit whose message says what changed and why. Prints one\n"
	"line per event: decided, handed, completed, needs (someone), undecided, due;\n"
	"invalid files go to stderr with their line and column and make the exit\n"
	"status 1. With nothing to do it writes nothing and commits nothing.",
};
