/* dlg.c: main and the command table: the global options, finding the
 * command, the set-up its flags ask for (the task repository, dlg.ini, the
 * git repository), running it, and flushing what it printed. */
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
#include "cmd/options.h"
#include "cmd/output.h"
#include "core/repo.h"
#include "lib/value.h"

const struct command *const dlg_commands[] = {
	&cmd_agenda_def,   &cmd_board_def,      &cmd_brief_def,
	&cmd_calendar_def, &cmd_check_def,      &cmd_done_def,
	&cmd_edit_def,     &cmd_explain_def,    &cmd_give_def,
	&cmd_help_def,     &cmd_init_def,       &cmd_list_def,
	&cmd_log_def,      &cmd_merge_file_def, &cmd_new_def,
	&cmd_people_def,   &cmd_report_def,     &cmd_snooze_def,
	&cmd_sync_def,     &cmd_undo_def,       NULL,
};

const struct command *find_command(const char *name)
{
	for (size_t i = 0; dlg_commands[i]; i++)
		if (!strcmp(dlg_commands[i]->name, name))
			return dlg_commands[i];
	return NULL;
}

/* dlg's own options, before the command: as dlg_usage shows them, and as
 * a command told one of them says how to give it. */
static const struct global_option {
	const char *name;
	const char *arg; /* NULL for a flag */
	const char *help;
} global_opts[] = {
	{ "-C", "DIR", "run as if started in DIR" },
	{ "--today", "DATE", "take DATE (YYYY-MM-DD) as today (also DLG_TODAY)" },
	{ "--no-color", NULL, "never colour the output (also NO_COLOR)" },
	{ "--version", NULL, NULL },
};

int global_option_hint(struct strbuf *out, const char *cmd, const char *word, const char *next)
{
	for (size_t i = 0; i < ARRAY_SIZE(global_opts); i++) {
		const struct global_option *g = &global_opts[i];
		size_t len = strlen(g->name);
		const char *rest = word + len, *value = NULL;

		if (strncmp(word, g->name, len))
			continue;
		if (*rest) {
			/* --today=DATE and -CDIR, but not --todays */
			if (!g->arg || (g->name[1] == '-' && *rest != '='))
				continue;
			value = rest + (*rest == '=');
		} else if (g->arg) {
			value = next && *next != '-' ? next : g->arg;
		}
		strbuf_addf(out,
		            "'%s' is a global option: give it before the command, as in: dlg %s",
		            g->name, g->name);
		if (value)
			strbuf_addf(out, " %s", value);
		if (strcmp(g->name, "--version"))
			strbuf_addf(out, " %s", cmd);
		return 1;
	}
	return 0;
}

void dlg_usage(FILE *fp)
{
	fprintf(fp, "usage: dlg [-C DIR] [--today DATE] [--no-color] COMMAND [ARGS]\n"
	            "       dlg --version | --help | help COMMAND\n\n"
	            "Decide what to keep, delegate, outsource or drop, and keep on top of what\n"
	            "you handed off. Tasks are Markdown files in a git repository.\n\n"
	            "commands:\n");
	for (size_t i = 0; dlg_commands[i]; i++)
		fprintf(fp, "  %-10s %s\n", dlg_commands[i]->name, dlg_commands[i]->summary);
	fprintf(fp, "\nglobal options:\n");
	for (size_t i = 0; i < ARRAY_SIZE(global_opts); i++) {
		char *opt = xstrfmt("%s%s%s", global_opts[i].name, global_opts[i].arg ? " " : "",
		                    global_opts[i].arg ? global_opts[i].arg : "");

		if (global_opts[i].help)
			fprintf(fp, "  %-15s %s\n", opt, global_opts[i].help);
		free(opt);
	}
	fprintf(fp, "\nSee 'dlg help COMMAND' for one command, and man dlg for everything.\n");
}

/* The task repository: going up from start, the first folder holding
 * dlg.ini or .git, when it holds dlg.ini. A git repository without one is
 * not a task repository (git stops at the first .git too), so that a
 * command run in a code repository changes nothing there. */
static char *find_root(const char *start)
{
	char *dir = realpath(start, NULL);
	struct stat st;

	if (!dir)
		return NULL;
	for (;;) {
		char *ini = xstrfmt("%s/dlg.ini", dir);
		char *git = xstrfmt("%s/.git", dir);
		int has_ini = stat(ini, &st) == 0, has_git = lstat(git, &st) == 0;
		char *slash;

		free(ini);
		free(git);
		if (has_ini)
			return dir;
		slash = strrchr(dir, '/');
		if (has_git || !slash || slash == dir) {
			free(dir);
			return NULL;
		}
		*slash = '\0';
	}
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

static int load_config(struct dlg_ctx *ctx)
{
	struct diags diags = DIAGS_INIT;
	char *ini = xstrfmt("%s/dlg.ini", ctx->root);
	int ret = 0;

	if (config_load(&ctx->cfg, ini, "dlg.ini", &diags) || check_refs(ctx, &diags))
		ret = -1;
	print_diags(&diags);
	diags_clear(&diags);
	free(ini);
	return ret;
}

/* The git repository at ctx->root, which must be the top of its work tree:
 * dlg's paths (tasks/x.md) are the repository's paths. */
static int open_repo(struct dlg_ctx *ctx)
{
	struct dlg_err err = DLG_ERR_INIT;
	struct strbuf want = STRBUF_INIT;
	int ret = repo_open(&ctx->repo, ctx->root, &err);

	strbuf_addf(&want, "%s/", ctx->root);
	if (!ret && strcmp(repo_workdir(ctx->repo), want.buf)) {
		ret =
		    err_set(&err, 0, 0,
		            "dlg.ini is in %s, not at the top of the git work tree %s; run dlg "
		            "init there, or move the task repository into a repository of its own",
		            ctx->root, repo_workdir(ctx->repo));
		repo_free(ctx->repo);
		ctx->repo = NULL;
	}
	if (ret)
		error_msg("%s", err.msg ? err.msg : "cannot open the git repository");
	strbuf_release(&want);
	err_clear(&err);
	return ret;
}

/* What cmd's flags ask for, in this order: each may fail with its error
 * printed. `dlg CMD --help` alone needs nothing, as `dlg help CMD`. */
static int setup(struct dlg_ctx *ctx, const struct command *cmd, int argc, char **argv)
{
	if (!(cmd->flags & (NEED_ROOT | NEED_CONFIG | NEED_REPO)))
		return 0;
	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")))
		return 0;
	ctx->root = find_root(".");
	if (!ctx->root) {
		error_msg("not a dlg task repository (no dlg.ini): run dlg init");
		return -1;
	}
	if ((cmd->flags & NEED_CONFIG) && load_config(ctx))
		return -1;
	if ((cmd->flags & NEED_REPO) && open_repo(ctx))
		return -1;
	return 0;
}

static void teardown(struct dlg_ctx *ctx)
{
	repo_free(ctx->repo);
	config_free(ctx->cfg);
	free(ctx->root);
}

/* The options before the command's name, from argv[*i] on; *i is left at
 * the name. OPTIONS_OK, or the exit status when there is nothing to run. */
static int global_options(struct dlg_ctx *ctx, int argc, char **argv, int *i, const char **today,
                          const char **today_opt)
{
	for (; *i < argc && argv[*i][0] == '-'; ++*i) {
		const char *a = argv[*i];

		if (!strcmp(a, "-C") && *i + 1 < argc) {
			ctx->start_dir = argv[++*i];
		} else if (starts_with(a, "-C") && a[2]) {
			ctx->start_dir = a + 2;
		} else if (!strcmp(a, "--today") && *i + 1 < argc) {
			*today = argv[++*i];
			*today_opt = "--today";
		} else if (starts_with(a, "--today=")) {
			*today = a + 8;
			*today_opt = "--today";
		} else if (!strcmp(a, "--no-color")) {
			ctx->no_color = 1;
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
	if (*i >= argc) {
		dlg_usage(stderr);
		return EXIT_FATAL;
	}
	return OPTIONS_OK;
}

const struct command *lookup_command(const char *name)
{
	const struct command *cmd = find_command(name);
	const char *names[ARRAY_SIZE(dlg_commands)];
	const char *near;
	size_t n = 0;

	if (cmd)
		return cmd;
	for (; dlg_commands[n]; n++)
		names[n] = dlg_commands[n]->name;
	near = closest_match(name, names, n);
	if (near)
		error_msg("'%s' is not a dlg command (did you mean '%s'?)", name, near);
	else
		error_msg("'%s' is not a dlg command; see 'dlg help'", name);
	return NULL;
}

/* --today, else DLG_TODAY, else the local clock. */
static int set_today(struct dlg_ctx *ctx, const char *today, const char *today_opt)
{
	time_t now = time(NULL);
	struct tm tm;
	int clock;

	localtime_r(&now, &tm);
	clock = date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	ctx->today = clock;
	/* the words people type count from the clock's today: --today tomorrow */
	if (today && *today && date_parse_human(today, clock, &ctx->today)) {
		error_msg("%s: '%s' is not a date (YYYY-MM-DD, or today, tomorrow, +3d, "
		          "2w, friday, next week)",
		          today_opt, today);
		return -1;
	}
	return 0;
}

static int want_color(const struct dlg_ctx *ctx)
{
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");

	return !ctx->no_color && !(nc && *nc) && isatty(STDOUT_FILENO) &&
	       !(term && !strcmp(term, "dumb"));
}

int main(int argc, char **argv)
{
	struct dlg_ctx ctx;
	const char *today = getenv("DLG_TODAY"), *today_opt = "DLG_TODAY";
	int i = 1, ret;

	memset(&ctx, 0, sizeof(ctx));
	ctx.start_dir = ".";
	if ((ret = global_options(&ctx, argc, argv, &i, &today, &today_opt)) != OPTIONS_OK)
		return ret;
	if (!(ctx.cmd = lookup_command(argv[i])) || set_today(&ctx, today, today_opt))
		return EXIT_FATAL;
	ctx.color = want_color(&ctx);
	if (strcmp(ctx.start_dir, ".") && chdir(ctx.start_dir) < 0) {
		error_msg("cannot change to '%s': %s", ctx.start_dir, strerror(errno));
		return EXIT_FATAL;
	}
	argc -= i;
	argv += i;
	ret = setup(&ctx, ctx.cmd, argc, argv) ? EXIT_FATAL : ctx.cmd->fn(argc, argv, &ctx);
	teardown(&ctx);
	if (fflush(stdout) || ferror(stdout)) {
		if (errno != EPIPE)
			error_msg("cannot write output: %s", strerror(errno));
		return EXIT_FATAL;
	}
	return ret;
}
