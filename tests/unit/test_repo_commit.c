/* test_repo_commit.c: repo_commit_paths against throwaway repositories made
 * with the git CLI: commits of given paths only, nothing to commit, dry runs,
 * renames, a branch that moved, and the index afterwards (stat data, what
 * else was staged, index.lock, filters, conflicts, many files in a pack). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <errno.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/repo.h"

static char *trash; /* the mkdtemp folder; HOME points here */
static int repo_count;

/* Run a shell command in dir (a repository under trash); its exit status. */
DLG_PRINTF(2, 3) static int sh(const char *dir, const char *fmt, ...)
{
	struct strbuf cmd = STRBUF_INIT;
	va_list ap;
	int rc;

	strbuf_addf(&cmd, "cd '%s' && { ", dir);
	va_start(ap, fmt);
	strbuf_vaddf(&cmd, fmt, ap);
	va_end(ap);
	strbuf_addstr(&cmd, "; } >/dev/null 2>&1");
	rc = system(cmd.buf);
	strbuf_release(&cmd);
	return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

#define SH(dir, ...) assert_int_equal(sh((dir), __VA_ARGS__), 0)

/* A command's standard output. */
DLG_PRINTF(3, 4) static void capture(struct strbuf *out, const char *dir, const char *fmt, ...)
{
	struct strbuf cmd = STRBUF_INIT;
	char buf[4096];
	size_t n;
	va_list ap;
	FILE *fp;

	strbuf_addf(&cmd, "cd '%s' && ", dir);
	va_start(ap, fmt);
	strbuf_vaddf(&cmd, fmt, ap);
	va_end(ap);
	strbuf_reset(out);
	fp = popen(cmd.buf, "r");
	assert_non_null(fp);
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		strbuf_add(out, buf, n);
	pclose(fp);
	strbuf_release(&cmd);
}

static void write_file(const char *dir, const char *path, const char *content)
{
	char *full = xstrfmt("%s/%s", dir, path);
	char *slash;
	FILE *fp;

	for (slash = strchr(full + strlen(dir) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(full, 0755);
		*slash = '/';
	}
	fp = fopen(full, "w");
	assert_non_null(fp);
	fputs(content, fp);
	fclose(fp);
	free(full);
}

/* A new folder under trash (not a repository). */
static char *new_dir(void)
{
	char *dir = xstrfmt("%s/r%d", trash, ++repo_count);

	assert_int_equal(mkdir(dir, 0755), 0);
	return dir;
}

/* A repository with one commit holding the usual managed and unmanaged
 * files; dlg.ini, tasks/a.md, tasks/b.md, tasks/deep/c.md, people/bob.md,
 * notes.txt, tasks/notes.txt and a .gitignore. */
static char *new_repo(void)
{
	char *dir = new_dir();

	SH(dir, "git init -q -b main");
	write_file(dir, "dlg.ini", "[me]\nhourly_rate = 60\n");
	write_file(dir, "tasks/a.md", "---\ntitle: A\n---\nbody a\n");
	write_file(dir, "tasks/b.md", "---\ntitle: B\n---\nbody b\n");
	write_file(dir, "tasks/deep/c.md", "---\ntitle: C\n---\n");
	write_file(dir, "people/bob.md", "---\nname: Bob\n---\n");
	write_file(dir, "notes.txt", "notes\n");
	write_file(dir, "tasks/notes.txt", "not a task\n");
	write_file(dir, ".gitignore", "tasks/ignored.md\n");
	SH(dir, "git add -A && git commit -q -m 'Start'");
	return dir;
}

static struct repo *open_ok(const char *dir)
{
	struct dlg_err err = DLG_ERR_INIT;
	struct repo *repo = NULL;
	int rc = repo_open(&repo, dir, &err);

	if (rc)
		fail_msg("repo_open: %s", err.msg);
	assert_non_null(repo);
	return repo;
}

static void changed(struct repo *repo, struct strlist *out)
{
	struct dlg_err err = DLG_ERR_INIT;
	int rc;

	strlist_clear(out);
	rc = repo_changed_paths(out, repo, &err);
	if (rc)
		fail_msg("repo_changed_paths: %s", err.msg);
}

/*
 * Wait until the last change of dir/path is 25 ms old. the index update
 * takes the blob repo_tree_build stored only for a file that had not changed
 * within the file system clock's last tick (20 ms) when it was read; else it
 * reads the file again, to the same effect. Tests of the first way use this.
 */
static void settle(const char *dir, const char *path)
{
	char *full = xstrfmt("%s/%s", dir, path);
	struct timespec now, pause = { 0, 1000000 };
	struct stat st;

	assert_int_equal(lstat(full, &st), 0);
	for (;;) {
		clock_gettime(CLOCK_REALTIME, &now);
		if ((now.tv_sec - st.st_ctim.tv_sec) * 1000000000LL + now.tv_nsec -
		        st.st_ctim.tv_nsec >
		    25000000LL)
			break;
		nanosleep(&pause, NULL);
	}
	free(full);
}

/* The index has for each managed file what git add would store for it now,
 * and right stat data: git diff-files (which does not refresh the index)
 * finds nothing. */
static void assert_index_matches_files(const char *dir)
{
	struct strbuf out = STRBUF_INIT;

	capture(&out, dir, "git diff-files --name-only -- dlg.ini tasks people");
	assert_string_equal(out.buf, "");
	capture(&out, dir,
	        "cp .git/index .git/check-index && export GIT_INDEX_FILE=.git/check-index && "
	        "git add --renormalize -- dlg.ini tasks people 2>/dev/null && "
	        "git ls-files -s -- dlg.ini tasks people >.git/check-want && unset GIT_INDEX_FILE "
	        "&& git ls-files -s -- dlg.ini tasks people | diff .git/check-want - && "
	        "rm .git/check-index .git/check-want");
	assert_string_equal(out.buf, "");
	/* the times to the nanosecond (git compares whole seconds only) */
	capture(&out, dir,
	        "git ls-files --debug -- dlg.ini tasks people | awk '/^[^ ]/ { p = $0 } "
	        "/ctime:/ { c = $2 } /mtime:/ { print p, c, $2 }' >.git/check-want && "
	        "git ls-files -z -- dlg.ini tasks people | xargs -0 stat -c '%%n %%Z %%z %%Y %%y' "
	        "| awk '{ split($4, c, \".\"); split($8, m, \".\"); "
	        "printf \"%%s %%s:%%d %%s:%%d\\n\", $1, $2, c[2], $6, m[2] }' "
	        "| diff .git/check-want - && rm .git/check-want");
	assert_string_equal(out.buf, "");
	strbuf_release(&out);
}

static size_t count_lines(const char *dir, const char *cmd)
{
	struct strbuf out = STRBUF_INIT;
	size_t n = 0, i;

	capture(&out, dir, "%s", cmd);
	for (i = 0; i < out.len; i++)
		n += out.buf[i] == '\n';
	strbuf_release(&out);
	return n;
}

/* What the message callback saw and does: the changes as lines ("M path",
 * "R old -> new"), a shell command run in dir before it answers (to move
 * HEAD or change files meanwhile), and the message it returns (NULL: don't
 * commit). */
struct hook {
	const char *message;
	const char *dir;
	const char *shell;
	int calls;
	struct strbuf seen;
};

static char *on_message(const struct repo_changes *ch, void *payload)
{
	struct hook *h = payload;
	size_t i;

	h->calls++;
	for (i = 0; i < ch->n; i++) {
		const struct repo_change *c = &ch->v[i];

		if (c->status == 'R')
			strbuf_addf(&h->seen, "R %s -> %s\n", c->old_path, c->new_path);
		else
			strbuf_addf(&h->seen, "%c %s\n", c->status,
			            c->new_path ? c->new_path : c->old_path);
	}
	if (h->shell)
		SH(h->dir, "%s", h->shell);
	return h->message ? xstrdup(h->message) : NULL;
}

/* repo_commit_paths on HEAD (or the unborn branch) with the hook. */
static int commit_with(struct repo_commit_result *res, struct repo *repo,
                       const struct strlist *paths, struct hook *h, int dry_run,
                       struct dlg_err *err)
{
	struct repo_commit_opts opts = REPO_COMMIT_OPTS_INIT;
	struct repo_oid head;

	if (!repo_is_unborn(repo)) {
		assert_int_equal(repo_head(&head, repo, err), 0);
		opts.parent = &head;
	}
	opts.paths = paths;
	opts.message = on_message;
	opts.payload = h;
	opts.dry_run = dry_run;
	return repo_commit_paths(res, repo, &opts, err);
}

/* Commit HEAD + paths with msg, which must make a commit; its short id. */
static void commit_paths(struct repo *repo, const struct strlist *paths, const char *msg,
                         char short_id[REPO_SHORT_SIZE])
{
	struct repo_commit_result res = REPO_COMMIT_RESULT_INIT;
	struct dlg_err err = DLG_ERR_INIT;
	struct hook h = { msg, NULL, NULL, 0, STRBUF_INIT };
	struct repo_oid head;
	int rc = commit_with(&res, repo, paths, &h, 0, &err);

	if (rc)
		fail_msg("repo_commit_paths: %s", err.msg);
	assert_int_equal(h.calls, 1);
	assert_true(res.committed);
	assert_int_equal(repo_head(&head, repo, &err), 0);
	assert_true(repo_oid_equal(&head, &res.id));
	memcpy(short_id, res.short_id, REPO_SHORT_SIZE);
	repo_commit_result_clear(&res);
	strbuf_release(&h.seen);
	err_clear(&err);
}

/* What git finds in .git/objects: loose objects and pack files. */
static size_t count_objects(const char *dir)
{
	return count_lines(dir, "find .git/objects -type f");
}

static void assert_fsck(const char *dir)
{
	SH(dir, "git fsck --strict --no-progress");
}

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

/* git commit while dlg works (here: while it asks for the message), or
 * before it starts: nothing is committed and nothing is lost */
static void test_commit_branch_moved(void **state)
{
	struct repo_commit_result res = REPO_COMMIT_RESULT_INIT;
	struct repo_commit_opts opts = REPO_COMMIT_OPTS_INIT;
	struct dlg_err err = DLG_ERR_INIT;
	struct strlist paths = STRLIST_INIT;
	struct strbuf out = STRBUF_INIT;
	struct hook h = { "Mine", NULL, "git commit -q -m Theirs tasks/b.md", 0, STRBUF_INIT };
	struct repo_oid head;
	struct repo *repo;
	char *dir = new_repo();

	(void)state;
	repo = open_ok(dir);
	h.dir = dir;
	write_file(dir, "tasks/a.md", "mine\n");
	write_file(dir, "tasks/b.md", "theirs\n");
	strlist_push(&paths, "tasks/a.md");
	assert_int_equal(commit_with(&res, repo, &paths, &h, 0, &err), DLG_ESTATE);
	assert_false(res.committed);
	assert_string_equal(err.msg, "the branch moved while dlg was working (a commit was made "
	                             "meanwhile); run the command again");
	capture(&out, dir, "git log --format=%%s");
	assert_string_equal(out.buf, "Theirs\nStart\n");
	capture(&out, dir, "git status --porcelain -- tasks");
	assert_string_equal(out.buf, " M tasks/a.md\n");
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
	h.shell = "git add tasks/u.md && git commit -q -m Theirs";
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

/* git holding index.lock: the commit is made, the index is left alone */
static void test_index_locked(void **state)
{
	struct repo_commit_result res = REPO_COMMIT_RESULT_INIT;
	struct dlg_err err = DLG_ERR_INIT;
	struct strlist paths = STRLIST_INIT;
	struct strbuf out = STRBUF_INIT;
	struct hook h = { "Locked", NULL, NULL, 0, STRBUF_INIT };
	struct repo *repo;
	char *dir = new_repo();

	(void)state;
	repo = open_ok(dir);
	write_file(dir, "tasks/a.md", "changed\n");
	strlist_push(&paths, "tasks/a.md");
	SH(dir, "touch .git/index.lock");
	assert_int_equal(commit_with(&res, repo, &paths, &h, 0, &err), DLG_ELOCKED);
	assert_string_equal(err.msg, "cannot write the index: .git/index.lock exists; if no git "
	                             "command is running, remove it");
	assert_true(res.committed);
	capture(&out, dir, "git log -1 --format=%%s");
	assert_string_equal(out.buf, "Locked\n");
	SH(dir, "rm .git/index.lock");
	capture(&out, dir, "git diff --cached --name-only");
	assert_string_equal(out.buf, "tasks/a.md\n");

	repo_commit_result_clear(&res);
	repo_free(repo);
	strlist_clear(&paths);
	strbuf_release(&out);
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

/* Identity */

static const char *const ident_env[] = {
	"GIT_AUTHOR_NAME",     "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME",
	"GIT_COMMITTER_EMAIL", "GIT_AUTHOR_DATE",  "GIT_COMMITTER_DATE",
};

static void set_ident_env(void)
{
	setenv("GIT_AUTHOR_NAME", "A U Thor", 1);
	setenv("GIT_AUTHOR_EMAIL", "author@example.org", 1);
	setenv("GIT_COMMITTER_NAME", "C O Mitter", 1);
	setenv("GIT_COMMITTER_EMAIL", "committer@example.org", 1);
	setenv("GIT_AUTHOR_DATE", "@1700000000 +0000", 1);
	setenv("GIT_COMMITTER_DATE", "@1700000000 +0000", 1);
}

static void clear_ident_env(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ident_env); i++)
		unsetenv(ident_env[i]);
	unsetenv("EMAIL");
}

static int setup_all(void **state)
{
	char tmpl[] = "/tmp/dlg-test-repo.XXXXXX";

	(void)state;
	if (!mkdtemp(tmpl))
		return -1;
	trash = xstrdup(tmpl);
	/* before libgit2 starts: it reads HOME once */
	setenv("HOME", trash, 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("GIT_CEILING_DIRECTORIES", trash, 1);
	setenv("TZ", "UTC", 1);
	tzset();
	unsetenv("GIT_DIR");
	unsetenv("GIT_WORK_TREE");
	unsetenv("GIT_INDEX_FILE");
	unsetenv("GIT_CONFIG_GLOBAL");
	clear_ident_env();
	set_ident_env();
	return sh(trash, "git config --global advice.detachedHead false && "
	                 "git config --global init.defaultBranch main && "
	                 "git config --global --unset init.defaultBranch");
}

static int teardown_all(void **state)
{
	(void)state;
	if (trash && sh("/", "rm -rf '%s'", trash) != 0)
		return -1;
	free(trash);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_commit_given_paths_only),
		cmocka_unit_test(test_commit_nothing),
		cmocka_unit_test(test_commit_dry_run),
		cmocka_unit_test(test_commit_branch_moved),
		cmocka_unit_test(test_commit_unborn),
		cmocka_unit_test(test_commit_renames),
		cmocka_unit_test(test_index_locked),
		cmocka_unit_test(test_index_keeps_staged),
		cmocka_unit_test(test_commit_many_files),
		cmocka_unit_test(test_commit_filters),
		cmocka_unit_test(test_index_after_change),
		cmocka_unit_test(test_index_conflict_and_mode),
	};

	return cmocka_run_group_tests(tests, setup_all, teardown_all);
}
