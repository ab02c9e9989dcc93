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
		OPT_BOOL(0, "offline", &call.offline,
		         "with [sync] remote: neither fetch nor push, work here only"),
		OPT_BOOL(0, "no-push", &call.no_push,
		         "with [sync] remote: fetch and merge, but don't push"),
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
	"[-n | --dry-run] [-q] [--offline] [--no-push]",
	"decide, hand off and complete tasks; commit your edits and dlg's apart",
	"Commits your own edits to dlg.ini, tasks/ and people/ as you wrote them, then\n"
	"applies the lifecycle (see man dlg) to every task, writes the fields it sets\n"
	"into each file's front-matter (nothing else in the file changes), and commits\n"
	"them in a second commit whose message says what changed and why. Prints one\n"
	"line per event: decided, handed, completed, needs (someone), undecided, due;\n"
	"invalid files go to stderr with their line and column and make the exit\n"
	"status 1. With nothing to do it writes nothing and commits nothing.\n"
	"\n"
	"With [sync] remote in dlg.ini it fetches the remote's branch first and merges it\n"
	"(task and person files key by key; a real conflict leaves markers in that file\n"
	"alone, exit status 1, and the next sync finishes the merge once it is fixed),\n"
	"and pushes at the end, fetching and merging again when someone pushed meanwhile.\n"
	"A remote it can't reach leaves the work committed here, with exit status 1.",
};
