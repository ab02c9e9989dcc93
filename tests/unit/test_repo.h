/* test_repo.h: what the repository's unit tests share (each test program
 * includes it once): throwaway repositories under a temporary HOME made with
 * the git CLI, shell helpers, checks of the index, and commits through
 * repo_commit_paths with a message callback that can act meanwhile. */
#ifndef DLG_TEST_REPO_H
#define DLG_TEST_REPO_H

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
DLG_PRINTF(2, 3) static inline int sh(const char *dir, const char *fmt, ...)
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
DLG_PRINTF(3, 4)
static inline void capture(struct strbuf *out, const char *dir, const char *fmt, ...)
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

static inline void write_file(const char *dir, const char *path, const char *content)
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
static inline char *new_dir(void)
{
	char *dir = xstrfmt("%s/r%d", trash, ++repo_count);

	assert_int_equal(mkdir(dir, 0755), 0);
	return dir;
}

/* A repository with one commit holding the usual managed and unmanaged
 * files; dlg.ini, tasks/a.md, tasks/b.md, tasks/deep/c.md, people/bob.md,
 * notes.txt, tasks/notes.txt and a .gitignore. */
static inline char *new_repo(void)
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

static inline struct repo *open_ok(const char *dir)
{
	struct dlg_err err = DLG_ERR_INIT;
	struct repo *repo = NULL;
	int rc = repo_open(&repo, dir, &err);

	if (rc)
		fail_msg("repo_open: %s", err.msg);
	assert_non_null(repo);
	return repo;
}

static inline void changed(struct repo *repo, struct strlist *out)
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
static inline void settle(const char *dir, const char *path)
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
static inline void assert_index_matches_files(const char *dir)
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

static inline size_t count_lines(const char *dir, const char *cmd)
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

static inline char *on_message(const struct repo_changes *ch, void *payload)
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
static inline int commit_with(struct repo_commit_result *res, struct repo *repo,
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
static inline void commit_paths(struct repo *repo, const struct strlist *paths, const char *msg,
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
static inline size_t count_objects(const char *dir)
{
	return count_lines(dir, "find .git/objects -type f");
}

static inline void assert_fsck(const char *dir)
{
	SH(dir, "git fsck --strict --no-progress");
}

/* The identity every test commits with, and the throwaway home */

static const char *const ident_env[] = {
	"GIT_AUTHOR_NAME",     "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME",
	"GIT_COMMITTER_EMAIL", "GIT_AUTHOR_DATE",  "GIT_COMMITTER_DATE",
};

static inline void set_ident_env(void)
{
	setenv("GIT_AUTHOR_NAME", "A U Thor", 1);
	setenv("GIT_AUTHOR_EMAIL", "author@example.org", 1);
	setenv("GIT_COMMITTER_NAME", "C O Mitter", 1);
	setenv("GIT_COMMITTER_EMAIL", "committer@example.org", 1);
	setenv("GIT_AUTHOR_DATE", "@1700000000 +0000", 1);
	setenv("GIT_COMMITTER_DATE", "@1700000000 +0000", 1);
}

static inline void clear_ident_env(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ident_env); i++)
		unsetenv(ident_env[i]);
	unsetenv("EMAIL");
}

static inline int setup_all(void **state)
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
	/* new repositories on main, whether git or repo_init makes them (with
	 * it unset both take git's default, master: tests/t0100-init.sh) */
	return sh(trash, "git config --global advice.detachedHead false && "
	                 "git config --global init.defaultBranch main");
}

static inline int teardown_all(void **state)
{
	(void)state;
	if (trash && sh("/", "rm -rf '%s'", trash) != 0)
		return -1;
	free(trash);
	return 0;
}

#endif
