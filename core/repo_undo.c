/* repo_undo.c: what taking commits back needs from the repository: the
 * first-parent history, whether commits were pushed, and a new commit that
 * puts files back as an older commit had them, in the work tree too. */
#include "core/repo_priv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/atomic.h"
#include "lib/fault.h"

/* History */

static void log_entry(struct repo_log_entry *e, git_commit *c)
{
	memset(e, 0, sizeof(*e));
	from_git(&e->id, git_commit_id(c));
	repo_oid_short(e->short_id, &e->id);
	e->message = git_commit_message(c);
	e->when = (long long)git_commit_time(c);
	e->offset = git_commit_time_offset(c);
	e->nparents = git_commit_parentcount(c);
	if (e->nparents)
		from_git(&e->parent, git_commit_parent_id(c, 0));
}

int repo_log(struct repo *repo, repo_log_fn fn, void *payload, struct dlg_err *err)
{
	git_commit *c = NULL, *next = NULL;
	struct repo_log_entry e;
	int rc = repo_head_commit(&c, repo, err);

	while (rc == 0 && c) {
		log_entry(&e, c);
		rc = fn(&e, payload);
		if (rc || !e.nparents)
			break;
		rc = git_commit_parent(&next, c, 0);
		if (rc < 0) {
			rc = repo_git_fail(err, rc, "cannot read the commit before %s", e.short_id);
			break;
		}
		git_commit_free(c);
		c = next;
	}
	git_commit_free(c);
	return rc;
}

static int commit_tree_id(git_oid *out, struct repo *repo, const struct repo_oid *id,
                          struct dlg_err *err)
{
	git_commit *c = NULL;
	git_oid oid;
	char hex[REPO_HEX_SIZE];
	int rc = git_commit_lookup(&c, repo->git, to_git(&oid, id));

	if (rc < 0) {
		repo_oid_hex(hex, id);
		return repo_git_fail(err, rc, "cannot read commit %s", hex);
	}
	git_oid_cpy(out, git_commit_tree_id(c));
	git_commit_free(c);
	return 0;
}

int repo_same_tree(struct repo *repo, const struct repo_oid *a, const struct repo_oid *b,
                   struct dlg_err *err)
{
	git_oid ta, tb;
	int rc = commit_tree_id(&ta, repo, a, err);

	if (rc == 0)
		rc = commit_tree_id(&tb, repo, b, err);
	return rc < 0 ? rc : git_oid_equal(&ta, &tb);
}

/* Pushed */

/* Whether the commit ref points at is id or has it in its history. */
static int ref_contains(struct repo *repo, git_reference *ref, const git_oid *id)
{
	git_object *tip = NULL;
	int yes = 0;

	if (git_reference_peel(&tip, ref, GIT_OBJECT_COMMIT) == 0)
		yes = git_oid_equal(git_object_id(tip), id) ||
		      git_graph_descendant_of(repo->git, git_object_id(tip), id) == 1;
	git_object_free(tip);
	git_error_clear();
	return yes;
}

/* Every remote-tracking branch is looked at, the upstream among them: the
 * upstream itself is not asked for, as git_branch_upstream leaks in
 * libgit2 1.5.1 (a pcre2 match block per config entry, libgit2#6382). */
int repo_published(struct strbuf *out, struct repo *repo, const struct repo_oid *id,
                   struct dlg_err *err)
{
	git_reference_iterator *it = NULL;
	git_reference *ref = NULL;
	git_oid oid;
	int rc, found = 0;

	to_git(&oid, id);
	strbuf_reset(out);
	rc = git_reference_iterator_glob_new(&it, repo->git, "refs/remotes/*");
	if (rc < 0)
		return repo_git_fail(err, rc, "cannot list the remote-tracking branches");
	while (!found && git_reference_next(&ref, it) == 0) {
		/* origin/HEAD names another of them */
		if (git_reference_type(ref) == GIT_REFERENCE_DIRECT &&
		    ref_contains(repo, ref, &oid)) {
			strbuf_addstr(out, git_reference_shorthand(ref));
			found = 1;
		}
		git_reference_free(ref);
	}
	git_reference_iterator_free(it);
	git_error_clear();
	return found;
}

/* Putting files back */

/* One path the revert puts back, and what it held before, to put that
 * back in turn should the commit fail. */
struct item {
	char *path;
	char *full;
	git_oid want; /* base's blob */
	int want_exists;
	int want_exec;
	struct strbuf had; /* the work tree's bytes before */
	int had_exists;
	mode_t had_mode;
	int written; /* the work tree was changed */
};

struct revert {
	struct repo *repo;
	struct item *v;
	size_t n, alloc;
	struct strlist paths;
};

static void revert_release(struct revert *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].path);
		free(r->v[i].full);
		strbuf_release(&r->v[i].had);
	}
	free(r->v);
	strlist_clear(&r->paths);
}

static int plain_mode(uint32_t mode)
{
	return mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE;
}

static int refuse_path(struct dlg_err *err, const char *path, const char *why)
{
	err_set(err, 0, 0,
	        "the commits to take back change %s, %s: take them back by hand with git revert",
	        path, why);
	return DLG_ESTATE;
}

/* The paths that differ from base to tip, each as base has it. */
static int collect(struct revert *r, git_tree *base, git_tree *tip, struct dlg_err *err)
{
	git_diff_options o;
	git_diff *diff = NULL;
	size_t n;
	int rc;

	git_diff_options_init(&o, GIT_DIFF_OPTIONS_VERSION);
	o.flags |= GIT_DIFF_INCLUDE_TYPECHANGE;
	rc = git_diff_tree_to_tree(&diff, r->repo->git, base, tip, &o);
	if (rc < 0)
		return repo_git_fail(err, rc, "cannot compare the commits to take back");
	n = git_diff_num_deltas(diff);
	for (size_t i = 0; i < n && rc == 0; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		const char *path = d->new_file.path;
		int in_base = d->status != GIT_DELTA_ADDED, in_tip = d->status != GIT_DELTA_DELETED;
		struct item *it;

		if (!repo_path_is_managed(path)) {
			rc = refuse_path(err, path, "which dlg does not manage");
			break;
		}
		if ((in_base && !plain_mode(d->old_file.mode)) ||
		    (in_tip && !plain_mode(d->new_file.mode))) {
			rc = refuse_path(err, path, "which is not a plain file there");
			break;
		}
		ALLOC_GROW(r->v, r->n + 1, r->alloc);
		it = &r->v[r->n++];
		memset(it, 0, sizeof(*it));
		it->path = xstrdup(path);
		it->full = xstrfmt("%s%s", r->repo->workdir, path);
		it->want_exists = in_base;
		if (in_base) {
			it->want = d->old_file.id;
			it->want_exec = d->old_file.mode == GIT_FILEMODE_BLOB_EXECUTABLE;
		}
		strlist_push(&r->paths, path);
	}
	git_diff_free(diff);
	if (rc == 0 && !r->n) {
		err_set(err, 0, 0, "the commits to take back change no file");
		rc = DLG_ESTATE;
	}
	return rc;
}

/* Whether each folder on the way to path, inside the work tree, is a real
 * folder or missing (never a symbolic link). */
static int folders_plain(const struct revert *r, const char *path)
{
	struct strbuf sub = STRBUF_INIT;
	struct stat st;
	int ok = 1;

	for (const char *slash = strchr(path, '/'); slash && ok; slash = strchr(slash + 1, '/')) {
		strbuf_reset(&sub);
		strbuf_addf(&sub, "%s%.*s", r->repo->workdir, (int)(slash - path), path);
		if (lstat(sub.buf, &st) < 0)
			break; /* missing: nothing deeper exists */
		ok = S_ISDIR(st.st_mode);
	}
	strbuf_release(&sub);
	return ok;
}

static const char dirty_fix[] =
    "put them aside with git stash first (git stash pop brings them back)";

/* Refuse when a path has changes not committed: git status over them,
 * untracked and ignored files included. */
static int check_clean(struct revert *r, struct dlg_err *err)
{
	git_status_options o;
	git_status_list *list = NULL;
	struct strbuf names = STRBUF_INIT;
	size_t n, dirty = 0;
	int rc;

	git_status_options_init(&o, GIT_STATUS_OPTIONS_VERSION);
	o.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
	o.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
	          GIT_STATUS_OPT_INCLUDE_IGNORED | GIT_STATUS_OPT_RECURSE_IGNORED_DIRS |
	          GIT_STATUS_OPT_EXCLUDE_SUBMODULES | GIT_STATUS_OPT_DISABLE_PATHSPEC_MATCH;
	o.pathspec.strings = r->paths.v;
	o.pathspec.count = r->paths.n;
	rc = git_status_list_new(&list, r->repo->git, &o);
	if (rc < 0)
		return repo_git_fail(err, rc, "cannot read the status of the work tree");
	n = git_status_list_entrycount(list);
	for (size_t i = 0; i < n; i++) {
		const git_status_entry *e = git_status_byindex(list, i);
		const git_diff_delta *d =
		    e->index_to_workdir ? e->index_to_workdir : e->head_to_index;

		if (e->status == GIT_STATUS_CURRENT || !d)
			continue;
		if (dirty++ < 3) {
			strbuf_addstr(&names, dirty > 1 ? ", " : "");
			strbuf_add_path(&names, d->new_file.path);
		}
	}
	git_status_list_free(list);
	for (size_t i = 0; i < r->n && !dirty; i++)
		if (!folders_plain(r, r->v[i].path)) {
			dirty++;
			strbuf_add_path(&names, r->v[i].path);
		}
	if (dirty) {
		err_set(err, 0, 0, "%s%s %s changes not committed, which undo would overwrite: %s",
		        names.buf, dirty > 3 ? " and more" : "", dirty == 1 ? "has" : "have",
		        dirty_fix);
		rc = DLG_ESTATE;
	}
	strbuf_release(&names);
	return rc;
}

/* What the commit would change: the other way round from base → tip. */
static void preview(struct repo_changes *out, const struct revert *r, git_tree *tip)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct item *it = &r->v[i];
		git_tree_entry *e = NULL;
		int in_tip = tip && git_tree_entry_bypath(&e, tip, it->path) == 0;
		struct repo_change *c;

		git_tree_entry_free(e);
		git_error_clear();
		ALLOC_GROW(out->v, out->n + 1, out->alloc);
		c = &out->v[out->n++];
		c->status = !it->want_exists ? 'D' : in_tip ? 'M' : 'A';
		c->old_path = c->status == 'A' ? NULL : xstrdup(it->path);
		c->new_path = c->status == 'D' ? NULL : xstrdup(it->path);
	}
}

/* Read what the work tree holds at each path now. */
static int read_current(struct revert *r, struct dlg_err *err)
{
	struct stat st;

	for (size_t i = 0; i < r->n; i++) {
		struct item *it = &r->v[i];

		if (lstat(it->full, &st) < 0) {
			if (errno != ENOENT)
				return err_set(err, 0, 0, "cannot read %s: %s", it->path,
				               strerror(errno));
			continue;
		}
		if (!S_ISREG(st.st_mode))
			return refuse_path(err, it->path,
			                   "which is not a plain file in the work tree");
		if (strbuf_read_file(&it->had, it->full) < 0)
			return err_set(err, 0, 0, "cannot read %s: %s", it->path, strerror(errno));
		it->had_exists = 1;
		it->had_mode = st.st_mode & 07777;
	}
	return 0;
}

/* mkdir -p the folders on the way to it (inside the work tree). */
static int make_folders(const struct item *it, const char *workdir, struct dlg_err *err)
{
	char *full = xstrdup(it->full);
	int ret = 0;

	for (char *slash = full + strlen(workdir); (slash = strchr(slash, '/')); slash++) {
		*slash = '\0';
		if (mkdir(full, 0777) < 0 && errno != EEXIST)
			ret =
			    err_set(err, 0, 0, "cannot make folder %s: %s", full, strerror(errno));
		*slash = '/';
		if (ret)
			break;
	}
	free(full);
	return ret;
}

/* Remove the folders above a deleted file that it left empty, as git does,
 * up to (not including) tasks/ or people/. */
static void prune_folders(const struct item *it, const char *workdir)
{
	char *full = xstrdup(it->full);
	size_t top = strlen(workdir);
	char *slash;

	while ((slash = strrchr(full + top, '/')) && strchr(full + top, '/') != slash) {
		*slash = '\0';
		if (rmdir(full) < 0)
			break;
	}
	free(full);
}

/* Delete it, while it still holds what it held when read. */
static int delete_file(struct item *it, struct dlg_err *err)
{
	struct strbuf now = STRBUF_INIT;
	int same = strbuf_read_file(&now, it->full) == 0 && now.len == it->had.len &&
	           !memcmp(now.buf, it->had.buf, now.len);

	strbuf_release(&now);
	if (!same)
		return err_set(err, 0, 0,
		               "%s changed while dlg undo was working; nothing was taken back",
		               it->path);
	if (unlink(it->full) < 0)
		return err_set(err, 0, 0, "cannot delete %s: %s", it->path, strerror(errno));
	it->written = 1;
	return 0;
}

/* Base's content of it, as git would check it out (smudge filters). */
static int wanted_bytes(git_buf *out, struct repo *repo, const struct item *it, struct dlg_err *err)
{
	git_blob_filter_options fo;
	git_blob *blob = NULL;
	int rc = git_blob_filter_options_init(&fo, GIT_BLOB_FILTER_OPTIONS_VERSION);

	if (rc == 0)
		rc = git_blob_lookup(&blob, repo->git, &it->want);
	if (rc == 0)
		rc = git_blob_filter(out, blob, it->path, &fo);
	git_blob_free(blob);
	return rc < 0 ? repo_git_fail(err, rc, "cannot read %s as it was", it->path) : 0;
}

/* chmod +x for those who may read it, as git checks out such a file. */
static void make_executable(const char *path)
{
	struct stat st;

	if (stat(path, &st) == 0)
		(void)!chmod(path, (st.st_mode & 07777) | ((st.st_mode & 0444) >> 2));
}

/* Write every file that base has, atomically, each only while it still
 * holds what was read. */
static int write_files(struct revert *r, struct dlg_err *err)
{
	struct atomic_batch b = ATOMIC_BATCH_INIT;
	size_t *which = xcalloc(r->n + 1, sizeof(*which)), nb = 0;
	int rc = 0;

	for (size_t i = 0; i < r->n && rc == 0; i++) {
		struct item *it = &r->v[i];
		struct atomic_expect ex = { it->had_exists, 0, it->had.len };
		git_buf data = { 0 };

		if (!it->want_exists)
			continue;
		ex.hash = hash_bytes(it->had.buf, it->had.len);
		rc = wanted_bytes(&data, r->repo, it, err);
		if (rc == 0 && !it->had_exists)
			rc = make_folders(it, r->repo->workdir, err);
		if (rc == 0) {
			which[nb++] = i;
			if (atomic_batch_add(&b, it->full, data.ptr, data.size, &ex) < 0)
				rc = err_set(err, 0, 0, "cannot write %s: %s", it->path,
				             b.v[b.n - 1].error ? b.v[b.n - 1].error : "failed");
		}
		git_buf_dispose(&data);
	}
	if (rc == 0 && atomic_batch_commit(&b, err) < 0)
		rc = DLG_ERROR;
	for (size_t k = 0; k < b.n && k < nb; k++) {
		struct item *it = &r->v[which[k]];

		if (b.v[k].state == ATOMIC_DONE) {
			it->written = 1;
			if (it->want_exec && !it->had_exists)
				make_executable(it->full);
		} else if (rc == 0) {
			rc = err_set(err, 0, 0, "%s %s", it->path,
			             b.v[k].state == ATOMIC_CHANGED
			                 ? "changed while dlg undo was working"
			                 : (b.v[k].error ? b.v[k].error : "could not be written"));
		}
	}
	atomic_batch_clear(&b);
	free(which);
	return rc;
}

/* Put the work tree back as it was read, after a failure. */
static void put_back(struct revert *r, struct dlg_err *err)
{
	struct dlg_err e = DLG_ERR_INIT;
	int failed = 0;

	for (size_t i = 0; i < r->n; i++) {
		struct item *it = &r->v[i];

		if (!it->written)
			continue;
		if (!it->had_exists) {
			failed |= unlink(it->full) < 0 && errno != ENOENT;
			prune_folders(it, r->repo->workdir);
		} else {
			failed |= make_folders(it, r->repo->workdir, &e) ||
			          file_write_atomic(it->full, it->had.buf, it->had.len, &e) ||
			          chmod(it->full, it->had_mode) < 0;
		}
	}
	if (failed && err && err->msg) {
		char *msg = xstrfmt("%s; some files could not be put back as they were: git "
		                    "checkout HEAD -- tasks people dlg.ini restores them",
		                    err->msg);

		err_set(err, 0, 0, "%s", msg);
		free(msg);
	}
	err_clear(&e);
}

static int change_work_tree(struct revert *r, struct dlg_err *err)
{
	int rc = read_current(r, err);

	for (size_t i = 0; i < r->n && rc == 0; i++)
		if (!r->v[i].want_exists && r->v[i].had_exists)
			rc = delete_file(&r->v[i], err);
	if (rc == 0)
		rc = write_files(r, err);
	for (size_t i = 0; i < r->n; i++)
		if (!r->v[i].want_exists && r->v[i].written)
			prune_folders(&r->v[i], r->repo->workdir);
	return rc;
}

/* The caller's message, asked with the changes path by path (a file the
 * undo deletes and one it makes again are no rename). */
struct ask {
	const struct repo_revert_opts *opts;
	const struct repo_changes *changes;
};

static char *ask_message(const struct repo_changes *renamed, void *payload)
{
	const struct ask *a = payload;

	(void)renamed;
	return a->opts->message ? a->opts->message(a->changes, a->opts->payload) : NULL;
}

int repo_revert(struct repo_commit_result *out, struct repo *repo,
                const struct repo_revert_opts *opts, struct dlg_err *err)
{
	struct repo_commit_opts co = REPO_COMMIT_OPTS_INIT;
	struct repo_changes changes = REPO_CHANGES_INIT;
	struct ask ask = { opts, &changes };
	struct revert r;
	git_tree *base = NULL, *tip = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&r, 0, sizeof(r));
	r.repo = repo;
	rc = repo_peel_tree(&tip, repo, opts->tip, err);
	if (rc == 0 && opts->base)
		rc = repo_peel_tree(&base, repo, opts->base, err);
	if (rc == 0)
		rc = collect(&r, base, tip, err);
	if (rc == 0)
		rc = check_clean(&r, err);
	if (rc)
		goto out;
	preview(&changes, &r, tip);
	if (opts->dry_run)
		goto out;
	rc = change_work_tree(&r, err);
	if (rc == 0 && fault_point("undo-written"))
		rc = err_set(err, 0, 0, "cannot commit: a fault was injected (DLG_FAULT)");
	if (rc == 0) {
		co.parent = opts->head;
		co.paths = &r.paths;
		co.message = ask_message;
		co.payload = &ask;
		rc = repo_commit_paths(out, repo, &co, err);
		if (rc == 0 && !out->committed)
			rc =
			    err_set(err, 0, 0,
			            "put back, the files are what git already has (line endings or "
			            "filters make them the same): nothing to take back");
	}
	if (rc < 0 && !out->committed)
		put_back(&r, err);
out:
	repo_changes_clear(&out->changes);
	out->changes = changes;
	revert_release(&r);
	git_tree_free(tip);
	git_tree_free(base);
	return rc;
}
