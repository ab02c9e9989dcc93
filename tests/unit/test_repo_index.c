/* test_repo_index.c: the index after repo_commit_paths, and the blobs
 * behind it: the committed paths with their stat data, what else was staged
 * kept, index.lock, many files in one pack, git's filters, a file changed
 * meanwhile, conflicts and core.fileMode. */
#include "tests/unit/test_repo.h"

static long long ms_since(const struct timespec *t0)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - t0->tv_sec) * 1000LL + (now.tv_nsec - t0->tv_nsec) / 1000000;
}

/* git holding index.lock: dlg waits a while, then commits nothing, moves
 * nothing and leaves git's lock alone; a lock git lets go of meanwhile is
 * taken */
static void test_index_locked(void **state)
{
	struct repo_commit_result res = REPO_COMMIT_RESULT_INIT;
	struct dlg_err err = DLG_ERR_INIT;
	struct strlist paths = STRLIST_INIT;
	struct strbuf out = STRBUF_INIT, before = STRBUF_INIT;
	struct hook h = { "Locked", NULL, NULL, 0, STRBUF_INIT };
	struct timespec t0;
	struct repo *repo;
	char *dir = new_repo();

	(void)state;
	repo = open_ok(dir);
	write_file(dir, "tasks/a.md", "changed\n");
	strlist_push(&paths, "tasks/a.md");
	SH(dir, "echo git >.git/index.lock");
	capture(&before, dir,
	        "git rev-parse HEAD && sha1sum .git/index && ls .git/objects | wc -l");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(commit_with(&res, repo, &paths, &h, 0, &err), DLG_ELOCKED);
	assert_true(ms_since(&t0) >= 900);
	assert_string_equal(err.msg,
	                    "cannot commit: .git/index.lock exists, so git is busy: another git "
	                    "command is running (wait for it, then run dlg again) or one crashed "
	                    "and left it (if no git command is running, remove it: rm "
	                    "'.git/index.lock'); nothing was changed");
	assert_false(res.committed);
	assert_int_equal(h.calls, 0);
	capture(&out, dir, "git rev-parse HEAD && sha1sum .git/index && ls .git/objects | wc -l");
	assert_string_equal(out.buf, before.buf);
	capture(&out, dir, "cat .git/index.lock; ls .git/dlg 2>/dev/null");
	assert_string_equal(out.buf, "git\n");
	repo_commit_result_clear(&res);

	/* git is done within the wait: dlg goes on */
	SH(dir, "(sleep 0.2; rm .git/index.lock) & :");
	assert_int_equal(commit_with(&res, repo, &paths, &h, 0, &err), 0);
	assert_true(res.committed);
	capture(&out, dir, "git log -1 --format=%%s && git status --porcelain -- tasks");
	assert_string_equal(out.buf, "Locked\n");
	assert_index_matches_files(dir);

	repo_commit_result_clear(&res);
	repo_free(repo);
	strlist_clear(&paths);
	strbuf_release(&out);
	strbuf_release(&before);
	strbuf_release(&h.seen);
	err_clear(&err);
	free(dir);
}

/* The index after a commit: the committed paths as HEAD has them, with
 * stat data; what the user staged elsewhere (a managed file too) stays */
static void test_index_keeps_staged(void **state)
{
	struct dlg_err err = DLG_ERR_INIT;
	struct strlist paths = STRLIST_INIT;
	struct strbuf out = STRBUF_INIT, want = STRBUF_INIT;
	struct repo *repo;
	char short_id[REPO_SHORT_SIZE];
	char *dir = new_repo();

	(void)state;
	write_file(dir, "tasks/b.md", "---\ntitle: B, staged\n---\n");
	write_file(dir, "notes.txt", "staged notes\n");
	SH(dir, "git add tasks/b.md notes.txt");
	write_file(dir, "tasks/a.md", "---\ntitle: A, committed\n---\n");
	write_file(dir, "tasks/new.md", "---\ntitle: New\n---\n");
	SH(dir, "git rm -q --cached tasks/deep/c.md && rm tasks/deep/c.md");
	strlist_push(&paths, "tasks/a.md");
	strlist_push(&paths, "tasks/deep/c.md");
	strlist_push(&paths, "tasks/new.md");
	repo = open_ok(dir);
	commit_paths(repo, &paths, "Commit some", short_id);
	capture(&want, dir, "git ls-tree -r HEAD -- tasks/a.md tasks/deep tasks/new.md");
	capture(&out, dir,
	        "git ls-files -s -- tasks/a.md tasks/deep tasks/new.md | "
	        "awk '{ printf \"%%s blob %%s\\t%%s\\n\", $1, $2, substr($0, index($0, \"\\t\") + "
	        "1) }'");
	assert_string_equal(out.buf, want.buf);
	capture(&out, dir, "git diff --cached --name-only");
	assert_string_equal(out.buf, "notes.txt\ntasks/b.md\n");
	capture(&out, dir, "git show HEAD:tasks/b.md");
	assert_string_equal(out.buf, "---\ntitle: B\n---\nbody b\n");
	capture(&out, dir, "git diff-files --name-only");
	assert_string_equal(out.buf, "");
	assert_fsck(dir);

	repo_free(repo);
	strlist_clear(&paths);
	strbuf_release(&out);
	strbuf_release(&want);
	err_clear(&err);
	free(dir);
}

/* 150 files in one commit go into one pack; a few more are written loose */
static void test_commit_many_files(void **state)
{
	struct strlist paths = STRLIST_INIT;
	struct strbuf out = STRBUF_INIT;
	struct repo *repo;
	char short_id[REPO_SHORT_SIZE];
	char *dir = new_repo();
	char name[64], body[128];
	int i;

	(void)state;
	for (i = 0; i < 150; i++) {
		snprintf(name, sizeof(name), "tasks/many/t%03d.md", i);
		/* some the same as another, one the same as a file already stored */
		if (i % 10 == 9)
			snprintf(body, sizeof(body), "---\ntitle: same\n---\n");
		else if (i == 0)
			snprintf(body, sizeof(body), "---\ntitle: B\n---\nbody b\n");
		else
			snprintf(body, sizeof(body), "---\ntitle: Task %d\n---\nbody %d\n", i, i);
		write_file(dir, name, body);
	}
	write_file(dir, "tasks/a.md", "---\ntitle: A, edited\n---\nbody a\n");
	SH(dir, "chmod +x tasks/many/t007.md && rm tasks/b.md");
	/* too big to read into memory: streamed by libgit2 */
	SH(dir, "head -c 9000000 /dev/zero | tr '\\0' x >tasks/big.md");
	settle(dir, "tasks/big.md");
	repo = open_ok(dir);
	changed(repo, &paths);
	assert_int_equal(paths.n, 153);
	commit_paths(repo, &paths, "Add many", short_id);

	assert_int_equal(count_lines(dir, "ls .git/objects/pack/*.pack"), 1);
	capture(&out, dir, "git count-objects -v | grep in-pack");
	/* 150 files, 15 of them the same and one as stored before, and a.md */
	assert_string_equal(out.buf, "in-pack: 136\n");
	capture(&out, dir,
	        "git diff-tree -r --no-commit-id --name-status HEAD | cut -f1 | sort "
	        "| uniq -c | tr -s ' '");
	assert_string_equal(out.buf, " 151 A\n 1 D\n 1 M\n");
	capture(&out, dir, "git cat-file -s HEAD:tasks/big.md");
	assert_string_equal(out.buf, "9000000\n");
	capture(&out, dir, "git ls-tree HEAD tasks/many/t007.md tasks/many/t008.md | cut -c1-6");
	assert_string_equal(out.buf, "100755\n100644\n");
	capture(&out, dir, "git status --porcelain");
	assert_string_equal(out.buf, "");
	assert_index_matches_files(dir);
	assert_fsck(dir);

	/* a handful stays loose */
	for (i = 0; i < 5; i++) {
		snprintf(name, sizeof(name), "tasks/many/t%03d.md", i);
		snprintf(body, sizeof(body), "---\ntitle: Task %d\nstatus: open\n---\n", i);
		write_file(dir, name, body);
	}
	settle(dir, name);
	changed(repo, &paths);
	assert_int_equal(paths.n, 5);
	commit_paths(repo, &paths, "Edit a few", short_id);
	assert_int_equal(count_lines(dir, "ls .git/objects/pack/*.pack"), 1);
	capture(&out, dir, "git status --porcelain");
	assert_string_equal(out.buf, "");
	assert_index_matches_files(dir);
	assert_fsck(dir);

	repo_free(repo);
	strlist_clear(&paths);
	strbuf_release(&out);
	free(dir);
}

/* Line endings and ident as the user configured them, with few and with
 * many files */
static void check_filtered(const char *dir, struct repo *repo, int n, const char *status)
{
	struct strlist paths = STRLIST_INIT;
	struct strbuf out = STRBUF_INIT;
	char short_id[REPO_SHORT_SIZE];
	char name[64], body[128];
	int i;

	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "tasks/crlf%03d.md", i);
		snprintf(body, sizeof(body), "---\r\ntitle: CRLF %d\r\n---\r\n$Id: x $\r\n", i);
		write_file(dir, name, body);
	}
	settle(dir, name);
	changed(repo, &paths);
	assert_int_equal(paths.n, (size_t)n);
	commit_paths(repo, &paths, "Add CRLF", short_id);
	capture(&out, dir, "git show HEAD:tasks/crlf000.md");
	assert_string_equal(out.buf, "---\ntitle: CRLF 0\n---\n$Id$\n");
	capture(&out, dir, "git status --porcelain");
	assert_string_equal(out.buf, status);
	assert_index_matches_files(dir);
	assert_fsck(dir);
	strlist_clear(&paths);
	strbuf_release(&out);
}

static void test_commit_filters(void **state)
{
	struct repo *repo;
	char *dir;
	int n;

	(void)state;
	for (n = 1; n <= 120; n += 119) {
		/* core.autocrlf, and ident from a .gitattributes in a folder */
		dir = new_repo();
		write_file(dir, "tasks/.gitattributes", "*.md ident\n");
		SH(dir, "git config core.autocrlf true && git add tasks/.gitattributes && "
		        "git commit -q -m Attributes");
		repo = open_ok(dir);
		check_filtered(dir, repo, n, "");
		repo_free(repo);
		free(dir);

		/* text from info/attributes, ident from a .gitattributes that is only
		 * in the index */
		dir = new_repo();
		write_file(dir, ".git/info/attributes", "*.md text eol=lf\n");
		write_file(dir, ".gitattributes", "*.md ident\n");
		SH(dir, "git add .gitattributes && rm .gitattributes");
		repo = open_ok(dir);
		check_filtered(dir, repo, n, "AD .gitattributes\n");
		repo_free(repo);
		free(dir);

		/* a file named by core.attributesFile */
		dir = new_repo();
		write_file(dir, ".git/my-attributes", "*.md text ident\n");
		SH(dir, "git config core.attributesFile \"$PWD/.git/my-attributes\"");
		repo = open_ok(dir);
		check_filtered(dir, repo, n, "");
		repo_free(repo);
		free(dir);

		/* the user's attributes file (where XDG_CONFIG_HOME doesn't move it) */
		if (getenv("XDG_CONFIG_HOME"))
			continue;
		dir = new_repo();
		write_file(trash, ".config/git/attributes", "*.md text ident\n");
		repo = open_ok(dir);
		check_filtered(dir, repo, n, "");
		repo_free(repo);
		SH(trash, "rm .config/git/attributes");
		free(dir);
	}
}

/* A file changed between building the tree and updating the index (here:
 * while the message is asked for) goes into the index as it is then,
 * whatever its size */
static void test_index_after_change(void **state)
{
	struct repo_commit_result res = REPO_COMMIT_RESULT_INIT;
	struct dlg_err err = DLG_ERR_INIT;
	struct strlist paths = STRLIST_INIT;
	struct strbuf out = STRBUF_INIT;
	/* same size, new file in its place; longer */
	struct hook h = { "Edit", NULL,
		          "printf -- '---\\ntitle: A2\\n---\\n' >tasks/.a.tmp && "
		          "mv tasks/.a.tmp tasks/a.md && "
		          "printf -- '---\\ntitle: B2, longer\\n---\\n' >tasks/b.md",
		          0, STRBUF_INIT };
	struct repo *repo;
	char *dir = new_repo();

	(void)state;
	h.dir = dir;
	write_file(dir, "tasks/a.md", "---\ntitle: A1\n---\n");
	write_file(dir, "tasks/b.md", "---\ntitle: B1\n---\n");
	strlist_push(&paths, "tasks/a.md");
	strlist_push(&paths, "tasks/b.md");
	repo = open_ok(dir);
	assert_int_equal(commit_with(&res, repo, &paths, &h, 0, &err), 0);
	assert_true(res.committed);
	capture(&out, dir, "git show HEAD:tasks/a.md HEAD:tasks/b.md");
	assert_string_equal(out.buf, "---\ntitle: A1\n---\n---\ntitle: B1\n---\n");
	capture(&out, dir, "git status --porcelain");
	assert_string_equal(out.buf, "M  tasks/a.md\nM  tasks/b.md\n");
	assert_index_matches_files(dir);

	repo_commit_result_clear(&res);
	repo_free(repo);
	strlist_clear(&paths);
	strbuf_release(&out);
	strbuf_release(&h.seen);
	err_clear(&err);
	free(dir);
}

/* Committing a path the index has a conflict for resolves it, keeping the
 * sides as resolve-undo records, as git add does; core.fileMode off keeps
 * the mode the index had */
static void test_index_conflict_and_mode(void **state)
{
	struct strlist paths = STRLIST_INIT;
	struct strbuf out = STRBUF_INIT, ids = STRBUF_INIT;
	struct repo *repo;
	char short_id[REPO_SHORT_SIZE];
	char *dir = new_repo();

	(void)state;
	write_file(dir, "tasks/a.md", "---\ntitle: A, resolved\n---\n");
	write_file(dir, "tasks/deep/c.md", "---\ntitle: C, edited\n---\n");
	SH(dir, "git config core.fileMode false && git update-index --chmod=+x tasks/deep/c.md "
	        "&& git commit -q -m Exec");
	capture(&ids, dir, "git rev-parse HEAD:tasks/a.md HEAD:tasks/b.md | tr '\\n' ' '");
	SH(dir,
	   "set -- %s; printf '0 0000000000000000000000000000000000000000\\ttasks/a.md\\n"
	   "100644 %%s 1\\ttasks/a.md\\n100644 %%s 2\\ttasks/a.md\\n100644 %%s 3\\ttasks/a.md\\n' "
	   "$1 $1 $2 | git update-index --index-info",
	   ids.buf);
	capture(&out, dir, "git ls-files -s tasks/a.md | wc -l");
	assert_string_equal(out.buf, "3\n");
	settle(dir, "tasks/deep/c.md");
	strlist_push(&paths, "tasks/a.md");
	strlist_push(&paths, "tasks/deep/c.md");
	repo = open_ok(dir);
	commit_paths(repo, &paths, "Resolve", short_id);
	capture(&out, dir, "git ls-files -s tasks/a.md tasks/deep/c.md | cut -c1-6,48-");
	assert_string_equal(out.buf, "100644 0\ttasks/a.md\n100755 0\ttasks/deep/c.md\n");
	capture(&out, dir, "git ls-files --resolve-undo | cut -c1-6,48-");
	assert_string_equal(out.buf, "100644 1\ttasks/a.md\n100644 2\ttasks/a.md\n"
	                             "100644 3\ttasks/a.md\n");
	capture(&out, dir, "git status --porcelain");
	assert_string_equal(out.buf, "");
	assert_index_matches_files(dir);
	assert_fsck(dir);

	repo_free(repo);
	strlist_clear(&paths);
	strbuf_release(&out);
	strbuf_release(&ids);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_index_locked),
		cmocka_unit_test(test_index_keeps_staged),
		cmocka_unit_test(test_commit_many_files),
		cmocka_unit_test(test_commit_filters),
		cmocka_unit_test(test_index_after_change),
		cmocka_unit_test(test_index_conflict_and_mode),
	};

	return cmocka_run_group_tests(tests, setup_all, teardown_all);
}
