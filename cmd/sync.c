/* sync.c: `dlg sync [--dry-run] [-q]`: run the sync engine and say what
 * happened and what is due. */
#include "cmd/cmd.h"
#include "cmd/events.h"

static const struct option_spec options[] = {
	{ "dry-run", 'n', NULL, "say what would happen; write and commit nothing" },
	{ "quiet", 'q', NULL, "print only problems and the commits made" },
	{ NULL, 0, NULL, NULL },
};

static int cmd_sync(int argc, char **argv, struct dlg_ctx *ctx)
{
	const char *values[ARRAY_SIZE(options)];
	struct strlist args = STRLIST_INIT;
	struct sync_call call = { 0 };
	int ret = parse_options(&cmd_sync_def, argc, argv, values, &args);

	if (ret || args.n) {
		if (!ret)
			command_usage(stderr, &cmd_sync_def);
		strlist_clear(&args);
		return ret > 0 ? EXIT_OK : EXIT_FATAL;
	}
	strlist_clear(&args);
	call.dry_run = values[option_index(&cmd_sync_def, "dry-run")] != NULL;
	call.quiet = values[option_index(&cmd_sync_def, "quiet")] != NULL;
	return events_sync(ctx, &call);
}

const struct command cmd_sync_def = {
	"sync",
	cmd_sync,
	NEED_ROOT | NEED_CONFIG,
	"[-n | --dry-run] [-q]",
	"decide, hand off and complete tasks; commit your edits and dlg's apart",
	"Commits your own edits to dlg.ini, tasks/ and people/ as you wrote them, then\n"
	"applies the lifecycle of DESIGN.md to every task, writes the fields it sets\n"
	"into each file's front-matter (nothing else in the file changes), and commits\n"
	"them in a second commit whose message says what changed and why. Prints one\n"
	"line per event: decided, handed, completed, needs (someone), undecided, due;\n"
	"invalid files go to stderr with their line and column and make the exit\n"
	"status 1. With nothing to do it writes nothing and commits nothing.",
	options,
};
