/* repo_commit.c: repo_commit_paths: a commit of given paths on the current
 * branch, and the index made to agree with it. */
#include "core/repo_priv.h"

#include <errno.h>
#include <git2/sys/index.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static const char branch_moved[] =
    "the branch moved while dlg was working (a commit was made meanwhile); run the "
    "command again";

static int make_sig(git_signature **out, const struct repo_sig *s, struct dlg_err *err)
{
	int rc = git_signature_new(out, s->name, s->email, (git_time_t)s->when, s->offset);

	if (rc < 0)
		return repo_git_fail(err, rc, "invalid identity '%s <%s>'", s->name, s->email);
	return 0;
}

/* The parent for a commit: HEAD's commit, which must be expected (NULL:
 * the branch must still be unborn). */
static int commit_parent(git_commit **out, struct repo *repo, const struct repo_oid *expected,
                         struct dlg_err *err)
{
	git_oid want;
	int rc = repo_head_commit(out, repo, err);

	if (rc < 0)
		return rc;
	if (expected ? *out && git_oid_equal(git_commit_id(*out), to_git(&want, expected)) : !*out)
		return 0;
	git_commit_free(*out);
	*out = NULL;
	err_set(err, 0, 0, "%s", branch_moved);
	return DLG_ESTATE;
}

/* Commit tree on the current branch, whose HEAD must still be parent_id. */
static int commit_tree(struct repo_oid *out, struct repo *repo, git_tree *tree,
                       const struct repo_oid *parent_id, const char *message, struct dlg_err *err)
{
	struct repo_sig author = REPO_SIG_INIT, committer = REPO_SIG_INIT;
	git_signature *as = NULL, *cs = NULL;
	git_commit *parent = NULL;
	struct strbuf msg = STRBUF_INIT;
	git_oid oid;
	int rc;

	rc = repo_signature(&author, &committer, repo, err);
	if (rc == 0)
		rc = make_sig(&as, &author, err);
	if (rc == 0)
		rc = make_sig(&cs, &committer, err);
	if (rc == 0)
		rc = commit_parent(&parent, repo, parent_id, err);
	if (rc < 0)
		goto out;
	strbuf_addstr(&msg, message);
	if (!msg.len || msg.buf[msg.len - 1] != '\n')
		strbuf_addch(&msg, '\n');
	/* the reflog entry carries the committer, as git's does */
	git_repository_set_ident(repo->git, committer.name, committer.email);
	errno = 0;
	rc = repo_fault("odb-write");
	if (rc == 0)
		rc = git_commit_create(&oid, repo->git, "HEAD", as, cs, NULL, msg.buf, tree,
		                       parent ? 1 : 0, (const git_commit **)&parent);
	git_repository_set_ident(repo->git, NULL, NULL);
	if (rc == GIT_EMODIFIED) {
		/* HEAD moved between reading it and updating it */
		git_error_clear();
		err_set(err, 0, 0, "%s", branch_moved);
		rc = DLG_ESTATE;
		goto out;
	}
	if (rc < 0) {
		rc = repo_git_fail_os(err, rc, errno, "cannot write the commit into %sobjects",
		                      repo_display(repo, repo->gitdir));
		goto out;
	}
	from_git(out, &oid);
out:
	strbuf_release(&msg);
	git_commit_free(parent);
	git_signature_free(cs);
	git_signature_free(as);
	repo_sig_clear(&committer);
	repo_sig_clear(&author);
	return rc;
}

/* Whether lstat data a and b describe the same file, unchanged. */
static int same_stat(const struct stat *a, const struct stat *b)
{
	return a->st_ino == b->st_ino && a->st_dev == b->st_dev && a->st_mode == b->st_mode &&
	       a->st_size == b->st_size && a->st_uid == b->st_uid && a->st_gid == b->st_gid &&
	       a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
	       a->st_ctim.tv_sec == b->st_ctim.tv_sec && a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

/*
 * Whether a file last changed at st's ctime and read at read_at would show a
 * later change in its ctime. The kernel stamps files from a clock that ticks
 * every few milliseconds, so a change within the same tick as the last one
 * leaves the same ctime; a file whose last change is older than 20 ms when
 * we read it can't be changed again within that tick. With timestamps in
 * whole seconds (no nanoseconds), the margin is a second.
 */
static int settled(const struct stat *st, const struct timespec *read_at)
{
	long long changed = (long long)st->st_ctim.tv_sec * 1000000000LL + st->st_ctim.tv_nsec;
	long long read = (long long)read_at->tv_sec * 1000000000LL + read_at->tv_nsec;
	long long margin = st->st_ctim.tv_nsec || st->st_mtim.tv_nsec ? 20000000LL : 1000000000LL;

	return changed + margin <= read;
}

/*
 * git_index_add_bypath for a file whose blob we know: the entry libgit2 makes
 * from lstat data (it records st_rdev as the device), with the mode it would
 * keep from the entry there when core.fileMode or core.symlinks is off, and
 * the path's conflict, if any, moved to the resolve-undo records.
 */
static int index_add_stored(git_index *idx, int caps, const char *path, const git_oid *id,
                            const struct stat *st)
{
	const git_index_entry *best = NULL, *anc = NULL, *ours = NULL, *theirs = NULL;
	static const int stages[] = { 0, 2, 3, 1 };
	git_index_entry entry;
	size_t i;
	int rc;

	memset(&entry, 0, sizeof(entry));
	entry.ctime.seconds = (int32_t)st->st_ctim.tv_sec;
	entry.ctime.nanoseconds = (uint32_t)st->st_ctim.tv_nsec;
	entry.mtime.seconds = (int32_t)st->st_mtim.tv_sec;
	entry.mtime.nanoseconds = (uint32_t)st->st_mtim.tv_nsec;
	entry.dev = (uint32_t)st->st_rdev;
	entry.ino = (uint32_t)st->st_ino;
	entry.uid = (uint32_t)st->st_uid;
	entry.gid = (uint32_t)st->st_gid;
	entry.file_size = (uint32_t)st->st_size;
	entry.id = *id;
	entry.path = path;
	for (i = 0; i < ARRAY_SIZE(stages) && !best; i++)
		best = git_index_get_bypath(idx, path, stages[i]);
	git_error_clear();
	if ((caps & GIT_INDEX_CAPABILITY_NO_SYMLINKS) && best && S_ISLNK(best->mode))
		entry.mode = best->mode;
	else if (caps & GIT_INDEX_CAPABILITY_NO_FILEMODE)
		entry.mode = best && S_ISREG(best->mode) ? best->mode : GIT_FILEMODE_BLOB;
	else
		entry.mode =
		    (st->st_mode & S_IXUSR) ? GIT_FILEMODE_BLOB_EXECUTABLE : GIT_FILEMODE_BLOB;
	rc = git_index_add(idx, &entry);
	if (rc < 0)
		return rc;
	if (git_index_conflict_get(&anc, &ours, &theirs, idx, path) == 0) {
		rc =
		    git_index_reuc_add(idx, path, anc ? (int)anc->mode : 0, anc ? &anc->id : NULL,
		                       ours ? (int)ours->mode : 0, ours ? &ours->id : NULL,
		                       theirs ? (int)theirs->mode : 0, theirs ? &theirs->id : NULL);
		if (rc == 0)
			rc = git_index_conflict_remove(idx, path);
		return rc;
	}
	git_error_clear();
	return 0;
}

/* Put the file at path into the index as it is in the work tree: with the
 * blob repo_tree_build stored for it while it is unchanged since, else by
 * reading it again. */
static int index_add_file(const struct repo_built *built, git_index *idx, int caps,
                          const char *path, const struct stat *st)
{
	const struct repo_stored *s = repo_built_find(built, path);

	/* libgit2 fixes the case of a path's folders on a case-insensitive
	 * file system; leave that to it */
	if (s && !(caps & GIT_INDEX_CAPABILITY_IGNORE_CASE) && same_stat(&s->st, st) &&
	    settled(&s->st, &s->read_at))
		return index_add_stored(idx, caps, path, &s->id, st);
	/* reads the file and stores its blob */
	errno = 0;
	if (repo_fault("odb-write"))
		return -1;
	return git_index_add_bypath(idx, path);
}

/* After the commit: make the real index match the work tree for these paths
 * only (add existing files with their stat data, remove missing ones), then
 * write it. DLG_ELOCKED when git holds index.lock. */
static int index_update(struct repo *repo, const struct strlist *paths,
                        const struct repo_built *built, struct dlg_err *err)
{
	struct repo_scope scope;
	git_index *idx = NULL;
	git_oid tree;
	struct stat st;
	size_t i;
	int rc, caps;

	rc = git_repository_index(&idx, repo->git);
	if (rc == 0)
		rc = git_index_read(idx, 0);
	if (rc < 0) {
		rc = repo_git_fail(err, rc, "cannot read the index");
		git_index_free(idx);
		return rc;
	}
	caps = git_index_caps(idx);
	repo_scope_init(&scope, repo, idx);
	repo_strict_objects(0);
	for (i = 0; i < paths->n; i++) {
		const char *path = paths->v[i];
		char *full = xstrfmt("%s%s", repo->workdir, path);
		int found = lstat(full, &st) == 0;

		free(full);
		if ((found && S_ISLNK(st.st_mode)) || repo_scope_skips(&scope, path))
			continue;
		if (found && S_ISREG(st.st_mode))
			rc = index_add_file(built, idx, caps, path, &st);
		else
			rc = git_index_remove_bypath(idx, path);
		if (rc < 0) {
			rc = repo_git_fail_os(err, rc, errno, "cannot update '%s' in the index",
			                      path);
			goto out;
		}
	}
	/* writing the tree first keeps the index's tree cache valid; an index
	 * with conflicts has no tree, which is fine here */
	errno = 0;
	rc = repo_fault("odb-write");
	if (rc == 0)
		rc = git_index_write_tree(&tree, idx);
	if (rc < 0 && rc != GIT_EUNMERGED) {
		rc = repo_git_fail_os(err, rc, errno,
		                      "cannot write the index's trees into %sobjects",
		                      repo_display(repo, repo->gitdir));
		goto out;
	}
	git_error_clear();
	errno = 0;
	rc = git_index_write(idx);
	if (rc == GIT_ELOCKED) {
		git_error_clear();
		err_set(err, 0, 0,
		        "cannot write the index: %sindex.lock exists; if no git command is "
		        "running, remove it",
		        repo_display(repo, repo->gitdir));
		rc = DLG_ELOCKED;
	} else if (rc < 0) {
		rc = repo_git_fail_os(err, rc, errno, "cannot write the index");
	}
out:
	repo_strict_objects(1);
	repo_scope_release(&scope);
	if (rc < 0)
		git_index_read(idx, 1); /* drop our half-done changes */
	git_error_clear();
	git_index_free(idx);
	return rc;
}

/* The tree of the commit parent, or NULL (no parent: empty). */
static int parent_tree(git_tree **out, struct repo *repo, const struct repo_oid *parent,
                       struct dlg_err *err)
{
	*out = NULL;
	return parent ? repo_peel_tree(out, repo, parent, err) : 0;
}

/* The message for the changes, or NULL: don't commit. */
static char *ask_message(const struct repo_commit_opts *opts, const struct repo_changes *changes)
{
	return opts->message ? opts->message(changes, opts->payload) : NULL;
}

int repo_commit_paths(struct repo_commit_result *out, struct repo *repo,
                      const struct repo_commit_opts *opts, struct dlg_err *err)
{
	struct repo_built built;
	git_tree *base = NULL, *tree = NULL;
	git_index *idx = NULL;
	char *msg = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&built, 0, sizeof(built));
	rc = parent_tree(&base, repo, opts->parent, err);
	if (rc < 0)
		goto out;
	/* the user's index, for what stays as base has it (skip-worktree
	 * entries, gitlinks) */
	if (git_repository_index(&idx, repo->git) < 0 || git_index_read(idx, 0) < 0) {
		git_error_clear();
		git_index_free(idx);
		idx = NULL;
	}
	if (opts->dry_run) {
		rc = repo_tree_preview(&out->changes, repo, base, opts->paths, idx, err);
		if (rc == 0 && out->changes.n)
			free(ask_message(opts, &out->changes));
		goto out;
	}
	rc = repo_tree_build(&built, repo, base, opts->paths, idx, err);
	if (rc == 0) {
		rc = git_tree_lookup(&tree, repo->git, &built.tree);
		if (rc < 0)
			rc = repo_git_fail(err, rc, "cannot read the tree to commit");
	}
	if (rc == 0)
		rc = repo_tree_diff(&out->changes, repo, base, tree, err);
	if (rc < 0 || !out->changes.n)
		goto out;
	msg = ask_message(opts, &out->changes);
	if (!msg)
		goto out;
	rc = commit_tree(&out->id, repo, tree, opts->parent, msg, err);
	if (rc < 0)
		goto out;
	out->committed = 1;
	repo_oid_short(out->short_id, &out->id);
	/* the blobs just stored, for the same paths: no state kept between calls */
	rc = index_update(repo, opts->paths, &built, err);
out:
	free(msg);
	git_index_free(idx);
	repo_built_release(&built);
	git_tree_free(tree);
	git_tree_free(base);
	return rc;
}

void repo_commit_result_clear(struct repo_commit_result *r)
{
	if (!r)
		return;
	repo_changes_clear(&r->changes);
	memset(r, 0, sizeof(*r));
}
