/* init.c: `dlg init [DIR]`: a new task repository: a git repository when
 * there is none, the built-in dlg.ini, tasks/, people/, a README.md, and a
 * first commit. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd/cmd.h"
#include "cmd/options.h"
#include "cmd/output.h"
#include "core/repo.h"
#include "core/task.h"

static const char readme[] =
    "# Tasks\n"
    "\n"
    "A task repository for [dlg](https://example.org/dlg): one task per Markdown file\n"
    "under `tasks/`, the people and services you hand work to under `people/`, and\n"
    "your rules in `dlg.ini`. A task's YAML front-matter (between `---` lines) holds\n"
    "fields such as `enjoy: no`, `hours: 3`, `cost: 120`, `due: 2026-12-01`; its\n"
    "`## Brief` section is what you send whoever takes it. Run `dlg sync` after editing.\n";

static const char first_message[] =
    "Start a dlg task repository\n\n"
    "dlg.ini holds the rules that decide every task: keep what you enjoy,\n"
    "want to learn, or is a core purpose; hand off what you are bad at,\n"
    "don't enjoy, or isn't worth your time; drop what matters to no one.\n";

static char *given_message(const struct repo_changes *ch, void *payload)
{
	(void)ch;
	return xstrdup(payload);
}

static int write_new(const char *root, const char *rel, const char *data, size_t len,
                     struct strlist *made, struct dlg_err *err)
{
	char *path = xstrfmt("%s%s", root, rel);
	struct stat st;
	int ret = 0;

	if (stat(path, &st) == 0) {
		free(path);
		return 0; /* keep what is there */
	}
	ret = file_write_atomic(path, data, len, err);
	if (!ret)
		strlist_push(made, rel);
	free(path);
	return ret;
}

static int make_dir(const char *root, const char *rel, struct dlg_err *err)
{
	char *path = xstrfmt("%s%s", root, rel);
	int ret = 0;

	if (mkdir(path, 0777) < 0 && errno != EEXIST)
		ret = err_set(err, 0, 0, "cannot make folder %s: %s", path, strerror(errno));
	free(path);
	return ret;
}

static int cmd_init(int argc, char **argv, struct dlg_ctx *ctx)
{
	const struct option options[] = { OPT_END() };
	struct strlist args = STRLIST_INIT, made = STRLIST_INIT;
	struct dlg_err err = DLG_ERR_INIT;
	struct repo *repo = NULL;
	struct repo_commit_opts opts = REPO_COMMIT_OPTS_INIT;
	struct repo_commit_result res = REPO_COMMIT_RESULT_INIT;
	struct repo_oid head;
	const char *root;
	char *ini = NULL;
	struct stat st;
	int ret;

	if ((ret = parse_options(ctx, argc, argv, options, &args)) != OPTIONS_OK ||
	    (ret = check_args(ctx, &args, 0, 1)) != OPTIONS_OK)
		return ret;
	ret = EXIT_FATAL;
	ini = xstrfmt("%s/dlg.ini", args.n ? args.v[0] : ".");
	if (stat(ini, &st) == 0) {
		error_msg("%s already exists: this is a task repository already", ini);
		goto out;
	}
	free(ini);
	ini = NULL;
	if (repo_init(&repo, args.n ? args.v[0] : ".", &err))
		goto fail;
	root = repo_workdir(repo);
	ini = xstrfmt("%sdlg.ini", root);
	if (stat(ini, &st) == 0) {
		error_msg("%s already exists: this is a task repository already", ini);
		goto out;
	}
	/* no identity: say so before writing anything */
	if (repo_check_state(repo, &err) || repo_signature(NULL, NULL, repo, &err))
		goto fail;
	if (repo_head(&head, repo, &err) == 0)
		opts.parent = &head;
	else if (!repo_is_unborn(repo))
		goto fail;
	err_clear(&err);
	if (make_dir(root, "tasks", &err) || make_dir(root, "people", &err) ||
	    write_new(root, "dlg.ini", config_default_ini, config_default_ini_len, &made, &err) ||
	    write_new(root, "README.md", readme, sizeof(readme) - 1, &made, &err) ||
	    write_new(root, "tasks/.gitkeep", "", 0, &made, &err) ||
	    write_new(root, "people/.gitkeep", "", 0, &made, &err))
		goto fail;
	opts.paths = &made;
	opts.message = given_message;
	opts.payload = (void *)first_message;
	if (repo_commit_paths(&res, repo, &opts, &err))
		goto fail;
	printf("Made a dlg task repository in %s (commit %s)\n", root, res.short_id);
	printf("Next: dlg new \"Clean the gutters\" enjoy=no hours=3 cost=120, then dlg sync\n");
	ret = EXIT_OK;
	goto out;
fail:
	error_msg("%s", err.msg ? err.msg : "init failed");
out:
	free(ini);
	repo_commit_result_clear(&res);
	repo_free(repo);
	strlist_clear(&args);
	strlist_clear(&made);
	err_clear(&err);
	return ret;
}

const struct command cmd_init_def = {
	"init",
	cmd_init,
	0,
	"[DIR]",
	"make a new task repository (in DIR, default here)",
	"Makes DIR a git repository when it is not one, writes dlg.ini with the default\n"
	"rules, tasks/ and people/ (each with an empty .gitkeep so git keeps them) and a\n"
	"README.md (kept when there is one), and commits them. Refuses when dlg.ini\n"
	"exists already.",
};
