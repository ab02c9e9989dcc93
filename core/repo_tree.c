/* repo_tree.c: trees of a base plus paths (the new objects as one pack, with
 * git's filters), and what changed between two trees. */
#include "core/repo_priv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* The mode git would record: the executable bit unless core.fileMode is
 * off, in which case the mode already in the base stays (old_mode). */
static unsigned blob_mode(unsigned old_mode, const struct stat *st, int filemode)
{
	if (filemode)
		return (st->st_mode & S_IXUSR) ? GIT_FILEMODE_BLOB_EXECUTABLE : GIT_FILEMODE_BLOB;
	if (old_mode == GIT_FILEMODE_BLOB_EXECUTABLE)
		return GIT_FILEMODE_BLOB_EXECUTABLE;
	return GIT_FILEMODE_BLOB;
}

/* Commits of up to this many paths, none of them removed, are built by
 * editing base's tree in place (git_tree_create_updated: only the folders
 * on their way are read and written) instead of reading all of base into an
 * index and writing every tree of it again. */
#define UPDATE_MAX_PATHS 4096
/* stage_path's answer when the tree must be built through an index after
 * all (a path removed, or a file where base has a folder or the reverse). */
#define NEEDS_INDEX 1

/* Files larger than this are streamed into loose objects, as libgit2 does,
 * rather than read into memory. */
#define BATCH_MAX_FILE (8 << 20)

/* Whether there is a file called name in a folder of a libgit2 search path
 * (folders separated by ':'); 1 when we can't tell. */
static int in_search_path(int level, const char *name)
{
	git_buf buf = { 0 };
	struct stat st;
	const char *p, *end;
	int found = 0;

	if (git_libgit2_opts(GIT_OPT_GET_SEARCH_PATH, level, &buf) < 0) {
		git_error_clear();
		return 1;
	}
	for (p = buf.ptr ? buf.ptr : ""; *p && !found; p = *end ? end + 1 : end) {
		char *file;

		end = strchr(p, ':');
		if (!end)
			end = p + strlen(p);
		if (end == p)
			continue;
		file = xstrfmt("%.*s/%s", (int)(end - p), p, name);
		found = lstat(file, &st) == 0;
		free(file);
	}
	git_buf_dispose(&buf);
	return found;
}

/* A .gitattributes in folder dir ("" at the top), in the work tree or the
 * index (libgit2 reads it from the index when it is not on disk). */
static int dir_has_attributes(struct repo *repo, git_index *idx, const char *dir, size_t len)
{
	struct stat st;
	char *rel = xstrfmt("%.*s%s.gitattributes", (int)len, dir, len ? "/" : "");
	char *full = xstrfmt("%s%s", repo->workdir, rel);
	int found = lstat(full, &st) == 0 || (idx && git_index_find(NULL, idx, rel) == 0);

	git_error_clear();
	free(full);
	free(rel);
	return found;
}

/*
 * Whether libgit2's filters could change any of these files on its way into
 * the repository. Its filters are line endings (core.autocrlf, or the text,
 * eol and crlf attributes) and ident (an attribute), and dlg registers none
 * of its own; so with core.autocrlf off and no attributes file that libgit2
 * would read for these paths (the system's, the user's, info/attributes and
 * a .gitattributes in any of their folders, in the work tree or in idx, the
 * repository's index), each file is stored as it is.
 * When in doubt, say yes: that only costs time.
 */
static int filters_possible(struct repo *repo, const struct strlist *paths, git_index *idx)
{
	struct strset dirs = STRSET_INIT;
	git_config *cfg = NULL;
	git_buf buf = { 0 };
	struct stat st;
	int on, found = 0;
	size_t i;

	if (git_repository_config_snapshot(&cfg, repo->git) < 0)
		found = 1;
	else if (git_config_get_string_buf(&buf, cfg, "core.autocrlf") == 0 &&
	         (git_config_parse_bool(&on, buf.ptr) < 0 || on))
		found = 1;
	git_buf_dispose(&buf);
	if (!found && cfg && git_config_get_string_buf(&buf, cfg, "core.attributesFile") == 0)
		found = 1;
	git_buf_dispose(&buf);
	git_config_free(cfg);
	git_error_clear();
	if (!found)
		found = in_search_path(GIT_CONFIG_LEVEL_SYSTEM, "gitattributes") ||
		        in_search_path(GIT_CONFIG_LEVEL_XDG, "attributes");
	if (!found) {
		if (git_repository_item_path(&buf, repo->git, GIT_REPOSITORY_ITEM_INFO) < 0) {
			found = 1;
		} else {
			char *file = xstrfmt("%s%sattributes", buf.ptr,
			                     buf.size && buf.ptr[buf.size - 1] == '/' ? "" : "/");

			found = lstat(file, &st) == 0;
			free(file);
		}
		git_buf_dispose(&buf);
		git_error_clear();
	}
	/* each folder of each path, up to the top, once */
	for (i = 0; i < paths->n && !found; i++) {
		const char *path = paths->v[i];
		size_t len = strlen(path);

		for (;;) {
			char *dir;
			int fresh;

			while (len && path[len - 1] != '/')
				len--;
			len = len ? len - 1 : 0;
			dir = xstrndup(path, len);
			fresh = strset_add(&dirs, dir);
			free(dir);
			if (!fresh)
				break;
			if (dir_has_attributes(repo, idx, path, len)) {
				found = 1;
				break;
			}
			if (!len)
				break;
		}
	}
	strset_clear(&dirs);
	return found;
}

/* What repo_tree_build and repo_tree_preview keep while they work. */
struct build {
	struct repo *repo;
	git_index *idx; /* the tree being built, in memory; NULL when editing: */
	git_tree *base; /* the tree edited in place, borrowed */
	git_tree_update *updates;
	size_t nupdates, updates_alloc;
	struct repo_changes changes; /* editing: what changed from base */
	struct repo_batch batch;
	struct repo_scope scope; /* what stays as base has it */
	int dry_run;             /* hash the files, store nothing */
	int filemode;            /* core.fileMode */
	int filters;             /* filters_possible */
	struct strbuf data;
	struct repo_stored *stored;
	size_t nstored, alloc;
};

static void stored_clear(struct repo_stored *v)
{
	free(v); /* the paths are the caller's */
}

static int stored_cmp(const void *a, const void *b)
{
	return strcmp(((const struct repo_stored *)a)->path, ((const struct repo_stored *)b)->path);
}

const struct repo_stored *repo_built_find(const struct repo_built *b, const char *path)
{
	struct repo_stored key;

	if (!b->nstored)
		return NULL;
	key.path = (char *)path;
	return bsearch(&key, b->stored, b->nstored, sizeof(key), stored_cmp);
}

void repo_built_release(struct repo_built *b)
{
	if (!b)
		return;
	stored_clear(b->stored);
	repo_changes_clear(&b->changes);
	memset(b, 0, sizeof(*b));
}

/* A file too big to read into memory: streamed by libgit2. */
static int store_big_file(struct build *bd, git_oid *id, const char *path, struct dlg_err *err)
{
	int rc;

	errno = 0;
	if (bd->dry_run)
		rc = git_repository_hashfile(id, bd->repo->git, path, GIT_OBJECT_BLOB, NULL);
	else
		rc = repo_fault("odb-write");
	if (rc == 0 && !bd->dry_run)
		rc = git_blob_create_from_workdir(id, bd->repo->git, path);
	return rc < 0 ? repo_git_fail_os(err, rc, errno, "cannot store '%s'", path) : 0;
}

/* The file's blob: its bytes, through the filters that apply to it when
 * there may be any; the id into *id (in a dry run, only the id). size is
 * what lstat said. */
static int store_file(struct build *bd, git_oid *id, const char *path, const char *full, off_t size,
                      struct dlg_err *err)
{
	git_filter_list *fl = NULL;
	git_buf filtered = { 0 };
	char *what = NULL;
	const char *data;
	size_t len;
	int rc = 0;

	if (size > BATCH_MAX_FILE)
		return store_big_file(bd, id, path, err);
	strbuf_reset(&bd->data);
	if (strbuf_read_file(&bd->data, full) < 0)
		return err_set(err, 0, 0, "cannot store '%s': %s", path, strerror(errno));
	data = bd->data.buf;
	len = bd->data.len;
	if (bd->filters) {
		rc = git_filter_list_load(&fl, bd->repo->git, NULL, path, GIT_FILTER_TO_ODB,
		                          GIT_FILTER_DEFAULT);
		if (rc == 0 && fl) {
			rc = git_filter_list_apply_to_buffer(&filtered, fl, data, len);
			data = filtered.ptr ? filtered.ptr : "";
			len = filtered.size;
		}
	}
	if (rc < 0) {
		rc = repo_git_fail(err, rc, "cannot filter '%s'", path);
	} else if (bd->dry_run) {
		rc = git_odb_hash(id, data, len, GIT_OBJECT_BLOB);
		if (rc < 0)
			rc = repo_git_fail(err, rc, "cannot hash '%s'", path);
	} else {
		what = xstrfmt("'%s'", path);
		rc = repo_batch_add(&bd->batch, id, data, len, GIT_OBJECT_BLOB, what, err);
	}
	free(what);
	git_buf_dispose(&filtered);
	git_filter_list_free(fl);
	return rc;
}

static void remember(struct build *bd, const char *path, const git_oid *id, const struct stat *st,
                     const struct timespec *read_at)
{
	struct repo_stored *s;

	ALLOC_GROW(bd->stored, bd->nstored + 1, bd->alloc);
	s = &bd->stored[bd->nstored++];
	s->path = path;
	s->id = *id;
	s->mode = (uint32_t)st->st_mode;
	s->uid = (uint32_t)st->st_uid;
	s->gid = (uint32_t)st->st_gid;
	s->dev = (uint64_t)st->st_dev;
	s->ino = (uint64_t)st->st_ino;
	s->size = (int64_t)st->st_size;
	s->mtime_sec = (int64_t)st->st_mtim.tv_sec;
	s->mtime_nsec = (int32_t)st->st_mtim.tv_nsec;
	s->ctime_sec = (int64_t)st->st_ctim.tv_sec;
	s->ctime_nsec = (int32_t)st->st_ctim.tv_nsec;
	s->read_at_ns = (int64_t)read_at->tv_sec * 1000000000LL + read_at->tv_nsec;
}

static void changes_sort(struct repo_changes *out, size_t first);

/* What base has at a path. */
struct was {
	unsigned mode; /* 0: nothing */
	git_oid id;
};

/* Whether base's tree can take a blob at path by editing it: nothing or a
 * blob there, and nothing but folders on the way. What is there into *old. */
static int editable(git_tree *base, const char *path, struct was *old)
{
	const char *slash;
	git_tree_entry *e = NULL;
	int ok = 1;

	memset(old, 0, sizeof(*old));
	for (slash = strchr(path, '/'); slash && ok; slash = strchr(slash + 1, '/')) {
		char *dir = xstrndup(path, (size_t)(slash - path));

		if (git_tree_entry_bypath(&e, base, dir) == 0) {
			ok = git_tree_entry_type(e) == GIT_OBJECT_TREE;
			git_tree_entry_free(e);
			e = NULL;
		} else {
			free(dir);
			break; /* a new folder: nothing below it either */
		}
		free(dir);
	}
	git_error_clear();
	if (ok && git_tree_entry_bypath(&e, base, path) == 0) {
		ok = git_tree_entry_type(e) == GIT_OBJECT_BLOB;
		old->mode = (unsigned)git_tree_entry_filemode(e);
		old->id = *git_tree_entry_id(e);
		git_tree_entry_free(e);
	}
	git_error_clear();
	return ok;
}

/* One upsert of the edit, and what it changes. */
static int add_update(struct build *bd, const git_index_entry *entry, const struct was *old)
{
	git_tree_update *u;
	struct repo_change *c;

	ALLOC_GROW(bd->updates, bd->nupdates + 1, bd->updates_alloc);
	u = &bd->updates[bd->nupdates++];
	memset(u, 0, sizeof(*u));
	u->action = GIT_TREE_UPDATE_UPSERT;
	u->id = entry->id;
	u->filemode = (git_filemode_t)entry->mode;
	u->path = xstrdup(entry->path);
	if (old->mode && old->mode == entry->mode && git_oid_equal(&old->id, &entry->id))
		return 0;
	ALLOC_GROW(bd->changes.v, bd->changes.n + 1, bd->changes.alloc);
	c = &bd->changes.v[bd->changes.n++];
	c->status = old->mode ? 'M' : 'A';
	c->old_path = old->mode ? xstrdup(entry->path) : NULL;
	c->new_path = xstrdup(entry->path);
	return 0;
}

static int stage_path(struct build *bd, const char *path, struct dlg_err *err)
{
	git_index_entry entry;
	struct was old;
	struct timespec read_at;
	struct stat st;
	char *full = xstrfmt("%s%s", bd->repo->workdir, path);
	int rc, saved;

	clock_gettime(CLOCK_REALTIME, &read_at);
	rc = lstat(full, &st);
	saved = errno;
	if (rc < 0 && saved != ENOENT && saved != ENOTDIR) {
		rc = err_set(err, 0, 0, "cannot read '%s': %s", path, strerror(saved));
		goto out;
	}
	if (rc == 0 && S_ISLNK(st.st_mode))
		goto out;
	if (repo_scope_skips(&bd->scope, path)) {
		rc = 0;
		goto out;
	}
	if (rc < 0 || !S_ISREG(st.st_mode)) {
		if (!bd->idx) {
			rc = NEEDS_INDEX;
			goto out;
		}
		rc = git_index_remove(bd->idx, path, 0);
		if (rc < 0 && rc != GIT_ENOTFOUND) {
			rc = repo_git_fail(err, rc, "cannot remove '%s' from the tree", path);
			goto out;
		}
		git_error_clear();
		rc = 0;
		goto out;
	}
	memset(&entry, 0, sizeof(entry));
	if (!bd->idx && !editable(bd->base, path, &old)) {
		rc = NEEDS_INDEX;
		goto out;
	}
	if (bd->idx) {
		const git_index_entry *was = git_index_get_bypath(bd->idx, path, 0);

		old.mode = was ? was->mode : 0;
	}
	rc = store_file(bd, &entry.id, path, full, st.st_size, err);
	if (rc < 0)
		goto out;
	entry.mode = blob_mode(old.mode, &st, bd->filemode);
	entry.path = path;
	entry.file_size = (uint32_t)st.st_size;
	/* a file where base has a folder of that name: the folder goes, as
	 * with git add -A (libgit2 replaces it in the index but keeps the
	 * folder's tree in the index's tree cache) */
	if (bd->idx && git_index_remove_directory(bd->idx, path, 0) < 0)
		git_error_clear();
	rc = bd->idx ? git_index_add(bd->idx, &entry) : add_update(bd, &entry, &old);
	if (rc < 0) {
		rc = repo_git_fail(err, rc, "cannot add '%s' to the tree", path);
		goto out;
	}
	if (!bd->dry_run)
		remember(bd, path, &entry.id, &st, &read_at);
out:
	free(full);
	return rc;
}

static void build_release(struct build *bd)
{
	for (size_t i = 0; i < bd->nupdates; i++)
		free((char *)bd->updates[i].path);
	free(bd->updates);
	repo_changes_clear(&bd->changes);
	stored_clear(bd->stored);
	strbuf_release(&bd->data);
	repo_batch_release(&bd->batch);
	repo_scope_release(&bd->scope);
	git_index_free(bd->idx);
	memset(bd, 0, sizeof(*bd));
}

/* base's tree plus paths, the new blobs in bd->batch (a dry run: hashed
 * only): in bd->idx, or when edit and it can be, as bd->updates to base's
 * tree. bd is to be released whatever this returns. */
static int build_stage(struct build *bd, struct repo *repo, git_tree *base,
                       const struct strlist *paths, git_index *idx, int dry_run, int edit,
                       struct dlg_err *err)
{
	size_t i;
	int rc = 0;

	memset(bd, 0, sizeof(*bd));
	bd->repo = repo;
	bd->dry_run = dry_run;
	strbuf_init(&bd->data, 0);
	repo_scope_init(&bd->scope, repo, idx);
	if (edit && base && paths->n <= UPDATE_MAX_PATHS) {
		/* base's gitlinks, on the way to a path or at it, are not
		 * editable: stage_path then asks for the index below */
		bd->base = base;
	} else {
		rc = git_index_new(&bd->idx);
		if (rc == 0 && base)
			rc = git_index_read_tree(bd->idx, base);
		if (rc < 0)
			return repo_git_fail(err, rc, "cannot read the base tree");
		/* base's gitlinks: a submodule not checked out has no .git */
		repo_scope_add_index(&bd->scope, bd->idx);
	}
	rc = dry_run ? 0 : repo_batch_init(&bd->batch, repo, err);
	if (rc < 0)
		return rc;
	bd->filemode = repo_config_bool(repo, "core.filemode", 1);
	bd->filters = filters_possible(repo, paths, idx);
	/* one for each path, most likely: no room to spare at 100,000 */
	if (!dry_run)
		ALLOC_RESERVE(bd->stored, paths->n, bd->alloc);
	for (i = 0; i < paths->n && rc == 0; i++)
		if (!i || strcmp(paths->v[i - 1], paths->v[i]))
			rc = stage_path(bd, paths->v[i], err);
	if (rc == NEEDS_INDEX) {
		build_release(bd);
		return build_stage(bd, repo, base, paths, idx, dry_run, 0, err);
	}
	return rc;
}

static int update_cmp(const void *a, const void *b)
{
	return strcmp(((const git_tree_update *)a)->path, ((const git_tree_update *)b)->path);
}

int repo_tree_build(struct repo_built *out, struct repo *repo, git_tree *base,
                    const struct strlist *paths, git_index *idx, struct dlg_err *err)
{
	struct build bd;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = build_stage(&bd, repo, base, paths, idx, 0, 1, err);
	if (rc == 0)
		rc = repo_batch_flush(&bd.batch, err);
	if (rc < 0)
		goto out;
	repo_strict_objects(0);
	errno = 0;
	rc = repo_fault("odb-write");
	if (rc == 0 && bd.idx) {
		rc = git_index_write_tree_to(&out->tree, bd.idx, repo->git);
	} else if (rc == 0) {
		if (bd.nupdates)
			qsort(bd.updates, bd.nupdates, sizeof(*bd.updates), update_cmp);
		rc = git_tree_create_updated(&out->tree, repo->git, bd.base, bd.nupdates,
		                             bd.updates);
		if (rc == 0) {
			changes_sort(&bd.changes, 0);
			out->updated = 1;
			out->changes = bd.changes;
			memset(&bd.changes, 0, sizeof(bd.changes));
		}
	}
	repo_strict_objects(1);
	if (rc < 0) {
		rc = repo_git_fail_os(err, rc, errno, "cannot write the tree into %sobjects",
		                      repo_display(repo, repo->gitdir));
		goto out;
	}
	if (bd.nstored)
		qsort(bd.stored, bd.nstored, sizeof(*bd.stored), stored_cmp);
	out->stored = bd.stored;
	out->nstored = bd.nstored;
	bd.stored = NULL;
	bd.nstored = 0;
out:
	build_release(&bd);
	return rc;
}

void repo_changes_clear(struct repo_changes *changes)
{
	size_t i;

	if (!changes)
		return;
	for (i = 0; i < changes->n; i++) {
		free(changes->v[i].old_path);
		free(changes->v[i].new_path);
	}
	free(changes->v);
	changes->v = NULL;
	changes->n = changes->alloc = 0;
}

static const char *change_key(const struct repo_change *c)
{
	return c->new_path ? c->new_path : c->old_path;
}

static int change_cmp(const void *a, const void *b)
{
	return strcmp(change_key(a), change_key(b));
}

static char delta_status(git_delta_t status)
{
	switch (status) {
	case GIT_DELTA_ADDED:
		return 'A';
	case GIT_DELTA_DELETED:
		return 'D';
	case GIT_DELTA_RENAMED:
		return 'R';
	case GIT_DELTA_MODIFIED:
	case GIT_DELTA_TYPECHANGE:
		return 'M';
	default:
		return 0;
	}
}

/* A diff between two trees (either may be NULL: empty) with renames found. */
int repo_diff_trees(git_diff **out, struct repo *repo, git_tree *a, git_tree *b,
                    struct dlg_err *err)
{
	git_diff_find_options find;
	int rc;

	git_diff_find_options_init(&find, GIT_DIFF_FIND_OPTIONS_VERSION);
	rc = git_diff_tree_to_tree(out, repo->git, a, b, NULL);
	if (rc < 0)
		return repo_git_fail(err, rc, "cannot compare trees");
	find.flags = GIT_DIFF_FIND_RENAMES;
	rc = git_diff_find_similar(*out, &find);
	if (rc < 0) {
		git_diff_free(*out);
		*out = NULL;
		return repo_git_fail(err, rc, "cannot detect renames");
	}
	return 0;
}

void repo_change_add(struct repo_changes *out, char status, const char *old_path,
                     const char *new_path)
{
	struct repo_change *c;

	ALLOC_GROW(out->v, out->n + 1, out->alloc);
	c = &out->v[out->n++];
	c->status = status;
	c->old_path = status == 'A' ? NULL : xstrdup(old_path);
	c->new_path = status == 'D' ? NULL : xstrdup(new_path);
}

/* Sort out's changes from first on by path, dropping repeats of a path. */
static void changes_sort(struct repo_changes *out, size_t first)
{
	size_t i, j = first;

	if (out->n - first < 2)
		return;
	qsort(out->v + first, out->n - first, sizeof(*out->v), change_cmp);
	for (i = first; i < out->n; i++) {
		if (j > first && !change_cmp(&out->v[j - 1], &out->v[i])) {
			free(out->v[i].old_path);
			free(out->v[i].new_path);
		} else {
			out->v[j++] = out->v[i];
		}
	}
	out->n = j;
}

/* How path differs between base's tree and the tree being built. */
static char preview_status(git_index *idx, git_tree *base, const char *path)
{
	const git_index_entry *now = git_index_get_bypath(idx, path, 0);
	git_tree_entry *was = NULL;
	char status = 0;

	if (!base || git_tree_entry_bypath(&was, base, path) < 0)
		was = NULL;
	git_error_clear();
	if (was && git_tree_entry_type(was) == GIT_OBJECT_TREE) {
		git_tree_entry_free(was);
		was = NULL;
	}
	if (!was && now)
		status = 'A';
	else if (was && !now)
		status = 'D';
	else if (was && (!git_oid_equal(&now->id, git_tree_entry_id(was)) ||
	                 now->mode != (uint32_t)git_tree_entry_filemode(was)))
		status = 'M';
	git_tree_entry_free(was);
	return status;
}

int repo_tree_preview(struct repo_changes *out, struct repo *repo, git_tree *base,
                      const struct strlist *paths, git_index *idx, struct dlg_err *err)
{
	struct build bd;
	size_t i, first = out->n;
	int rc;

	rc = build_stage(&bd, repo, base, paths, idx, 1, 0, err);
	for (i = 0; i < paths->n && rc == 0; i++) {
		char status = preview_status(bd.idx, base, paths->v[i]);

		if (status)
			repo_change_add(out, status, paths->v[i], paths->v[i]);
	}
	changes_sort(out, first);
	build_release(&bd);
	return rc;
}

int repo_tree_diff(struct repo_changes *out, struct repo *repo, git_tree *a, git_tree *b,
                   struct dlg_err *err)
{
	git_diff *diff = NULL;
	size_t i, n, first = out->n;
	int rc;

	rc = repo_diff_trees(&diff, repo, a, b, err);
	if (rc < 0)
		return rc;
	n = git_diff_num_deltas(diff);
	for (i = 0; i < n; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		char status = delta_status(d->status);

		if (status)
			repo_change_add(out, status, d->old_file.path, d->new_file.path);
	}
	changes_sort(out, first);
	git_diff_free(diff);
	return 0;
}
