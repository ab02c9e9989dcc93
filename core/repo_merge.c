/* repo_merge.c: merging another branch's commit into HEAD: libgit2's tree
 * merge with dlg's per-key merge as the driver of task and person files,
 * conflicts written with markers, the work tree brought to the result only
 * where it still holds what HEAD has, the merge commit (or fast-forward),
 * and the merge driver registered for plain git. */
#include "core/repo_priv.h"

#include <errno.h>
#include <git2/sys/merge.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/atomic.h"

int repo_merge_path(const char *path)
{
	if (starts_with(path, "tasks/") && ends_with(path, ".md"))
		return 1;
	return starts_with(path, "people/") && ends_with(path, ".md") &&
	       !strchr(path + strlen("people/"), '/');
}

/* ---- the driver libgit2 calls for a file changed on both sides ---- */

struct driver_run {
	struct repo *repo;
	const struct merge_labels *labels;
	struct strset per_field; /* paths merged key by key, cleanly */
};
static struct driver_run *current;

static int blob_side(struct merge_side *s, git_blob **blob, git_repository *git,
                     const git_index_entry *e)
{
	memset(s, 0, sizeof(*s));
	*blob = NULL;
	if (!e)
		return 0;
	if (git_blob_lookup(blob, git, &e->id) < 0)
		return -1;
	s->data = git_blob_rawcontent(*blob);
	s->len = (size_t)git_blob_rawsize(*blob);
	s->exists = 1;
	return 0;
}

static int driver_apply(git_merge_driver *self, const char **path_out, uint32_t *mode_out,
                        git_buf *merged_out, const char *filter_name,
                        const git_merge_driver_source *src)
{
	const git_index_entry *a = git_merge_driver_source_ancestor(src),
	                      *o = git_merge_driver_source_ours(src),
	                      *t = git_merge_driver_source_theirs(src);
	git_repository *git = git_merge_driver_source_repo(src);
	struct merge_side sa, so, st;
	git_blob *ba = NULL, *bo = NULL, *bt = NULL;
	struct merge_result res = MERGE_RESULT_INIT;
	int rc;

	(void)self;
	(void)filter_name;
	if (!current || !o || !t || !repo_merge_path(o->path) || !S_ISREG(o->mode) ||
	    !S_ISREG(t->mode))
		return GIT_PASSTHROUGH;
	rc = blob_side(&sa, &ba, git, a);
	if (rc == 0)
		rc = blob_side(&so, &bo, git, o);
	if (rc == 0)
		rc = blob_side(&st, &bt, git, t);
	if (rc == 0)
		rc = merge_file(&res, &sa, &so, &st, current->labels, NULL);
	if (rc == 0) {
		rc = git_buf_set(merged_out, res.out.buf, res.out.len);
		*path_out = o->path;
		*mode_out = o->mode;
		strset_add(&current->per_field, o->path);
	} else if (rc > 0) {
		rc = GIT_EMERGECONFLICT;
	} else {
		rc = GIT_PASSTHROUGH;
	}
	merge_result_release(&res);
	git_blob_free(ba);
	git_blob_free(bo);
	git_blob_free(bt);
	return rc;
}

static git_merge_driver dlg_driver = { GIT_MERGE_DRIVER_VERSION, NULL, NULL, driver_apply };

static void driver_register(void)
{
	static int done;

	if (!done && git_merge_driver_register("dlg", &dlg_driver) < 0)
		git_error_clear();
	done = 1;
}

/* ---- the merge ---- */

void repo_merge_release(struct repo_merge *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n; i++) {
		free(m->v[i].path);
		merge_result_release(&m->v[i].res);
	}
	free(m->v);
	free(m->refusal);
	memset(m, 0, sizeof(*m));
}

static struct repo_merge_file *file_at(struct repo_merge *m, const char *path)
{
	struct repo_merge_file *f;

	for (size_t i = 0; i < m->n; i++)
		if (!strcmp(m->v[i].path, path))
			return &m->v[i];
	ALLOC_GROW(m->v, m->n + 1, m->alloc);
	f = &m->v[m->n++];
	memset(f, 0, sizeof(*f));
	f->path = xstrdup(path);
	return f;
}

static int cmp_file(const void *a, const void *b)
{
	return strcmp(((const struct repo_merge_file *)a)->path,
	              ((const struct repo_merge_file *)b)->path);
}

/* The blob id at path in tree; 0 when absent. */
static int tree_blob(git_oid *out, uint32_t *mode, git_tree *tree, const char *path)
{
	git_tree_entry *e = NULL;

	if (!tree || git_tree_entry_bypath(&e, tree, path) < 0) {
		git_error_clear();
		return 0;
	}
	git_oid_cpy(out, git_tree_entry_id(e));
	if (mode)
		*mode = (uint32_t)git_tree_entry_filemode(e);
	git_tree_entry_free(e);
	return 1;
}

static int same_entry(git_tree *a, git_tree *b, const char *path)
{
	git_oid x, y;
	int ia = tree_blob(&x, NULL, a, path), ib = tree_blob(&y, NULL, b, path);

	return ia == ib && (!ia || git_oid_equal(&x, &y));
}

typedef void (*delta_fn)(struct repo_merge *m, const git_diff_delta *d, void *payload);

static int each_delta(struct repo *repo, git_tree *a, git_tree *b, struct repo_merge *m,
                      delta_fn fn, void *payload, struct dlg_err *err)
{
	git_diff_options o;
	git_diff *diff = NULL;
	int rc;

	git_diff_options_init(&o, GIT_DIFF_OPTIONS_VERSION);
	o.flags |= GIT_DIFF_INCLUDE_TYPECHANGE;
	rc = git_diff_tree_to_tree(&diff, repo->git, a, b, &o);
	if (rc < 0)
		return repo_git_fail(err, rc, "cannot compare the trees to merge");
	for (size_t i = 0; i < git_diff_num_deltas(diff); i++)
		fn(m, git_diff_get_delta(diff, i), payload);
	git_diff_free(diff);
	return 0;
}

static void mark_change(struct repo_merge *m, const git_diff_delta *d, void *payload)
{
	struct repo_merge_file *f = file_at(m, d->new_file.path);

	(void)payload;
	f->changes = 1;
	f->status = d->status == GIT_DELTA_ADDED ? 'A' : d->status == GIT_DELTA_DELETED ? 'D' : 'M';
}

struct incoming {
	git_tree *base, *ours, *merged;
	const struct strset *per_field;
};

static void mark_incoming(struct repo_merge *m, const git_diff_delta *d, void *payload)
{
	struct incoming *in = payload;
	struct repo_merge_file *f = file_at(m, d->new_file.path);

	f->theirs = 1;
	f->both = in->ours && !same_entry(in->base, in->ours, f->path);
	f->same = f->both && same_entry(in->ours, in->merged, f->path);
	f->per_field = in->per_field && strset_has(in->per_field, f->path);
}

/* A conflict libgit2 left: what the file holds now. */
struct conflict {
	char *path;
	git_index_entry a, o, t;
	int has_a, has_o, has_t;
};

static int refuse(struct repo_merge *out, const char *fmt, const char *path)
{
	free(out->refusal);
	out->refusal = xstrfmt(fmt, path, path);
	return DLG_ESTATE;
}

/* Put the marker version of each conflict in the index, and note it. */
static int resolve_conflicts(struct repo_merge *out, struct repo *repo, git_index *idx,
                             const struct merge_labels *labels, struct dlg_err *err)
{
	git_index_conflict_iterator *it = NULL;
	const git_index_entry *a, *o, *t;
	struct conflict *v = NULL;
	size_t n = 0, alloc = 0;
	int rc = git_index_conflict_iterator_new(&it, idx);

	while (rc == 0 && git_index_conflict_next(&a, &o, &t, it) == 0) {
		ALLOC_GROW(v, n + 1, alloc);
		memset(&v[n], 0, sizeof(v[n]));
		v[n].path = xstrdup(o ? o->path : t ? t->path : a->path);
		if ((v[n].has_a = a != NULL))
			v[n].a = *a;
		if ((v[n].has_o = o != NULL))
			v[n].o = *o;
		if ((v[n].has_t = t != NULL))
			v[n].t = *t;
		n++;
	}
	git_index_conflict_iterator_free(it);
	git_error_clear();
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct conflict *c = &v[i];
		struct merge_side sa, so, st;
		git_blob *ba = NULL, *bo = NULL, *bt = NULL;
		struct repo_merge_file *f;
		git_index_entry e;

		if (!repo_path_is_managed(c->path)) {
			rc = refuse(out,
			            "'%s' was changed on both sides, and dlg merges only dlg.ini, "
			            "tasks/ and people/: merge by hand with git pull, then run dlg "
			            "sync (%s)",
			            c->path);
			break;
		}
		if ((c->has_o && !S_ISREG(c->o.mode)) || (c->has_t && !S_ISREG(c->t.mode)) ||
		    (c->has_a && !S_ISREG(c->a.mode))) {
			rc = refuse(out,
			            "'%s' is not a plain file on one side: merge by hand with git "
			            "pull, then run dlg sync (%s)",
			            c->path);
			break;
		}
		f = file_at(out, c->path);
		f->conflict = 1;
		rc = blob_side(&sa, &ba, repo->git, c->has_a ? &c->a : NULL);
		if (rc == 0)
			rc = blob_side(&so, &bo, repo->git, c->has_o ? &c->o : NULL);
		if (rc == 0)
			rc = blob_side(&st, &bt, repo->git, c->has_t ? &c->t : NULL);
		merge_result_release(&f->res);
		if (rc == 0 && so.exists && st.exists)
			rc = merge_file(&f->res, &sa, &so, &st, labels, err) < 0 ? DLG_ERROR : 0;
		else if (rc == 0)
			merge_delete_edit(&f->res, so.exists ? &so : &st, !so.exists, labels);
		git_blob_free(ba);
		git_blob_free(bo);
		git_blob_free(bt);
		if (rc < 0)
			break;
		f->conflict = f->res.nconflicts > 0;
		memset(&e, 0, sizeof(e));
		e.path = c->path;
		e.mode = c->has_o ? c->o.mode : c->t.mode;
		rc = git_blob_create_from_buffer(&e.id, repo->git, f->res.out.buf, f->res.out.len);
		if (rc == 0)
			rc = git_index_conflict_remove(idx, c->path);
		if (rc == 0)
			rc = git_index_add(idx, &e);
		if (rc < 0)
			rc = repo_git_fail(err, rc, "cannot note the conflict in '%s'", c->path);
	}
	for (size_t i = 0; i < n; i++)
		free(v[i].path);
	free(v);
	return rc;
}

static int lookup_commit(git_commit **out, struct repo *repo, const struct repo_oid *id,
                         struct dlg_err *err)
{
	git_oid oid;
	int rc = git_commit_lookup(out, repo->git, to_git(&oid, id));

	return rc < 0 ? repo_git_fail(err, rc, "cannot read a commit to merge") : 0;
}

/* Which kind of merge: up to date, fast-forward or a real one, and the
 * base. */
static int merge_kind(struct repo_merge *out, git_oid *base, struct repo *repo, struct dlg_err *err)
{
	git_oid o, t;
	int rc;

	to_git(&t, &out->theirs);
	if (!out->has_ours) {
		out->kind = REPO_MERGE_FAST_FORWARD;
		return 0;
	}
	to_git(&o, &out->ours);
	if (git_oid_equal(&o, &t)) {
		out->kind = REPO_MERGE_UP_TO_DATE;
		return 0;
	}
	rc = git_merge_base(base, repo->git, &o, &t);
	if (rc == GIT_ENOTFOUND) {
		git_error_clear();
		free(out->refusal);
		out->refusal =
		    xstrdup("the remote's branch has no history in common with this one: "
		            "merge it by hand (git pull --allow-unrelated-histories), then "
		            "run dlg sync");
		return DLG_ESTATE;
	}
	if (rc < 0)
		return repo_git_fail(err, rc, "cannot find where the branches parted");
	out->kind = git_oid_equal(base, &t)   ? REPO_MERGE_UP_TO_DATE
	            : git_oid_equal(base, &o) ? REPO_MERGE_FAST_FORWARD
	                                      : REPO_MERGE_NORMAL;
	return 0;
}

static int merge_index(git_index **idx, struct repo *repo, git_commit *ours, git_commit *theirs,
                       struct driver_run *run, struct dlg_err *err)
{
	git_merge_options mo;
	int rc;

	driver_register();
	git_merge_options_init(&mo, GIT_MERGE_OPTIONS_VERSION);
	mo.default_driver = "dlg";
	current = run;
	rc = git_merge_commits(idx, repo->git, ours, theirs, &mo);
	current = NULL;
	return rc < 0 ? repo_git_fail(err, rc, "cannot merge") : 0;
}

int repo_merge_prepare(struct repo_merge *out, struct repo *repo, const struct repo_oid *ours,
                       const struct repo_oid *theirs, const struct merge_labels *labels,
                       struct dlg_err *err)
{
	struct driver_run run = { repo, labels, STRSET_INIT };
	git_commit *oc = NULL, *tc = NULL, *bc = NULL;
	git_tree *ot = NULL, *tt = NULL, *bt = NULL, *mt = NULL;
	git_index *idx = NULL;
	git_oid base, tree;
	struct incoming in;
	int rc;

	memset(out, 0, sizeof(*out));
	out->theirs = *theirs;
	if (ours) {
		out->ours = *ours;
		out->has_ours = 1;
	}
	rc = merge_kind(out, &base, repo, err);
	if (rc < 0 || out->kind == REPO_MERGE_UP_TO_DATE)
		return rc;
	rc = lookup_commit(&tc, repo, theirs, err);
	if (rc == 0 && ours)
		rc = lookup_commit(&oc, repo, ours, err);
	if (rc == 0 && out->kind == REPO_MERGE_NORMAL && git_commit_lookup(&bc, repo->git, &base))
		rc = repo_git_fail(err, -1, "cannot read the merge base");
	if (rc == 0)
		rc = git_commit_tree(&tt, tc);
	if (rc == 0 && oc)
		rc = git_commit_tree(&ot, oc);
	if (rc == 0 && bc)
		rc = git_commit_tree(&bt, bc);
	if (rc < 0) {
		rc =
		    rc == DLG_ERROR ? rc : repo_git_fail(err, rc, "cannot read the trees to merge");
		goto out;
	}
	if (out->kind == REPO_MERGE_FAST_FORWARD) {
		git_oid_cpy(&tree, git_tree_id(tt));
		rc = git_tree_lookup(&mt, repo->git, &tree);
	} else {
		rc = merge_index(&idx, repo, oc, tc, &run, err);
		if (rc == 0)
			rc = resolve_conflicts(out, repo, idx, labels, err);
		if (rc == 0 && (rc = git_index_write_tree_to(&tree, idx, repo->git)) < 0)
			rc = repo_git_fail(err, rc, "cannot write the merged tree");
		if (rc == 0)
			rc = git_tree_lookup(&mt, repo->git, &tree);
	}
	if (rc < 0)
		goto out;
	from_git(&out->tree, &tree);
	in.base = bt ? bt : ot;
	in.ours = out->kind == REPO_MERGE_NORMAL ? ot : NULL;
	in.merged = mt;
	in.per_field = &run.per_field;
	rc = each_delta(repo, ot, mt, out, mark_change, NULL, err);
	if (rc == 0)
		rc = each_delta(repo, in.base, tt, out, mark_incoming, &in, err);
	for (size_t i = 0; i < out->n; i++)
		out->nconflicts += out->v[i].conflict;
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), cmp_file);
out:
	strset_clear(&run.per_field);
	git_index_free(idx);
	git_tree_free(mt);
	git_tree_free(bt);
	git_tree_free(tt);
	git_tree_free(ot);
	git_commit_free(bc);
	git_commit_free(tc);
	git_commit_free(oc);
	return rc;
}

/* ---- the work tree ---- */

/* What one path of the work tree becomes. */
struct wt_item {
	struct repo_merge_file *f;
	char *full;
	struct strbuf had; /* the file's bytes now */
	int exists;
	int del;            /* delete it */
	int skip;           /* gone on both sides: nothing to write */
	struct strbuf want; /* else write these bytes */
};

static int blob_bytes(struct strbuf *out, struct repo *repo, const git_oid *id, const char *path,
                      int filtered, struct dlg_err *err)
{
	git_blob_filter_options fo;
	git_blob *blob = NULL;
	git_buf buf = { 0 };
	int rc = git_blob_lookup(&blob, repo->git, id);

	strbuf_reset(out);
	if (rc == 0 && filtered) {
		git_blob_filter_options_init(&fo, GIT_BLOB_FILTER_OPTIONS_VERSION);
		rc = git_blob_filter(&buf, blob, path, &fo);
		if (rc == 0)
			strbuf_add(out, buf.ptr, buf.size);
	} else if (rc == 0) {
		strbuf_add(out, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
	}
	git_buf_dispose(&buf);
	git_blob_free(blob);
	return rc < 0 ? repo_git_fail(err, rc, "cannot read '%s' to merge it", path) : 0;
}

/* A file the person changed meanwhile: merged again, key by key, with what
 * the merge brings (base: HEAD's version). */
static int remerge(struct wt_item *w, struct repo *repo, const git_oid *ours, const git_oid *merged,
                   const struct merge_labels *labels, struct dlg_err *err)
{
	struct strbuf b = STRBUF_INIT, t = STRBUF_INIT;
	struct merge_side sb = { "", 0, 0 }, so = { w->had.buf, w->had.len, w->exists },
	                  st = { "", 0, 0 };
	struct repo_merge_file *f = w->f;
	int rc = 0;

	if (ours && (rc = blob_bytes(&b, repo, ours, f->path, 0, err)) == 0)
		sb = (struct merge_side){ b.buf, b.len, 1 };
	if (rc == 0 && merged && (rc = blob_bytes(&t, repo, merged, f->path, 0, err)) == 0)
		st = (struct merge_side){ t.buf, t.len, 1 };
	merge_result_release(&f->res);
	if (rc == 0 && so.exists && st.exists)
		rc = merge_file(&f->res, &sb, &so, &st, labels, err) < 0 ? DLG_ERROR : 0;
	else if (rc == 0 && (so.exists || st.exists))
		merge_delete_edit(&f->res, so.exists ? &so : &st, !so.exists, labels);
	if (rc == 0 && !so.exists && !st.exists)
		w->skip = 1;
	else if (rc == 0)
		strbuf_add(&w->want, f->res.out.buf, f->res.out.len);
	f->conflict = f->res.nconflicts > 0;
	strbuf_release(&b);
	strbuf_release(&t);
	return rc;
}

static int make_folders(const char *full, size_t top, struct dlg_err *err)
{
	char *p = xstrdup(full);
	int rc = 0;

	for (char *s = p + top; (s = strchr(s, '/')); s++) {
		*s = '\0';
		if (mkdir(p, 0777) < 0 && errno != EEXIST)
			rc = err_set(err, 0, 0, "cannot make folder %s: %s", p, strerror(errno));
		*s = '/';
		if (rc)
			break;
	}
	free(p);
	return rc;
}

static void prune_folders(const char *full, size_t top)
{
	char *p = xstrdup(full);
	char *s;

	while ((s = strrchr(p + top, '/')) && strchr(p + top, '/') != s) {
		*s = '\0';
		if (rmdir(p) < 0)
			break;
	}
	free(p);
}

/* Decide what w becomes: 0, 1 to leave it, or a refusal. */
static int plan_item(struct wt_item *w, struct repo_merge *m, struct repo *repo, git_tree *ot,
                     git_tree *mt, const struct merge_labels *labels, struct dlg_err *err)
{
	struct repo_merge_file *f = w->f;
	git_oid oid, mid, wid;
	uint32_t omode = 0, mmode = 0;
	int in_ours = tree_blob(&oid, &omode, ot, f->path);
	int in_merged = tree_blob(&mid, &mmode, mt, f->path);
	int is_ours, is_merged;
	struct stat st;

	if ((in_ours && !S_ISREG(omode)) || (in_merged && !S_ISREG(mmode)))
		return refuse(
		    m,
		    "the merge changes '%s', which is not a plain file (a symbolic link "
		    "or a submodule): merge by hand with git pull, then run dlg sync (%s)",
		    f->path);
	if (lstat(w->full, &st) == 0) {
		if (!S_ISREG(st.st_mode))
			return refuse(m,
			              "'%s' is not a plain file in the work tree, and the merge "
			              "changes it: merge by hand with git pull (%s)",
			              f->path);
		if (strbuf_read_file(&w->had, w->full) < 0)
			return err_set(err, 0, 0, "cannot read %s: %s", f->path, strerror(errno));
		w->exists = 1;
		if (git_repository_hashfile(&wid, repo->git, f->path, GIT_OBJECT_BLOB, NULL) < 0)
			return repo_git_fail(err, -1, "cannot read '%s'", f->path);
	} else if (errno != ENOENT && errno != ENOTDIR) {
		return err_set(err, 0, 0, "cannot read %s: %s", f->path, strerror(errno));
	}
	is_ours = w->exists ? in_ours && git_oid_equal(&wid, &oid) : !in_ours;
	is_merged = w->exists ? in_merged && git_oid_equal(&wid, &mid) : !in_merged;
	if (is_merged || f->resolved)
		return 1;
	if (is_ours && !in_merged) {
		w->del = 1;
		return 0;
	}
	if (is_ours)
		return blob_bytes(&w->want, repo, &mid, f->path, 1, err);
	if (!repo_path_is_managed(f->path))
		return refuse(m,
		              "'%s' has changes not committed, which the merge would overwrite: "
		              "commit or stash them (git stash), then run dlg sync (%s)",
		              f->path);
	return remerge(w, repo, in_ours ? &oid : NULL, in_merged ? &mid : NULL, labels, err);
}

static void items_release(struct wt_item *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].full);
		strbuf_release(&v[i].had);
		strbuf_release(&v[i].want);
	}
	free(v);
}

/* Write the planned files (and delete those to delete), each only while
 * it still holds what was read; a file changed meanwhile sets m->raced. */
static int write_items(struct repo_merge *m, struct repo *repo, struct wt_item *v, size_t n,
                       struct dlg_err *err)
{
	struct atomic_batch batch = ATOMIC_BATCH_INIT;
	size_t top = strlen(repo->workdir), k = 0;
	struct strbuf now = STRBUF_INIT;
	int rc = 0;

	for (size_t i = 0; i < n && rc == 0; i++) {
		struct atomic_expect ex = { v[i].exists, hash_bytes(v[i].had.buf, v[i].had.len),
			                    v[i].had.len };

		if (v[i].del || v[i].skip)
			continue;
		rc = make_folders(v[i].full, top, err);
		if (rc == 0 &&
		    atomic_batch_add(&batch, v[i].full, v[i].want.buf, v[i].want.len, &ex) < 0)
			rc = err_set(err, 0, 0, "cannot write %s: %s", v[i].f->path,
			             batch.v[batch.n - 1].error ? batch.v[batch.n - 1].error
			                                        : "failed");
	}
	if (rc == 0 && batch.n && atomic_batch_commit(&batch, err) < 0)
		rc = DLG_ERROR;
	for (size_t i = 0; rc == 0 && i < batch.n; i++) {
		if (batch.v[i].state == ATOMIC_CHANGED)
			m->raced = 1;
		else if (batch.v[i].state == ATOMIC_FAILED && !k++)
			rc = err_set(err, 0, 0, "cannot write %s: %s", batch.v[i].path,
			             batch.v[i].error ? batch.v[i].error : "failed");
	}
	atomic_batch_clear(&batch);
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (!v[i].del)
			continue;
		strbuf_reset(&now);
		if (strbuf_read_file(&now, v[i].full) < 0 || now.len != v[i].had.len ||
		    memcmp(now.buf, v[i].had.buf, now.len)) {
			m->raced = 1;
			continue;
		}
		if (unlink(v[i].full) < 0)
			rc = err_set(err, 0, 0, "cannot delete %s: %s", v[i].f->path,
			             strerror(errno));
		else
			prune_folders(v[i].full, top);
	}
	strbuf_release(&now);
	return rc;
}

int repo_merge_checkout(struct repo *repo, struct repo_merge *m, const struct merge_labels *labels,
                        struct dlg_err *err)
{
	git_commit *oc = NULL;
	git_tree *ot = NULL, *mt = NULL;
	git_index *idx = NULL;
	struct repo_scope scope;
	struct wt_item *v = xcalloc(m->n + 1, sizeof(*v));
	size_t n = 0;
	git_oid oid;
	int rc = 0;

	if (git_repository_index(&idx, repo->git) < 0)
		idx = NULL;
	git_error_clear();
	repo_scope_init(&scope, repo, idx);
	if (m->has_ours && (rc = lookup_commit(&oc, repo, &m->ours, err)) == 0 &&
	    (rc = git_commit_tree(&ot, oc)) < 0)
		rc = repo_git_fail(err, rc, "cannot read HEAD's tree");
	if (rc == 0 && (rc = git_tree_lookup(&mt, repo->git, to_git(&oid, &m->tree))) < 0)
		rc = repo_git_fail(err, rc, "cannot read the merged tree");
	for (size_t i = 0; i < m->n && rc == 0; i++) {
		struct wt_item *w = &v[n];
		int r;

		if (!m->v[i].changes || repo_scope_skips(&scope, m->v[i].path))
			continue;
		w->f = &m->v[i];
		w->full = xstrfmt("%s%s", repo->workdir, w->f->path);
		strbuf_init(&w->had, 0);
		strbuf_init(&w->want, 0);
		n++;
		r = plan_item(w, m, repo, ot, mt, labels, err);
		if (r < 0)
			rc = r;
		else if (r == 1)
			w->f = NULL, n--, free(w->full), strbuf_release(&w->had),
			strbuf_release(&w->want);
	}
	if (rc == DLG_ESTATE && m->refusal)
		err_set(err, 0, 0, "%s", m->refusal);
	m->nconflicts = 0;
	for (size_t i = 0; i < m->n; i++)
		m->nconflicts += m->v[i].conflict && !m->v[i].resolved;
	if (rc == 0)
		rc = write_items(m, repo, v, n, err);
	items_release(v, n);
	repo_scope_release(&scope);
	git_tree_free(mt);
	git_tree_free(ot);
	git_commit_free(oc);
	git_index_free(idx);
	return rc;
}

int repo_merge_commit(struct repo_commit_result *out, struct repo *repo, const struct repo_merge *m,
                      const char *reflog, repo_message_fn message, void *payload,
                      struct dlg_err *err)
{
	struct repo_commit_opts co = REPO_COMMIT_OPTS_INIT;
	struct strlist paths = STRLIST_INIT;
	int rc;

	for (size_t i = 0; i < m->n; i++)
		if (m->v[i].changes || m->v[i].conflict)
			strlist_push(&paths, m->v[i].path);
	co.parent = m->has_ours ? &m->ours : NULL;
	co.paths = &paths;
	co.tree_base = &m->tree;
	co.merge_parent = &m->theirs;
	co.fast_forward = m->kind == REPO_MERGE_FAST_FORWARD;
	co.reflog = reflog;
	co.message = message;
	co.payload = payload;
	rc = repo_commit_paths(out, repo, &co, err);
	strlist_clear(&paths);
	return rc;
}

/* ---- the driver for plain git ---- */

static const char attributes[] = "tasks/**/*.md merge=dlg\npeople/*.md merge=dlg\n";

const char *repo_merge_attributes(void)
{
	return attributes;
}

int repo_register_merge_driver(struct repo *repo, struct dlg_err *err)
{
	git_config *cfg = NULL;
	git_buf buf = { 0 };
	const char *value = NULL;
	int rc = git_repository_config(&cfg, repo->git);

	if (rc == 0 &&
	    (git_config_get_string_buf(&buf, cfg, "merge.dlg.driver") < 0 || !buf.size)) {
		rc = git_config_set_string(cfg, "merge.dlg.name",
		                           "dlg: task and person files merged field by field");
		if (rc == 0)
			rc = git_config_set_string(cfg, "merge.dlg.driver",
			                           "dlg merge-file %O %A %B %P");
	}
	git_buf_dispose(&buf);
	git_config_free(cfg);
	if (rc < 0)
		return repo_git_fail(err, rc, "cannot register dlg's merge driver in .git/config");
	/* a clone whose .gitattributes does not send task files to it: say so
	 * in .git/info/attributes, which is this clone's alone */
	rc = git_attr_get(&value, repo->git, 0, "tasks/x.md", "merge");
	if (rc == 0 && (!value || strcmp(value, "dlg"))) {
		char *file = xstrfmt("%sinfo/attributes", repo->gitdir);
		struct strbuf sb = STRBUF_INIT;

		strbuf_read_file(&sb, file);
		if (sb.len && sb.buf[sb.len - 1] != '\n')
			strbuf_addch(&sb, '\n');
		strbuf_addstr(&sb, attributes);
		make_folders(file, strlen(repo->gitdir), err);
		rc = file_write_atomic(file, sb.buf, sb.len, err);
		git_attr_cache_flush(repo->git);
		strbuf_release(&sb);
		free(file);
		return rc;
	}
	git_error_clear();
	return 0;
}
