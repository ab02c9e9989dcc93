/* repo.c: the task repository over libgit2: open, state, lock, status,
 * commits of given paths, identity and history (see repo.h). */
#include "core/repo.h"

#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <git2/sys/index.h>
#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lib/value.h"

/*
 * A file repo_build_tree stored as a blob: the blob and what lstat said just
 * before the file was read, so that repo_index_update can take the blob
 * again while the file is unchanged instead of reading and filtering it once
 * more.
 */
struct stored {
	char *path;
	git_oid id;
	struct stat st;
	struct timespec read_at;
};

struct repo {
	git_repository *git;
	char *workdir;
	char *gitdir;
	struct stored *stored; /* by path, from repo_build_tree for repo_index_update */
	size_t nstored;
};

static void stored_clear(struct stored *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].path);
	free(v);
}

struct repo_lock {
	char *path;
	char *content; /* what we wrote: we only remove a lock that is ours */
};

#define LOCK_NAME       "dlg.lock"
#define LOCK_RETRY_MS   50
#define LOCK_STALE_SECS 3600

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

/*
 * The one adapter from libgit2 errors to ours: "what: libgit2's message",
 * with the code mapped (GIT_ENOTFOUND and GIT_EUNBORNBRANCH to DLG_ENOTFOUND,
 * GIT_ELOCKED to DLG_ELOCKED) and the messages that need a fix explained.
 */
DLG_PRINTF(3, 4) static int git_fail(struct dlg_err *err, int code, const char *fmt, ...)
{
	const git_error *ge = git_error_last();
	const char *msg = ge && ge->message ? ge->message : "unknown libgit2 error";
	struct strbuf what = STRBUF_INIT;
	va_list ap;
	int ret;

	va_start(ap, fmt);
	strbuf_vaddf(&what, fmt, ap);
	va_end(ap);
	switch (code) {
	case GIT_ENOTFOUND:
	case GIT_EUNBORNBRANCH:
		ret = DLG_ENOTFOUND;
		break;
	case GIT_ELOCKED:
		ret = DLG_ELOCKED;
		break;
	default:
		ret = DLG_ERROR;
		break;
	}
	if (strstr(msg, "extension") && strstr(msg, "'link'"))
		err_set(err, 0, 0,
		        "%s: the index was written by git's split-index mode, which libgit2 "
		        "cannot read; turn it off with: git config core.splitIndex false && "
		        "git update-index --no-split-index",
		        what.buf);
	else if (code == GIT_ELOCKED)
		err_set(err, 0, 0,
		        "%s: %s (is another git command running? if not, remove the .lock "
		        "file)",
		        what.buf, msg);
	else
		err_set(err, 0, 0, "%s: %s", what.buf, msg);
	git_error_clear();
	strbuf_release(&what);
	return ret;
}

static git_oid *to_git(git_oid *dst, const struct repo_oid *src)
{
	memcpy(dst->id, src->raw, sizeof(src->raw));
	return dst;
}

static void from_git(struct repo_oid *dst, const git_oid *src)
{
	memcpy(dst->raw, src->id, sizeof(dst->raw));
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
	return git_fail(err, code, "cannot open the repository at '%s'", dir);
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
	opts.initial_head = branch ? branch : "main";
	rc = git_repository_init_ext(&git, dir, &opts);
	free(branch);
	if (rc < 0)
		return git_fail(err, rc, "cannot create a git repository in '%s'", dir);
	return wrap(out, git, err);
}

void repo_free(struct repo *repo)
{
	if (!repo)
		return;
	git_repository_free(repo->git);
	stored_clear(repo->stored, repo->nstored);
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
		return git_fail(err, rc, "cannot read HEAD");
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
		return git_fail(err, rc, "cannot read HEAD");
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
		return git_fail(err, rc, "cannot read HEAD");
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

/* The lock */

enum { LOCK_GONE, LOCK_HELD, LOCK_STALE };

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(long long ms)
{
	struct timespec ts = { (time_t)(ms / 1000), (long)(ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static char *host_name(void)
{
	char buf[256];

	if (gethostname(buf, sizeof(buf)) < 0 || !buf[0])
		return xstrdup("localhost");
	buf[sizeof(buf) - 1] = '\0';
	return xstrdup(buf);
}

/* 0 created, 1 exists, -1 failed (errno set). */
static int lock_create(const char *path, const char *content)
{
	size_t len = strlen(content), done = 0;
	int fd, saved;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0)
		return errno == EEXIST ? 1 : -1;
	while (done < len) {
		ssize_t n = write(fd, content + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			saved = n < 0 ? errno : EIO;
			close(fd);
			unlink(path);
			errno = saved;
			return -1;
		}
		done += (size_t)n;
	}
	if (close(fd) < 0) {
		saved = errno;
		unlink(path);
		errno = saved;
		return -1;
	}
	return 0;
}

/* "PID HOSTNAME\n" */
static int lock_parse(const char *s, long *pid, struct strbuf *host)
{
	char *end;
	const char *h;

	errno = 0;
	*pid = strtol(s, &end, 10);
	if (errno || end == s || *pid <= 0 || *end != ' ')
		return -1;
	h = end + 1;
	end = strchr(h, '\n');
	if (!end || end == h || end[1])
		return -1;
	strbuf_reset(host);
	strbuf_add(host, h, (size_t)(end - h));
	return 0;
}

/* Who holds the lock at path: content, pid and host are filled in. */
static int lock_inspect(const char *path, const char *myhost, struct strbuf *content, long *pid,
                        struct strbuf *host)
{
	struct stat st;

	strbuf_reset(content);
	strbuf_reset(host);
	*pid = 0;
	if (strbuf_read_file(content, path) < 0)
		return errno == ENOENT ? LOCK_GONE : LOCK_HELD;
	if (lock_parse(content->buf, pid, host) < 0) {
		*pid = 0;
		if (stat(path, &st) < 0)
			return errno == ENOENT ? LOCK_GONE : LOCK_HELD;
		return time(NULL) - st.st_mtime > LOCK_STALE_SECS ? LOCK_STALE : LOCK_HELD;
	}
	if (strcmp(host->buf, myhost))
		return LOCK_HELD; /* we can't tell whether it lives */
	/* our own pid: left by an earlier process that had it (a container's
	 * pid 1 after a restart), since we take the lock once */
	if (*pid == (long)getpid() || (kill((pid_t)*pid, 0) < 0 && errno == ESRCH))
		return LOCK_STALE;
	return LOCK_HELD;
}

/*
 * Remove a stale lock without removing a fresh one another process created
 * after we looked: move it aside, and put it back unless it is still what we
 * judged stale.
 */
static void lock_break(const char *path, const struct strbuf *seen)
{
	struct strbuf now = STRBUF_INIT;
	char *aside = xstrfmt("%s.stale.%ld", path, (long)getpid());

	if (rename(path, aside) == 0) {
		if (strbuf_read_file(&now, aside) == 0 &&
		    (now.len != seen->len || memcmp(now.buf, seen->buf, now.len)))
			(void)!link(aside, path);
		unlink(aside);
	}
	strbuf_release(&now);
	free(aside);
}

/* A path in the repository as the user knows it: relative to the top. */
static const char *repo_display(const struct repo *repo, const char *path)
{
	size_t n = strlen(repo->workdir);

	return strncmp(path, repo->workdir, n) ? path : path + n;
}

static int lock_busy(struct dlg_err *err, const struct repo *repo, const char *path, long pid,
                     const struct strbuf *host)
{
	const char *shown = repo_display(repo, path);

	if (pid)
		err_set(err, 0, 0,
		        "another dlg holds %s (pid %ld on %s); wait for it, or remove the file if "
		        "that process is gone",
		        shown, pid, host->buf);
	else
		err_set(
		    err, 0, 0,
		    "another dlg holds %s (it is being written, or unreadable); wait for it, or "
		    "remove the file if no dlg is running",
		    shown);
	return DLG_ELOCKED;
}

int repo_lock(struct repo_lock **out, struct repo *repo, int timeout_ms, struct dlg_err *err)
{
	struct strbuf content = STRBUF_INIT, host = STRBUF_INIT;
	char *path = xstrfmt("%s%s", repo->gitdir, LOCK_NAME);
	char *myhost = host_name();
	char *mine = xstrfmt("%ld %s\n", (long)getpid(), myhost);
	long long deadline = now_ms() + (timeout_ms > 0 ? timeout_ms : 0);
	int breaks = 0, rc, state;
	long pid;

	*out = NULL;
	for (;;) {
		rc = lock_create(path, mine);
		if (rc == 0)
			break;
		if (rc < 0) {
			rc = err_set(err, 0, 0, "cannot create %s: %s", repo_display(repo, path),
			             strerror(errno));
			goto out;
		}
		state = lock_inspect(path, myhost, &content, &pid, &host);
		if (state == LOCK_GONE)
			continue;
		if (state == LOCK_STALE && breaks++ < 10) {
			lock_break(path, &content);
			continue;
		}
		if (now_ms() >= deadline) {
			rc = lock_busy(err, repo, path, pid, &host);
			goto out;
		}
		sleep_ms(deadline - now_ms() < LOCK_RETRY_MS ? deadline - now_ms() : LOCK_RETRY_MS);
	}
	*out = xcalloc(1, sizeof(**out));
	(*out)->path = path;
	(*out)->content = mine;
	path = mine = NULL;
	rc = 0;
out:
	strbuf_release(&content);
	strbuf_release(&host);
	free(path);
	free(mine);
	free(myhost);
	return rc;
}

void repo_unlock(struct repo_lock *lock)
{
	struct strbuf now = STRBUF_INIT;

	if (!lock)
		return;
	if (strbuf_read_file(&now, lock->path) == 0 && !strcmp(now.buf, lock->content))
		unlink(lock->path);
	strbuf_release(&now);
	free(lock->path);
	free(lock->content);
	free(lock);
}

/* Status */

/* path ends in ".md" after at least one character of its last component. */
static int is_md(const char *name)
{
	size_t n = strlen(name);

	return n > 3 && !strcmp(name + n - 3, ".md") && name[n - 4] != '/';
}

int repo_path_is_managed(const char *path)
{
	if (!strcmp(path, "dlg.ini"))
		return 1;
	if (starts_with(path, "tasks/"))
		return is_md(path) && !strstr(path, "//");
	if (starts_with(path, "people/"))
		return is_md(path) && !strchr(path + strlen("people/"), '/');
	return 0;
}

static int is_symlink(const struct repo *repo, const char *path)
{
	struct stat st;
	char *full = xstrfmt("%s%s", repo->workdir, path);
	int rc = lstat(full, &st) == 0 && S_ISLNK(st.st_mode);

	free(full);
	return rc;
}

/* Drop adjacent duplicates of a sorted list. */
static void strlist_uniq(struct strlist *l)
{
	size_t i, j = 0;

	for (i = 0; i < l->n; i++) {
		if (j && !strcmp(l->v[j - 1], l->v[i]))
			free(l->v[i]);
		else
			l->v[j++] = l->v[i];
	}
	l->n = j;
}

static const char *entry_path(const git_status_entry *e)
{
	if (e->index_to_workdir)
		return e->index_to_workdir->new_file.path;
	if (e->head_to_index)
		return e->head_to_index->new_file.path;
	return NULL;
}

int repo_changed_paths(struct strlist *out, struct repo *repo, struct dlg_err *err)
{
	static char *specs[] = { "dlg.ini", "tasks", "people" };
	git_status_options opts;
	git_status_list *list = NULL;
	size_t i, n;
	int rc;

	git_status_options_init(&opts, GIT_STATUS_OPTIONS_VERSION);
	opts.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
	/* our own flags replace the defaults, which include ignored files;
	 * the pathspec is a list of literal paths so the walk skips every
	 * folder but tasks/ and people/ */
	opts.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
	             GIT_STATUS_OPT_EXCLUDE_SUBMODULES | GIT_STATUS_OPT_DISABLE_PATHSPEC_MATCH |
	             GIT_STATUS_OPT_UPDATE_INDEX;
	opts.pathspec.strings = specs;
	opts.pathspec.count = ARRAY_SIZE(specs);
	rc = git_status_list_new(&list, repo->git, &opts);
	if (rc == GIT_ELOCKED) {
		/* git holds index.lock: go on without saving refreshed stat data */
		git_error_clear();
		opts.flags &= ~(unsigned)GIT_STATUS_OPT_UPDATE_INDEX;
		rc = git_status_list_new(&list, repo->git, &opts);
	}
	if (rc < 0)
		return git_fail(err, rc, "cannot read the status of the work tree");
	n = git_status_list_entrycount(list);
	for (i = 0; i < n; i++) {
		const git_status_entry *e = git_status_byindex(list, i);
		const char *path = entry_path(e);

		if (e->status == GIT_STATUS_CURRENT || (e->status & GIT_STATUS_IGNORED) || !path)
			continue;
		if (!repo_path_is_managed(path) || is_symlink(repo, path))
			continue;
		strlist_push(out, path);
	}
	git_status_list_free(list);
	strlist_sort(out);
	strlist_uniq(out);
	return 0;
}

/* Trees and commits */

/* HEAD peeled to type, into *out; NULL and 0 on an unborn branch. */
static int head_peel(git_object **out, struct repo *repo, git_object_t type, const char *what,
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
		return git_fail(err, rc, "cannot read HEAD");
	rc = git_reference_peel(out, head, type);
	git_reference_free(head);
	if (rc < 0)
		return git_fail(err, rc, "cannot read %s", what);
	return 0;
}

/* The tree of a commit or tree id, or of HEAD (NULL when unborn). */
static int peel_tree(git_tree **out, struct repo *repo, const struct repo_oid *base,
                     struct dlg_err *err)
{
	git_object *obj = NULL;
	git_oid oid;
	char hex[REPO_HEX_SIZE];
	int rc;

	*out = NULL;
	if (!base)
		return head_peel((git_object **)out, repo, GIT_OBJECT_TREE, "HEAD's tree", err);
	rc = git_object_lookup(&obj, repo->git, to_git(&oid, base), GIT_OBJECT_ANY);
	if (rc == 0)
		rc = git_object_peel((git_object **)out, obj, GIT_OBJECT_TREE);
	git_object_free(obj);
	if (rc < 0) {
		repo_oid_hex(hex, base);
		return git_fail(err, rc, "cannot read the tree of %s", hex);
	}
	return 0;
}

static int config_bool(struct repo *repo, const char *key, int dflt)
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

/*
 * libgit2 checks that each object a tree or an index entry names exists
 * before writing it, reading the object's header: for a tree rewritten in a
 * folder of 100,000 loose objects, 100,000 files opened and inflated. The
 * objects we name are in a stored tree or were just stored by us, so we turn
 * the check off while we write (dlg uses libgit2 nowhere else).
 */
static void strict_objects(int on)
{
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, on);
}

/* The mode git would record: the executable bit unless core.fileMode is
 * off, in which case the mode already in the index stays. */
static unsigned blob_mode(git_index *idx, const char *path, const struct stat *st, int filemode)
{
	const git_index_entry *old;

	if (filemode)
		return (st->st_mode & S_IXUSR) ? GIT_FILEMODE_BLOB_EXECUTABLE : GIT_FILEMODE_BLOB;
	old = git_index_get_bypath(idx, path, 0);
	if (old && old->mode == GIT_FILEMODE_BLOB_EXECUTABLE)
		return GIT_FILEMODE_BLOB_EXECUTABLE;
	return GIT_FILEMODE_BLOB;
}

/*
 * New objects on their way into the repository. They are kept in memory and
 * written at the end, or whenever they make BATCH_MAX_BYTES: as one pack when
 * there are many (a loose object costs a temporary file, a rename and a
 * folder entry each), else loose, as git does with what it fetches
 * (transfer.unpackLimit). Files larger than BATCH_MAX_FILE are streamed into
 * loose objects, as libgit2 does, rather than read into memory.
 */
#define PACK_MIN_OBJECTS 100
#define BATCH_MAX_BYTES  (16u << 20)
#define BATCH_MAX_FILE   (8 << 20)

struct batch {
	git_odb *odb;          /* the repository's */
	git_odb *mem;          /* in memory, holding the new objects */
	git_odb_backend *pack; /* mem's only backend, owned by mem */
	git_oid *ids;          /* what mem holds */
	size_t n, alloc;
	size_t bytes; /* their size */
};

static int batch_init(struct batch *b, struct repo *repo)
{
	int rc;

	memset(b, 0, sizeof(*b));
	rc = git_repository_odb(&b->odb, repo->git);
	if (rc == 0)
		rc = git_odb_new(&b->mem);
	if (rc == 0)
		rc = git_mempack_new(&b->pack);
	if (rc == 0) {
		rc = git_odb_add_backend(b->mem, b->pack, 1);
		if (rc < 0)
			b->pack->free(b->pack);
	}
	if (rc < 0)
		b->pack = NULL;
	return rc;
}

static void batch_release(struct batch *b)
{
	git_odb_free(b->mem);
	git_odb_free(b->odb);
	free(b->ids);
	memset(b, 0, sizeof(*b));
}

static int batch_flush(struct batch *b);

/* Store data as an object of the given type, its id into *id. An object
 * the repository has already is only freshened, as git_odb_write does. */
static int batch_add(struct batch *b, git_oid *id, const void *data, size_t len, git_object_t type)
{
	int rc = git_odb_hash(id, data, len, type);

	if (rc < 0 || git_odb_exists_ext(b->mem, id, GIT_ODB_LOOKUP_NO_REFRESH))
		return rc;
	if (git_odb_exists_ext(b->odb, id, GIT_ODB_LOOKUP_NO_REFRESH))
		return git_odb_write(id, b->odb, data, len, type);
	rc = b->pack->write(b->pack, id, data, len, type);
	if (rc < 0)
		return rc;
	ALLOC_GROW(b->ids, b->n + 1, b->alloc);
	b->ids[b->n++] = *id;
	b->bytes += len;
	return b->bytes >= BATCH_MAX_BYTES ? batch_flush(b) : 0;
}

static int batch_write_loose(struct batch *b)
{
	git_odb_object *obj = NULL;
	git_oid id;
	size_t i;
	int rc = 0;

	for (i = 0; i < b->n && rc == 0; i++) {
		rc = git_odb_read(&obj, b->mem, &b->ids[i]);
		if (rc == 0)
			rc = git_odb_write(&id, b->odb, git_odb_object_data(obj),
			                   git_odb_object_size(obj), git_odb_object_type(obj));
		git_odb_object_free(obj);
		obj = NULL;
	}
	return rc;
}

/* The batch as one pack, from libgit2's pack builder through its indexer,
 * which writes the .pack and .idx files (one append: the indexer is slow
 * with many small ones). */
static int batch_write_pack(struct batch *b)
{
	git_repository *mem_repo = NULL;
	git_packbuilder *pb = NULL;
	git_odb_writepack *wp = NULL;
	git_indexer_progress stats;
	git_buf buf = { 0 };
	size_t i;
	int rc;

	memset(&stats, 0, sizeof(stats));
	rc = git_repository_wrap_odb(&mem_repo, b->mem);
	if (rc == 0)
		rc = git_packbuilder_new(&pb, mem_repo);
	if (rc == 0)
		git_packbuilder_set_threads(pb, 0);
	for (i = 0; i < b->n && rc == 0; i++)
		rc = git_packbuilder_insert(pb, &b->ids[i], NULL);
	if (rc == 0)
		rc = git_odb_write_pack(&wp, b->odb, NULL, NULL);
	if (rc == 0)
		rc = git_packbuilder_write_buf(&buf, pb);
	if (rc == 0)
		rc = wp->append(wp, buf.ptr, buf.size, &stats);
	if (rc == 0)
		rc = wp->commit(wp, &stats);
	if (rc == 0 && stats.indexed_objects != b->n) {
		git_error_set_str(GIT_ERROR_ODB, "the new pack is incomplete");
		rc = -1;
	}
	if (wp)
		wp->free(wp);
	/* so that this odb finds the objects in the new pack */
	if (rc == 0)
		rc = git_odb_refresh(b->odb);
	git_buf_dispose(&buf);
	git_packbuilder_free(pb);
	git_repository_free(mem_repo);
	return rc;
}

/* Write what the batch holds into the repository and empty it. */
static int batch_flush(struct batch *b)
{
	int rc = 0;

	if (b->n >= PACK_MIN_OBJECTS)
		rc = batch_write_pack(b);
	else if (b->n)
		rc = batch_write_loose(b);
	if (rc == 0 && b->n) {
		rc = git_mempack_reset(b->pack);
		b->n = 0;
		b->bytes = 0;
	}
	return rc;
}

/* Whether there is a file called name in a folder of a libgit2 search path
 * (folders separated by ':'); 1 when we can't tell. */
static int in_search_path(int level, const char *name)
{
	git_buf buf = { 0 };
	struct stat st;
	const char *p, *end;
	int found = 0;

	if (git_libgit2_opts(GIT_OPT_GET_SEARCH_PATH, level, &buf) < 0) {
		git_error_clear();
		return 1;
	}
	for (p = buf.ptr ? buf.ptr : ""; *p && !found; p = *end ? end + 1 : end) {
		char *file;

		end = strchr(p, ':');
		if (!end)
			end = p + strlen(p);
		if (end == p)
			continue;
		file = xstrfmt("%.*s/%s", (int)(end - p), p, name);
		found = lstat(file, &st) == 0;
		free(file);
	}
	git_buf_dispose(&buf);
	return found;
}

/* A .gitattributes in folder dir ("" at the top), in the work tree or the
 * index (libgit2 reads it from the index when it is not on disk). */
static int dir_has_attributes(struct repo *repo, git_index *idx, const char *dir, size_t len)
{
	struct stat st;
	char *rel = xstrfmt("%.*s%s.gitattributes", (int)len, dir, len ? "/" : "");
	char *full = xstrfmt("%s%s", repo->workdir, rel);
	int found = lstat(full, &st) == 0 || (idx && git_index_find(NULL, idx, rel) == 0);

	git_error_clear();
	free(full);
	free(rel);
	return found;
}

/*
 * Whether libgit2's filters could change any of these files on its way into
 * the repository. Its filters are line endings (core.autocrlf, or the text,
 * eol and crlf attributes) and ident (an attribute), and dlg registers none
 * of its own; so with core.autocrlf off and no attributes file that libgit2
 * would read for these paths (the system's, the user's, info/attributes and
 * a .gitattributes in any of their folders), each file is stored as it is.
 * When in doubt, say yes: that only costs time.
 */
static int filters_possible(struct repo *repo, const struct strlist *paths)
{
	struct strset dirs = STRSET_INIT;
	git_config *cfg = NULL;
	git_index *idx = NULL;
	git_buf buf = { 0 };
	struct stat st;
	int on, found = 0;
	size_t i;

	if (git_repository_config_snapshot(&cfg, repo->git) < 0)
		found = 1;
	else if (git_config_get_string_buf(&buf, cfg, "core.autocrlf") == 0 &&
	         (git_config_parse_bool(&on, buf.ptr) < 0 || on))
		found = 1;
	git_buf_dispose(&buf);
	if (!found && cfg && git_config_get_string_buf(&buf, cfg, "core.attributesFile") == 0)
		found = 1;
	git_buf_dispose(&buf);
	git_config_free(cfg);
	git_error_clear();
	if (!found)
		found = in_search_path(GIT_CONFIG_LEVEL_SYSTEM, "gitattributes") ||
		        in_search_path(GIT_CONFIG_LEVEL_XDG, "attributes");
	if (!found) {
		if (git_repository_item_path(&buf, repo->git, GIT_REPOSITORY_ITEM_INFO) < 0) {
			found = 1;
		} else {
			char *file = xstrfmt("%s%sattributes", buf.ptr,
			                     buf.size && buf.ptr[buf.size - 1] == '/' ? "" : "/");

			found = lstat(file, &st) == 0;
			free(file);
		}
		git_buf_dispose(&buf);
		git_error_clear();
	}
	if (!found && git_repository_index(&idx, repo->git) < 0) {
		git_error_clear();
		idx = NULL;
	}
	/* each folder of each path, up to the top, once */
	for (i = 0; i < paths->n && !found; i++) {
		const char *path = paths->v[i];
		size_t len = strlen(path);

		for (;;) {
			char *dir;
			int fresh;

			while (len && path[len - 1] != '/')
				len--;
			len = len ? len - 1 : 0;
			dir = xstrndup(path, len);
			fresh = strset_add(&dirs, dir);
			free(dir);
			if (!fresh)
				break;
			if (dir_has_attributes(repo, idx, path, len)) {
				found = 1;
				break;
			}
			if (!len)
				break;
		}
	}
	git_index_free(idx);
	strset_clear(&dirs);
	return found;
}

/* What repo_build_tree keeps while it works. */
struct build {
	struct repo *repo;
	git_index *idx; /* the tree being built, in memory */
	struct batch batch;
	int filemode; /* core.fileMode */
	int filters;  /* filters_possible */
	struct strbuf data;
	struct stored *stored;
	size_t nstored, alloc;
};

static int stored_cmp(const void *a, const void *b)
{
	return strcmp(((const struct stored *)a)->path, ((const struct stored *)b)->path);
}

static const struct stored *stored_find(const struct repo *repo, const char *path)
{
	struct stored key;

	if (!repo->nstored)
		return NULL;
	key.path = (char *)path;
	return bsearch(&key, repo->stored, repo->nstored, sizeof(key), stored_cmp);
}

/* The file's blob: its bytes, through the filters that apply to it when
 * there may be any; the id into *id. size is what lstat said. */
static int store_file(struct build *bd, git_oid *id, const char *path, const char *full, off_t size,
                      struct dlg_err *err)
{
	git_filter_list *fl = NULL;
	git_buf filtered = { 0 };
	const char *data;
	size_t len;
	int rc = 0;

	if (size > BATCH_MAX_FILE) {
		rc = git_blob_create_from_workdir(id, bd->repo->git, path);
		return rc < 0 ? git_fail(err, rc, "cannot store '%s'", path) : 0;
	}
	strbuf_reset(&bd->data);
	if (strbuf_read_file(&bd->data, full) < 0)
		return err_set(err, 0, 0, "cannot store '%s': %s", path, strerror(errno));
	data = bd->data.buf;
	len = bd->data.len;
	if (bd->filters) {
		rc = git_filter_list_load(&fl, bd->repo->git, NULL, path, GIT_FILTER_TO_ODB,
		                          GIT_FILTER_DEFAULT);
		if (rc == 0 && fl) {
			rc = git_filter_list_apply_to_buffer(&filtered, fl, data, len);
			data = filtered.ptr ? filtered.ptr : "";
			len = filtered.size;
		}
	}
	if (rc == 0)
		rc = batch_add(&bd->batch, id, data, len, GIT_OBJECT_BLOB);
	if (rc < 0)
		rc = git_fail(err, rc, "cannot store '%s'", path);
	git_buf_dispose(&filtered);
	git_filter_list_free(fl);
	return rc;
}

static int stage_path(struct build *bd, const char *path, struct dlg_err *err)
{
	git_index_entry entry;
	struct timespec read_at;
	struct stored *s;
	struct stat st;
	char *full = xstrfmt("%s%s", bd->repo->workdir, path);
	int rc, saved;

	clock_gettime(CLOCK_REALTIME, &read_at);
	rc = lstat(full, &st);
	saved = errno;
	if (rc < 0 && saved != ENOENT && saved != ENOTDIR) {
		rc = err_set(err, 0, 0, "cannot read '%s': %s", path, strerror(saved));
		goto out;
	}
	if (rc == 0 && S_ISLNK(st.st_mode))
		goto out;
	if (rc < 0 || !S_ISREG(st.st_mode)) {
		rc = git_index_remove(bd->idx, path, 0);
		if (rc < 0 && rc != GIT_ENOTFOUND) {
			rc = git_fail(err, rc, "cannot remove '%s' from the tree", path);
			goto out;
		}
		git_error_clear();
		rc = 0;
		goto out;
	}
	memset(&entry, 0, sizeof(entry));
	rc = store_file(bd, &entry.id, path, full, st.st_size, err);
	if (rc < 0)
		goto out;
	entry.mode = blob_mode(bd->idx, path, &st, bd->filemode);
	entry.path = path;
	entry.file_size = (uint32_t)st.st_size;
	rc = git_index_add(bd->idx, &entry);
	if (rc < 0) {
		rc = git_fail(err, rc, "cannot add '%s' to the tree", path);
		goto out;
	}
	ALLOC_GROW(bd->stored, bd->nstored + 1, bd->alloc);
	s = &bd->stored[bd->nstored++];
	s->path = xstrdup(path);
	s->id = entry.id;
	s->st = st;
	s->read_at = read_at;
out:
	free(full);
	return rc;
}

int repo_build_tree(struct repo_oid *out, struct repo *repo, const struct repo_oid *base,
                    const struct strlist *paths, struct dlg_err *err)
{
	struct build bd;
	git_tree *tree = NULL;
	git_oid oid;
	size_t i;
	int rc;

	memset(&bd, 0, sizeof(bd));
	bd.repo = repo;
	strbuf_init(&bd.data, 0);
	rc = peel_tree(&tree, repo, base, err);
	if (rc < 0)
		goto out;
	rc = git_index_new(&bd.idx);
	if (rc == 0 && tree)
		rc = git_index_read_tree(bd.idx, tree);
	if (rc < 0) {
		rc = git_fail(err, rc, "cannot read the base tree");
		goto out;
	}
	rc = batch_init(&bd.batch, repo);
	if (rc < 0) {
		rc = git_fail(err, rc, "cannot open the object database");
		goto out;
	}
	bd.filemode = config_bool(repo, "core.filemode", 1);
	bd.filters = filters_possible(repo, paths);
	for (i = 0; i < paths->n; i++) {
		rc = stage_path(&bd, paths->v[i], err);
		if (rc < 0)
			goto out;
	}
	rc = batch_flush(&bd.batch);
	if (rc < 0) {
		rc = git_fail(err, rc, "cannot store the files");
		goto out;
	}
	strict_objects(0);
	rc = git_index_write_tree_to(&oid, bd.idx, repo->git);
	strict_objects(1);
	if (rc < 0) {
		rc = git_fail(err, rc, "cannot write the tree");
		goto out;
	}
	from_git(out, &oid);
	/* for repo_index_update */
	if (bd.nstored)
		qsort(bd.stored, bd.nstored, sizeof(*bd.stored), stored_cmp);
	stored_clear(repo->stored, repo->nstored);
	repo->stored = bd.stored;
	repo->nstored = bd.nstored;
	bd.stored = NULL;
	bd.nstored = 0;
out:
	stored_clear(bd.stored, bd.nstored);
	strbuf_release(&bd.data);
	batch_release(&bd.batch);
	git_index_free(bd.idx);
	git_tree_free(tree);
	return rc;
}

void repo_changes_clear(struct repo_changes *changes)
{
	size_t i;

	if (!changes)
		return;
	for (i = 0; i < changes->n; i++) {
		free(changes->v[i].old_path);
		free(changes->v[i].new_path);
	}
	free(changes->v);
	changes->v = NULL;
	changes->n = changes->alloc = 0;
}

static const char *change_key(const struct repo_change *c)
{
	return c->new_path ? c->new_path : c->old_path;
}

static int change_cmp(const void *a, const void *b)
{
	return strcmp(change_key(a), change_key(b));
}

static char delta_status(git_delta_t status)
{
	switch (status) {
	case GIT_DELTA_ADDED:
		return 'A';
	case GIT_DELTA_DELETED:
		return 'D';
	case GIT_DELTA_RENAMED:
		return 'R';
	case GIT_DELTA_MODIFIED:
	case GIT_DELTA_TYPECHANGE:
		return 'M';
	default:
		return 0;
	}
}

/* A diff between two trees (either may be NULL: empty) with renames found. */
static int diff_trees(git_diff **out, struct repo *repo, git_tree *a, git_tree *b,
                      struct dlg_err *err)
{
	git_diff_find_options find;
	int rc;

	git_diff_find_options_init(&find, GIT_DIFF_FIND_OPTIONS_VERSION);
	rc = git_diff_tree_to_tree(out, repo->git, a, b, NULL);
	if (rc < 0)
		return git_fail(err, rc, "cannot compare trees");
	find.flags = GIT_DIFF_FIND_RENAMES;
	rc = git_diff_find_similar(*out, &find);
	if (rc < 0) {
		git_diff_free(*out);
		*out = NULL;
		return git_fail(err, rc, "cannot detect renames");
	}
	return 0;
}

int repo_tree_changes(struct repo_changes *out, struct repo *repo, const struct repo_oid *base,
                      const struct repo_oid *tree, struct dlg_err *err)
{
	git_tree *old_tree = NULL, *new_tree = NULL;
	git_diff *diff = NULL;
	size_t i, n, first = out->n;
	int rc;

	rc = peel_tree(&old_tree, repo, base, err);
	if (rc == 0)
		rc = peel_tree(&new_tree, repo, tree, err);
	if (rc == 0)
		rc = diff_trees(&diff, repo, old_tree, new_tree, err);
	if (rc < 0)
		goto out;
	n = git_diff_num_deltas(diff);
	for (i = 0; i < n; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		char status = delta_status(d->status);
		struct repo_change *c;

		if (!status)
			continue;
		ALLOC_GROW(out->v, out->n + 1, out->alloc);
		c = &out->v[out->n++];
		c->status = status;
		c->old_path = status == 'A' ? NULL : xstrdup(d->old_file.path);
		c->new_path = status == 'D' ? NULL : xstrdup(d->new_file.path);
	}
	if (out->n - first > 1)
		qsort(out->v + first, out->n - first, sizeof(*out->v), change_cmp);
out:
	git_diff_free(diff);
	git_tree_free(new_tree);
	git_tree_free(old_tree);
	return rc;
}

static const char branch_moved[] =
    "the branch moved while dlg was working (a commit was made meanwhile); run the "
    "command again";

/* HEAD's commit, or NULL on an unborn branch. */
static int head_commit(git_commit **out, struct repo *repo, struct dlg_err *err)
{
	return head_peel((git_object **)out, repo, GIT_OBJECT_COMMIT, "HEAD's commit", err);
}

static int make_sig(git_signature **out, const struct repo_sig *s, struct dlg_err *err)
{
	int rc = git_signature_new(out, s->name, s->email, (git_time_t)s->when, s->offset);

	if (rc < 0)
		return git_fail(err, rc, "invalid identity '%s <%s>'", s->name, s->email);
	return 0;
}

/* The parent for a commit: HEAD's commit, which must be expected when given. */
static int commit_parent(git_commit **out, struct repo *repo, const struct repo_oid *expected,
                         struct dlg_err *err)
{
	git_oid want;
	int rc = head_commit(out, repo, err);

	if (rc < 0 || !expected)
		return rc;
	if (*out && git_oid_equal(git_commit_id(*out), to_git(&want, expected)))
		return 0;
	git_commit_free(*out);
	*out = NULL;
	err_set(err, 0, 0, "%s", branch_moved);
	return DLG_ESTATE;
}

int repo_commit_on(struct repo_oid *out, char short_out[REPO_SHORT_SIZE], struct repo *repo,
                   const struct repo_oid *tree_id, const struct repo_oid *parent_id,
                   const char *message, struct dlg_err *err)
{
	struct repo_sig author = REPO_SIG_INIT, committer = REPO_SIG_INIT;
	git_signature *as = NULL, *cs = NULL;
	git_commit *parent = NULL;
	git_tree *tree = NULL;
	struct strbuf msg = STRBUF_INIT;
	git_oid oid;
	int rc;

	rc = repo_signature(&author, &committer, repo, err);
	if (rc == 0)
		rc = make_sig(&as, &author, err);
	if (rc == 0)
		rc = make_sig(&cs, &committer, err);
	if (rc == 0)
		rc = commit_parent(&parent, repo, parent_id, err);
	if (rc < 0)
		goto out;
	rc = git_tree_lookup(&tree, repo->git, to_git(&oid, tree_id));
	if (rc < 0) {
		rc = git_fail(err, rc, "cannot read the tree to commit");
		goto out;
	}
	strbuf_addstr(&msg, message);
	if (!msg.len || msg.buf[msg.len - 1] != '\n')
		strbuf_addch(&msg, '\n');
	/* the reflog entry carries the committer, as git's does */
	git_repository_set_ident(repo->git, committer.name, committer.email);
	rc = git_commit_create(&oid, repo->git, "HEAD", as, cs, NULL, msg.buf, tree, parent ? 1 : 0,
	                       (const git_commit **)&parent);
	git_repository_set_ident(repo->git, NULL, NULL);
	if (rc == GIT_EMODIFIED) {
		/* HEAD moved between reading it and updating it */
		git_error_clear();
		err_set(err, 0, 0, "%s", branch_moved);
		rc = DLG_ESTATE;
		goto out;
	}
	if (rc < 0) {
		rc = git_fail(err, rc, "cannot commit");
		goto out;
	}
	from_git(out, &oid);
	if (short_out)
		repo_oid_short(short_out, out);
out:
	strbuf_release(&msg);
	git_tree_free(tree);
	git_commit_free(parent);
	git_signature_free(cs);
	git_signature_free(as);
	repo_sig_clear(&committer);
	repo_sig_clear(&author);
	return rc;
}

int repo_commit(struct repo_oid *out, char short_out[REPO_SHORT_SIZE], struct repo *repo,
                const struct repo_oid *tree, const char *message, struct dlg_err *err)
{
	return repo_commit_on(out, short_out, repo, tree, NULL, message, err);
}

/* Whether lstat data a and b describe the same file, unchanged. */
static int same_stat(const struct stat *a, const struct stat *b)
{
	return a->st_ino == b->st_ino && a->st_dev == b->st_dev && a->st_mode == b->st_mode &&
	       a->st_size == b->st_size && a->st_uid == b->st_uid && a->st_gid == b->st_gid &&
	       a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
	       a->st_ctim.tv_sec == b->st_ctim.tv_sec && a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

/*
 * Whether a file last changed at st's ctime and read at read_at would show a
 * later change in its ctime. The kernel stamps files from a clock that ticks
 * every few milliseconds, so a change within the same tick as the last one
 * leaves the same ctime; a file whose last change is older than 20 ms when
 * we read it can't be changed again within that tick. With timestamps in
 * whole seconds (no nanoseconds), the margin is a second.
 */
static int settled(const struct stat *st, const struct timespec *read_at)
{
	long long changed = (long long)st->st_ctim.tv_sec * 1000000000LL + st->st_ctim.tv_nsec;
	long long read = (long long)read_at->tv_sec * 1000000000LL + read_at->tv_nsec;
	long long margin = st->st_ctim.tv_nsec || st->st_mtim.tv_nsec ? 20000000LL : 1000000000LL;

	return changed + margin <= read;
}

/*
 * git_index_add_bypath for a file whose blob we know: the entry libgit2 makes
 * from lstat data (it records st_rdev as the device), with the mode it would
 * keep from the entry there when core.fileMode or core.symlinks is off, and
 * the path's conflict, if any, moved to the resolve-undo records.
 */
static int index_add_stored(git_index *idx, int caps, const char *path, const git_oid *id,
                            const struct stat *st)
{
	const git_index_entry *best = NULL, *anc = NULL, *ours = NULL, *theirs = NULL;
	static const int stages[] = { 0, 2, 3, 1 };
	git_index_entry entry;
	size_t i;
	int rc;

	memset(&entry, 0, sizeof(entry));
	entry.ctime.seconds = (int32_t)st->st_ctim.tv_sec;
	entry.ctime.nanoseconds = (uint32_t)st->st_ctim.tv_nsec;
	entry.mtime.seconds = (int32_t)st->st_mtim.tv_sec;
	entry.mtime.nanoseconds = (uint32_t)st->st_mtim.tv_nsec;
	entry.dev = (uint32_t)st->st_rdev;
	entry.ino = (uint32_t)st->st_ino;
	entry.uid = (uint32_t)st->st_uid;
	entry.gid = (uint32_t)st->st_gid;
	entry.file_size = (uint32_t)st->st_size;
	entry.id = *id;
	entry.path = path;
	for (i = 0; i < ARRAY_SIZE(stages) && !best; i++)
		best = git_index_get_bypath(idx, path, stages[i]);
	git_error_clear();
	if ((caps & GIT_INDEX_CAPABILITY_NO_SYMLINKS) && best && S_ISLNK(best->mode))
		entry.mode = best->mode;
	else if (caps & GIT_INDEX_CAPABILITY_NO_FILEMODE)
		entry.mode = best && S_ISREG(best->mode) ? best->mode : GIT_FILEMODE_BLOB;
	else
		entry.mode =
		    (st->st_mode & S_IXUSR) ? GIT_FILEMODE_BLOB_EXECUTABLE : GIT_FILEMODE_BLOB;
	rc = git_index_add(idx, &entry);
	if (rc < 0)
		return rc;
	if (git_index_conflict_get(&anc, &ours, &theirs, idx, path) == 0) {
		rc =
		    git_index_reuc_add(idx, path, anc ? (int)anc->mode : 0, anc ? &anc->id : NULL,
		                       ours ? (int)ours->mode : 0, ours ? &ours->id : NULL,
		                       theirs ? (int)theirs->mode : 0, theirs ? &theirs->id : NULL);
		if (rc == 0)
			rc = git_index_conflict_remove(idx, path);
		return rc;
	}
	git_error_clear();
	return 0;
}

/* Put the file at path into the index as it is in the work tree: with the
 * blob repo_build_tree stored for it while it is unchanged since, else by
 * reading it again. */
static int index_add_file(struct repo *repo, git_index *idx, int caps, const char *path,
                          const struct stat *st)
{
	const struct stored *s = stored_find(repo, path);

	/* libgit2 fixes the case of a path's folders on a case-insensitive
	 * file system; leave that to it */
	if (s && !(caps & GIT_INDEX_CAPABILITY_IGNORE_CASE) && same_stat(&s->st, st) &&
	    settled(&s->st, &s->read_at))
		return index_add_stored(idx, caps, path, &s->id, st);
	return git_index_add_bypath(idx, path);
}

int repo_index_update(struct repo *repo, const struct strlist *paths, struct dlg_err *err)
{
	git_index *idx = NULL;
	git_oid tree;
	struct stat st;
	size_t i;
	int rc, caps;

	rc = git_repository_index(&idx, repo->git);
	if (rc == 0)
		rc = git_index_read(idx, 0);
	if (rc < 0) {
		rc = git_fail(err, rc, "cannot read the index");
		git_index_free(idx);
		return rc;
	}
	caps = git_index_caps(idx);
	strict_objects(0);
	for (i = 0; i < paths->n; i++) {
		const char *path = paths->v[i];
		char *full = xstrfmt("%s%s", repo->workdir, path);
		int found = lstat(full, &st) == 0;

		free(full);
		if (found && S_ISLNK(st.st_mode))
			continue;
		if (found && S_ISREG(st.st_mode))
			rc = index_add_file(repo, idx, caps, path, &st);
		else
			rc = git_index_remove_bypath(idx, path);
		if (rc < 0) {
			rc = git_fail(err, rc, "cannot update '%s' in the index", path);
			goto out;
		}
	}
	/* writing the tree first keeps the index's tree cache valid; an index
	 * with conflicts has no tree, which is fine here */
	rc = git_index_write_tree(&tree, idx);
	if (rc < 0 && rc != GIT_EUNMERGED) {
		rc = git_fail(err, rc, "cannot write the index's tree");
		goto out;
	}
	git_error_clear();
	rc = git_index_write(idx);
	if (rc == GIT_ELOCKED) {
		git_error_clear();
		err_set(err, 0, 0,
		        "cannot write the index: %sindex.lock exists; if no git command is "
		        "running, remove it",
		        repo_display(repo, repo->gitdir));
		rc = DLG_ELOCKED;
	} else if (rc < 0) {
		rc = git_fail(err, rc, "cannot write the index");
	}
out:
	strict_objects(1);
	/* what repo_build_tree stored is for this update only */
	stored_clear(repo->stored, repo->nstored);
	repo->stored = NULL;
	repo->nstored = 0;
	if (rc < 0)
		git_index_read(idx, 1); /* drop our half-done changes */
	git_error_clear();
	git_index_free(idx);
	return rc;
}

/* Identity */

void repo_sig_clear(struct repo_sig *sig)
{
	if (!sig)
		return;
	free(sig->name);
	free(sig->email);
	sig->name = sig->email = NULL;
	sig->when = 0;
	sig->offset = 0;
}

static const char *env_value(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

static char *config_string(git_config *cfg, const char *key)
{
	git_buf buf = { 0 };
	char *s = NULL;

	if (cfg && git_config_get_string_buf(&buf, cfg, key) == 0 && buf.size)
		s = xstrdup(buf.ptr);
	git_error_clear();
	git_buf_dispose(&buf);
	return s;
}

/* The first that is set: env own, env other, config own, config user. */
static char *ident_part(git_config *cfg, const char *env_own, const char *env_other,
                        const char *key_own, const char *key_user)
{
	const char *v = env_value(env_own);
	char *s;

	if (!v)
		v = env_value(env_other);
	if (v)
		return xstrdup(v);
	s = config_string(cfg, key_own);
	return s ? s : config_string(cfg, key_user);
}

static int parse_digits(const char **s, int n, int *out)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if ((*s)[i] < '0' || (*s)[i] > '9')
			return -1;
		v = v * 10 + ((*s)[i] - '0');
	}
	*s += n;
	*out = v;
	return 0;
}

static void skip_spaces(const char **s)
{
	while (**s == ' ' || **s == '\t')
		(*s)++;
}

/* "Z", "+HHMM", "+HH:MM", "+HH" into minutes east; the rest must be empty. */
static int parse_zone(const char *s, int *offset)
{
	int sign, hh, mm = 0;

	skip_spaces(&s);
	if ((*s == 'Z' || *s == 'z') && !s[1]) {
		*offset = 0;
		return 0;
	}
	if (*s != '+' && *s != '-')
		return -1;
	sign = *s++ == '-' ? -1 : 1;
	if (parse_digits(&s, 2, &hh) < 0)
		return -1;
	if (*s == ':')
		s++;
	if (*s && parse_digits(&s, 2, &mm) < 0)
		return -1;
	if (*s || hh > 23 || mm > 59)
		return -1;
	*offset = sign * (hh * 60 + mm);
	return 0;
}

/* Seconds since the epoch of a civil time at a given offset, or in the
 * local zone when local is set (then *offset is filled in). */
static long long civil_to_epoch(int y, int mo, int d, int h, int mi, int s, int local, int *offset)
{
	struct tm tm;
	time_t t;

	if (!local)
		return (long long)date_from_ymd(y, mo, d) * 86400 + h * 3600 + mi * 60 + s -
		       (long long)*offset * 60;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	tm.tm_isdst = -1;
	t = mktime(&tm);
	*offset = (int)(tm.tm_gmtoff / 60);
	return (long long)t;
}

static int valid_civil(int y, int mo, int d, int h, int mi, int s)
{
	int yy, mm, dd;

	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60)
		return 0;
	date_to_ymd(date_from_ymd(y, mo, d), &yy, &mm, &dd);
	return yy == y && mm == mo && dd == d;
}

/* "@EPOCH [+ZZZZ]" and "EPOCH +ZZZZ" (git's internal format). */
static int parse_raw_date(const char *s, long long *when, int *offset)
{
	int at = *s == '@';
	char *end;

	if (at)
		s++;
	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	*when = strtoll(s, &end, 10);
	if (errno)
		return -1;
	*offset = 0;
	skip_spaces((const char **)&end);
	if (!*end)
		return at ? 0 : -1;
	return parse_zone(end, offset);
}

/* "2026-11-20T10:00:00+00:00", "2026-11-20 10:00:00 +0000", seconds and
 * zone optional (no zone: local time). */
static int parse_iso_date(const char *s, long long *when, int *offset)
{
	int y, mo, d, h, mi, sec = 0;

	if (parse_digits(&s, 4, &y) < 0 || *s++ != '-' || parse_digits(&s, 2, &mo) < 0 ||
	    *s++ != '-' || parse_digits(&s, 2, &d) < 0 || (*s != 'T' && *s != ' '))
		return -1;
	s++;
	if (parse_digits(&s, 2, &h) < 0 || *s++ != ':' || parse_digits(&s, 2, &mi) < 0)
		return -1;
	if (*s == ':' && (s++, parse_digits(&s, 2, &sec) < 0))
		return -1;
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++)
			;
	if (!valid_civil(y, mo, d, h, mi, sec))
		return -1;
	skip_spaces(&s);
	if (!*s) {
		*when = civil_to_epoch(y, mo, d, h, mi, sec, 1, offset);
		return 0;
	}
	if (parse_zone(s, offset) < 0)
		return -1;
	*when = civil_to_epoch(y, mo, d, h, mi, sec, 0, offset);
	return 0;
}

/* RFC 2822: "[Thu, ]20 Nov 2026 10:00:00 +0000". */
static int parse_rfc2822_date(const char *s, long long *when, int *offset)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	int y, mo, d, h, mi, sec, n = 0;
	char mon[4];
	const char *comma = strchr(s, ',');

	if (comma)
		s = comma + 1;
	if (sscanf(s, " %d %3s %d %d:%d:%d%n", &d, mon, &y, &h, &mi, &sec, &n) != 6 || !n)
		return -1;
	for (mo = 0; mo < 12; mo++)
		if (!strncmp(months + 3 * mo, mon, 3))
			break;
	if (mo == 12 || !valid_civil(y, mo + 1, d, h, mi, sec) || parse_zone(s + n, offset) < 0)
		return -1;
	*when = civil_to_epoch(y, mo + 1, d, h, mi, sec, 0, offset);
	return 0;
}

static int parse_git_date(const char *s, long long *when, int *offset)
{
	if (parse_raw_date(s, when, offset) == 0 || parse_iso_date(s, when, offset) == 0 ||
	    parse_rfc2822_date(s, when, offset) == 0)
		return 0;
	return -1;
}

static int sig_time(struct repo_sig *sig, const char *env, struct dlg_err *err)
{
	const char *v = env_value(env);
	struct tm tm;
	time_t now;

	if (v) {
		if (parse_git_date(v, &sig->when, &sig->offset) < 0)
			return err_set(err, 0, 0,
			               "%s: invalid date '%s' (use \"@EPOCH +ZZZZ\" or "
			               "\"YYYY-MM-DDTHH:MM:SS+ZZ:ZZ\")",
			               env, v);
		return 0;
	}
	now = time(NULL);
	localtime_r(&now, &tm);
	sig->when = (long long)now;
	sig->offset = (int)(tm.tm_gmtoff / 60);
	return 0;
}

static int make_ident(struct repo_sig *sig, git_config *cfg, int committer, struct dlg_err *err)
{
	const char *me = committer ? "COMMITTER" : "AUTHOR";
	const char *other = committer ? "AUTHOR" : "COMMITTER";
	const char *kind = committer ? "committer" : "author";
	char env_own[32], env_other[32], key_own[32];

	snprintf(env_own, sizeof(env_own), "GIT_%s_NAME", me);
	snprintf(env_other, sizeof(env_other), "GIT_%s_NAME", other);
	snprintf(key_own, sizeof(key_own), "%s.name", kind);
	sig->name = ident_part(cfg, env_own, env_other, key_own, "user.name");
	snprintf(env_own, sizeof(env_own), "GIT_%s_EMAIL", me);
	snprintf(env_other, sizeof(env_other), "GIT_%s_EMAIL", other);
	snprintf(key_own, sizeof(key_own), "%s.email", kind);
	sig->email = ident_part(cfg, env_own, env_other, key_own, "user.email");
	if (!sig->email && env_value("EMAIL"))
		sig->email = xstrdup(env_value("EMAIL"));
	if (!sig->name || !sig->email)
		return err_set(err, 0, 0,
		               "no git identity: set one with git config user.name \"Your Name\" "
		               "and git config user.email you@example.org");
	snprintf(env_own, sizeof(env_own), "GIT_%s_DATE", me);
	return sig_time(sig, env_own, err);
}

int repo_signature(struct repo_sig *author, struct repo_sig *committer, struct repo *repo,
                   struct dlg_err *err)
{
	struct repo_sig a = REPO_SIG_INIT, c = REPO_SIG_INIT;
	git_config *cfg = NULL;
	int rc;

	if (git_repository_config_snapshot(&cfg, repo->git) < 0) {
		git_error_clear();
		cfg = NULL;
	}
	rc = make_ident(&a, cfg, 0, err);
	if (rc == 0)
		rc = make_ident(&c, cfg, 1, err);
	git_config_free(cfg);
	if (rc < 0) {
		repo_sig_clear(&a);
		repo_sig_clear(&c);
		return rc;
	}
	if (author)
		*author = a;
	else
		repo_sig_clear(&a);
	if (committer)
		*committer = c;
	else
		repo_sig_clear(&c);
	return 0;
}

/* Reading */

/* The blob entry at path in tree (NULL when absent or not a file). */
static git_tree_entry *file_entry(git_tree *tree, const char *path)
{
	git_tree_entry *e = NULL;

	if (!tree || git_tree_entry_bypath(&e, tree, path) < 0) {
		git_error_clear();
		return NULL;
	}
	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB) {
		git_tree_entry_free(e);
		return NULL;
	}
	return e;
}

int repo_read_blob(struct strbuf *out, struct repo *repo, const struct repo_oid *treeish,
                   const char *path, struct dlg_err *err)
{
	git_tree *tree = NULL;
	git_tree_entry *e = NULL;
	git_blob *blob = NULL;
	int rc;

	rc = peel_tree(&tree, repo, treeish, err);
	if (rc < 0)
		return rc;
	e = file_entry(tree, path);
	if (!e) {
		err_set(err, 0, 0, "'%s' is not in %s", path, treeish ? "that commit" : "HEAD");
		rc = DLG_ENOTFOUND;
		goto out;
	}
	rc = git_blob_lookup(&blob, repo->git, git_tree_entry_id(e));
	if (rc < 0) {
		rc = git_fail(err, rc, "cannot read '%s'", path);
		goto out;
	}
	strbuf_reset(out);
	strbuf_add(out, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
out:
	git_blob_free(blob);
	git_tree_entry_free(e);
	git_tree_free(tree);
	return rc;
}

int repo_read_head_blob(struct strbuf *out, struct repo *repo, const char *path,
                        struct dlg_err *err)
{
	return repo_read_blob(out, repo, NULL, path, err);
}

/* History */

/*
 * One side of a commit/parent comparison: the commit, its tree and the tree
 * of the folder holding the file. That folder's tree is shared with the
 * previous side when its id is the same, so walking a flat folder of 100,000
 * tasks parses each version of it once.
 */
struct side {
	git_commit *commit;
	git_tree *root;
	git_tree *dir; /* NULL when the folder is absent */
};

static void side_release(struct side *s)
{
	git_tree_free(s->dir);
	git_tree_free(s->root);
	git_commit_free(s->commit);
	memset(s, 0, sizeof(*s));
}

/* The folder part of path ("" at the top) and its last component. */
static void split_path(const char *path, struct strbuf *dir, const char **base)
{
	const char *slash = strrchr(path, '/');

	strbuf_reset(dir);
	if (slash)
		strbuf_add(dir, path, (size_t)(slash - path));
	*base = slash ? slash + 1 : path;
}

/* Load commit (whose reference s takes over) with the folder dirpath;
 * share reuse's folder tree when it is the same object. */
static int side_load(struct side *s, struct repo *repo, git_commit *commit, const char *dirpath,
                     const struct side *reuse, struct dlg_err *err)
{
	git_tree_entry *e = NULL;
	int rc;

	memset(s, 0, sizeof(*s));
	s->commit = commit;
	rc = git_commit_tree(&s->root, commit);
	if (rc < 0)
		return git_fail(err, rc, "cannot read a commit's tree");
	if (!*dirpath)
		return git_object_dup((git_object **)&s->dir, (git_object *)s->root);
	if (git_tree_entry_bypath(&e, s->root, dirpath) < 0 ||
	    git_tree_entry_type(e) != GIT_OBJECT_TREE) {
		git_error_clear();
		git_tree_entry_free(e);
		return 0;
	}
	if (reuse && reuse->dir && git_oid_equal(git_tree_entry_id(e), git_tree_id(reuse->dir)))
		rc = git_object_dup((git_object **)&s->dir, (git_object *)reuse->dir);
	else
		rc = git_tree_lookup(&s->dir, repo->git, git_tree_entry_id(e));
	git_tree_entry_free(e);
	return rc < 0 ? git_fail(err, rc, "cannot read a tree") : 0;
}

/* The file base in a side's folder (borrowed), or NULL. */
static const git_tree_entry *side_file(const struct side *s, const char *base)
{
	const git_tree_entry *e = s->dir ? git_tree_entry_byname(s->dir, base) : NULL;

	return e && git_tree_entry_type(e) == GIT_OBJECT_BLOB ? e : NULL;
}

/* The path tree's file at path was renamed from, or NULL. */
static char *rename_source(struct repo *repo, git_tree *ptree, git_tree *tree, const char *path,
                           struct dlg_err *err, int *rc)
{
	git_diff *diff = NULL;
	char *from = NULL;
	size_t i, n;

	*rc = diff_trees(&diff, repo, ptree, tree, err);
	if (*rc < 0)
		return NULL;
	n = git_diff_num_deltas(diff);
	for (i = 0; i < n && !from; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);

		if (d->status == GIT_DELTA_RENAMED && !strcmp(d->new_file.path, path))
			from = xstrdup(d->old_file.path);
	}
	git_diff_free(diff);
	return from;
}

static int load_blob(git_blob **out, struct repo *repo, const git_tree_entry *e,
                     struct dlg_err *err)
{
	int rc;

	*out = NULL;
	if (!e)
		return 0;
	rc = git_blob_lookup(out, repo->git, git_tree_entry_id(e));
	return rc < 0 ? git_fail(err, rc, "cannot read a blob") : 0;
}

/* What the callback sees of one change; old/new are the file's entries. */
struct event {
	char status;
	const char *old_path, *new_path;
	git_blob *old_blob, *new_blob;
};

static int report(struct repo *repo, git_commit *commit, const struct event *ev, repo_history_fn fn,
                  void *payload)
{
	const git_signature *a = git_commit_author(commit);
	const char *msg = git_commit_message(commit);
	const char *nl = strchr(msg, '\n');
	struct repo_history_entry h;
	char *subject = nl ? xstrndup(msg, (size_t)(nl - msg)) : xstrdup(msg);
	int rc;

	(void)repo;
	memset(&h, 0, sizeof(h));
	git_oid_tostr(h.id, sizeof(h.id), git_commit_id(commit));
	git_oid_tostr(h.short_id, sizeof(h.short_id), git_commit_id(commit));
	h.author_name = a->name;
	h.author_email = a->email;
	h.when = (long long)a->when.time;
	h.offset = a->when.offset;
	h.subject = subject;
	h.message = msg;
	h.status = ev->status;
	h.old_path = ev->old_path;
	h.new_path = ev->new_path;
	if (ev->old_blob) {
		h.old_data = git_blob_rawcontent(ev->old_blob);
		h.old_len = (size_t)git_blob_rawsize(ev->old_blob);
	}
	if (ev->new_blob) {
		h.new_data = git_blob_rawcontent(ev->new_blob);
		h.new_len = (size_t)git_blob_rawsize(ev->new_blob);
	}
	rc = fn(&h, payload);
	free(subject);
	return rc;
}

/*
 * Compare cur with its parent par for the file *path. When it was added as
 * a rename, *path becomes the old name and par is reloaded for it.
 */
static int history_step(struct repo *repo, struct side *cur, struct side *par, char **path,
                        repo_history_fn fn, void *payload, struct dlg_err *err)
{
	struct strbuf dir = STRBUF_INIT;
	struct event ev = { 0 };
	const git_tree_entry *ne, *oe;
	const char *base;
	char *from = NULL;
	git_commit *pc;
	int rc = 0;

	split_path(*path, &dir, &base);
	ne = side_file(cur, base);
	oe = par->commit ? side_file(par, base) : NULL;
	if ((!ne && !oe) ||
	    (ne && oe && git_oid_equal(git_tree_entry_id(ne), git_tree_entry_id(oe)) &&
	     git_tree_entry_filemode(ne) == git_tree_entry_filemode(oe)))
		goto out;
	ev.status = !oe ? 'A' : !ne ? 'D' : 'M';
	ev.old_path = oe ? *path : NULL;
	ev.new_path = ne ? *path : NULL;
	if (ev.status == 'A' && par->commit) {
		from = rename_source(repo, par->root, cur->root, *path, err, &rc);
		if (rc < 0)
			goto out;
	}
	if (from) {
		/* look at the parent again, under the old name */
		if (git_commit_dup(&pc, par->commit) < 0) {
			rc = git_fail(err, -1, "cannot read a commit");
			goto out;
		}
		side_release(par);
		split_path(from, &dir, &base);
		rc = side_load(par, repo, pc, dir.buf, NULL, err);
		if (rc < 0)
			goto out;
		oe = side_file(par, base);
		ev.status = 'R';
		ev.old_path = from;
	}
	rc = load_blob(&ev.new_blob, repo, ne, err);
	if (rc == 0)
		rc = load_blob(&ev.old_blob, repo, oe, err);
	if (rc == 0)
		rc = report(repo, cur->commit, &ev, fn, payload);
	if (from) {
		free(*path);
		*path = from;
		from = NULL;
	}
out:
	git_blob_free(ev.old_blob);
	git_blob_free(ev.new_blob);
	free(from);
	strbuf_release(&dir);
	return rc;
}

int repo_file_history(struct repo *repo, const char *path, repo_history_fn fn, void *payload,
                      struct dlg_err *err)
{
	struct side cur = { 0 }, par = { 0 };
	struct strbuf dir = STRBUF_INIT;
	git_commit *commit = NULL;
	const char *base;
	char *name = xstrdup(path);
	int rc;

	rc = head_commit(&commit, repo, err);
	if (rc == 0 && commit) {
		split_path(name, &dir, &base);
		rc = side_load(&cur, repo, commit, dir.buf, NULL, err);
	}
	while (rc == 0 && cur.commit) {
		commit = NULL;
		if (git_commit_parentcount(cur.commit) > 0) {
			rc = git_commit_parent(&commit, cur.commit, 0);
			if (rc < 0) {
				rc = git_fail(err, rc, "cannot read a parent commit");
				break;
			}
			split_path(name, &dir, &base);
			rc = side_load(&par, repo, commit, dir.buf, &cur, err);
			if (rc < 0)
				break;
		}
		rc = history_step(repo, &cur, &par, &name, fn, payload, err);
		side_release(&cur);
		cur = par;
		memset(&par, 0, sizeof(par));
	}
	side_release(&par);
	side_release(&cur);
	strbuf_release(&dir);
	free(name);
	return rc;
}
