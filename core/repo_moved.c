/* repo_moved.c: whether the branch moved on from a commit without touching
 * given paths, so that a commit built on it can be built on the new tip. */
#include <string.h>

#include "core/repo_priv.h"

/* The entry of path in tree, compared with the one in other: 1 when both
 * lack it or both have the same object with the same mode. */
static int same_entry(git_tree *a, git_tree *b, const char *path)
{
	git_tree_entry *x = NULL, *y = NULL;
	int same;

	if (git_tree_entry_bypath(&x, a, path) < 0)
		x = NULL;
	if (git_tree_entry_bypath(&y, b, path) < 0)
		y = NULL;
	git_error_clear();
	same = (!x && !y) || (x && y && git_oid_equal(git_tree_entry_id(x), git_tree_entry_id(y)) &&
	                      git_tree_entry_filemode(x) == git_tree_entry_filemode(y));
	git_tree_entry_free(x);
	git_tree_entry_free(y);
	return same;
}

int repo_moved_aside(struct repo_oid *out, struct repo *repo, const struct repo_oid *from,
                     const struct strlist *paths, struct dlg_err *err)
{
	git_oid head, base;
	git_commit *hc = NULL, *bc = NULL;
	git_tree *ht = NULL, *bt = NULL;
	int rc;

	memcpy(base.id, from->raw, sizeof(base.id));
	rc = git_reference_name_to_id(&head, repo->git, "HEAD");
	if (rc < 0)
		return repo_git_fail(err, rc, "cannot read HEAD");
	if (git_oid_equal(&head, &base))
		return 0;
	/* only forward: a commit made on top of from */
	if (git_graph_descendant_of(repo->git, &head, &base) != 1) {
		git_error_clear();
		return 0;
	}
	rc = git_commit_lookup(&hc, repo->git, &head);
	if (!rc)
		rc = git_commit_lookup(&bc, repo->git, &base);
	if (!rc)
		rc = git_commit_tree(&ht, hc);
	if (!rc)
		rc = git_commit_tree(&bt, bc);
	if (rc < 0) {
		rc = repo_git_fail(err, rc, "cannot read the commits made meanwhile");
		goto out;
	}
	rc = 1;
	for (size_t i = 0; i < paths->n && rc == 1; i++)
		if (!same_entry(ht, bt, paths->v[i]))
			rc = 0;
	if (rc == 1)
		memcpy(out->raw, head.id, sizeof(out->raw));
out:
	git_tree_free(ht);
	git_tree_free(bt);
	git_commit_free(hc);
	git_commit_free(bc);
	return rc;
}
