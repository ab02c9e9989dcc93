/* repo_history.c: reading blobs, and a file's history along first parents. */
#include "core/repo_priv.h"

#include <stdlib.h>
#include <string.h>

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

	rc = repo_peel_tree(&tree, repo, treeish, err);
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
		rc = repo_git_fail(err, rc, "cannot read '%s'", path);
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
		return repo_git_fail(err, rc, "cannot read a commit's tree");
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
	return rc < 0 ? repo_git_fail(err, rc, "cannot read a tree") : 0;
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

	*rc = repo_diff_trees(&diff, repo, ptree, tree, err);
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
	return rc < 0 ? repo_git_fail(err, rc, "cannot read a blob") : 0;
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
			rc = repo_git_fail(err, -1, "cannot read a commit");
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

	rc = repo_head_commit(&commit, repo, err);
	if (rc == 0 && commit) {
		split_path(name, &dir, &base);
		rc = side_load(&cur, repo, commit, dir.buf, NULL, err);
	}
	while (rc == 0 && cur.commit) {
		commit = NULL;
		if (git_commit_parentcount(cur.commit) > 0) {
			rc = git_commit_parent(&commit, cur.commit, 0);
			if (rc < 0) {
				rc = repo_git_fail(err, rc, "cannot read a parent commit");
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
