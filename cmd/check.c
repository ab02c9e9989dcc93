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
static struct config *check_config(const char *root, const struct taskset *ts,
                                   struct validate_names *names, struct diags *d)
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
	for (size_t i = 0; i < ts->npeople; i++)
		validate_names_add(names, &ts->people[i].fields);
	validate_rule_names_from(cfg, "dlg.ini", names, d);
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
                        struct validate_names *names, struct diags *d, size_t *files)
{
	struct diags cfg_diags = DIAGS_INIT;
	struct config *cfg = check_config(root, ts, names, &cfg_diags);
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

/* Each task file as it is read: its names noted (for the rules' warnings),
 * checked when all are, then dropped: check keeps no documents. */
struct check_walk {
	const struct config *cfg; /* NULL until dlg.ini is read */
	const struct taskset *people;
	struct validate_names *names;
	struct diags *d; /* NULL: only the names */
	size_t files;
};

static int check_each(struct task *t, void *payload, struct dlg_err *err)
{
	struct check_walk *w = payload;

	(void)err;
	validate_names_add(w->names, &t->fields);
	if (w->d) {
		validate_task(t, w->cfg, w->people, w->d);
		w->files++;
	}
	return 0;
}

/* Read every task file once, noting names, and checking them when d. */
static int check_walk(const char *root, const struct taskset *people, const struct config *cfg,
                      struct validate_names *names, struct diags *d, size_t *files,
                      struct dlg_err *err)
{
	struct check_walk w = { cfg, people, names, d, 0 };
	struct taskset ts = TASKSET_INIT;
	int ret = taskset_load_stream(&ts, root, 0, NULL, check_each, &w, err);

	taskset_release(&ts);
	*files += w.files;
	return ret;
}

static int check_all(const char *root, const struct taskset *people, struct diags *d, size_t *files,
                     struct dlg_err *err)
{
	struct validate_names names = VALIDATE_NAMES_INIT;
	struct diags cfg_d = DIAGS_INIT, tasks_d = DIAGS_INIT;
	struct config *cfg = NULL;
	char *ini = xstrfmt("%s/dlg.ini", root);
	int ret;

	/* dlg.ini's channels are needed before the tasks, the tasks' names
	 * before dlg.ini's warnings: the tasks are read once, the warnings
	 * said first */
	if (config_load(&cfg, ini, "dlg.ini", &cfg_d) != 0 && cfg) {
		config_free(cfg);
		cfg = NULL;
	}
	free(ini);
	ret = check_walk(root, people, cfg, &names, &tasks_d, files, err);
	if (!ret && cfg) {
		struct strlist ids = STRLIST_INIT;

		taskset_person_ids(people, &ids);
		config_check_refs(cfg, "dlg.ini", &ids, &cfg_d);
		strlist_clear(&ids);
		for (size_t i = 0; i < people->npeople; i++)
			validate_names_add(&names, &people->people[i].fields);
		validate_rule_names_from(cfg, "dlg.ini", &names, &cfg_d);
	}
	for (size_t i = 0; i < cfg_d.n; i++)
		diags_add(d, cfg_d.v[i].path, cfg_d.v[i].line, cfg_d.v[i].col, cfg_d.v[i].warning,
		          "%s", cfg_d.v[i].msg);
	for (size_t i = 0; i < people->npeople; i++)
		validate_person(&people->people[i], cfg, d);
	for (size_t i = 0; i < tasks_d.n; i++)
		diags_add(d, tasks_d.v[i].path, tasks_d.v[i].line, tasks_d.v[i].col,
		          tasks_d.v[i].warning, "%s", tasks_d.v[i].msg);
	*files += people->npeople + 1;
	diags_clear(&cfg_d);
	diags_clear(&tasks_d);
	validate_names_release(&names);
	config_free(cfg);
	return ret;
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
	/* the people once, the tasks streamed: check keeps no documents */
	if (taskset_load(&ts, ctx->root, TASKSET_PEOPLE_ONLY, &err)) {
		error_msg("%s", err.msg);
		ret = EXIT_FATAL;
		goto out;
	}
	if (paths.n) {
		struct validate_names names = VALIDATE_NAMES_INIT;
		size_t none = 0;

		if (check_walk(ctx->root, &ts, NULL, &names, NULL, &none, &err) == 0)
			check_paths(ctx->root, &paths, &ts, &names, &d, &files);
		validate_names_release(&names);
	} else {
		check_all(ctx->root, &ts, &d, &files, &err);
	}
	if (err.msg) {
		error_msg("%s", err.msg);
		ret = EXIT_FATAL;
		goto out;
	}
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
