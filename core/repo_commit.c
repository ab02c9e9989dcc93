/* repo_commit.c: repo_commit_paths: a commit of given paths on the current
 * branch, and the index made to agree with it, in git's order under git's
 * index.lock. */
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

/* The commit object for tree on parent (NULL: a root commit), with the
 * identity repo_signature gives; the branch is not moved. The committer
 * into *committer, for the reflog. */
static int write_commit(git_oid *out, struct repo *repo, git_tree *tree, git_commit *parent,
                        git_commit *other, const char *message, struct repo_sig *committer,
                        struct dlg_err *err)
{
	const git_commit *parents[2] = { parent ? parent : other, parent ? other : NULL };
	size_t nparents = (parents[0] != NULL) + (parents[1] != NULL);
	struct repo_sig author = REPO_SIG_INIT;
	git_signature *as = NULL, *cs = NULL;
	struct strbuf msg = STRBUF_INIT;
	int rc;

	rc = repo_signature(&author, committer, repo, err);
	if (rc == 0)
		rc = make_sig(&as, &author, err);
	if (rc == 0)
		rc = make_sig(&cs, committer, err);
	if (rc < 0)
		goto out;
	/* a message that ends its last line is used as it is: at 100,000
	 * tasks it is megabytes, and libgit2 makes its own copy */
	if (!*message || message[strlen(message) - 1] != '\n') {
		strbuf_addstr(&msg, message);
		strbuf_addch(&msg, '\n');
		message = msg.buf;
	}
	errno = 0;
	rc = repo_fault("odb-write");
	if (rc == 0)
		rc = git_commit_create(out, repo->git, NULL, as, cs, NULL, message, tree, nparents,
		                       parents);
	if (rc < 0) {
		rc = repo_git_fail_os(err, rc, errno, "cannot write the commit into %sobjects",
		                      repo_display(repo, repo->gitdir));
		goto out;
	}
	fault_point("commit-written");
out:
	strbuf_release(&msg);
	git_signature_free(cs);
	git_signature_free(as);
	repo_sig_clear(&author);
	return rc;
}

/* Move the branch HEAD names to id, only while it still points at parent
 * (NULL: while it does not exist), with a reflog entry as git writes. */
static int update_branch(struct repo *repo, const git_oid *id, const git_oid *parent,
                         const struct repo_sig *committer, const char *reflog, struct dlg_err *err)
{
	git_reference *head = NULL, *ref = NULL;
	git_commit *commit = NULL;
	char *log = NULL;
	int rc;

	rc = git_reference_lookup(&head, repo->git, "HEAD");
	if (rc < 0)
		return repo_git_fail(err, rc, "cannot read HEAD");
	if (git_reference_type(head) != GIT_REFERENCE_SYMBOLIC) {
		git_reference_free(head);
		err_set(err, 0, 0, "%s", branch_moved);
		return DLG_ESTATE;
	}
	rc = git_commit_lookup(&commit, repo->git, id);
	if (rc < 0) {
		git_reference_free(head);
		return repo_git_fail(err, rc, "cannot read the new commit");
	}
	log = reflog ? xstrdup(reflog)
	             : xstrfmt("commit%s: %s",
	                       !parent                              ? " (initial)"
	                       : git_commit_parentcount(commit) > 1 ? " (merge)"
	                                                            : "",
	                       git_commit_summary(commit));
	/* the reflog entry carries the committer, as git's does */
	git_repository_set_ident(repo->git, committer->name, committer->email);
	errno = 0;
	rc = repo_fault("ref-write");
	/* libgit2 locks the ref (and its log) with files of its own: say whose
	 * they are first, so that a kill in between leaves nothing the next
	 * sync can't tell for dlg's */
	if (rc == 0)
		repo_ref_record(repo, git_reference_symbolic_target(head));
	if (rc == 0)
		rc = git_reference_create_matching(&ref, repo->git,
		                                   git_reference_symbolic_target(head), id,
		                                   parent != NULL, parent, log);
	{
		int saved = errno;

		repo_ref_record(repo, NULL);
		errno = saved;
	}
	git_repository_set_ident(repo->git, NULL, NULL);
	if (rc == GIT_EMODIFIED || rc == GIT_EEXISTS || rc == GIT_ENOTFOUND) {
		git_error_clear();
		err_set(err, 0, 0, "%s", branch_moved);
		rc = DLG_ESTATE;
	} else if (rc < 0) {
		rc = repo_git_fail_os(err, rc, errno, "cannot update %s",
		                      git_reference_symbolic_target(head));
	}
	free(log);
	git_reference_free(ref);
	git_commit_free(commit);
	git_reference_free(head);
	return rc;
}

/* Whether lstat data a and b describe the same file, unchanged. */
static int same_stat(const struct repo_stored *a, const struct stat *b)
{
	return a->ino == (uint64_t)b->st_ino && a->dev == (uint64_t)b->st_dev &&
	       a->mode == (uint32_t)b->st_mode && a->size == (int64_t)b->st_size &&
	       a->uid == (uint32_t)b->st_uid && a->gid == (uint32_t)b->st_gid &&
	       a->mtime_sec == (int64_t)b->st_mtim.tv_sec && a->mtime_nsec == b->st_mtim.tv_nsec &&
	       a->ctime_sec == (int64_t)b->st_ctim.tv_sec && a->ctime_nsec == b->st_ctim.tv_nsec;
}

/*
 * Whether a file last changed at its ctime and read at read_at_ns would show a
 * later change in its ctime. The kernel stamps files from a clock that ticks
 * every few milliseconds, so a change within the same tick as the last one
 * leaves the same ctime; a file whose last change is older than 20 ms when
 * we read it can't be changed again within that tick. With timestamps in
 * whole seconds (no nanoseconds), the margin is a second.
 */
static int settled(const struct repo_stored *s)
{
	long long changed = (long long)s->ctime_sec * 1000000000LL + s->ctime_nsec;
	long long margin = s->ctime_nsec || s->mtime_nsec ? 20000000LL : 1000000000LL;

	return changed + margin <= s->read_at_ns;
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
	repo_entry_stat(&entry, st);
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
	/* for the tests: the file changes just as it is read again */
	int racing = fault_point("index-add");
	struct stat smudged;

	/* libgit2 fixes the case of a path's folders on a case-insensitive
	 * file system; leave that to it */
	if (s && !racing && !(caps & GIT_INDEX_CAPABILITY_IGNORE_CASE) && same_stat(s, st) &&
	    settled(s))
		return index_add_stored(idx, caps, path, &s->id, st);
	/* reads the file and stores its blob */
	errno = 0;
	if (repo_fault("odb-write"))
		return -1;
	if (!racing && git_index_add_bypath(idx, path) == 0)
		return 0;
	if (!s)
		return -1;
	/* it could not be read as it is now (an editor writing it just then:
	 * its size changed under the read): the index holds what was
	 * committed, with stat data no file has, so git looks at the file
	 * again and shows the newer edit as not staged; the commit goes on */
	git_error_clear();
	smudged = *st;
	smudged.st_size = 0;
	smudged.st_mtim.tv_sec = smudged.st_ctim.tv_sec = 0;
	smudged.st_mtim.tv_nsec = smudged.st_ctim.tv_nsec = 0;
	return index_add_stored(idx, caps, path, &s->id, &smudged);
}

/* Make the index (t->idx) match the work tree for these paths only (add
 * existing files with their stat data, remove missing ones), leaving out
 * what the scope fences off, and refresh its tree cache. */
static int index_update(struct repo_index_txn *t, const struct strlist *paths,
                        const struct repo_built *built, struct dlg_err *err)
{
	struct repo *repo = t->repo;
	struct repo_scope scope;
	struct stat st;
	size_t i;
	int rc = 0, caps = git_index_caps(t->idx);

	repo_scope_init(&scope, repo, t->idx);
	repo_strict_objects(0);
	for (i = 0; i < paths->n; i++) {
		const char *path = paths->v[i];
		char *full = xstrfmt("%s%s", repo->workdir, path);
		int found = lstat(full, &st) == 0;

		free(full);
		if ((found && S_ISLNK(st.st_mode)) || repo_scope_skips(&scope, path))
			continue;
		if (found && S_ISREG(st.st_mode)) {
			/* a file where the index has a folder of that name: the
			 * folder goes, as the commit's tree has it */
			if (git_index_remove_directory(t->idx, path, 0) < 0)
				git_error_clear();
			rc = index_add_file(built, t->idx, caps, path, &st);
		} else {
			rc = git_index_remove_bypath(t->idx, path);
		}
		if (rc < 0) {
			rc = repo_git_fail_os(err, rc, errno, "cannot update '%s' in the index",
			                      path);
			goto out;
		}
	}
	/* the index's tree cache is left as libgit2 leaves it: valid for the
	 * folders no path is in, invalid for the few the paths are in (git
	 * writes those again when it next needs them). Refreshing it would
	 * read every tree of the commit back, the whole tree at 100,000
	 * tasks, to write three. */
out:
	repo_strict_objects(1);
	repo_scope_release(&scope);
	return rc;
}

/*
 * The index edited as bytes (repo_rawidx.c) for a commit that only gives
 * files the index has as plain entries new blobs: what a sync commits on
 * most runs. Tried before the commit is built: no path may be new, gone,
 * another type of file or a conflict, the index must have nothing libgit2
 * would look at again (a racily clean entry), and paths' case must not be
 * folded. Each path is checked again once the commit is made; if one
 * changed meanwhile, libgit2 edits the index after all.
 */
static int raw_usable(struct rawidx *x, struct repo *repo, const struct strlist *paths)
{
	struct stat st;
	int ok = !repo_config_bool(repo, "core.ignorecase", 0);

	/* an attributes file only the index has: libgit2 reads it from the
	 * index (filters_possible looks for it in the work tree) */
	for (size_t i = 0; i < x->nattrs && ok; i++) {
		size_t len;
		const char *name = rawidx_name(x, x->attrs[i], &len);
		char *full = xstrfmt("%s%.*s", repo->workdir, (int)len, name);

		ok = lstat(full, &st) == 0;
		free(full);
	}

	for (size_t i = 0; i < paths->n && ok; i++) {
		char *full = xstrfmt("%s%s", repo->workdir, paths->v[i]);
		long at = rawidx_find(x, paths->v[i]);

		ok = at >= 0 && lstat(full, &st) == 0 && S_ISREG(st.st_mode);
		if (ok)
			rawidx_mark(x, at);
		free(full);
	}
	return ok && !rawidx_racy_left(x);
}

/* index_update with the bytes of the index: 0, 1 when a path is not as it
 * was read for the commit (then nothing is written), or -1. */
static int raw_update(struct rawidx *x, struct repo_index_txn *t, const struct strlist *paths,
                      const struct repo_built *built, struct dlg_err *err)
{
	struct repo *repo = t->repo;
	struct repo_scope scope;
	int rc = 0, filemode = repo_config_bool(repo, "core.filemode", 1);

	repo_scope_init(&scope, repo, NULL);
	for (size_t i = 0; i < paths->n && rc == 0; i++) {
		const char *path = paths->v[i];
		const struct repo_stored *s = repo_built_find(built, path);
		char *full = xstrfmt("%s%s", repo->workdir, path);
		long at = rawidx_find(x, path);
		struct stat st;
		uint32_t mode;

		/* for the tests: the file changes just as it is looked at */
		rc = fault_point("index-patch") || at < 0 || lstat(full, &st) < 0 ||
		     !S_ISREG(st.st_mode);
		free(full);
		/* a path the scope fences off stays as the index has it */
		if (rc || repo_scope_skips(&scope, path))
			continue;
		if (!s || !same_stat(s, &st) || !settled(s)) {
			rc = 1;
			continue;
		}
		mode = rawidx_mode(x, at);
		if (filemode)
			mode = (st.st_mode & S_IXUSR) ? GIT_FILEMODE_BLOB_EXECUTABLE
			                              : GIT_FILEMODE_BLOB;
		rawidx_set(x, at, &s->id, mode, &st);
	}
	repo_scope_release(&scope);
	if (rc == 0)
		rc = repo_index_fill_raw(t, x, err);
	return rc;
}

/* Whether the index (t->idx) already has each path as tree has it: the same
 * blob and mode, or no entry where tree has none, and no conflict. */
static int index_agrees(struct repo_index_txn *t, git_tree *tree, const struct strlist *paths)
{
	struct repo_scope scope;
	size_t i;
	int agree = 1;

	repo_scope_init(&scope, t->repo, t->idx);
	for (i = 0; i < paths->n && agree; i++) {
		const char *path = paths->v[i];
		const git_index_entry *e;
		git_tree_entry *te = NULL;

		if (repo_scope_skips(&scope, path))
			continue;
		e = git_index_get_bypath(t->idx, path, 0);
		if (!tree || git_tree_entry_bypath(&te, tree, path) < 0)
			te = NULL;
		git_error_clear();
		if (te && git_tree_entry_type(te) != GIT_OBJECT_BLOB) {
			git_tree_entry_free(te);
			te = NULL;
		}
		if (!e || !te)
			agree = !e && !te;
		else
			agree = git_oid_equal(&e->id, git_tree_entry_id(te)) &&
			        e->mode == (uint32_t)git_tree_entry_filemode(te);
		if (agree && git_index_get_bypath(t->idx, path, 2))
			agree = 0; /* a conflict ("ours") */
		git_error_clear();
		git_tree_entry_free(te);
	}
	repo_scope_release(&scope);
	return agree;
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

/* A dry run: the changes, and no lock, object, ref or index written. */
static int commit_preview(struct repo_commit_result *out, struct repo *repo,
                          const struct repo_commit_opts *opts, struct dlg_err *err)
{
	git_tree *base = NULL;
	git_index *idx = NULL;
	int rc;

	if (git_repository_index(&idx, repo->git) < 0) {
		git_error_clear();
		idx = NULL;
	}
	rc = parent_tree(&base, repo, opts->parent, err);
	if (rc == 0)
		rc = repo_tree_preview(&out->changes, repo, base, opts->paths, idx, err);
	if (rc == 0 && out->changes.n)
		free(ask_message(opts, &out->changes));
	git_tree_free(base);
	git_index_free(idx);
	return rc;
}

/* What one commit holds while it is made. */
struct making {
	struct repo_index_txn txn;
	struct rawidx raw; /* the index's bytes, while raw_usable */
	int raw_ok;
	struct repo_built built;
	git_commit *parent, *other;
	git_tree *base, *tree;
	struct repo_sig committer;
	char *msg;
};

static void making_release(struct making *m)
{
	free(m->msg);
	repo_sig_clear(&m->committer);
	git_tree_free(m->tree);
	git_tree_free(m->base);
	git_commit_free(m->other);
	git_commit_free(m->parent);
	repo_built_release(&m->built);
	rawidx_release(&m->raw);
	repo_index_unlock(&m->txn);
}

/* The index opened through libgit2 after all (once only). */
static int libgit2_index(struct making *m, struct dlg_err *err)
{
	if (m->txn.idx)
		return 0;
	m->raw_ok = 0;
	rawidx_release(&m->raw);
	return repo_index_open(&m->txn, err);
}

/* The index, and which way it is to be edited. */
/* Commits of more paths than this (a first sync's) go through libgit2's
 * index: their tree is built through an index anyway, and the libgit2
 * index of the sync's earlier commits is there to be used again, where
 * the index's bytes would be ten more megabytes at 100,000 files. */
#define RAW_MAX_PATHS 4096

static int open_index(struct making *m, struct repo *repo, const struct repo_commit_opts *opts,
                      struct dlg_err *err)
{
	if (!opts->merge_parent && !opts->tree_base && opts->paths->n &&
	    opts->paths->n <= RAW_MAX_PATHS && rawidx_read(&m->raw, m->txn.paths.index) == 0 &&
	    raw_usable(&m->raw, repo, opts->paths)) {
		m->raw_ok = 1;
		/* libgit2's index of an earlier lock is of an index about to be
		 * replaced: megabytes at 100,000 files, gone */
		git_index_free(repo->work_idx);
		repo->work_idx = NULL;
		return 0;
	}
	return libgit2_index(m, err);
}

/* Under index.lock: HEAD still at parent, and the tree of parent + paths
 * built, with what changed into out->changes. */
static int build(struct making *m, struct repo_commit_result *out, struct repo *repo,
                 const struct repo_commit_opts *opts, struct dlg_err *err)
{
	git_tree *start = NULL;
	git_oid oid;
	int rc = commit_parent(&m->parent, repo, opts->parent, err);

	if (rc == 0)
		rc = parent_tree(&m->base, repo, opts->parent, err);
	if (rc == 0 && opts->merge_parent) {
		rc = git_commit_lookup(&m->other, repo->git, to_git(&oid, opts->merge_parent));
		if (rc < 0)
			rc = repo_git_fail(err, rc, "cannot read the commit to merge");
	}
	if (rc == 0 && opts->tree_base)
		rc = repo_peel_tree(&start, repo, opts->tree_base, err);
	if (rc == 0)
		rc = repo_tree_build(&m->built, repo, start ? start : m->base, opts->paths,
		                     m->txn.idx, err);
	git_tree_free(start);
	if (rc == 0) {
		rc = git_tree_lookup(&m->tree, repo->git, &m->built.tree);
		if (rc < 0)
			rc = repo_git_fail(err, rc, "cannot read the tree to commit");
	}
	if (rc == 0 && m->built.updated && !opts->tree_base) {
		/* base's tree edited in place: its changes are known, and with no
		 * path removed there is no rename to find */
		for (size_t i = 0; i < m->built.changes.n; i++) {
			const struct repo_change *c = &m->built.changes.v[i];

			repo_change_add(&out->changes, c->status, c->old_path, c->new_path);
		}
	} else if (rc == 0) {
		rc = repo_tree_diff(&out->changes, repo, m->base, m->tree, err);
	}
	return rc;
}

/*
 * git's order (builtin/commit.c): take index.lock; build the tree and write
 * the commit object; write the new index into index.lock; move the branch
 * only while it still points at parent; rename index.lock over the index.
 * A git command never sees the branch moved and the index not yet written
 * but through the rename's instant, and can't write the index meanwhile.
 */
int repo_commit_paths(struct repo_commit_result *out, struct repo *repo,
                      const struct repo_commit_opts *opts, struct dlg_err *err)
{
	struct making m;
	git_oid id;
	int rc;

	memset(out, 0, sizeof(*out));
	if (opts->dry_run)
		return commit_preview(out, repo, opts, err);
	memset(&m, 0, sizeof(m));
	rc = repo_index_lock(&m.txn, repo, opts->index_timeout_ms, "index-locked", "cannot commit",
	                     err);
	if (rc == 0)
		rc = open_index(&m, repo, opts, err);
	if (rc == 0)
		rc = build(&m, out, repo, opts, err);
	if (rc < 0)
		goto out;
	if (!out->changes.n && !m.other) {
		/* nothing to commit, but the index may still disagree with the
		 * tree for these paths (a sync stopped between moving the branch
		 * and writing the index): make it agree */
		rc = libgit2_index(&m, err);
		if (rc < 0)
			goto out;
		if (index_agrees(&m.txn, m.tree, opts->paths)) {
			m.txn.keep = 1;
			goto out;
		}
		rc = index_update(&m.txn, opts->paths, &m.built, err);
		if (rc == 0)
			rc = repo_index_stage(&m.txn, err);
		if (rc == 0)
			rc = repo_index_commit(&m.txn, err);
		goto out;
	}
	if (m.other && opts->fast_forward &&
	    git_oid_equal(git_commit_tree_id(m.other), &m.built.tree)) {
		/* the tree is theirs: move the branch there, no commit */
		out->fast_forwarded = 1;
		git_oid_cpy(&id, git_commit_id(m.other));
		rc = repo_signature(NULL, &m.committer, repo, err);
		goto move;
	}
	m.msg = ask_message(opts, &out->changes);
	if (!m.msg) {
		m.txn.keep = 1;
		goto out;
	}
	rc = write_commit(&id, repo, m.tree, m.parent, m.other, m.msg, &m.committer, err);
	/* in the commit now */
	free(m.msg);
	m.msg = NULL;
move:
	if (rc == 0 && m.raw_ok) {
		rc = raw_update(&m.raw, &m.txn, opts->paths, &m.built, err);
		if (rc == 1)
			rc = libgit2_index(&m, err);
	}
	if (rc == 0 && !m.raw_ok)
		rc = index_update(&m.txn, opts->paths, &m.built, err);
	if (rc == 0 && !m.raw_ok)
		rc = repo_index_stage(&m.txn, err);
	if (rc == 0)
		rc = update_branch(repo, &id, m.parent ? git_commit_id(m.parent) : NULL,
		                   &m.committer, opts->reflog, err);
	if (rc < 0)
		goto out;
	fault_point("ref-updated");
	out->committed = 1;
	from_git(&out->id, &id);
	repo_oid_short(out->short_id, &out->id);
	rc = repo_index_commit(&m.txn, err);
out:
	making_release(&m);
	return rc;
}

void repo_commit_result_clear(struct repo_commit_result *r)
{
	if (!r)
		return;
	repo_changes_clear(&r->changes);
	memset(r, 0, sizeof(*r));
}
