/* init.c: `dlg init [DIR]`: a new task repository: a git repository when
 * there is none, the built-in dlg.ini, tasks/, people/, a README.md, and a
 * first commit. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "cmd/options.h"
#include "cmd/output.h"
#include "core/repo.h"
#include "core/task.h"
#include "lib/rmtree.h"

static const char readme[] =
    "# Tasks\n"
    "\n"
    "A task repository for dlg: one task per Markdown file under `tasks/`, the\n"
    "people and services you hand work to under `people/`, and your rules in\n"
    "`dlg.ini`. A task's YAML front-matter (between `---` lines) holds fields such\n"
    "as `enjoy: no`, `hours: 3`, `cost: 120`, `due: 2026-12-01`; its `## Brief`\n"
    "section is what you send whoever takes it. Run `dlg sync` after editing.\n"
    "\n"
    "`man dlg` tells everything (every command, field and rule), `dlg help` lists\n"
    "the commands, and `dlg explain ID` shows how the rules decided a task.\n";

static const char first_message[] =
    "Start a dlg task repository\n\n"
    "dlg.ini holds the rules that decide every task: keep what you enjoy,\n"
    "want to learn, or is a core purpose; hand off what you are bad at,\n"
    "don't enjoy, or isn't worth your time; drop what matters to no one.\n";

/* What this init made, so that it can remove it all when it stops. */
struct made {
	struct strlist dirs;  /* folders it made, outermost first */
	struct strlist files; /* files it wrote, repository-relative */
	char *gitdir;         /* the .git it made, or NULL */
};
#define MADE_INIT                                                                                  \
	{                                                                                          \
		STRLIST_INIT, STRLIST_INIT, NULL                                                   \
	}

static void made_release(struct made *m)
{
	strlist_clear(&m->dirs);
	strlist_clear(&m->files);
	free(m->gitdir);
}

/* Take back everything in m: nothing of a stopped init is left behind. */
static void made_remove(const struct made *m, const char *root)
{
	struct dlg_err err = DLG_ERR_INIT;

	for (size_t i = m->files.n; i-- > 0;) {
		char *path = xstrfmt("%s%s", root, m->files.v[i]);

		if (unlink(path) < 0 && errno != ENOENT)
			warning_msg("cannot remove %s: %s", path, strerror(errno));
		free(path);
	}
	if (m->gitdir && rmtree(m->gitdir, &err))
		warning_msg("%s", err.msg);
	for (size_t i = m->dirs.n; i-- > 0;)
		if (rmdir(m->dirs.v[i]) < 0 && errno != ENOENT)
			warning_msg("cannot remove %s: %s", m->dirs.v[i], strerror(errno));
	err_clear(&err);
}

/* mkdir -p dir, noting each folder it makes in m. */
static int make_dirs(struct made *m, const char *dir, struct dlg_err *err)
{
	char *path = xstrdup(dir);
	struct stat st;
	int ret = 0;

	for (char *p = path + 1;; p++) {
		char c = *p;

		if (c != '/' && c != '\0')
			continue;
		*p = '\0';
		if (mkdir(path, 0777) == 0)
			strlist_push(&m->dirs, path);
		else if (errno != EEXIST || stat(path, &st) < 0 || !S_ISDIR(st.st_mode))
			ret = err_set(err, 0, 0, "cannot make folder %s: %s", path,
			              errno == EEXIST ? strerror(ENOTDIR) : strerror(errno));
		*p = c;
		if (ret || !c)
			break;
	}
	free(path);
	return ret;
}

static int make_dir(struct made *m, const char *root, const char *rel, struct dlg_err *err)
{
	char *path = xstrfmt("%s%s", root, rel);
	int ret = 0;

	if (mkdir(path, 0777) == 0)
		strlist_push(&m->dirs, path);
	else if (errno != EEXIST)
		ret = err_set(err, 0, 0, "cannot make folder %s: %s", path, strerror(errno));
	free(path);
	return ret;
}

static char *given_message(const struct repo_changes *ch, void *payload)
{
	(void)ch;
	return xstrdup(payload);
}

static int write_new(struct made *m, const char *root, const char *rel, const char *data,
                     size_t len, struct dlg_err *err)
{
	char *path = xstrfmt("%s%s", root, rel);
	struct stat st;
	int ret = 0;

	if (lstat(path, &st) == 0) {
		free(path);
		return 0; /* keep what is there */
	}
	ret = file_write_atomic(path, data, len, err);
	if (!ret)
		strlist_push(&m->files, rel);
	free(path);
	return ret;
}

/* A refusal when dir lies inside another repository's work tree, where a
 * repository made in it would be nested: git there would see only a folder
 * it can't look into. 0 when dir is fine. */
static int refuse_nested(const char *dir, const char *given)
{
	struct dlg_err err = DLG_ERR_INIT;
	struct strbuf top = STRBUF_INIT;
	const char *shown = given ? given : "this folder";
	char *ini = NULL,
	     *again = xstrfmt("dlg init --nested%s%s", given ? " " : "", given ? given : "");
	struct stat st;
	int ret = repo_enclosing_workdir(&top, dir, &err);

	if (ret < 0) {
		error_msg("%s", err.msg);
	} else if (ret > 0) {
		ini = xstrfmt("%sdlg.ini", top.buf);
		if (stat(ini, &st) == 0)
			error_msg("%s is inside the task repository %s: run dlg there, or make a "
			          "separate repository nested in it with: %s",
			          shown, top.buf, again);
		else
			error_msg("%s is inside the git repository %s: make that a task repository "
			          "with: dlg init %s; or make a separate repository nested in it "
			          "with: %s",
			          shown, top.buf, top.buf, again);
	}
	free(again);
	free(ini);
	strbuf_release(&top);
	err_clear(&err);
	return ret;
}

/* The folders, files, repository and commit of a new task repository in
 * dir, each noted in m as it is made. */
static int make_repo(struct made *m, struct repo **repo, struct repo_commit_result *res,
                     const char *dir, struct dlg_err *err)
{
	struct repo_commit_opts opts = REPO_COMMIT_OPTS_INIT;
	struct repo_oid head;
	const char *root;
	char *git = xstrfmt("%s/.git", dir), *ini = NULL;
	struct stat st;
	int had_git, ret;

	if ((ret = make_dirs(m, dir, err)))
		goto out;
	had_git = lstat(git, &st) == 0;
	if ((ret = repo_init(repo, dir, err)))
		goto out;
	if (!had_git && lstat(git, &st) == 0)
		m->gitdir = xstrdup(git);
	root = repo_workdir(*repo);
	ini = xstrfmt("%sdlg.ini", root);
	if (stat(ini, &st) == 0) {
		ret =
		    err_set(err, 0, 0, "%s already exists: this is a task repository already", ini);
		goto out;
	}
	/* no identity: say so before writing anything */
	if ((ret = repo_check_state(*repo, err)) || (ret = repo_signature(NULL, NULL, *repo, err)))
		goto out;
	if (repo_head(&head, *repo, err) == 0) {
		opts.parent = &head;
	} else if (!repo_is_unborn(*repo)) {
		ret = DLG_ERROR;
		goto out;
	}
	err_clear(err);
	if ((ret = make_dir(m, root, "tasks", err)) || (ret = make_dir(m, root, "people", err)) ||
	    (ret =
	         write_new(m, root, "dlg.ini", config_default_ini, config_default_ini_len, err)) ||
	    (ret = write_new(m, root, "README.md", readme, sizeof(readme) - 1, err)) ||
	    (ret = write_new(m, root, ".gitattributes", repo_merge_attributes(),
	                     strlen(repo_merge_attributes()), err)) ||
	    (ret = repo_register_merge_driver(*repo, err)) ||
	    (ret = write_new(m, root, "tasks/.gitkeep", "", 0, err)) ||
	    (ret = write_new(m, root, "people/.gitkeep", "", 0, err)))
		goto out;
	opts.paths = &m->files;
	opts.message = given_message;
	opts.payload = (void *)first_message;
	ret = repo_commit_paths(res, *repo, &opts, err);
out:
	free(ini);
	free(git);
	return ret;
}

static int cmd_init(int argc, char **argv, struct dlg_ctx *ctx)
{
	int nested = 0;
	const struct option options[] = {
		OPT_BOOL(0, "nested", &nested,
		         "make a repository of its own also inside another repository's work tree"),
		OPT_END(),
	};
	struct strlist args = STRLIST_INIT;
	struct made made = MADE_INIT;
	struct dlg_err err = DLG_ERR_INIT;
	struct repo *repo = NULL;
	struct repo_commit_result res = REPO_COMMIT_RESULT_INIT;
	const char *dir;
	char *ini = NULL, *root = NULL;
	struct stat st;
	int ret;

	if ((ret = parse_options(ctx, argc, argv, options, &args)) != OPTIONS_OK ||
	    (ret = check_args(ctx, &args, 0, 1)) != OPTIONS_OK)
		return ret;
	ret = EXIT_FATAL;
	dir = args.n ? args.v[0] : ".";
	ini = xstrfmt("%s/dlg.ini", dir);
	if (stat(ini, &st) == 0) {
		error_msg("%s already exists: this is a task repository already", ini);
		goto out;
	}
	if (!nested && refuse_nested(dir, args.n ? args.v[0] : NULL))
		goto out;
	if (make_repo(&made, &repo, &res, dir, &err)) {
		error_msg("%s", err.msg ? err.msg : "init failed");
		/* a commit made stays; anything short of it is taken back */
		if (!res.committed) {
			root = repo ? xstrdup(repo_workdir(repo)) : NULL;
			repo_free(repo);
			repo = NULL;
			made_remove(&made, root ? root : "");
		}
		goto out;
	}
	printf("Made a dlg task repository in %s (commit %s)\n", repo_workdir(repo), res.short_id);
	printf("Next: dlg new \"Clean the gutters\" enjoy=no hours=3 cost=120, then dlg sync\n");
	ret = EXIT_OK;
out:
	free(root);
	free(ini);
	repo_commit_result_clear(&res);
	repo_free(repo);
	made_release(&made);
	strlist_clear(&args);
	err_clear(&err);
	return ret;
}

const struct command cmd_init_def = {
	"init",
	cmd_init,
	0,
	"[--nested] [DIR]",
	"make a new task repository (in DIR, default here)",
	"Makes DIR a git repository when it is not one (on init.defaultBranch, else\n"
	"git's default, master), writes dlg.ini with the default rules, tasks/ and\n"
	"people/ (each with an empty .gitkeep so git keeps them), a README.md (kept\n"
	"when there is one) and a .gitattributes that sends task and person files to\n"
	"dlg's merge driver (registered in the repository's config), and commits them. Refuses "
	"when dlg.ini exists already, and\n"
	"when DIR is inside another repository's work tree but not its top (unless\n"
	"--nested). When it stops (no git identity, say) it removes what it made.",
};
