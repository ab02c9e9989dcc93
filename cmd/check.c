/* check.c: `dlg check [PATH...]`: validate dlg.ini, every task and person
 * (or the given files) and print path:line:col: message per problem. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "cmd/options.h"
#include "cmd/output.h"
#include "core/task.h"
#include "core/validate.h"

/* Load dlg.ini for checking: its problems go to diags; the config comes
 * back only when it is valid (tasks' channels are checked against it). */
static struct config *check_config(const char *root, const struct taskset *ts, struct diags *d)
{
	struct strlist people = STRLIST_INIT;
	struct config *cfg = NULL;
	char *ini = xstrfmt("%s/dlg.ini", root);
	int bad = config_load(&cfg, ini, "dlg.ini", d) != 0;

	free(ini);
	if (!cfg)
		return NULL;
	if (bad) {
		/* a broken dlg.ini: don't blame every task for its channels */
		config_free(cfg);
		return NULL;
	}
	taskset_person_ids(ts, &people);
	config_check_refs(cfg, "dlg.ini", &people, d);
	validate_rule_names(cfg, "dlg.ini", ts, d);
	strlist_clear(&people);
	return cfg;
}

/* PATH as given on the command line, relative to the task repository's
 * root; NULL when it lies outside. */
static char *root_relative(const char *root, const char *path)
{
	char *abs = realpath(path, NULL);
	size_t n = strlen(root);
	char *rel = NULL;

	if (!abs)
		return NULL;
	if (!strncmp(abs, root, n) && abs[n] == '/')
		rel = xstrdup(abs + n + 1);
	else if (!strcmp(abs, root))
		rel = xstrdup("");
	free(abs);
	return rel;
}

static void check_one(const char *root, const char *arg, const char *rel, struct config *cfg,
                      const struct taskset *ts, struct diags *d, size_t *files)
{
	struct dlg_err err = DLG_ERR_INIT;

	(*files)++;
	if (!strcmp(rel, "dlg.ini"))
		return; /* check_config checked it; check_paths reports what it found */
	if (starts_with(rel, "people/")) {
		struct person p;

		if (person_load(&p, root, rel, 0, &err))
			diags_add(d, arg, 0, 0, 0, "%s", err.msg);
		else
			validate_person(&p, cfg, d);
		person_release(&p);
	} else {
		struct task t;

		if (task_load(&t, root, rel, 0, &err)) {
			diags_add(d, arg, 0, 0, 0, "%s", err.msg);
		} else {
			free(t.path);
			t.path = xstrdup(arg);
			validate_task(&t, cfg, ts, d);
		}
		task_release(&t);
	}
	err_clear(&err);
}

static void check_paths(const char *root, const struct strlist *paths, const struct taskset *ts,
                        struct diags *d, size_t *files)
{
	struct diags cfg_diags = DIAGS_INIT;
	struct config *cfg = check_config(root, ts, &cfg_diags);
	int ini_given = 0;

	for (size_t i = 0; i < paths->n; i++) {
		char *rel = root_relative(root, paths->v[i]);
		struct stat st;

		if (stat(paths->v[i], &st) < 0) {
			diags_add(d, paths->v[i], 0, 0, 0, "cannot read: %s", strerror(errno));
		} else if (!rel) {
			diags_add(d, paths->v[i], 0, 0, 0, "not inside the task repository %s",
			          root);
		} else if (S_ISDIR(st.st_mode)) {
			diags_add(d, paths->v[i], 0, 0, 0,
			          "is a folder; name files, or run dlg check alone for all");
		} else {
			ini_given |= !strcmp(rel, "dlg.ini");
			check_one(root, paths->v[i], rel, cfg, ts, d, files);
		}
		free(rel);
	}
	if (ini_given)
		for (size_t i = 0; i < cfg_diags.n; i++)
			diags_add(d, cfg_diags.v[i].path, cfg_diags.v[i].line, cfg_diags.v[i].col,
			          cfg_diags.v[i].warning, "%s", cfg_diags.v[i].msg);
	diags_clear(&cfg_diags);
	config_free(cfg);
}

static void check_all(const char *root, const struct taskset *ts, struct diags *d, size_t *files)
{
	struct config *cfg = check_config(root, ts, d);

	for (size_t i = 0; i < ts->npeople; i++)
		validate_person(&ts->people[i], cfg, d);
	for (size_t i = 0; i < ts->ntasks; i++)
		validate_task(&ts->tasks[i], cfg, ts, d);
	*files = ts->ntasks + ts->npeople + 1;
	config_free(cfg);
}

static int cmd_check(int argc, char **argv, struct dlg_ctx *ctx)
{
	int quiet = 0;
	const struct option options[] = {
		OPT_BOOL('q', "quiet", &quiet, "print only the problems, not the summary"),
		OPT_END(),
	};
	struct strlist paths = STRLIST_INIT;
	struct diags d = DIAGS_INIT;
	struct taskset ts = TASKSET_INIT;
	struct dlg_err err = DLG_ERR_INIT;
	size_t files = 0, errors;
	int ret;

	if ((ret = parse_options(ctx, argc, argv, options, &paths)) != OPTIONS_OK)
		return ret;
	if (taskset_load(&ts, ctx->root, 0, &err)) {
		error_msg("%s", err.msg);
		ret = EXIT_FATAL;
		goto out;
	}
	if (paths.n)
		check_paths(ctx->root, &paths, &ts, &d, &files);
	else
		check_all(ctx->root, &ts, &d, &files);
	print_diags(&d);
	errors = diags_errors(&d);
	if (!quiet) {
		if (errors)
			printf("%zu problem%s in %zu file%s checked\n", errors,
			       errors == 1 ? "" : "s", files, files == 1 ? "" : "s");
		else
			printf("%zu file%s checked, all valid%s\n", files, files == 1 ? "" : "s",
			       d.n ? " (with warnings)" : "");
	}
	ret = errors ? EXIT_PARTIAL : EXIT_OK;
out:
	taskset_release(&ts);
	diags_clear(&d);
	strlist_clear(&paths);
	err_clear(&err);
	return ret;
}

const struct command cmd_check_def = {
	"check",
	cmd_check,
	NEED_ROOT,
	"[-q] [PATH...]",
	"validate dlg.ini, every task and person file (or the PATHs given)",
	"Prints each problem as path:line:col: message on stderr, as compilers do, so\n"
	"editors and CI can jump to it. Exits 0 when everything is valid, 1 otherwise.\n"
	"Warnings (names in rules that no task sets) do not change the exit status.",
};
