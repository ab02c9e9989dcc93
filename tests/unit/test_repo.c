/* test_repo.c: the repository layer against throwaway repositories made
 * with the git CLI: discovery and init, refused states, the lock, changed
 * paths, identity and dates, and a file's history. Commits are tested in
 * test_repo_commit.c, the index after them in test_repo_index.c; the
 * helpers are in test_repo.h. */
#include "tests/unit/test_repo.h"

static void assert_list(const struct strlist *l, const char *const *want, size_t n)
{
	size_t i;

	for (i = 0; i < l->n && i < n; i++)
		assert_string_equal(l->v[i], want[i]);
	assert_int_equal(l->n, n);
}

/* Opening and creating */

static void test_init_unborn(void **state)
{
	struct dlg_err err = DLG_ERR_INIT;
	struct strbuf sb = STRBUF_INIT;
	struct repo *repo = NULL, *again = NULL;
	struct repo_oid oid;
	char *dir = xstrfmt("%s/fresh/sub", trash);
	char *want = xstrfmt("%s/", dir);
	char short_id[REPO_SHORT_SIZE];

	(void)state;
	assert_int_equal(repo_init(&repo, dir, &err), 0);
	assert_string_equal(repo_workdir(repo), want);
	assert_true(ends_with(repo_gitdir(repo), "/fresh/sub/.git/"));
	assert_true(repo_is_unborn(repo));
	assert_int_equal(repo_check_state(repo, &err), 0);
	assert_int_equal(repo_branch(&sb, repo, &err), 0);
	assert_string_equal(sb.buf, "main");
	assert_int_equal(repo_head(&oid, repo, &err), DLG_ENOTFOUND);
	assert_int_equal(repo_head_short(short_id, repo), DLG_ENOTFOUND);
	assert_string_equal(short_id, "");
	assert_int_equal(repo_read_head_blob(&sb, repo, "dlg.ini", &err), DLG_ENOTFOUND);

	/* init on an existing repository opens it; open finds it from below */
	assert_int_equal(repo_init(&again, dir, &err), 0);
	assert_string_equal(repo_workdir(again), want);
	repo_free(again);
	again = NULL;
	SH(dir, "mkdir -p tasks/x");
	free(want);
	want = xstrfmt("%s/tasks/x", dir);
	assert_int_equal(repo_open(&again, want, &err), 0);
	assert_string_equal(repo_workdir(again), repo_workdir(repo));
	repo_free(again);
	repo_free(repo);
	repo_free(NULL);

	/* init.defaultBranch is respected */
	SH(trash, "git config --global init.defaultBranch trunk");
	free(dir);
	dir = xstrfmt("%s/fresh2", trash);
	assert_int_equal(repo_init(&repo, dir, &err), 0);
	assert_int_equal(repo_branch(&sb, repo, &err), 0);
	assert_string_equal(sb.buf, "trunk");
	repo_free(repo);
	/* unset, git's own default (git 2.39's) */
	SH(trash, "git config --global --unset init.defaultBranch");
	free(dir);
	dir = xstrfmt("%s/fresh3", trash);
	assert_int_equal(repo_init(&repo, dir, &err), 0);
	assert_int_equal(repo_branch(&sb, repo, &err), 0);
	assert_string_equal(sb.buf, "master");
	SH(trash, "git config --global init.defaultBranch main");
	repo_free(repo);

	strbuf_release(&sb);
	err_clear(&err);
	free(want);
	free(dir);
}

static void test_open_refused(void **state)
{
	struct dlg_err err = DLG_ERR_INIT;
	struct repo *repo = NULL;
	char *dir = new_dir();
	char *bare = xstrfmt("%s/bare.git", dir);

	(void)state;
	assert_int_equal(repo_open(&repo, dir, &err), DLG_ENOTFOUND);
	assert_null(repo);
	assert_true(starts_with(err.msg, "not a git repository"));
	assert_int_equal(repo_open(&repo, bare, &err), DLG_ERROR);
	assert_non_null(strstr(err.msg, "No such file or directory"));

	SH(dir, "git init -q --bare bare.git");
	assert_int_equal(repo_open(&repo, bare, &err), DLG_ESTATE);
	assert_null(repo);
	assert_non_null(strstr(err.msg, "is a bare repository: dlg needs a work tree"));

	err_clear(&err);
	free(bare);
	free(dir);
}

/* A repository owned by someone else: only testable as root. */
static void test_open_foreign_owner(void **state)
{
	struct dlg_err err = DLG_ERR_INIT;
	struct repo *repo = NULL;
	char *dir;

	(void)state;
	if (geteuid() != 0)
		skip();
	dir = new_repo();
	SH(dir, "chown -R 12345:12345 .");
	assert_int_equal(repo_open(&repo, dir, &err), DLG_ESTATE);
	assert_null(repo);
	assert_non_null(strstr(err.msg, "is owned by another user"));
	assert_non_null(strstr(err.msg, "git config --global --add safe.directory"));
	SH(dir, "chown -R 0:0 .");
	err_clear(&err);
	free(dir);
}

static void test_split_index(void **state)
{
	struct dlg_err err = DLG_ERR_INIT;
	struct strlist paths = STRLIST_INIT;
	struct repo *repo;
	char *dir = new_repo();

	(void)state;
	SH(dir, "git update-index --split-index");
	repo = open_ok(dir);
	assert_true(repo_changed_paths(&paths, repo, &err) < 0);
	assert_non_null(strstr(err.msg, "split-index"));
	assert_non_null(strstr(err.msg, "git update-index --no-split-index"));
	repo_free(repo);
	SH(dir, "git update-index --no-split-index");
	repo = open_ok(dir);
	changed(repo, &paths);
	assert_int_equal(paths.n, 0);
	repo_free(repo);
	strlist_clear(&paths);
	err_clear(&err);
	free(dir);
}

/* States */

static void test_state_detached_and_merge(void **state)
{
	struct dlg_err err = DLG_ERR_INIT;
	struct strbuf sb = STRBUF_INIT;
	struct repo *repo;
	char *dir = new_repo();

	(void)state;
	repo = open_ok(dir);
	assert_int_equal(repo_check_state(repo, &err), 0);
	assert_false(repo_is_unborn(repo));

	SH(dir, "git checkout -q --detach");
	assert_int_equal(repo_check_state(repo, &err), DLG_ESTATE);
	assert_string_equal(err.msg,
	                    "HEAD is detached: switch to a branch first (git switch BRANCH)");
	assert_int_equal(repo_branch(&sb, repo, &err), DLG_ESTATE);
	SH(dir, "git checkout -q main");
	assert_int_equal(repo_check_state(repo, &err), 0);

	/* a conflicting merge leaves MERGE_HEAD behind */
	SH(dir, "git checkout -q -b side && echo side >notes.txt && git commit -q -am side");
	SH(dir, "git checkout -q main && echo main >notes.txt && git commit -q -am main");
	assert_int_not_equal(sh(dir, "git merge side"), 0);
	assert_int_equal(repo_check_state(repo, &err), DLG_ESTATE);
	assert_string_equal(err.msg, "a merge is in progress: finish it (git commit) or abort it "
	                             "(git merge --abort) first");
	SH(dir, "git merge --abort");
	assert_int_equal(repo_check_state(repo, &err), 0);

	/* and a rebase stopped on the same conflict */
	assert_int_not_equal(sh(dir, "git rebase side"), 0);
	assert_int_equal(repo_check_state(repo, &err), DLG_ESTATE);
	assert_true(starts_with(err.msg, "a rebase is in progress: "));
	SH(dir, "git rebase --abort");
	assert_int_equal(repo_check_state(repo, &err), 0);

	repo_free(repo);
	strbuf_release(&sb);
	err_clear(&err);
	free(dir);
}

/* The lock */

static long long ms_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static char *hostname(void)
{
	char buf[256] = "";

	gethostname(buf, sizeof(buf) - 1);
	return xstrdup(buf[0] ? buf : "localhost");
}

static pid_t dead_pid(void)
{
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0)
		_exit(0);
	waitpid(pid, NULL, 0);
	return pid;
}

static void test_lock(void **state)
{
	struct dlg_err err = DLG_ERR_INIT;
	struct repo_lock *lock = NULL, *other = NULL;
	struct strbuf sb = STRBUF_INIT;
	struct repo *repo;
	struct timeval old[2] = { { 0, 0 }, { 0, 0 } };
	char *dir = new_repo();
	char *path = xstrfmt("%s/.git/dlg.lock", dir);
	char *host = hostname();
	char *want;
	long long t0;

	(void)state;
	repo = open_ok(dir);
	assert_int_equal(repo_lock(&lock, repo, 0, &err), 0);
	assert_int_equal(strbuf_read_file(&sb, path), 0);
	want = xstrfmt("%ld %s\n", (long)getpid(), host);
	assert_string_equal(sb.buf, want);
	free(want);

	/* held by a live process (our parent): refused at once, and after a wait */
	repo_unlock(lock);
	assert_int_equal(access(path, F_OK), -1);
	sb.len = 0;
	strbuf_addf(&sb, "%ld %s\n", (long)getppid(), host);
	write_file(dir, ".git/dlg.lock", sb.buf);
	assert_int_equal(repo_lock(&other, repo, 0, &err), DLG_ELOCKED);
	assert_null(other);
	want = xstrfmt("another dlg holds .git/dlg.lock (pid %ld on %s); wait for it, or, if "
	               "that process is gone, remove the lock: rm '.git/dlg.lock'",
	               (long)getppid(), host);
	assert_string_equal(err.msg, want);
	free(want);
	t0 = ms_now();
	assert_int_equal(repo_lock(&other, repo, 120, &err), DLG_ELOCKED);
	assert_true(ms_now() - t0 >= 110);
	/* repo_unlock leaves a lock that is not ours */
	assert_int_equal(access(path, F_OK), 0);
	unlink(path);
	repo_unlock(NULL);

	/* our own pid, left by an earlier process that had it */
	sb.len = 0;
	strbuf_addf(&sb, "%ld %s\n", (long)getpid(), host);
	write_file(dir, ".git/dlg.lock", sb.buf);
	assert_int_equal(repo_lock(&lock, repo, 0, &err), 0);
	repo_unlock(lock);
	assert_int_equal(access(path, F_OK), -1);

	/* a dead process's lock is taken over */
	sb.len = 0;
	strbuf_addf(&sb, "%ld %s\n", (long)dead_pid(), host);
	write_file(dir, ".git/dlg.lock", sb.buf);
	assert_int_equal(repo_lock(&lock, repo, 0, &err), 0);
	repo_unlock(lock);
	assert_int_equal(access(path, F_OK), -1);

	/* another host's lock is never judged from here */
	write_file(dir, ".git/dlg.lock", "1 some-other-host\n");
	assert_int_equal(repo_lock(&lock, repo, 0, &err), DLG_ELOCKED);
	assert_string_equal(err.msg,
	                    "another dlg holds .git/dlg.lock (pid 1 on some-other-host, "
	                    "another machine, so dlg cannot tell whether it still runs); "
	                    "wait for it, or, if that process is gone, remove the lock: rm "
	                    "'.git/dlg.lock'");

	/* naming no process: held while fresh, stale after an hour */
	write_file(dir, ".git/dlg.lock", "");
	assert_int_equal(repo_lock(&lock, repo, 0, &err), DLG_ELOCKED);
	assert_non_null(strstr(err.msg, "another dlg may hold .git/dlg.lock, which names no "
	                                "process (empty, written "));
	assert_non_null(strstr(err.msg, "remove it: rm '.git/dlg.lock' (dlg takes it over after "
	                                "an hour)"));
	write_file(dir, ".git/dlg.lock", "garbage");
	assert_int_equal(repo_lock(&lock, repo, 0, &err), DLG_ELOCKED);
	assert_non_null(strstr(err.msg, "(garbled, written "));
	old[0].tv_sec = old[1].tv_sec = time(NULL) - 2 * 3600;
	assert_int_equal(utimes(path, old), 0);
	assert_int_equal(repo_lock(&lock, repo, 0, &err), 0);
	repo_unlock(lock);

	/* unreadable (a folder, here: root reads any file) */
	assert_int_equal(mkdir(path, 0755), 0);
	assert_int_equal(repo_lock(&lock, repo, 0, &err), DLG_ELOCKED);
	assert_string_equal(err.msg, "another dlg may hold .git/dlg.lock, which cannot be read (Is "
	                             "a directory); if no dlg is running, remove it: rm "
	                             "'.git/dlg.lock'");
	assert_int_equal(rmdir(path), 0);

	/* a lock that is no longer ours is left alone */
	assert_int_equal(repo_lock(&lock, repo, 0, &err), 0);
	write_file(dir, ".git/dlg.lock", "1 some-other-host\n");
	repo_unlock(lock);
	assert_int_equal(access(path, F_OK), 0);
	unlink(path);

	repo_free(repo);
	strbuf_release(&sb);
	err_clear(&err);
	free(host);
	free(path);
	free(dir);
}

/* Changed paths */

/* Another dlg taking and releasing the lock all the time: whenever the
 * lock is found held, the message names the holder. */
static void test_lock_names_holder(void **state)
{
	struct dlg_err err = DLG_ERR_INIT;
	struct repo_lock *lock = NULL;
	struct repo *repo;
	char *dir = new_repo();
	char *want;
	long long end;
	int busy = 0, status;
	struct timespec pause = { 0, 200000 };
	pid_t child;

	(void)state;
	repo = open_ok(dir);
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		struct repo *mine = NULL;

		if (repo_open(&mine, dir, &err) < 0)
			_exit(1);
		for (end = ms_now() + 600; ms_now() < end;) {
			if (repo_lock(&lock, mine, 1000, &err) < 0)
				_exit(2);
			nanosleep(&pause, NULL);
			repo_unlock(lock);
			nanosleep(&pause, NULL);
		}
		_exit(0);
	}
	want = xstrfmt("another dlg holds .git/dlg.lock (pid %ld on ", (long)child);
	for (end = ms_now() + 500; ms_now() < end;) {
		int rc = repo_lock(&lock, repo, 0, &err);

		if (rc == 0) {
			repo_unlock(lock);
			nanosleep(&pause, NULL);
			continue;
		}
		assert_int_equal(rc, DLG_ELOCKED);
		busy++;
		if (strncmp(err.msg, want, strlen(want)))
			fail_msg("after %d: %s", busy, err.msg);
	}
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_true(busy > 0);

	repo_free(repo);
	err_clear(&err);
	free(want);
	free(dir);
}

static void test_managed(void **state)
{
	(void)state;
	assert_true(repo_path_is_managed("dlg.ini"));
	assert_true(repo_path_is_managed("tasks/a.md"));
	assert_true(repo_path_is_managed("tasks/home/deep/a.md"));
	assert_true(repo_path_is_managed("people/bob.md"));
	assert_false(repo_path_is_managed("sub/dlg.ini"));
	assert_false(repo_path_is_managed("dlg.ini.bak"));
	assert_false(repo_path_is_managed("tasks/notes.txt"));
	assert_false(repo_path_is_managed("tasks/.md"));
	assert_false(repo_path_is_managed("tasks/x/.md"));
	assert_false(repo_path_is_managed("tasks.md"));
	assert_false(repo_path_is_managed("people/team/bob.md"));
	assert_false(repo_path_is_managed("README.md"));
	assert_false(repo_path_is_managed("other/tasks/a.md"));
}

static void test_changed_paths(void **state)
{
	static const char *const want[] = {
		"dlg.ini",    "people/bob.md",   "people/carol.md",       "tasks/a.md",
		"tasks/b.md", "tasks/deep/c.md", "tasks/new/deeper/n.md",
	};
	struct strlist paths = STRLIST_INIT;
	struct repo *repo;
	char *dir = new_repo();

	(void)state;
	repo = open_ok(dir);
	changed(repo, &paths);
	assert_int_equal(paths.n, 0);

	write_file(dir, "tasks/a.md", "---\ntitle: A2\n---\nbody a\n"); /* modified */
	write_file(dir, "people/bob.md", "---\nname: Bobby\n---\n");    /* staged */
	SH(dir, "git add people/bob.md");
	SH(dir, "rm tasks/b.md");                                      /* deleted */
	SH(dir, "git rm -q --cached tasks/deep/c.md");                 /* unstaged rm */
	write_file(dir, "tasks/new/deeper/n.md", "new\n");             /* untracked */
	write_file(dir, "people/carol.md", "---\nname: Carol\n---\n"); /* untracked */
	write_file(dir, "dlg.ini", "[me]\nhourly_rate = 70\n");        /* modified */
	write_file(dir, "tasks/ignored.md", "ignored\n");              /* ignored */
	write_file(dir, "tasks/x.txt", "x\n");                         /* unmanaged */
	write_file(dir, "tasks/notes.txt", "changed\n");               /* unmanaged */
	write_file(dir, "people/team/dan.md", "dan\n");                /* unmanaged */
	write_file(dir, "other.md", "other\n");                        /* unmanaged */
	write_file(dir, "sub/dlg.ini", "[me]\n");                      /* unmanaged */
	write_file(dir, "notes.txt", "changed\n");                     /* unmanaged */
	SH(dir, "ln -s a.md tasks/link.md");                           /* symlink */
	changed(repo, &paths);
	assert_list(&paths, want, ARRAY_SIZE(want));

	/* a tracked file that is now ignored still counts */
	SH(dir, "echo tasks/a.md >>.gitignore");
	changed(repo, &paths);
	assert_list(&paths, want, ARRAY_SIZE(want));

	/* git holding index.lock while status has stat data to refresh: it
	 * still works, without saving the index */
	SH(dir, "git add -A && git commit -q -m Next && touch -d 2001-01-01 tasks/a.md");
	SH(dir, "touch .git/index.lock");
	changed(repo, &paths);
	assert_int_equal(paths.n, 0);
	SH(dir, "rm .git/index.lock");

	repo_free(repo);
	strlist_clear(&paths);
	free(dir);
}

/* Identity */

static void test_identity(void **state)
{
	struct dlg_err err = DLG_ERR_INIT;
	struct repo_sig a = REPO_SIG_INIT, c = REPO_SIG_INIT;
	struct repo *repo;
	char *dir = new_repo();
	time_t before;

	(void)state;
	repo = open_ok(dir);
	assert_int_equal(repo_signature(&a, &c, repo, &err), 0);
	assert_string_equal(a.name, "A U Thor");
	assert_string_equal(a.email, "author@example.org");
	assert_string_equal(c.name, "C O Mitter");
	assert_string_equal(c.email, "committer@example.org");
	assert_int_equal(a.when, 1700000000);
	assert_int_equal(a.offset, 0);
	repo_sig_clear(&a);
	repo_sig_clear(&c);

	/* nothing anywhere (the machine's system config is left out) */
	clear_ident_env();
	assert_int_equal(repo_signature(&a, &c, repo, &err), DLG_ERROR);
	assert_string_equal(err.msg, "no git identity: set one with git config user.name "
	                             "\"Your Name\" and git config user.email you@example.org");
	assert_null(a.name);

	/* from the repository's config, dated now */
	SH(dir, "git config user.name 'Conf Name' && git config user.email conf@example.org");
	before = time(NULL);
	assert_int_equal(repo_signature(&a, &c, repo, &err), 0);
	assert_string_equal(a.name, "Conf Name");
	assert_string_equal(c.email, "conf@example.org");
	assert_true(a.when >= before && a.when <= time(NULL));
	repo_sig_clear(&a);
	repo_sig_clear(&c);

	/* one kind's environment stands in for the other's */
	setenv("GIT_COMMITTER_NAME", "Env Committer", 1);
	setenv("GIT_AUTHOR_EMAIL", "env-author@example.org", 1);
	assert_int_equal(repo_signature(&a, &c, repo, &err), 0);
	assert_string_equal(a.name, "Env Committer");
	assert_string_equal(a.email, "env-author@example.org");
	assert_string_equal(c.name, "Env Committer");
	assert_string_equal(c.email, "env-author@example.org");
	repo_sig_clear(&a);
	repo_sig_clear(&c);
	clear_ident_env();

	/* the global config counts too */
	SH(dir, "git config --unset user.name && git config --unset user.email");
	SH(trash, "git config --global user.name 'Global' && git config --global user.email "
	          "g@example.org");
	assert_int_equal(repo_signature(NULL, &c, repo, &err), 0);
	assert_string_equal(c.name, "Global");
	repo_sig_clear(&c);
	SH(trash, "git config --global --unset user.name && git config --global --unset "
	          "user.email");

	set_ident_env();
	repo_free(repo);
	err_clear(&err);
	free(dir);
}

struct date_case {
	const char *text;
	long long when;
	int offset;
};

static void test_dates(void **state)
{
	static const struct date_case cases[] = {
		{ "@1700000000 +0000", 1700000000, 0 },
		{ "@1700000000", 1700000000, 0 },
		{ "1700000000 +0130", 1700000000, 90 },
		{ "1700000000 -0500", 1700000000, -300 },
		{ "2026-11-20T10:00:00+00:00", 1795168800, 0 },
		{ "2026-11-20T10:00:00Z", 1795168800, 0 },
		{ "2026-11-20 10:00:00 +0000", 1795168800, 0 },
		{ "2026-11-20T12:30:00+02:30", 1795168800, 150 },
		{ "2026-11-20 05:00:00 -0500", 1795168800, -300 },
		{ "Fri, 20 Nov 2026 10:00:00 +0000", 1795168800, 0 },
		{ "20 Nov 2026 11:00:00 +0100", 1795168800, 60 },
	};
	static const char *const bad[] = {
		"yesterday", "2026-13-01T00:00:00Z",      "2026-02-30 10:00:00 +0000", "1700000000",
		"@17x",      "2026-11-20T10:00:00+25:00",
	};
	struct dlg_err err = DLG_ERR_INIT;
	struct repo_sig a = REPO_SIG_INIT;
	struct repo *repo;
	char *dir = new_repo();
	size_t i;

	(void)state;
	repo = open_ok(dir);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		setenv("GIT_AUTHOR_DATE", cases[i].text, 1);
		if (repo_signature(&a, NULL, repo, &err))
			fail_msg("%s: %s", cases[i].text, err.msg);
		if (a.when != cases[i].when || a.offset != cases[i].offset)
			fail_msg("%s: got %lld %d", cases[i].text, a.when, a.offset);
		repo_sig_clear(&a);
	}
	/* no zone: local time, here TZ=UTC */
	setenv("GIT_AUTHOR_DATE", "2026-11-20T10:00:00", 1);
	assert_int_equal(repo_signature(&a, NULL, repo, &err), 0);
	assert_int_equal(a.when, 1795168800);
	repo_sig_clear(&a);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		setenv("GIT_AUTHOR_DATE", bad[i], 1);
		if (repo_signature(&a, NULL, repo, &err) != DLG_ERROR)
			fail_msg("%s: accepted", bad[i]);
		assert_true(starts_with(err.msg, "GIT_AUTHOR_DATE: invalid date '"));
	}
	set_ident_env();
	repo_free(repo);
	err_clear(&err);
	free(dir);
}

/* History */

struct seen {
	struct strbuf log;
	int stop_after; /* 0: never */
	int calls;
};

static int record(const struct repo_history_entry *h, void *payload)
{
	struct seen *s = payload;

	assert_int_equal(strlen(h->short_id), 7);
	assert_true(starts_with(h->id, h->short_id));
	assert_string_equal(h->author_name, "A U Thor");
	strbuf_addf(&s->log, "%s %c %s %s -> %s [%.*s] -> [%.*s]\n", h->subject, h->status,
	            h->short_id[0] ? "id" : "-", h->old_path ? h->old_path : "(none)",
	            h->new_path ? h->new_path : "(none)", h->old_data ? (int)h->old_len : 4,
	            h->old_data ? h->old_data : "null", h->new_data ? (int)h->new_len : 4,
	            h->new_data ? h->new_data : "null");
	return ++s->calls == s->stop_after ? 7 : 0;
}

static void test_history(void **state)
{
	struct dlg_err err = DLG_ERR_INIT;
	struct seen s = { STRBUF_INIT, 0, 0 };
	struct repo *repo = NULL;
	char *dir = new_dir();
	static const char big[] = "---\ntitle: Clean the gutters\nenjoy: no\nskill: low\n"
	                          "hours: 3\n---\nLeaves block the downspout every autumn.\n";

	(void)state;
	assert_int_equal(repo_init(&repo, dir, &err), 0);
	assert_int_equal(repo_file_history(repo, "tasks/g.md", record, &s, &err), 0);
	assert_int_equal(s.calls, 0);

	write_file(dir, "tasks/a.md", big);
	write_file(dir, "dlg.ini", "[me]\n");
	SH(dir, "git add -A && git commit -q -m 'Add a'");
	write_file(dir, "tasks/a.md",
	           "---\ntitle: Clean the gutters\nenjoy: no\nskill: low\n"
	           "hours: 4\n---\nLeaves block the downspout every autumn.\n");
	SH(dir, "git commit -q -am 'Edit a' -m 'with a body'");
	write_file(dir, "dlg.ini", "[me]\nx = 1\n");
	SH(dir, "git commit -q -am 'Unrelated'");
	SH(dir, "git mv tasks/a.md tasks/gutters.md");
	SH(dir, "git commit -q -m 'Rename'");
	/* a merge whose side branch touched something else */
	SH(dir, "git checkout -q -b side && echo s >side.txt && git add side.txt && "
	        "git commit -q -m Side && git checkout -q main");
	write_file(dir, "tasks/gutters.md",
	           "---\ntitle: Clean the gutters\nenjoy: no\n"
	           "skill: low\nhours: 4\nstatus: open\n---\n"
	           "Leaves block the downspout every autumn.\n");
	SH(dir, "git commit -q -am 'Decide'");
	SH(dir, "git merge -q --no-ff -m Merge side");
	/* the old name used again later is another file */
	write_file(dir, "tasks/a.md", "another a\n");
	SH(dir, "git add -A && git commit -q -m 'New a'");

	assert_int_equal(repo_file_history(repo, "tasks/gutters.md", record, &s, &err), 0);
	assert_int_equal(s.calls, 4);
	assert_string_equal(
	    s.log.buf,
	    "Decide M id tasks/gutters.md -> tasks/gutters.md [---\ntitle: Clean the gutters\n"
	    "enjoy: no\nskill: low\nhours: 4\n---\nLeaves block the downspout every autumn.\n] "
	    "-> [---\ntitle: Clean the gutters\nenjoy: no\nskill: low\nhours: 4\nstatus: open\n"
	    "---\nLeaves block the downspout every autumn.\n]\n"
	    "Rename R id tasks/a.md -> tasks/gutters.md [---\ntitle: Clean the gutters\n"
	    "enjoy: no\nskill: low\nhours: 4\n---\nLeaves block the downspout every autumn.\n] "
	    "-> [---\ntitle: Clean the gutters\nenjoy: no\nskill: low\nhours: 4\n---\n"
	    "Leaves block the downspout every autumn.\n]\n"
	    "Edit a M id tasks/a.md -> tasks/a.md [---\ntitle: Clean the gutters\nenjoy: no\n"
	    "skill: low\nhours: 3\n---\nLeaves block the downspout every autumn.\n] -> [---\n"
	    "title: Clean the gutters\nenjoy: no\nskill: low\nhours: 4\n---\n"
	    "Leaves block the downspout every autumn.\n]\n"
	    "Add a A id (none) -> tasks/a.md [null] -> [---\ntitle: Clean the gutters\n"
	    "enjoy: no\nskill: low\nhours: 3\n---\nLeaves block the downspout every autumn.\n]\n");

	/* the new tasks/a.md has its own short history */
	strbuf_reset(&s.log);
	s.calls = 0;
	assert_int_equal(repo_file_history(repo, "tasks/a.md", record, &s, &err), 0);
	assert_true(starts_with(s.log.buf, "New a A id (none) -> tasks/a.md [null] -> "
	                                   "[another a\n]\nRename D id tasks/a.md -> (none)"));

	/* a deleted file's history starts with its deletion; stopping early */
	SH(dir, "git rm -q tasks/gutters.md && git commit -q -m 'Drop'");
	strbuf_reset(&s.log);
	s.calls = 0;
	s.stop_after = 2;
	assert_int_equal(repo_file_history(repo, "tasks/gutters.md", record, &s, &err), 7);
	assert_int_equal(s.calls, 2);
	assert_true(starts_with(s.log.buf, "Drop D id tasks/gutters.md -> (none) [---"));
	assert_non_null(strstr(s.log.buf, "] -> [null]\nDecide M "));
	assert_fsck(dir);

	repo_free(repo);
	strbuf_release(&s.log);
	err_clear(&err);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_unborn),
		cmocka_unit_test(test_open_refused),
		cmocka_unit_test(test_open_foreign_owner),
		cmocka_unit_test(test_split_index),
		cmocka_unit_test(test_state_detached_and_merge),
		cmocka_unit_test(test_lock),
		cmocka_unit_test(test_lock_names_holder),
		cmocka_unit_test(test_managed),
		cmocka_unit_test(test_changed_paths),
		cmocka_unit_test(test_identity),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_history),
	};

	return cmocka_run_group_tests(tests, setup_all, teardown_all);
}
