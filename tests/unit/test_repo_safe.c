/* test_repo_safe.c: how the repository layer survives: a full disk named
 * as such. A commit to be failed runs in a fresh process of this program
 * (--commit-in DIR), so that DLG_FAULT is read anew. */
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
		rc = repo_changed_paths(&paths, repo, &err);
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
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
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
