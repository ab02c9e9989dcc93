/* dlg.c: main: global options, the command table, and the set-up commands
 * need (finding the task repository, loading dlg.ini, today's date). */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "cmd/output.h"
#include "lib/value.h"

const struct command *const dlg_commands[] = {
	&cmd_agenda_def, &cmd_brief_def,  &cmd_check_def,  &cmd_done_def, &cmd_explain_def,
	&cmd_give_def,   &cmd_help_def,   &cmd_init_def,   &cmd_list_def, &cmd_log_def,
	&cmd_new_def,    &cmd_people_def, &cmd_report_def, &cmd_sync_def, NULL,
};

const struct command *find_command(const char *name)
{
	for (size_t i = 0; dlg_commands[i]; i++)
		if (!strcmp(dlg_commands[i]->name, name))
			return dlg_commands[i];
	return NULL;
}

void dlg_usage(FILE *fp)
{
	fprintf(fp, "usage: dlg [-C DIR] [--today DATE] [--no-color] COMMAND [ARGS]\n"
	            "       dlg --version | --help | help COMMAND\n\n"
	            "Decide what to keep, delegate, outsource or drop, and keep on top of what\n"
	            "you handed off. Tasks are Markdown files in a git repository.\n\n"
	            "commands:\n");
	for (size_t i = 0; dlg_commands[i]; i++)
		fprintf(fp, "  %-9s %s\n", dlg_commands[i]->name, dlg_commands[i]->summary);
	fprintf(fp, "\nglobal options:\n"
	            "  -C DIR          run as if started in DIR\n"
	            "  --today DATE    take DATE (YYYY-MM-DD) as today (also DLG_TODAY)\n"
	            "  --no-color      never colour the output (also NO_COLOR)\n"
	            "\nSee 'dlg help COMMAND' for one command, and man dlg for everything.\n");
}

/* The task repository: the nearest folder, from start up, holding dlg.ini
 * or .git (like git, which stops at the first .git). */
static char *find_root(const char *start)
{
	char *dir = realpath(start, NULL);
	struct stat st;

	if (!dir)
		return NULL;
	for (;;) {
		char *ini = xstrfmt("%s/dlg.ini", dir);
		char *git = xstrfmt("%s/.git", dir);
		int found = stat(ini, &st) == 0 || stat(git, &st) == 0;
		char *slash;

		free(ini);
		free(git);
		if (found)
			return dir;
		slash = strrchr(dir, '/');
		if (!slash || slash == dir) {
			free(dir);
			return NULL;
		}
		*slash = '\0';
	}
}

static int today_from(const char *opt, const char *s, int *days)
{
	if (date_parse(s, days)) {
		error_msg("%s: '%s' is not a date (YYYY-MM-DD)", opt, s);
		return -1;
	}
	return 0;
}

static int local_today(void)
{
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* The `to =` of rules and channels must name files in people/. */
static int check_refs(const struct dlg_ctx *ctx, struct diags *diags)
{
	struct strlist people = STRLIST_INIT;
	char *dir = xstrfmt("%s/people", ctx->root);
	DIR *d = opendir(dir);
	struct dirent *de;
	int ret;

	while (d && (de = readdir(d)))
		if (de->d_name[0] != '.' && ends_with(de->d_name, ".md"))
			strlist_push_nodup(&people, xstrndup(de->d_name, strlen(de->d_name) - 3));
	if (d)
		closedir(d);
	strlist_sort(&people);
	ret = config_check_refs(ctx->cfg, "dlg.ini", &people, diags);
	strlist_clear(&people);
	free(dir);
	return ret;
}

static int setup(struct dlg_ctx *ctx, const struct command *cmd)
{
	struct diags diags = DIAGS_INIT;
	char *ini;
	int ret = 0;

	if (!(cmd->flags & (NEED_ROOT | NEED_CONFIG)))
		return 0;
	ctx->root = find_root(".");
	if (!ctx->root) {
		error_msg("not a dlg task repository (no dlg.ini or .git here or in any parent "
		          "folder of '%s'); create one with: dlg init",
		          ctx->start_dir);
		return -1;
	}
	if (!(cmd->flags & NEED_CONFIG))
		return 0;
	ini = xstrfmt("%s/dlg.ini", ctx->root);
	if (config_load(&ctx->cfg, ini, "dlg.ini", &diags) || check_refs(ctx, &diags))
		ret = -1;
	print_diags(&diags);
	diags_clear(&diags);
	free(ini);
	return ret;
}

int main(int argc, char **argv)
{
	struct dlg_ctx ctx;
	const struct command *cmd;
	const char *today = getenv("DLG_TODAY"), *today_opt = "DLG_TODAY";
	const char *nc = getenv("NO_COLOR");
	int i, ret;

	memset(&ctx, 0, sizeof(ctx));
	ctx.start_dir = ".";
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-C") && i + 1 < argc) {
			ctx.start_dir = argv[++i];
		} else if (starts_with(a, "-C") && a[2]) {
			ctx.start_dir = a + 2;
		} else if (!strcmp(a, "--today") && i + 1 < argc) {
			today = argv[++i];
			today_opt = "--today";
		} else if (starts_with(a, "--today=")) {
			today = a + 8;
			today_opt = "--today";
		} else if (!strcmp(a, "--no-color")) {
			ctx.no_color = 1;
		} else if (!strcmp(a, "--version")) {
			printf("dlg %s\n", DLG_VERSION);
			return EXIT_OK;
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			dlg_usage(stdout);
			return EXIT_OK;
		} else {
			error_msg("unknown option '%s'", a);
			dlg_usage(stderr);
			return EXIT_FATAL;
		}
	}
	if (i >= argc) {
		dlg_usage(stderr);
		return EXIT_FATAL;
	}
	cmd = find_command(argv[i]);
	if (!cmd) {
		const char *names[32];
		const char *near;
		size_t n = 0;

		for (; dlg_commands[n] && n < ARRAY_SIZE(names); n++)
			names[n] = dlg_commands[n]->name;
		near = closest_match(argv[i], names, n);
		if (near)
			error_msg("'%s' is not a dlg command (did you mean '%s'?)", argv[i], near);
		else
			error_msg("'%s' is not a dlg command; see 'dlg help'", argv[i]);
		return EXIT_FATAL;
	}
	if (today && *today) {
		if (today_from(today_opt, today, &ctx.today))
			return EXIT_FATAL;
	} else {
		ctx.today = local_today();
	}
	ctx.color = !ctx.no_color && !(nc && *nc) && isatty(STDOUT_FILENO) &&
	            !(getenv("TERM") && !strcmp(getenv("TERM"), "dumb"));
	ctx.cmd = cmd;
	if (strcmp(ctx.start_dir, ".") && chdir(ctx.start_dir) < 0) {
		error_msg("cannot change to '%s': %s", ctx.start_dir, strerror(errno));
		return EXIT_FATAL;
	}
	if (setup(&ctx, cmd)) {
		ret = EXIT_FATAL;
	} else {
		ret = cmd->fn(argc - i, argv + i, &ctx);
	}
	config_free(ctx.cfg);
	free(ctx.root);
	if (fflush(stdout) || ferror(stdout)) {
		if (errno != EPIPE)
			error_msg("cannot write output: %s", strerror(errno));
		return EXIT_FATAL;
	}
	return ret;
}
