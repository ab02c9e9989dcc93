/* repo_recover.c: after a crash: removing dlg's own stale index.lock, and
 * making the index agree with HEAD for given paths. */
#include "core/repo_priv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int repo_recover(struct repo *repo, int *removed, struct dlg_err *err)
{
	struct repo_index_paths p;
	struct repo_index_record r;
	struct stat st;
	int rc = 0, have_lock;

	if (removed)
		*removed = 0;
	repo_index_paths(&p, repo);
	if (repo_index_record_read(&r, p.record) < 0) {
		/* none, or garbled: a record we can't read proves nothing, and a
		 * garbled one beside no lock is only litter */
		if (errno == EINVAL && lstat(p.lock, &st) < 0 && errno == ENOENT)
			unlink(p.record);
		goto out;
	}
	if (!repo_index_record_dead(&r))
		goto out; /* a live dlg holds it */
	have_lock = lstat(p.lock, &st) == 0;
	if (!have_lock && errno != ENOENT) {
		rc = err_set(err, 0, 0, "cannot read %s: %s", repo_display(repo, p.lock),
		             strerror(errno));
		goto out;
	}
	if (have_lock && repo_index_record_names(&r, &st)) {
		if (unlink(p.lock) < 0 && errno != ENOENT) {
			rc = err_set(err, 0, 0, "cannot remove dlg's stale %s: %s",
			             repo_display(repo, p.lock), strerror(errno));
			goto out;
		}
		if (removed)
			*removed = 1;
	}
	/* the record is stale whether its lock was there or not; a lock it does
	 * not name is someone else's and stays */
	unlink(p.record);
	unlink(p.work);
	unlink(p.work_lock);
out:
	repo_index_record_clear(&r);
	repo_index_paths_release(&p);
	return rc;
}

/* The blob HEAD's tree has at path, or NULL (none, or not a file). */
static git_tree_entry *head_entry(git_tree *head, const char *path)
{
	git_tree_entry *te = NULL;

	if (!head || git_tree_entry_bypath(&te, head, path) < 0)
		te = NULL;
	git_error_clear();
	if (te && git_tree_entry_type(te) != GIT_OBJECT_BLOB) {
		git_tree_entry_free(te);
		te = NULL;
	}
	return te;
}

/* path's entry as HEAD has it: stat data from the work tree when the file
 * holds HEAD's blob (through git's filters), else none, so that git reads
 * the file again. */
static int reset_entry(struct repo *repo, git_index *idx, const char *path,
                       const git_tree_entry *te)
{
	git_index_entry entry;
	struct stat st;
	git_oid id;
	char *full = xstrfmt("%s%s", repo->workdir, path);
	int rc;

	memset(&entry, 0, sizeof(entry));
	entry.path = path;
	entry.id = *git_tree_entry_id(te);
	entry.mode = (uint32_t)git_tree_entry_filemode(te);
	if (lstat(full, &st) == 0 && S_ISREG(st.st_mode) &&
	    git_repository_hashfile(&id, repo->git, full, GIT_OBJECT_BLOB, path) == 0 &&
	    git_oid_equal(&id, &entry.id))
		repo_entry_stat(&entry, &st);
	git_error_clear();
	free(full);
	rc = git_index_add(idx, &entry);
	return rc;
}

static int reset_paths(struct repo_index_txn *t, git_tree *head, const struct strlist *paths,
                       struct dlg_err *err)
{
	struct repo_scope scope;
	size_t i;
	int rc = 0;

	repo_scope_init(&scope, t->repo, t->idx);
	for (i = 0; i < paths->n && rc == 0; i++) {
		const char *path = paths->v[i];
		git_tree_entry *te;

		if (repo_scope_skips(&scope, path))
			continue;
		te = head_entry(head, path);
		if (git_index_conflict_remove(t->idx, path) < 0)
			git_error_clear();
		if (te)
			rc = reset_entry(t->repo, t->idx, path, te);
		else if (git_index_remove(t->idx, path, 0) < 0)
			git_error_clear();
		git_tree_entry_free(te);
		if (rc < 0)
			rc = repo_git_fail(err, rc, "cannot reset '%s' in the index", path);
	}
	repo_scope_release(&scope);
	return rc;
}

int repo_index_reset(struct repo *repo, const struct strlist *paths, struct dlg_err *err)
{
	struct repo_index_txn t;
	git_tree *head = NULL;
	git_oid tree;
	int rc;

	rc = repo_index_lock(&t, repo, 0, "reset-index-locked", "cannot reset the index", err);
	if (rc == 0)
		rc = repo_index_open(&t, err);
	if (rc == 0)
		rc = repo_peel_tree(&head, repo, NULL, err);
	if (rc == 0)
		rc = reset_paths(&t, head, paths, err);
	if (rc == 0) {
		/* the tree cache, as after a commit; conflicts elsewhere are fine */
		repo_strict_objects(0);
		errno = 0;
		rc = repo_fault("odb-write");
		if (rc == 0)
			rc = git_index_write_tree_to(&tree, t.idx, repo->git);
		repo_strict_objects(1);
		if (rc < 0 && rc != GIT_EUNMERGED)
			rc = repo_git_fail_os(err, rc, errno, "cannot write the index's trees");
		else
			rc = 0;
		git_error_clear();
	}
	if (rc == 0)
		rc = repo_index_stage(&t, err);
	if (rc == 0)
		rc = repo_index_commit(&t, err);
	git_tree_free(head);
	repo_index_unlock(&t);
	return rc;
}
