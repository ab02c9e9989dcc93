/* test_repo_commit.c: repo_commit_paths against throwaway repositories:
 * commits of given paths only, nothing to commit, dry runs, renames, a
 * branch that moved, and an unborn branch. The index afterwards is tested
 * in test_repo_index.c. */
#include "tests/unit/test_repo.h"

/* Commits */

static void test_commit_given_paths_only(void **state)
{
	struct dlg_err err = DLG_ERR_INIT;
	struct strlist paths = STRLIST_INIT;
	struct strbuf out = STRBUF_INIT;
	struct repo_oid head;
	struct repo *repo;
	char short_id[REPO_SHORT_SIZE], head_short[REPO_SHORT_SIZE];
	char hex[REPO_HEX_SIZE];
	char *dir = new_repo();

	(void)state;
	repo = open_ok(dir);
	write_file(dir, "tasks/a.md", "---\ntitle: A2\n---\nbody a\n");
	SH(dir, "rm tasks/b.md");
	write_file(dir, "tasks/new.md", "---\ntitle: New\n---\n");
	write_file(dir, "tasks/exec.md", "#!/bin/sh\n");
	SH(dir, "chmod +x tasks/exec.md");
	/* something else staged, and a managed file staged in another version */
	write_file(dir, "notes.txt", "staged notes\n");
	SH(dir, "git add notes.txt");
	write_file(dir, "people/bob.md", "---\nname: staged\n---\n");
	SH(dir, "git add people/bob.md");
	write_file(dir, "people/bob.md", "---\nname: work tree\n---\n");

	changed(repo, &paths);
	commit_paths(repo, &paths, "Edit a, add new", short_id);
	assert_int_equal(strlen(short_id), 7);
	assert_int_equal(repo_head_short(head_short, repo), 0);
	assert_string_equal(head_short, short_id);
	assert_int_equal(repo_head(&head, repo, &err), 0);
	repo_oid_hex(hex, &head);
	assert_true(starts_with(hex, short_id));

	capture(&out, dir, "git log --format='%%s|%%an|%%ae|%%cn|%%ce|%%at' HEAD");
	assert_string_equal(out.buf, "Edit a, add new|A U Thor|author@example.org|C O Mitter|"
	                             "committer@example.org|1700000000\n"
	                             "Start|A U Thor|author@example.org|C O Mitter|"
	                             "committer@example.org|1700000000\n");
	capture(&out, dir, "git diff-tree -r --no-commit-id --name-status HEAD");
	assert_string_equal(out.buf, "M\tpeople/bob.md\nM\ttasks/a.md\nD\ttasks/b.md\n"
	                             "A\ttasks/exec.md\nA\ttasks/new.md\n");
	capture(&out, dir, "git ls-tree HEAD tasks/exec.md tasks/new.md | cut -c1-6");
	assert_string_equal(out.buf, "100755\n100644\n");
	capture(&out, dir, "git show HEAD:people/bob.md");
	assert_string_equal(out.buf, "---\nname: work tree\n---\n");
	capture(&out, dir, "git reflog -1 --format=%%gs");
	assert_string_equal(out.buf, "commit: Edit a, add new\n");
	capture(&out, dir, "git reflog show main | wc -l");
	assert_string_equal(out.buf, "2\n");

	/* clean for what was committed; notes.txt still staged and uncommitted */
	capture(&out, dir, "git status --porcelain");
	assert_string_equal(out.buf, "M  notes.txt\n");
	capture(&out, dir, "git show HEAD:notes.txt");
	assert_string_equal(out.buf, "notes\n");

	/* a second commit on top, and nothing left after it */
	write_file(dir, "tasks/new.md", "---\ntitle: New\nstatus: open\n---\n");
	changed(repo, &paths);
	assert_int_equal(paths.n, 1);
	commit_paths(repo, &paths, "Decide 1 task\n\nnew: inbox -> keep\n\nDlg-Sync: 1", short_id);
	capture(&out, dir, "git log -1 --format=%%B");
	assert_string_equal(out.buf, "Decide 1 task\n\nnew: inbox -> keep\n\nDlg-Sync: 1\n\n");
	capture(&out, dir, "git rev-parse --short=7 HEAD~1");
	assert_int_equal(out.len, 8);
	assert_memory_equal(out.buf, head_short, 7);
	capture(&out, dir, "git reflog show main | wc -l");
	assert_string_equal(out.buf, "3\n");
	capture(&out, dir, "git status --porcelain");
	assert_string_equal(out.buf, "M  notes.txt\n");
	changed(repo, &paths);
	assert_int_equal(paths.n, 0);
	assert_fsck(dir);

	repo_free(repo);
	strlist_clear(&paths);
	strbuf_release(&out);
	err_clear(&err);
	free(dir);
}

/* Nothing changed, or the message declines: no commit, no index write */
static void test_commit_nothing(void **state)
{
	struct repo_commit_result res = REPO_COMMIT_RESULT_INIT;
	struct dlg_err err = DLG_ERR_INIT;
	struct strlist paths = STRLIST_INIT;
	struct strbuf out = STRBUF_INIT, before = STRBUF_INIT;
	struct hook h = { "Nothing", NULL, NULL, 0, STRBUF_INIT };
	struct repo *repo;
	char *dir = new_repo();

	(void)state;
	repo = open_ok(dir);
	/* rewritten as it was, and a missing file that was never there */
	write_file(dir, "tasks/a.md", "---\ntitle: A\n---\nbody a\n");
	strlist_push(&paths, "tasks/a.md");
	strlist_push(&paths, "tasks/never.md");
	capture(&before, dir, "git rev-parse HEAD && git reflog | wc -l && sha1sum .git/index");
	assert_int_equal(commit_with(&res, repo, &paths, &h, 0, &err), 0);
	assert_false(res.committed);
	assert_int_equal(res.changes.n, 0);
	assert_int_equal(h.calls, 0);
	capture(&out, dir, "git rev-parse HEAD && git reflog | wc -l && sha1sum .git/index");
	assert_string_equal(out.buf, before.buf);
	repo_commit_result_clear(&res);

	/* a change, but the message is NULL */
	write_file(dir, "tasks/a.md", "---\ntitle: A, edited\n---\n");
	h.message = NULL;
	assert_int_equal(commit_with(&res, repo, &paths, &h, 0, &err), 0);
	assert_false(res.committed);
	assert_int_equal(h.calls, 1);
	assert_string_equal(h.seen.buf, "M tasks/a.md\n");
	assert_int_equal(res.changes.n, 1);
	capture(&out, dir, "git rev-parse HEAD && git reflog | wc -l && sha1sum .git/index");
	assert_string_equal(out.buf, before.buf);
	capture(&out, dir, "git status --porcelain -- tasks");
	assert_string_equal(out.buf, " M tasks/a.md\n");
	repo_commit_result_clear(&res);
	repo_commit_result_clear(NULL);

	repo_free(repo);
	strlist_clear(&paths);
	strbuf_release(&out);
	strbuf_release(&before);
	strbuf_release(&h.seen);
	err_clear(&err);
	free(dir);
}

/* A dry run reports A/M/D (a rename as D and A), asks for the message, and
 * writes no object, ref or index */
static void test_commit_dry_run(void **state)
{
	struct repo_commit_result res = REPO_COMMIT_RESULT_INIT;
	struct dlg_err err = DLG_ERR_INIT;
	struct strlist paths = STRLIST_INIT;
	struct strbuf out = STRBUF_INIT, before = STRBUF_INIT;
	struct hook h = { "Dry", NULL, NULL, 0, STRBUF_INIT };
	struct repo *repo;
	size_t objects;
	char *dir = new_repo();

	(void)state;
	repo = open_ok(dir);
	write_file(dir, "tasks/b.md", "---\ntitle: B\n---\nbody b\nmore\n");
	SH(dir, "mv tasks/a.md tasks/renamed.md && rm people/bob.md && chmod +x tasks/deep/c.md");
	write_file(dir, "tasks/added.md", "something else entirely\n");
	/* the same bytes as HEAD's: no change */
	write_file(dir, "dlg.ini", "[me]\nhourly_rate = 60\n");
	/* too big to read into memory: hashed as a stream */
	SH(dir, "head -c 9000000 /dev/zero | tr '\\0' y >tasks/big.md");
	changed(repo, &paths);
	strlist_push(&paths, "dlg.ini");
	objects = count_objects(dir);
	capture(&before, dir,
	        "git for-each-ref && git reflog | wc -l && sha1sum .git/index && "
	        "ls .git/objects/pack | wc -l");
	assert_int_equal(commit_with(&res, repo, &paths, &h, 1, &err), 0);
	assert_false(res.committed);
	assert_int_equal(h.calls, 1);
	assert_string_equal(h.seen.buf, "D people/bob.md\nD tasks/a.md\nA tasks/added.md\n"
	                                "M tasks/b.md\nA tasks/big.md\nM tasks/deep/c.md\n"
	                                "A tasks/renamed.md\n");
	assert_int_equal(res.changes.n, 7);
	assert_int_equal(res.changes.v[0].status, 'D');
	assert_string_equal(res.changes.v[0].old_path, "people/bob.md");
	assert_null(res.changes.v[0].new_path);
	assert_int_equal(res.changes.v[2].status, 'A');
	assert_null(res.changes.v[2].old_path);
	assert_string_equal(res.changes.v[2].new_path, "tasks/added.md");
	assert_int_equal(count_objects(dir), objects);
	capture(&out, dir,
	        "git for-each-ref && git reflog | wc -l && sha1sum .git/index && "
	        "ls .git/objects/pack | wc -l");
	assert_string_equal(out.buf, before.buf);
	repo_commit_result_clear(&res);

	/* the real commit has the same changes, with the rename found */
	strbuf_reset(&h.seen);
	assert_int_equal(commit_with(&res, repo, &paths, &h, 0, &err), 0);
	assert_true(res.committed);
	assert_string_equal(h.seen.buf, "D people/bob.md\nA tasks/added.md\nM tasks/b.md\n"
	                                "A tasks/big.md\nM tasks/deep/c.md\n"
	                                "R tasks/a.md -> tasks/renamed.md\n");
	assert_true(count_objects(dir) > objects);
	repo_commit_result_clear(&res);

	/* on an unborn branch, everything is added and nothing written */
	repo_free(repo);
	free(dir);
	dir = new_dir();
	SH(dir, "git init -q");
	write_file(dir, "dlg.ini", "[me]\n");
	write_file(dir, "tasks/t.md", "t\n");
	repo = open_ok(dir);
	changed(repo, &paths);
	objects = count_objects(dir);
	capture(&before, dir, "ls -l --time-style=full-iso .git");
	strbuf_reset(&h.seen);
	assert_int_equal(commit_with(&res, repo, &paths, &h, 1, &err), 0);
	assert_string_equal(h.seen.buf, "A dlg.ini\nA tasks/t.md\n");
	assert_int_equal(count_objects(dir), objects);
	assert_true(repo_is_unborn(repo));
	capture(&out, dir, "ls -l --time-style=full-iso .git");
	assert_string_equal(out.buf, before.buf);
	repo_commit_result_clear(&res);

	repo_free(repo);
	strlist_clear(&paths);
	strbuf_release(&out);
	strbuf_release(&before);
	strbuf_release(&h.seen);
	err_clear(&err);
	free(dir);
}

/* A commit through another index (another worktree's, GIT_INDEX_FILE):
 * it takes no index.lock of ours, so only the branch tells it happened. */
#define OTHER_INDEX_COMMIT(add, subject)                                                           \
	"export GIT_INDEX_FILE=.git/other-index && { git read-tree HEAD 2>/dev/null || :; } && "   \
	"git add " add " && git commit -q -m " subject " && rm .git/other-index"

/* git commit while dlg works (here: while it asks for the message): it
 * can't take index.lock, so it fails and dlg's commit is made */
static void test_commit_git_waits(void **state)
{
	struct repo_commit_result res = REPO_COMMIT_RESULT_INIT;
	struct dlg_err err = DLG_ERR_INIT;
	struct strlist paths = STRLIST_INIT;
	struct strbuf out = STRBUF_INIT;
	struct hook h = { "Mine", NULL,
		          "git commit -q -m Theirs tasks/b.md 2>.git/theirs.err; echo $? "
		          ">.git/theirs.rc",
		          0, STRBUF_INIT };
	struct repo *repo;
	char *dir = new_repo();

	(void)state;
	repo = open_ok(dir);
	h.dir = dir;
	write_file(dir, "tasks/a.md", "mine\n");
	write_file(dir, "tasks/b.md", "theirs\n");
	strlist_push(&paths, "tasks/a.md");
	assert_int_equal(commit_with(&res, repo, &paths, &h, 0, &err), 0);
	assert_true(res.committed);
	capture(&out, dir, "cat .git/theirs.rc");
	assert_string_not_equal(out.buf, "0\n");
	capture(&out, dir, "grep -c index.lock .git/theirs.err");
	assert_string_equal(out.buf, "1\n");
	capture(&out, dir, "git log --format=%%s");
	assert_string_equal(out.buf, "Mine\nStart\n");
	capture(&out, dir, "git status --porcelain -- tasks");
	assert_string_equal(out.buf, " M tasks/b.md\n");
	capture(&out, dir,
	        "{ ls .git/index.lock; test -s .git/dlg/index-lock && echo record; } 2>/dev/null | "
	        "wc -l");
	assert_string_equal(out.buf, "0\n");
	assert_fsck(dir);

	repo_commit_result_clear(&res);
	repo_free(repo);
	strlist_clear(&paths);
	strbuf_release(&out);
	strbuf_release(&h.seen);
	err_clear(&err);
	free(dir);
}

/* the branch moved while dlg works (a commit through another index), or
 * before it starts: nothing is committed and nothing is lost */
static void test_commit_branch_moved(void **state)
{
	struct repo_commit_result res = REPO_COMMIT_RESULT_INIT;
	struct repo_commit_opts opts = REPO_COMMIT_OPTS_INIT;
	struct dlg_err err = DLG_ERR_INIT;
	struct strlist paths = STRLIST_INIT;
	struct strbuf out = STRBUF_INIT;
	struct hook h = { "Mine", NULL, OTHER_INDEX_COMMIT("tasks/b.md", "Theirs"), 0,
		          STRBUF_INIT };
	struct repo_oid head;
	struct repo *repo;
	char *dir = new_repo();

	(void)state;
	repo = open_ok(dir);
	h.dir = dir;
	write_file(dir, "tasks/a.md", "mine\n");
	write_file(dir, "tasks/b.md", "theirs\n");
	strlist_push(&paths, "tasks/a.md");
	capture(&out, dir, "sha1sum .git/index");
	strbuf_addstr(&h.seen, out.buf);
	assert_int_equal(commit_with(&res, repo, &paths, &h, 0, &err), DLG_ESTATE);
	assert_false(res.committed);
	assert_string_equal(err.msg, "the branch moved while dlg was working (a commit was made "
	                             "meanwhile); run the command again");
	capture(&out, dir, "git log --format=%%s");
	assert_string_equal(out.buf, "Theirs\nStart\n");
	/* nothing moved: the index as it was, no lock left */
	capture(&out, dir, "sha1sum .git/index");
	assert_non_null(strstr(h.seen.buf, out.buf));
	capture(&out, dir,
	        "{ ls .git/index.lock; test -s .git/dlg/index-lock && echo record; } 2>/dev/null | "
	        "wc -l");
	assert_string_equal(out.buf, "0\n");
	repo_commit_result_clear(&res);

	/* a parent HEAD is no longer at */
	assert_int_equal(repo_head(&head, repo, &err), 0);
	write_file(dir, "tasks/b.md", "theirs again\n");
	SH(dir, "git commit -q -m 'Theirs again' tasks/b.md");
	opts.parent = &head;
	opts.paths = &paths;
	opts.message = on_message;
	opts.payload = &h;
	h.shell = NULL;
	assert_int_equal(repo_commit_paths(&res, repo, &opts, &err), DLG_ESTATE);
	assert_false(res.committed);
	capture(&out, dir, "git log -1 --format=%%s");
	assert_string_equal(out.buf, "Theirs again\n");
	repo_commit_result_clear(&res);

	/* an unborn branch that got a commit meanwhile */
	repo_free(repo);
	free(dir);
	dir = new_dir();
	SH(dir, "git init -q");
	write_file(dir, "tasks/t.md", "t\n");
	write_file(dir, "tasks/u.md", "u\n");
	repo = open_ok(dir);
	h.dir = dir;
	h.shell = OTHER_INDEX_COMMIT("tasks/u.md", "Theirs");
	strlist_clear(&paths);
	strlist_push(&paths, "tasks/t.md");
	assert_int_equal(commit_with(&res, repo, &paths, &h, 0, &err), DLG_ESTATE);
	capture(&out, dir, "git log --format=%%s --name-only");
	assert_string_equal(out.buf, "Theirs\n\ntasks/u.md\n");
	repo_commit_result_clear(&res);

	repo_free(repo);
	strlist_clear(&paths);
	strbuf_release(&out);
	strbuf_release(&h.seen);
	err_clear(&err);
	free(dir);
}

static void test_commit_unborn(void **state)
{
	struct repo_commit_result res = REPO_COMMIT_RESULT_INIT;
	struct dlg_err err = DLG_ERR_INIT;
	struct strlist paths = STRLIST_INIT, none = STRLIST_INIT;
	struct strbuf out = STRBUF_INIT;
	struct hook h = { "Start", NULL, NULL, 0, STRBUF_INIT };
	struct repo *repo = NULL;
	char short_id[REPO_SHORT_SIZE];
	char *dir = new_dir();

	(void)state;
	assert_int_equal(repo_init(&repo, dir, &err), 0);
	write_file(dir, "dlg.ini", "[me]\n");
	write_file(dir, "tasks/t.md", "t\n");
	write_file(dir, "README", "not managed\n");
	changed(repo, &paths);
	assert_int_equal(paths.n, 2);

	/* no paths on an unborn branch: an empty tree, nothing to commit */
	assert_int_equal(commit_with(&res, repo, &none, &h, 0, &err), 0);
	assert_false(res.committed);
	assert_int_equal(res.changes.n, 0);
	assert_true(repo_is_unborn(repo));
	repo_commit_result_clear(&res);

	commit_paths(repo, &paths, "Start", short_id);
	assert_false(repo_is_unborn(repo));
	capture(&out, dir, "git reflog -1 --format=%%gs");
	assert_string_equal(out.buf, "commit (initial): Start\n");
	capture(&out, dir, "git status --porcelain");
	assert_string_equal(out.buf, "?? README\n");
	capture(&out, dir, "git rev-parse --abbrev-ref HEAD");
	assert_string_equal(out.buf, "main\n");
	assert_fsck(dir);

	repo_free(repo);
	strlist_clear(&paths);
	strbuf_release(&out);
	strbuf_release(&h.seen);
	err_clear(&err);
	free(dir);
}

/* Renames, in path order with the rest; the blobs committed read back */
static void test_commit_renames(void **state)
{
	struct repo_commit_result res = REPO_COMMIT_RESULT_INIT;
	struct dlg_err err = DLG_ERR_INIT;
	struct strlist paths = STRLIST_INIT;
	struct strbuf blob = STRBUF_INIT;
	struct hook h = { "Rename", NULL, NULL, 0, STRBUF_INIT };
	struct repo_oid first;
	struct repo *repo;
	char *dir = new_repo();

	(void)state;
	repo = open_ok(dir);
	write_file(dir, "tasks/b.md", "---\ntitle: B\n---\nbody b\nmore\n");
	SH(dir, "mv tasks/a.md tasks/renamed.md && rm people/bob.md");
	write_file(dir, "tasks/added.md", "something else entirely\n");
	changed(repo, &paths);
	assert_int_equal(commit_with(&res, repo, &paths, &h, 0, &err), 0);
	assert_true(res.committed);
	assert_int_equal(res.changes.n, 4);
	assert_int_equal(res.changes.v[0].status, 'D');
	assert_string_equal(res.changes.v[0].old_path, "people/bob.md");
	assert_null(res.changes.v[0].new_path);
	assert_int_equal(res.changes.v[1].status, 'A');
	assert_null(res.changes.v[1].old_path);
	assert_string_equal(res.changes.v[1].new_path, "tasks/added.md");
	assert_int_equal(res.changes.v[2].status, 'M');
	assert_string_equal(res.changes.v[2].new_path, "tasks/b.md");
	assert_int_equal(res.changes.v[3].status, 'R');
	assert_string_equal(res.changes.v[3].old_path, "tasks/a.md");
	assert_string_equal(res.changes.v[3].new_path, "tasks/renamed.md");
	first = res.id;
	repo_commit_result_clear(&res);

	write_file(dir, "tasks/deep/c.md", "---\ntitle: C\nstatus: open\n---\n");
	strlist_clear(&paths);
	strlist_push(&paths, "tasks/deep/c.md");
	assert_int_equal(commit_with(&res, repo, &paths, &h, 0, &err), 0);
	assert_int_equal(res.changes.n, 1);
	assert_int_equal(res.changes.v[0].status, 'M');
	assert_int_equal(repo_read_blob(&blob, repo, &res.id, "tasks/deep/c.md", &err), 0);
	assert_string_equal(blob.buf, "---\ntitle: C\nstatus: open\n---\n");
	assert_int_equal(repo_read_blob(&blob, repo, &first, "tasks/deep/c.md", &err), 0);
	assert_string_equal(blob.buf, "---\ntitle: C\n---\n");
	assert_int_equal(repo_read_blob(&blob, repo, &first, "tasks/a.md", &err), DLG_ENOTFOUND);
	assert_int_equal(repo_read_head_blob(&blob, repo, "tasks/renamed.md", &err), 0);
	assert_string_equal(blob.buf, "---\ntitle: A\n---\nbody a\n");
	assert_int_equal(repo_read_head_blob(&blob, repo, "tasks", &err), DLG_ENOTFOUND);
	assert_fsck(dir);

	repo_commit_result_clear(&res);
	repo_free(repo);
	strlist_clear(&paths);
	strbuf_release(&blob);
	strbuf_release(&h.seen);
	err_clear(&err);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_commit_given_paths_only),
		cmocka_unit_test(test_commit_nothing),
		cmocka_unit_test(test_commit_dry_run),
		cmocka_unit_test(test_commit_git_waits),
		cmocka_unit_test(test_commit_branch_moved),
		cmocka_unit_test(test_commit_unborn),
		cmocka_unit_test(test_commit_renames),
	};

	return cmocka_run_group_tests(tests, setup_all, teardown_all);
}
