/* help.c: `dlg help [COMMAND]`: dlg's usage, or one command's help. */
#include <stdio.h>

#include "cmd/cmd.h"
#include "cmd/options.h"
#include "cmd/output.h"

static int cmd_help(int argc, char **argv, struct dlg_ctx *ctx)
{
	const struct option options[] = { OPT_END() };
	struct strlist args = STRLIST_INIT;
	const struct command *cmd;
	struct dlg_ctx as_cmd;
	char help_opt[] = "--help";
	char *help_argv[3];
	int ret;

	if ((ret = parse_options(ctx, argc, argv, options, &args)) != OPTIONS_OK ||
	    (ret = check_args(ctx, &args, 0, 1)) != OPTIONS_OK)
		return ret;
	if (!args.n) {
		dlg_usage(stdout);
		return EXIT_OK;
	}
	cmd = lookup_command(args.v[0]);
	if (!cmd) {
		strlist_clear(&args);
		return EXIT_FATAL;
	}
	strlist_clear(&args);
	/* the command prints its help from its own option table */
	as_cmd = *ctx;
	as_cmd.cmd = cmd;
	help_argv[0] = (char *)cmd->name;
	help_argv[1] = help_opt;
	help_argv[2] = NULL;
	return cmd->fn(2, help_argv, &as_cmd);
}

const struct command cmd_help_def = {
	"help", cmd_help, 0, "[COMMAND]", "show help for dlg or one of its commands", NULL,
};
