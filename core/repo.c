/* repo.c: opening and creating the repository, the states we refuse, the
 * branch and HEAD, and the libgit2 error adapter the other repo*.c share. */
#include "core/repo_priv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int env_bool(const char *name)
{
	const char *v = getenv(name);
	int b = 0;

	if (!v || git_config_parse_bool(&b, v) < 0)
		b = 0;
	git_error_clear();
	return b;
}

/*
 * libgit2 ignores git's config environment: GIT_CONFIG_NOSYSTEM (set by test
 * suites, so the machine's identity must not leak in), GIT_CONFIG_SYSTEM and
 * GIT_CONFIG_GLOBAL. Blank the search paths they replace here, and add the
 * files they name to each configuration we open (env_config_files).
 */
static void lib_init(void)
{
	static int done;

	if (done)
		return;
	done = 1;
	git_libgit2_init();
	if (env_bool("GIT_CONFIG_NOSYSTEM") || getenv("GIT_CONFIG_SYSTEM"))
		git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_SYSTEM, "");
	if (getenv("GIT_CONFIG_GLOBAL")) {
		git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_GLOBAL, "");
		git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_XDG, "");
	}
}

static void env_config_files(git_config *cfg, const git_repository *git)
{
	const char *global = getenv("GIT_CONFIG_GLOBAL");
	const char *system = getenv("GIT_CONFIG_SYSTEM");

	if (system && *system && !env_bool("GIT_CONFIG_NOSYSTEM"))
		git_config_add_file_ondisk(cfg, system, GIT_CONFIG_LEVEL_SYSTEM, git, 1);
	if (global && *global)
		git_config_add_file_ondisk(cfg, global, GIT_CONFIG_LEVEL_GLOBAL, git, 1);
	git_error_clear();
}

/* Errors */

/* Whether errno value e says what went wrong when writing, so that it is
 * worth adding to libgit2's message (and not a stale ENOENT of a probe). */
static int says_why(int e)
{
	switch (e) {
	case ENOSPC:
	case EDQUOT:
	case EIO:
	case EROFS:
	case EFBIG:
	case EACCES:
	case EPERM:
	case EMFILE:
	case ENFILE:
	case ENOMEM:
		return 1;
	default:
		return 0;
	}
}

static int map_code(int code)
{
	switch (code) {
	case GIT_ENOTFOUND:
	case GIT_EUNBORNBRANCH:
		return DLG_ENOTFOUND;
	case GIT_ELOCKED:
		return DLG_ELOCKED;
	default:
		return DLG_ERROR;
	}
}

static int vfail(struct dlg_err *err, int code, int saved, const char *fmt, va_list ap)
{
	const git_error *ge = git_error_last();
	const char *msg = ge && ge->message && *ge->message ? ge->message : NULL;
	struct strbuf what = STRBUF_INIT, why = STRBUF_INIT;

	strbuf_vaddf(&what, fmt, ap);
	if (msg)
		strbuf_addstr(&why, msg);
	if (saved && (!msg || says_why(saved)) && !(msg && strstr(msg, strerror(saved))))
		strbuf_addf(&why, "%s%s", why.len ? ": " : "", strerror(saved));
	if (!why.len)
		strbuf_addf(&why, "libgit2 gave no reason (error %d)", code);
	if (strstr(why.buf, "extension") && strstr(why.buf, "'link'"))
		err_set(err, 0, 0,
		        "%s: the index was written by git's split-index mode, which libgit2 "
		        "cannot read; turn it off with: git config core.splitIndex false && "
		        "git update-index --no-split-index",
		        what.buf);
	else if (strstr(why.buf, "extension") && strstr(why.buf, "'sdir'"))
		err_set(err, 0, 0,
		        "%s: the index is a sparse index, which libgit2 cannot read; turn it "
		        "off with: git sparse-checkout init --no-sparse-index",
		        what.buf);
	else if (code == GIT_ELOCKED)
		err_set(err, 0, 0,
		        "%s: %s (is another git command running? if not, remove the .lock "
		        "file)",
		        what.buf, why.buf);
	else
		err_set(err, 0, 0, "%s: %s", what.buf, why.buf);
	git_error_clear();
	strbuf_release(&why);
	strbuf_release(&what);
	return map_code(code);
}

/* The one adapter from libgit2's errors to ours (see repo_priv.h). */
int repo_git_fail(struct dlg_err *err, int code, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vfail(err, code, 0, fmt, ap);
	va_end(ap);
	return ret;
}

int repo_git_fail_os(struct dlg_err *err, int code, int saved, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vfail(err, code, saved, fmt, ap);
	va_end(ap);
	return ret;
}

void repo_oid_hex(char buf[REPO_HEX_SIZE], const struct repo_oid *oid)
{
	git_oid g;

	git_oid_tostr(buf, REPO_HEX_SIZE, to_git(&g, oid));
}

void repo_oid_short(char buf[REPO_SHORT_SIZE], const struct repo_oid *oid)
{
	git_oid g;

	git_oid_tostr(buf, REPO_SHORT_SIZE, to_git(&g, oid));
}

int repo_oid_equal(const struct repo_oid *a, const struct repo_oid *b)
{
	return !memcmp(a->raw, b->raw, sizeof(a->raw));
}

/* Opening */

/* The work tree git would have used, for the safe.directory hint. */
static char *discovered_workdir(const char *start_dir)
{
	git_buf buf = { 0 };
	char *dir;
	size_t len;

	if (git_repository_discover(&buf, start_dir, 0, getenv("GIT_CEILING_DIRECTORIES")) < 0) {
		git_error_clear();
		return xstrdup(start_dir);
	}
	len = buf.size;
	if (len && buf.ptr[len - 1] == '/')
		len--;
	if (len >= 5 && !memcmp(buf.ptr + len - 5, "/.git", 5))
		len -= 5;
	dir = xstrndup(buf.ptr, len);
	git_buf_dispose(&buf);
	return dir;
}

static int open_fail(struct dlg_err *err, int code, const char *dir)
{
	const git_error *ge = git_error_last();
	const char *msg = ge && ge->message ? ge->message : "";
	char *top;

	/* libgit2 1.5.1 reports a foreign owner as GIT_EOWNER, or as a
	 * missing safe.directory config value (-3) */
	if (code == GIT_EOWNER || strstr(msg, "safe.directory") || strstr(msg, "not owned by")) {
		git_error_clear();
		top = discovered_workdir(dir);
		err_set(err, 0, 0,
		        "the repository at '%s' is owned by another user; if you trust it, run: "
		        "git config --global --add safe.directory '%s'",
		        top, top);
		free(top);
		return DLG_ESTATE;
	}
	if (code == GIT_ENOTFOUND) {
		git_error_clear();
		err_set(err, 0, 0,
		        "not a git repository (or any of its parent folders): '%s'; create a "
		        "task repository with: dlg init",
		        dir);
		return DLG_ENOTFOUND;
	}
	return repo_git_fail(err, code, "cannot open the repository at '%s'", dir);
}

static int wrap(struct repo **out, git_repository *git, struct dlg_err *err)
{
	git_config *cfg = NULL;
	struct repo *repo;

	if (git_repository_is_bare(git) || !git_repository_workdir(git)) {
		err_set(err, 0, 0,
		        "'%s' is a bare repository: dlg needs a work tree (clone it, or add one "
		        "with git worktree add)",
		        git_repository_path(git));
		git_repository_free(git);
		return DLG_ESTATE;
	}
	if (git_repository_config(&cfg, git) == 0)
		env_config_files(cfg, git);
	git_error_clear();
	git_config_free(cfg);
	repo = xcalloc(1, sizeof(*repo));
	repo->git = git;
	repo->workdir = xstrdup(git_repository_workdir(git));
	repo->gitdir = xstrdup(git_repository_path(git));
	*out = repo;
	return 0;
}

int repo_open(struct repo **out, const char *start_dir, struct dlg_err *err)
{
	git_repository *git = NULL;
	struct stat st;
	int rc;

	*out = NULL;
	lib_init();
	if (stat(start_dir, &st) < 0)
		return err_set(err, 0, 0, "cannot open '%s': %s", start_dir, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return err_set(err, 0, 0, "'%s' is not a folder", start_dir);
	rc = git_repository_open_ext(&git, start_dir, 0, getenv("GIT_CEILING_DIRECTORIES"));
	if (rc < 0)
		return open_fail(err, rc, start_dir);
	return wrap(out, git, err);
}

/* init.defaultBranch from the user's and the system's config, or NULL. */
static char *default_branch(void)
{
	git_config *cfg = NULL, *snap = NULL;
	git_buf buf = { 0 };
	char *name = NULL;

	if (git_config_open_default(&cfg) == 0)
		env_config_files(cfg, NULL);
	if (cfg && git_config_snapshot(&snap, cfg) == 0 &&
	    git_config_get_string_buf(&buf, snap, "init.defaultBranch") == 0 && buf.size)
		name = xstrdup(buf.ptr);
	git_error_clear();
	git_buf_dispose(&buf);
	git_config_free(snap);
	git_config_free(cfg);
	return name;
}

int repo_init(struct repo **out, const char *dir, struct dlg_err *err)
{
	git_repository_init_options opts;
	git_repository *git = NULL;
	char *branch;
	int rc;

	*out = NULL;
	lib_init();
	git_repository_init_options_init(&opts, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	rc = git_repository_open_ext(&git, dir, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
	if (rc == 0)
		return wrap(out, git, err);
	if (rc != GIT_ENOTFOUND)
		return open_fail(err, rc, dir);
	git_error_clear();
	branch = default_branch();
	opts.flags = GIT_REPOSITORY_INIT_MKPATH | GIT_REPOSITORY_INIT_NO_REINIT;
	/* git's own default when init.defaultBranch is unset (git 2.39) */
	opts.initial_head = branch ? branch : "master";
	rc = git_repository_init_ext(&git, dir, &opts);
	free(branch);
	if (rc < 0)
		return repo_git_fail(err, rc, "cannot create a git repository in '%s'", dir);
	return wrap(out, git, err);
}

void repo_free(struct repo *repo)
{
	if (!repo)
		return;
	git_index_free(repo->work_idx);
	git_repository_free(repo->git);
	free(repo->workdir);
	free(repo->gitdir);
	free(repo);
}

const char *repo_workdir(const struct repo *repo)
{
	return repo->workdir;
}

const char *repo_gitdir(const struct repo *repo)
{
	return repo->gitdir;
}

/* State */

static const char *state_message(int state)
{
	switch (state) {
	case GIT_REPOSITORY_STATE_NONE:
		return NULL;
	case GIT_REPOSITORY_STATE_MERGE:
		return "a merge is in progress: finish it (git commit) or abort it "
		       "(git merge --abort) first";
	case GIT_REPOSITORY_STATE_REVERT:
	case GIT_REPOSITORY_STATE_REVERT_SEQUENCE:
		return "a revert is in progress: finish it (git revert --continue) or abort it "
		       "(git revert --abort) first";
	case GIT_REPOSITORY_STATE_CHERRYPICK:
	case GIT_REPOSITORY_STATE_CHERRYPICK_SEQUENCE:
		return "a cherry-pick is in progress: finish it (git cherry-pick --continue) or "
		       "abort it (git cherry-pick --abort) first";
	case GIT_REPOSITORY_STATE_BISECT:
		return "a bisect is in progress: end it (git bisect reset) first";
	case GIT_REPOSITORY_STATE_REBASE:
	case GIT_REPOSITORY_STATE_REBASE_INTERACTIVE:
	case GIT_REPOSITORY_STATE_REBASE_MERGE:
	case GIT_REPOSITORY_STATE_APPLY_MAILBOX_OR_REBASE:
		return "a rebase is in progress: finish it (git rebase --continue) or abort it "
		       "(git rebase --abort) first";
	case GIT_REPOSITORY_STATE_APPLY_MAILBOX:
		return "git am is in progress: finish it (git am --continue) or abort it "
		       "(git am --abort) first";
	default:
		return "the repository is in the middle of an operation: finish or abort it "
		       "first";
	}
}

int repo_check_state(struct repo *repo, struct dlg_err *err)
{
	const char *msg = state_message(git_repository_state(repo->git));
	int rc;

	if (msg) {
		err_set(err, 0, 0, "%s", msg);
		return DLG_ESTATE;
	}
	rc = git_repository_head_detached(repo->git);
	if (rc == 1) {
		err_set(err, 0, 0,
		        "HEAD is detached: switch to a branch first (git switch BRANCH)");
		return DLG_ESTATE;
	}
	if (rc < 0 && rc != GIT_EUNBORNBRANCH && rc != GIT_ENOTFOUND)
		return repo_git_fail(err, rc, "cannot read HEAD");
	git_error_clear();
	return 0;
}

int repo_is_unborn(struct repo *repo)
{
	int rc = git_repository_head_unborn(repo->git);

	git_error_clear();
	return rc == 1;
}

int repo_branch(struct strbuf *out, struct repo *repo, struct dlg_err *err)
{
	git_reference *head = NULL;
	const char *target;
	int rc;

	rc = git_reference_lookup(&head, repo->git, "HEAD");
	if (rc < 0)
		return repo_git_fail(err, rc, "cannot read HEAD");
	if (git_reference_type(head) != GIT_REFERENCE_SYMBOLIC) {
		git_reference_free(head);
		err_set(err, 0, 0,
		        "HEAD is detached: switch to a branch first (git switch BRANCH)");
		return DLG_ESTATE;
	}
	target = git_reference_symbolic_target(head);
	if (starts_with(target, "refs/heads/"))
		target += strlen("refs/heads/");
	strbuf_reset(out);
	strbuf_addstr(out, target);
	git_reference_free(head);
	return 0;
}

int repo_head(struct repo_oid *out, struct repo *repo, struct dlg_err *err)
{
	git_oid oid;
	int rc;

	rc = git_reference_name_to_id(&oid, repo->git, "HEAD");
	if (rc == GIT_ENOTFOUND || rc == GIT_EUNBORNBRANCH) {
		git_error_clear();
		err_set(err, 0, 0, "the current branch has no commit yet");
		return DLG_ENOTFOUND;
	}
	if (rc < 0)
		return repo_git_fail(err, rc, "cannot read HEAD");
	from_git(out, &oid);
	return 0;
}

int repo_head_short(char buf[REPO_SHORT_SIZE], struct repo *repo)
{
	struct repo_oid oid;
	int rc;

	buf[0] = '\0';
	rc = repo_head(&oid, repo, NULL);
	if (rc < 0)
		return rc;
	repo_oid_short(buf, &oid);
	return 0;
}

/* A path in the repository as the user knows it: relative to the top. */
const char *repo_display(const struct repo *repo, const char *path)
{
	size_t n = strlen(repo->workdir);

	return strncmp(path, repo->workdir, n) ? path : path + n;
}

/* HEAD's commit and trees, for the other files */

/* HEAD peeled to type, into *out; NULL and 0 on an unborn branch. */
int repo_head_peel(git_object **out, struct repo *repo, git_object_t type, const char *what,
                   struct dlg_err *err)
{
	git_reference *head = NULL;
	int rc;

	*out = NULL;
	rc = git_repository_head(&head, repo->git);
	if (rc == GIT_EUNBORNBRANCH || rc == GIT_ENOTFOUND) {
		git_error_clear();
		return 0;
	}
	if (rc < 0)
		return repo_git_fail(err, rc, "cannot read HEAD");
	rc = git_reference_peel(out, head, type);
	git_reference_free(head);
	if (rc < 0)
		return repo_git_fail(err, rc, "cannot read %s", what);
	return 0;
}

/* The tree of a commit or tree id, or of HEAD (NULL when unborn). */
int repo_peel_tree(git_tree **out, struct repo *repo, const struct repo_oid *base,
                   struct dlg_err *err)
{
	git_object *obj = NULL;
	git_oid oid;
	char hex[REPO_HEX_SIZE];
	int rc;

	*out = NULL;
	if (!base)
		return repo_head_peel((git_object **)out, repo, GIT_OBJECT_TREE, "HEAD's tree",
		                      err);
	rc = git_object_lookup(&obj, repo->git, to_git(&oid, base), GIT_OBJECT_ANY);
	if (rc == 0)
		rc = git_object_peel((git_object **)out, obj, GIT_OBJECT_TREE);
	git_object_free(obj);
	if (rc < 0) {
		repo_oid_hex(hex, base);
		return repo_git_fail(err, rc, "cannot read the tree of %s", hex);
	}
	return 0;
}

/* HEAD's commit, or NULL on an unborn branch. */
int repo_head_commit(git_commit **out, struct repo *repo, struct dlg_err *err)
{
	return repo_head_peel((git_object **)out, repo, GIT_OBJECT_COMMIT, "HEAD's commit", err);
}

int repo_config_bool(struct repo *repo, const char *key, int dflt)
{
	git_config *cfg = NULL;
	int val = dflt;

	if (git_repository_config_snapshot(&cfg, repo->git) < 0 ||
	    git_config_get_bool(&val, cfg, key) < 0)
		val = dflt;
	git_error_clear();
	git_config_free(cfg);
	return val;
}
