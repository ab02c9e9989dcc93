/* repo_tree.c: trees of a base plus paths (the new objects as one pack, with
 * git's filters), and what changed between two trees. */
#include "core/repo_priv.h"

#include <errno.h>
#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

void repo_stored_clear(struct stored *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].path);
	free(v);
}

static int config_bool(struct repo *repo, const char *key, int dflt)
{
	git_config *cfg = NULL;
	int val = dflt;

	if (git_repository_config_snapshot(&cfg, repo->git) < 0 ||
	    git_config_get_bool(&val, cfg, key) < 0)
		val = dflt;
	git_error_clear();
	git_config_free(cfg);
	return val;
}

/*
 * libgit2 checks that each object a tree or an index entry names exists
 * before writing it, reading the object's header: for a tree rewritten in a
 * folder of 100,000 loose objects, 100,000 files opened and inflated. The
 * objects we name are in a stored tree or were just stored by us, so we turn
 * the check off while we write (dlg uses libgit2 nowhere else).
 */
void repo_strict_objects(int on)
{
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, on);
}

/* The mode git would record: the executable bit unless core.fileMode is
 * off, in which case the mode already in the index stays. */
static unsigned blob_mode(git_index *idx, const char *path, const struct stat *st, int filemode)
{
	const git_index_entry *old;

	if (filemode)
		return (st->st_mode & S_IXUSR) ? GIT_FILEMODE_BLOB_EXECUTABLE : GIT_FILEMODE_BLOB;
	old = git_index_get_bypath(idx, path, 0);
	if (old && old->mode == GIT_FILEMODE_BLOB_EXECUTABLE)
		return GIT_FILEMODE_BLOB_EXECUTABLE;
	return GIT_FILEMODE_BLOB;
}

/*
 * New objects on their way into the repository. They are kept in memory and
 * written at the end, or whenever they make BATCH_MAX_BYTES: as one pack when
 * there are many (a loose object costs a temporary file, a rename and a
 * folder entry each), else loose, as git does with what it fetches
 * (transfer.unpackLimit). Files larger than BATCH_MAX_FILE are streamed into
 * loose objects, as libgit2 does, rather than read into memory.
 */
#define PACK_MIN_OBJECTS 100
#define BATCH_MAX_BYTES  (16u << 20)
#define BATCH_MAX_FILE   (8 << 20)

struct batch {
	git_odb *odb;          /* the repository's */
	git_odb *mem;          /* in memory, holding the new objects */
	git_odb_backend *pack; /* mem's only backend, owned by mem */
	git_oid *ids;          /* what mem holds */
	size_t n, alloc;
	size_t bytes; /* their size */
};

static int batch_init(struct batch *b, struct repo *repo)
{
	int rc;

	memset(b, 0, sizeof(*b));
	rc = git_repository_odb(&b->odb, repo->git);
	if (rc == 0)
		rc = git_odb_new(&b->mem);
	if (rc == 0)
		rc = git_mempack_new(&b->pack);
	if (rc == 0) {
		rc = git_odb_add_backend(b->mem, b->pack, 1);
		if (rc < 0)
			b->pack->free(b->pack);
	}
	if (rc < 0)
		b->pack = NULL;
	return rc;
}

static void batch_release(struct batch *b)
{
	git_odb_free(b->mem);
	git_odb_free(b->odb);
	free(b->ids);
	memset(b, 0, sizeof(*b));
}

static int batch_flush(struct batch *b);

/* Store data as an object of the given type, its id into *id. An object
 * the repository has already is only freshened, as git_odb_write does. */
static int batch_add(struct batch *b, git_oid *id, const void *data, size_t len, git_object_t type)
{
	int rc = git_odb_hash(id, data, len, type);

	if (rc < 0 || git_odb_exists_ext(b->mem, id, GIT_ODB_LOOKUP_NO_REFRESH))
		return rc;
	if (git_odb_exists_ext(b->odb, id, GIT_ODB_LOOKUP_NO_REFRESH))
		return git_odb_write(id, b->odb, data, len, type);
	rc = b->pack->write(b->pack, id, data, len, type);
	if (rc < 0)
		return rc;
	ALLOC_GROW(b->ids, b->n + 1, b->alloc);
	b->ids[b->n++] = *id;
	b->bytes += len;
	return b->bytes >= BATCH_MAX_BYTES ? batch_flush(b) : 0;
}

static int batch_write_loose(struct batch *b)
{
	git_odb_object *obj = NULL;
	git_oid id;
	size_t i;
	int rc = 0;

	for (i = 0; i < b->n && rc == 0; i++) {
		rc = git_odb_read(&obj, b->mem, &b->ids[i]);
		if (rc == 0)
			rc = git_odb_write(&id, b->odb, git_odb_object_data(obj),
			                   git_odb_object_size(obj), git_odb_object_type(obj));
		git_odb_object_free(obj);
		obj = NULL;
	}
	return rc;
}

/* The batch as one pack, from libgit2's pack builder through its indexer,
 * which writes the .pack and .idx files (one append: the indexer is slow
 * with many small ones). */
static int batch_write_pack(struct batch *b)
{
	git_repository *mem_repo = NULL;
	git_packbuilder *pb = NULL;
	git_odb_writepack *wp = NULL;
	git_indexer_progress stats;
	git_buf buf = { 0 };
	size_t i;
	int rc;

	memset(&stats, 0, sizeof(stats));
	rc = git_repository_wrap_odb(&mem_repo, b->mem);
	if (rc == 0)
		rc = git_packbuilder_new(&pb, mem_repo);
	if (rc == 0)
		git_packbuilder_set_threads(pb, 0);
	for (i = 0; i < b->n && rc == 0; i++)
		rc = git_packbuilder_insert(pb, &b->ids[i], NULL);
	if (rc == 0)
		rc = git_odb_write_pack(&wp, b->odb, NULL, NULL);
	if (rc == 0)
		rc = git_packbuilder_write_buf(&buf, pb);
	if (rc == 0)
		rc = wp->append(wp, buf.ptr, buf.size, &stats);
	if (rc == 0)
		rc = wp->commit(wp, &stats);
	if (rc == 0 && stats.indexed_objects != b->n) {
		git_error_set_str(GIT_ERROR_ODB, "the new pack is incomplete");
		rc = -1;
	}
	if (wp)
		wp->free(wp);
	/* so that this odb finds the objects in the new pack */
	if (rc == 0)
		rc = git_odb_refresh(b->odb);
	git_buf_dispose(&buf);
	git_packbuilder_free(pb);
	git_repository_free(mem_repo);
	return rc;
}

/* Write what the batch holds into the repository and empty it. */
static int batch_flush(struct batch *b)
{
	int rc = 0;

	if (b->n >= PACK_MIN_OBJECTS)
		rc = batch_write_pack(b);
	else if (b->n)
		rc = batch_write_loose(b);
	if (rc == 0 && b->n) {
		rc = git_mempack_reset(b->pack);
		b->n = 0;
		b->bytes = 0;
	}
	return rc;
}

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
 * a .gitattributes in any of their folders), each file is stored as it is.
 * When in doubt, say yes: that only costs time.
 */
static int filters_possible(struct repo *repo, const struct strlist *paths)
{
	struct strset dirs = STRSET_INIT;
	git_config *cfg = NULL;
	git_index *idx = NULL;
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
	if (!found && git_repository_index(&idx, repo->git) < 0) {
		git_error_clear();
		idx = NULL;
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
	git_index_free(idx);
	strset_clear(&dirs);
	return found;
}

/* What repo_build_tree keeps while it works. */
struct build {
	struct repo *repo;
	git_index *idx; /* the tree being built, in memory */
	struct batch batch;
	int filemode; /* core.fileMode */
	int filters;  /* filters_possible */
	struct strbuf data;
	struct stored *stored;
	size_t nstored, alloc;
};

static int stored_cmp(const void *a, const void *b)
{
	return strcmp(((const struct stored *)a)->path, ((const struct stored *)b)->path);
}

const struct stored *repo_stored_find(const struct repo *repo, const char *path)
{
	struct stored key;

	if (!repo->nstored)
		return NULL;
	key.path = (char *)path;
	return bsearch(&key, repo->stored, repo->nstored, sizeof(key), stored_cmp);
}

/* The file's blob: its bytes, through the filters that apply to it when
 * there may be any; the id into *id. size is what lstat said. */
static int store_file(struct build *bd, git_oid *id, const char *path, const char *full, off_t size,
                      struct dlg_err *err)
{
	git_filter_list *fl = NULL;
	git_buf filtered = { 0 };
	const char *data;
	size_t len;
	int rc = 0;

	if (size > BATCH_MAX_FILE) {
		rc = git_blob_create_from_workdir(id, bd->repo->git, path);
		return rc < 0 ? repo_git_fail(err, rc, "cannot store '%s'", path) : 0;
	}
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
	if (rc == 0)
		rc = batch_add(&bd->batch, id, data, len, GIT_OBJECT_BLOB);
	if (rc < 0)
		rc = repo_git_fail(err, rc, "cannot store '%s'", path);
	git_buf_dispose(&filtered);
	git_filter_list_free(fl);
	return rc;
}

static int stage_path(struct build *bd, const char *path, struct dlg_err *err)
{
	git_index_entry entry;
	struct timespec read_at;
	struct stored *s;
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
	if (rc < 0 || !S_ISREG(st.st_mode)) {
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
	rc = store_file(bd, &entry.id, path, full, st.st_size, err);
	if (rc < 0)
		goto out;
	entry.mode = blob_mode(bd->idx, path, &st, bd->filemode);
	entry.path = path;
	entry.file_size = (uint32_t)st.st_size;
	rc = git_index_add(bd->idx, &entry);
	if (rc < 0) {
		rc = repo_git_fail(err, rc, "cannot add '%s' to the tree", path);
		goto out;
	}
	ALLOC_GROW(bd->stored, bd->nstored + 1, bd->alloc);
	s = &bd->stored[bd->nstored++];
	s->path = xstrdup(path);
	s->id = entry.id;
	s->st = st;
	s->read_at = read_at;
out:
	free(full);
	return rc;
}

int repo_build_tree(struct repo_oid *out, struct repo *repo, const struct repo_oid *base,
                    const struct strlist *paths, struct dlg_err *err)
{
	struct build bd;
	git_tree *tree = NULL;
	git_oid oid;
	size_t i;
	int rc;

	memset(&bd, 0, sizeof(bd));
	bd.repo = repo;
	strbuf_init(&bd.data, 0);
	rc = repo_peel_tree(&tree, repo, base, err);
	if (rc < 0)
		goto out;
	rc = git_index_new(&bd.idx);
	if (rc == 0 && tree)
		rc = git_index_read_tree(bd.idx, tree);
	if (rc < 0) {
		rc = repo_git_fail(err, rc, "cannot read the base tree");
		goto out;
	}
	rc = batch_init(&bd.batch, repo);
	if (rc < 0) {
		rc = repo_git_fail(err, rc, "cannot open the object database");
		goto out;
	}
	bd.filemode = config_bool(repo, "core.filemode", 1);
	bd.filters = filters_possible(repo, paths);
	for (i = 0; i < paths->n; i++) {
		rc = stage_path(&bd, paths->v[i], err);
		if (rc < 0)
			goto out;
	}
	rc = batch_flush(&bd.batch);
	if (rc < 0) {
		rc = repo_git_fail(err, rc, "cannot store the files");
		goto out;
	}
	repo_strict_objects(0);
	rc = git_index_write_tree_to(&oid, bd.idx, repo->git);
	repo_strict_objects(1);
	if (rc < 0) {
		rc = repo_git_fail(err, rc, "cannot write the tree");
		goto out;
	}
	from_git(out, &oid);
	/* for repo_index_update */
	if (bd.nstored)
		qsort(bd.stored, bd.nstored, sizeof(*bd.stored), stored_cmp);
	repo_stored_clear(repo->stored, repo->nstored);
	repo->stored = bd.stored;
	repo->nstored = bd.nstored;
	bd.stored = NULL;
	bd.nstored = 0;
out:
	repo_stored_clear(bd.stored, bd.nstored);
	strbuf_release(&bd.data);
	batch_release(&bd.batch);
	git_index_free(bd.idx);
	git_tree_free(tree);
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

int repo_tree_changes(struct repo_changes *out, struct repo *repo, const struct repo_oid *base,
                      const struct repo_oid *tree, struct dlg_err *err)
{
	git_tree *old_tree = NULL, *new_tree = NULL;
	git_diff *diff = NULL;
	size_t i, n, first = out->n;
	int rc;

	rc = repo_peel_tree(&old_tree, repo, base, err);
	if (rc == 0)
		rc = repo_peel_tree(&new_tree, repo, tree, err);
	if (rc == 0)
		rc = repo_diff_trees(&diff, repo, old_tree, new_tree, err);
	if (rc < 0)
		goto out;
	n = git_diff_num_deltas(diff);
	for (i = 0; i < n; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		char status = delta_status(d->status);
		struct repo_change *c;

		if (!status)
			continue;
		ALLOC_GROW(out->v, out->n + 1, out->alloc);
		c = &out->v[out->n++];
		c->status = status;
		c->old_path = status == 'A' ? NULL : xstrdup(d->old_file.path);
		c->new_path = status == 'D' ? NULL : xstrdup(d->new_file.path);
	}
	if (out->n - first > 1)
		qsort(out->v + first, out->n - first, sizeof(*out->v), change_cmp);
out:
	git_diff_free(diff);
	git_tree_free(new_tree);
	git_tree_free(old_tree);
	return rc;
}
