/* test_repo_safe.c: what the repository layer leaves alone and how it
 * survives: skip-worktree entries, submodules and nested repositories,
 * commits under git's index.lock (and kills at each step of one, with
 * repo_recover and repo_index_reset after), a status that writes nothing
 * when asked to, and a full disk named as such. A commit to be killed runs
 * in a fresh process of this program (--commit-in DIR), so that DLG_FAULT
 * is read anew. */
#include "tests/unit/test_repo.h"

static char self[4096]; /* this program, for the child commits */

/* The child: commit every changed managed path of dir; the error on
 * stderr; exit 0, or 1 on failure. */
static char *child_message(const struct repo_changes *changes, void *payload)
{
	(void)changes;
	(void)payload;
	return xstrdup("Child");
}

static int child_commit(const char *dir)
{
	struct repo_commit_opts opts = REPO_COMMIT_OPTS_INIT;
	struct repo_commit_result res = REPO_COMMIT_RESULT_INIT;
	struct dlg_err err = DLG_ERR_INIT;
	struct strlist paths = STRLIST_INIT;
	struct repo *repo = NULL;
	struct repo_oid head;
	int rc;

	rc = repo_open(&repo, dir, &err);
	if (rc == 0)
		rc = repo_changed_paths_ext(&paths, repo, REPO_STATUS_READ_ONLY, &err);
	if (rc == 0 && repo_head(&head, repo, &err) == 0)
		opts.parent = &head;
	opts.paths = &paths;
	opts.message = child_message;
	if (rc == 0)
		rc = repo_commit_paths(&res, repo, &opts, &err);
	if (rc)
		fprintf(stderr, "%s\n", err.msg);
	repo_commit_result_clear(&res);
	strlist_clear(&paths);
	repo_free(repo);
	err_clear(&err);
	return rc ? 1 : 0;
}

/* Run the child commit in dir with DLG_FAULT=fault; its exit status (137
 * when killed), its stderr into err_out when given. */
static int run_child(const char *dir, const char *fault, struct strbuf *err_out)
{
	struct strbuf out = STRBUF_INIT;
	int rc;

	rc = sh(dir,
	        "DLG_FAULT='%s' '%s' --commit-in '%s' 2>.git/child.err; r=$?; "
	        "[ $r -gt 128 ] && exit 137; exit $r",
	        fault, self, dir);
	if (err_out) {
		capture(&out, dir, "cat .git/child.err");
		strbuf_reset(err_out);
		strbuf_addstr(err_out, out.buf);
	}
	sh(dir, "rm -f .git/child.err");
	strbuf_release(&out);
	return rc;
}

static void assert_out(const char *dir, const char *cmd, const char *want)
{
	struct strbuf out = STRBUF_INIT;

	capture(&out, dir, "%s", cmd);
	assert_string_equal(out.buf, want);
	strbuf_release(&out);
}

static void assert_absent(const char *dir, const char *path)
{
	char *full = xstrfmt("%s/%s", dir, path);

	if (access(full, F_OK) == 0)
		fail_msg("%s exists", path);
	free(full);
}

/* No index.lock recorded as dlg's: the record is absent or empty. */
static void assert_no_record(const char *dir)
{
	struct stat st;
	char *full = xstrfmt("%s/.git/dlg/index-lock", dir);

	if (stat(full, &st) == 0 && st.st_size)
		fail_msg(".git/dlg/index-lock is not empty");
	free(full);
}

static void assert_present(const char *dir, const char *path)
{
	char *full = xstrfmt("%s/%s", dir, path);

	if (access(full, F_OK) < 0)
		fail_msg("%s is missing", path);
	free(full);
}

/* Skip-worktree entries (a sparse checkout) are never changes, and never
 * deleted from a tree */
static void test_skip_worktree(void **state)
{
	struct strlist paths = STRLIST_INIT;
	struct repo *repo;
	char short_id[REPO_SHORT_SIZE];
	char *dir = new_repo();

	(void)state;
	SH(dir, "git update-index --skip-worktree tasks/a.md && rm tasks/a.md");
	SH(dir, "git sparse-checkout set --no-cone /dlg.ini /people/ /notes.txt /.gitignore");
	assert_absent(dir, "tasks/b.md");
	assert_present(dir, "people/bob.md");
	repo = open_ok(dir);
	changed(repo, &paths);
	assert_int_equal(paths.n, 0);

	/* given anyway (as a written path would be): left as HEAD has them */
	write_file(dir, "people/bob.md", "---\nname: Bob B\n---\n");
	strlist_push(&paths, "tasks/a.md");
	strlist_push(&paths, "tasks/b.md");
	strlist_push(&paths, "people/bob.md");
	commit_paths(repo, &paths, "Edit bob", short_id);
	assert_out(dir, "git diff --name-only HEAD~1 HEAD", "people/bob.md\n");
	assert_out(dir, "git ls-tree -r --name-only HEAD -- tasks | wc -l", "4\n");
	assert_out(dir, "git ls-files -v -- tasks/a.md tasks/b.md", "S tasks/a.md\nS tasks/b.md\n");
	assert_out(dir, "git status --porcelain", "");

	/* and the engine can leave them out of its scan */
	strlist_clear(&paths);
	{
		struct dlg_err err = DLG_ERR_INIT;

		assert_int_equal(repo_excluded_paths(&paths, repo, &err), 0);
		assert_int_equal(paths.n, 3);
		assert_string_equal(paths.v[0], "tasks/a.md");
		assert_string_equal(paths.v[1], "tasks/b.md");
		assert_string_equal(paths.v[2], "tasks/deep/c.md");
	}
	assert_fsck(dir);

	repo_free(repo);
	strlist_clear(&paths);
	free(dir);
}

/* Gitlinks, submodules (checked out or not), nested repositories and
 * symlinked folders: never listed, never staged, the gitlink kept */
static void test_submodules(void **state)
{
	struct strlist paths = STRLIST_INIT;
	struct strbuf link = STRBUF_INIT, out = STRBUF_INIT;
	struct repo *repo;
	char short_id[REPO_SHORT_SIZE];
	char *dir = new_repo();
	char *sub = new_dir();

	(void)state;
	SH(sub, "git init -q && echo v >v.md && git add v.md && git commit -q -m v");
	SH(dir,
	   "git -c protocol.file.allow=always submodule add -q '%s' tasks/vendor && "
	   "git commit -q -m 'Add vendor'",
	   sub);
	/* a gitlink with a managed name and no checkout, and a nested repository */
	SH(dir,
	   "git update-index --add --cacheinfo 160000,$(git -C '%s' rev-parse HEAD),tasks/x.md "
	   "&& git commit -q -m 'Add x.md' && mkdir -p tasks/x.md",
	   sub);
	SH(dir, "git init -q tasks/nested && echo n >tasks/nested/n.md");
	SH(dir,
	   "mkdir -p '%s/elsewhere' && echo e >'%s/elsewhere/e.md' && ln -s '%s/elsewhere' "
	   "tasks/link",
	   trash, trash, trash);
	capture(&link, dir, "git ls-tree -r HEAD | grep '^160000'");
	write_file(dir, "tasks/vendor/v.md", "mine\n");
	write_file(dir, "tasks/vendor/w.md", "new\n");
	write_file(dir, "tasks/x.md/y.md", "in a gitlink's folder\n");
	write_file(dir, "tasks/mine.md", "mine\n");
	repo = open_ok(dir);
	changed(repo, &paths);
	assert_int_equal(paths.n, 1);
	assert_string_equal(paths.v[0], "tasks/mine.md");

	strlist_push(&paths, "tasks/vendor/v.md");
	strlist_push(&paths, "tasks/vendor/w.md");
	strlist_push(&paths, "tasks/vendor");
	strlist_push(&paths, "tasks/x.md");
	strlist_push(&paths, "tasks/x.md/y.md");
	strlist_push(&paths, "tasks/nested/n.md");
	strlist_push(&paths, "tasks/link/e.md");
	strlist_sort(&paths);
	commit_paths(repo, &paths, "Mine", short_id);
	assert_out(dir, "git diff --name-only HEAD~1 HEAD", "tasks/mine.md\n");
	capture(&out, dir, "git ls-tree -r HEAD | grep '^160000'");
	assert_string_equal(out.buf, link.buf);
	assert_out(dir, "git ls-files -s | grep -c '^160000'", "2\n");
	assert_out(dir, "git ls-files -- tasks/vendor tasks/x.md tasks/nested tasks/link",
	           "tasks/vendor\ntasks/x.md\n");
	assert_out(dir, "git -C tasks/vendor status --porcelain", " M v.md\n?? w.md\n");
	assert_out(dir, "cat tasks/vendor/v.md", "mine\n");

	strlist_clear(&paths);
	{
		struct dlg_err err = DLG_ERR_INIT;

		assert_int_equal(repo_excluded_paths(&paths, repo, &err), 0);
		assert_int_equal(paths.n, 2);
		assert_string_equal(paths.v[0], "tasks/vendor");
		assert_string_equal(paths.v[1], "tasks/x.md");
	}
	assert_fsck(dir);

	repo_free(repo);
	strlist_clear(&paths);
	strbuf_release(&link);
	strbuf_release(&out);
	free(sub);
	free(dir);
}

/* The record names index.lock while the commit holds it (here: while it
 * asks for the message) */
static char *look_at_lock(const struct repo_changes *changes, void *payload)
{
	const char *dir = payload;
	struct strbuf out = STRBUF_INIT, want = STRBUF_INIT;

	char *line;

	(void)changes;
	capture(&want, dir, "stat -c '%%i' .git/index.lock");
	capture(&out, dir, "cut -d' ' -f1,4,5 .git/dlg/index-lock");
	strbuf_setlen(&want, want.len - 1);
	line = xstrfmt("%ld %s -1\n", (long)getpid(), want.buf);
	assert_string_equal(out.buf, line);
	free(line);
	/* git can't commit meanwhile */
	assert_int_not_equal(sh(dir, "git commit -q --allow-empty -m no"), 0);
	strbuf_release(&out);
	strbuf_release(&want);
	return xstrdup("Looked");
}

static void test_commit_holds_index_lock(void **state)
{
	struct repo_commit_opts opts = REPO_COMMIT_OPTS_INIT;
	struct repo_commit_result res = REPO_COMMIT_RESULT_INIT;
	struct dlg_err err = DLG_ERR_INIT;
	struct strlist paths = STRLIST_INIT;
	struct repo_oid head;
	struct repo *repo;
	char *dir = new_repo();

	(void)state;
	repo = open_ok(dir);
	write_file(dir, "tasks/a.md", "new a\n");
	strlist_push(&paths, "tasks/a.md");
	assert_int_equal(repo_head(&head, repo, &err), 0);
	opts.parent = &head;
	opts.paths = &paths;
	opts.message = look_at_lock;
	opts.payload = dir;
	assert_int_equal(repo_commit_paths(&res, repo, &opts, &err), 0);
	assert_true(res.committed);
	assert_absent(dir, ".git/index.lock");
	assert_no_record(dir);
	assert_absent(dir, ".git/dlg/index.new");
	assert_out(dir, "git log --format=%s", "Looked\nStart\n");
	assert_out(dir, "git reflog --format=%gs -1 HEAD", "commit: Looked\n");
	assert_out(dir, "git reflog --format=%gs -1 main", "commit: Looked\n");
	assert_index_matches_files(dir);
	assert_fsck(dir);

	repo_commit_result_clear(&res);
	repo_free(repo);
	strlist_clear(&paths);
	err_clear(&err);
	free(dir);
}

/* Killed at each step: git finds the repository sound, index.lock is gone
 * or dlg's recorded one, which repo_recover removes; repo_index_reset makes
 * the index agree with HEAD; the next commit repairs the index too */
static void kill_at(const char *fault, int lock_left, int moved)
{
	struct dlg_err err = DLG_ERR_INIT;
	struct strlist paths = STRLIST_INIT;
	struct strbuf before = STRBUF_INIT, out = STRBUF_INIT;
	struct repo *repo;
	char short_id[REPO_SHORT_SIZE];
	char *dir = new_repo();
	int removed = -1;

	write_file(dir, "tasks/a.md", "---\ntitle: A, killed\n---\n");
	write_file(dir, "tasks/new.md", "---\ntitle: New\n---\n");
	SH(dir, "rm tasks/b.md");
	capture(&before, dir, "git rev-parse HEAD");
	assert_int_equal(run_child(dir, fault, NULL), 137);
	assert_fsck(dir);
	capture(&out, dir, "git rev-parse HEAD");
	if (moved)
		assert_string_not_equal(out.buf, before.buf);
	else
		assert_string_equal(out.buf, before.buf);
	if (lock_left) {
		assert_present(dir, ".git/index.lock");
		capture(&out, dir, "cut -d' ' -f4 .git/dlg/index-lock");
		capture(&before, dir, "stat -c %%i .git/index.lock");
		assert_string_equal(out.buf, before.buf);
		/* git refuses to work meanwhile, as after its own crash */
		assert_int_not_equal(sh(dir, "git add notes.txt"), 0);
	} else {
		assert_absent(dir, ".git/index.lock");
	}

	repo = open_ok(dir);
	assert_int_equal(repo_recover(repo, &removed, &err), 0);
	assert_int_equal(removed, lock_left);
	assert_absent(dir, ".git/index.lock");
	assert_no_record(dir);
	assert_absent(dir, ".git/dlg/index.new");
	assert_int_equal(repo_recover(repo, &removed, &err), 0);
	assert_int_equal(removed, 0);

	strlist_push(&paths, "tasks/a.md");
	strlist_push(&paths, "tasks/b.md");
	strlist_push(&paths, "tasks/new.md");
	assert_int_equal(repo_index_reset(repo, &paths, &err), 0);
	assert_out(dir, "git diff --cached --name-only", "");
	assert_absent(dir, ".git/index.lock");
	assert_fsck(dir);
	/* the files are as dlg left them: a sync commits them next */
	capture(&out, dir, "git status --porcelain");
	if (moved)
		assert_string_equal(out.buf, "");
	else
		assert_string_equal(out.buf, " M tasks/a.md\n D tasks/b.md\n?? tasks/new.md\n");
	if (!moved) {
		commit_paths(repo, &paths, "Again", short_id);
		assert_out(dir, "git status --porcelain", "");
		assert_index_matches_files(dir);
	}
	assert_fsck(dir);

	repo_free(repo);
	strlist_clear(&paths);
	strbuf_release(&before);
	strbuf_release(&out);
	err_clear(&err);
	free(dir);
}

static void test_kill_index_locked(void **state)
{
	(void)state;
	kill_at("index-locked:1", 1, 0);
}

static void test_kill_commit_written(void **state)
{
	(void)state;
	kill_at("commit-written:1", 1, 0);
}

static void test_kill_ref_updated(void **state)
{
	(void)state;
	kill_at("ref-updated:1", 1, 1);
}

static void test_kill_index_written(void **state)
{
	(void)state;
	kill_at("index-written:1", 0, 1);
}

/* After a kill between moving the branch and writing the index, the index
 * disagrees with HEAD for the paths; a commit of them with nothing to
 * commit makes it agree (so later syncs repair it) */
static void test_commit_repairs_index(void **state)
{
	struct repo_commit_result res = REPO_COMMIT_RESULT_INIT;
	struct dlg_err err = DLG_ERR_INIT;
	struct strlist paths = STRLIST_INIT;
	struct hook h = { "Never", NULL, NULL, 0, STRBUF_INIT };
	struct repo *repo;
	char *dir = new_repo();

	(void)state;
	write_file(dir, "tasks/a.md", "---\ntitle: A, killed\n---\n");
	write_file(dir, "tasks/new.md", "---\ntitle: New\n---\n");
	assert_int_equal(run_child(dir, "ref-updated:1", NULL), 137);
	SH(dir, "rm .git/index.lock");
	assert_out(dir, "git status --porcelain -- tasks",
	           "MM tasks/a.md\nD  tasks/new.md\n?? tasks/new.md\n");
	repo = open_ok(dir);
	changed(repo, &paths);
	assert_int_equal(paths.n, 2);
	assert_int_equal(commit_with(&res, repo, &paths, &h, 0, &err), 0);
	assert_false(res.committed);
	assert_int_equal(h.calls, 0);
	assert_out(dir, "git status --porcelain -- tasks", "");
	assert_index_matches_files(dir);
	/* and a commit with the index agreeing already writes nothing */
	SH(dir, "sha1sum .git/index >.git/before");
	assert_int_equal(commit_with(&res, repo, &paths, &h, 0, &err), 0);
	SH(dir, "sha1sum .git/index | cmp - .git/before && rm .git/before");
	assert_fsck(dir);

	repo_commit_result_clear(&res);
	repo_free(repo);
	strlist_clear(&paths);
	strbuf_release(&h.seen);
	err_clear(&err);
	free(dir);
}

/* repo_recover removes only what is provably dlg's */
static void test_recover_leaves_git_locks(void **state)
{
	struct dlg_err err = DLG_ERR_INIT;
	struct strbuf out = STRBUF_INIT;
	struct repo *repo;
	char *dir = new_repo();
	char host[256] = "";
	int removed = -1;

	(void)state;
	gethostname(host, sizeof(host) - 1);
	repo = open_ok(dir);
	SH(dir, "mkdir -p .git/dlg");

	/* git's lock, no record */
	SH(dir, "echo git >.git/index.lock");
	assert_int_equal(repo_recover(repo, &removed, &err), 0);
	assert_int_equal(removed, 0);
	assert_present(dir, ".git/index.lock");

	/* a record of a live process (our parent) naming it */
	SH(dir, "echo \"%ld %s $(stat -c '%%d %%i' .git/index.lock) -1 0 0\" >.git/dlg/index-lock",
	   (long)getppid(), host);
	assert_int_equal(repo_recover(repo, &removed, &err), 0);
	assert_int_equal(removed, 0);
	assert_present(dir, ".git/index.lock");
	assert_present(dir, ".git/dlg/index-lock");

	/* a dead process's record naming another file: the record goes */
	SH(dir,
	   "echo \"999999 %s $(stat -c '%%d' .git/index.lock) 1 -1 0 0\" "
	   ">.git/dlg/index-lock",
	   host);
	assert_int_equal(repo_recover(repo, &removed, &err), 0);
	assert_int_equal(removed, 0);
	assert_present(dir, ".git/index.lock");
	assert_no_record(dir);

	/* the same inode, but not as dlg left it (size and ctime differ) */
	SH(dir,
	   "echo \"999999 %s $(stat -c '%%d %%i' .git/index.lock) 12345 1 2\" "
	   ">.git/dlg/index-lock",
	   host);
	assert_int_equal(repo_recover(repo, &removed, &err), 0);
	assert_int_equal(removed, 0);
	assert_present(dir, ".git/index.lock");

	/* another host's record */
	SH(dir, "echo \"999999 other-host $(stat -c '%%d %%i' .git/index.lock) -1 0 0\" "
	        ">.git/dlg/index-lock");
	assert_int_equal(repo_recover(repo, &removed, &err), 0);
	assert_present(dir, ".git/index.lock");
	assert_present(dir, ".git/dlg/index-lock");

	/* a dead process's record naming it: dlg's, stale, removed */
	SH(dir,
	   "echo \"999999 %s $(stat -c '%%d %%i %%s %%Z' .git/index.lock) "
	   "$(stat -c %%z .git/index.lock | sed 's/.*\\.\\([0-9]*\\) .*/\\1/' | sed "
	   "'s/^0*//;s/^$/0/')\" >.git/dlg/index-lock",
	   host);
	capture(&out, dir, "cat .git/dlg/index-lock");
	assert_int_equal(repo_recover(repo, &removed, &err), 0);
	if (removed != 1)
		fail_msg("not removed with record %s", out.buf);
	assert_absent(dir, ".git/index.lock");
	assert_no_record(dir);

	/* the commit's message names dlg's stale lock */
	SH(dir,
	   "echo x >.git/index.lock && echo \"999999 %s $(stat -c '%%d %%i' "
	   ".git/index.lock) -1 0 0\" >.git/dlg/index-lock",
	   host);
	{
		struct repo_commit_result res = REPO_COMMIT_RESULT_INIT;
		struct repo_commit_opts opts = REPO_COMMIT_OPTS_INIT;
		struct strlist paths = STRLIST_INIT;

		strlist_push(&paths, "tasks/a.md");
		opts.paths = &paths;
		opts.index_timeout_ms = -1;
		assert_int_equal(repo_commit_paths(&res, repo, &opts, &err), DLG_ELOCKED);
		assert_non_null(strstr(err.msg, "cannot commit: .git/index.lock was left by dlg "
		                                "(pid 999999 on "));
		assert_non_null(strstr(err.msg, "which is gone; the next dlg sync removes it, or "
		                                "remove it yourself: rm '.git/index.lock'"));
		repo_commit_result_clear(&res);
		strlist_clear(&paths);
	}

	repo_free(repo);
	strbuf_release(&out);
	err_clear(&err);
	free(dir);
}

/* repo_index_reset: each path as HEAD has it, stat data only when the file
 * holds HEAD's blob; absent from HEAD: out of the index */
static void test_index_reset(void **state)
{
	struct dlg_err err = DLG_ERR_INIT;
	struct strlist paths = STRLIST_INIT;
	struct repo *repo;
	char *dir = new_repo();

	(void)state;
	write_file(dir, "tasks/a.md", "staged a\n");
	write_file(dir, "tasks/new.md", "staged new\n");
	SH(dir, "git add tasks/a.md tasks/new.md && git rm -q --cached tasks/b.md");
	write_file(dir, "tasks/a.md", "---\ntitle: A\n---\nbody a\n"); /* HEAD's again */
	write_file(dir, "tasks/deep/c.md", "edited c\n");
	SH(dir, "git add tasks/deep/c.md");
	write_file(dir, "notes.txt", "staged notes\n");
	SH(dir, "git add notes.txt");
	repo = open_ok(dir);
	strlist_push(&paths, "tasks/a.md");
	strlist_push(&paths, "tasks/b.md");
	strlist_push(&paths, "tasks/deep/c.md");
	strlist_push(&paths, "tasks/new.md");
	assert_int_equal(repo_index_reset(repo, &paths, &err), 0);
	assert_out(dir, "git diff --cached --name-only", "notes.txt\n");
	/* without refreshing: a.md and b.md hold HEAD's blob (stat data kept),
	 * c.md differs and is read again */
	assert_out(dir, "git diff-files --name-only", "tasks/deep/c.md\n");
	assert_out(dir, "git status --porcelain -- tasks", " M tasks/deep/c.md\n?? tasks/new.md\n");
	assert_out(dir, "cat tasks/deep/c.md", "edited c\n");
	assert_absent(dir, ".git/index.lock");
	assert_fsck(dir);

	repo_free(repo);
	strlist_clear(&paths);
	err_clear(&err);
	free(dir);
}

/* A status that writes nothing: read only by flag, or without the sync
 * lock; with it, stale stat data is saved (under index.lock) */
static void test_status_read_only(void **state)
{
	struct dlg_err err = DLG_ERR_INIT;
	struct strlist paths = STRLIST_INIT;
	struct strbuf before = STRBUF_INIT, out = STRBUF_INIT;
	struct repo_lock *lock = NULL;
	struct repo *repo;
	char *dir = new_repo();
	const char *look = "stat -c '%%n %%i %%Y %%s' .git/index && sha1sum .git/index && "
	                   "ls -a .git .git/dlg 2>/dev/null";

	(void)state;
	SH(dir, "sleep 1 && touch dlg.ini tasks/a.md tasks/b.md people/bob.md");
	capture(&before, dir, "%s", look);
	repo = open_ok(dir);
	assert_int_equal(repo_changed_paths_ext(&paths, repo, REPO_STATUS_READ_ONLY, &err), 0);
	assert_int_equal(paths.n, 0);
	capture(&out, dir, "%s", look);
	assert_string_equal(out.buf, before.buf);
	changed(repo, &paths); /* no sync lock held */
	capture(&out, dir, "%s", look);
	assert_string_equal(out.buf, before.buf);

	/* git holds index.lock: nothing saved, no error */
	assert_int_equal(repo_lock(&lock, repo, 0, &err), 0);
	SH(dir, "echo git >.git/index.lock");
	changed(repo, &paths);
	assert_int_equal(paths.n, 0);
	assert_out(dir, "cat .git/index.lock", "git\n");
	SH(dir, "rm .git/index.lock");
	capture(&out, dir, "%s", look);
	assert_string_not_equal(out.buf, before.buf); /* dlg.lock is listed */

	/* under the sync lock: saved, so git finds the files clean unrefreshed */
	assert_out(dir, "git diff-files --name-only | wc -l", "4\n");
	changed(repo, &paths);
	assert_int_equal(paths.n, 0);
	assert_out(dir, "git diff-files --name-only", "");
	assert_absent(dir, ".git/index.lock");
	assert_no_record(dir);
	assert_absent(dir, ".git/dlg/index.new");
	repo_unlock(lock);
	assert_fsck(dir);

	repo_free(repo);
	strlist_clear(&paths);
	strbuf_release(&before);
	strbuf_release(&out);
	err_clear(&err);
	free(dir);
}

/* A full disk at each write: the system's word and what was written,
 * nothing moved, no lock left */
static void full_disk_at(const char *fault, const char *want)
{
	struct strbuf err = STRBUF_INIT, before = STRBUF_INIT, out = STRBUF_INIT;
	char *dir = new_repo();

	write_file(dir, "tasks/a.md", "---\ntitle: A, full\n---\n");
	settle(dir, "tasks/a.md"); /* the index takes the stored blob: no write */
	capture(&before, dir, "git rev-parse HEAD && sha1sum .git/index");
	assert_int_equal(run_child(dir, fault, &err), 1);
	if (!strstr(err.buf, want))
		fail_msg("%s: no '%s' in: %s", fault, want, err.buf);
	assert_null(strstr(err.buf, "unknown"));
	capture(&out, dir, "git rev-parse HEAD && sha1sum .git/index");
	assert_string_equal(out.buf, before.buf);
	assert_absent(dir, ".git/index.lock");
	assert_no_record(dir);
	assert_fsck(dir);
	strbuf_release(&err);
	strbuf_release(&before);
	strbuf_release(&out);
	free(dir);
}

static void test_full_disk(void **state)
{
	(void)state;
	full_disk_at("odb-write:1:fail",
	             "cannot store 'tasks/a.md' in .git/objects: No space left on device");
	full_disk_at("odb-write:2:fail",
	             "cannot write the tree into .git/objects: No space left on device");
	full_disk_at("odb-write:3:fail",
	             "cannot write the commit into .git/objects: No space left on device");
	full_disk_at("index-write:1:fail",
	             "cannot write the index into .git/index.lock: No space left on device");
	full_disk_at("ref-write:1:fail", "cannot update refs/heads/main: No space left on device");
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_skip_worktree),
		cmocka_unit_test(test_submodules),
		cmocka_unit_test(test_commit_holds_index_lock),
		cmocka_unit_test(test_kill_index_locked),
		cmocka_unit_test(test_kill_commit_written),
		cmocka_unit_test(test_kill_ref_updated),
		cmocka_unit_test(test_kill_index_written),
		cmocka_unit_test(test_commit_repairs_index),
		cmocka_unit_test(test_recover_leaves_git_locks),
		cmocka_unit_test(test_index_reset),
		cmocka_unit_test(test_status_read_only),
		cmocka_unit_test(test_full_disk),
	};
	ssize_t n;

	if (argc == 3 && !strcmp(argv[1], "--commit-in"))
		return child_commit(argv[2]);
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n < 0)
		return 1;
	self[n] = '\0';
	return cmocka_run_group_tests(tests, setup_all, teardown_all);
}
