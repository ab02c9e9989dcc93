/* repo_odb.c: new objects on their way into the repository, kept in memory
 * and written as one pack or loose, with the system's reason when a write
 * fails. */
#include "core/repo_priv.h"

#include <errno.h>
#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>
#include <stdlib.h>
#include <string.h>

/*
 * The new objects are written at the end, or whenever they make
 * BATCH_MAX_BYTES: as one pack when there are many (a loose object costs a
 * temporary file, a rename and a folder entry each), else loose, as git does
 * with what it fetches (transfer.unpackLimit). Four megabytes: the objects
 * held, the pack builder's entries and the pack made of them are a first
 * sync's peak of memory (at 16 MB they were 30 MB of it, for 4 packs at
 * 100,000 tasks instead of some 16).
 */
#define PACK_MIN_OBJECTS 100
#define BATCH_MAX_BYTES  (4u << 20)

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

/* fault_point(name) as a libgit2 call that failed the way a full disk makes
 * it fail: no message of its own, errno ENOSPC. */
int repo_fault(const char *name)
{
	if (!fault_point(name))
		return 0;
	git_error_clear();
	errno = ENOSPC;
	return -1;
}

int repo_batch_init(struct repo_batch *b, struct repo *repo, struct dlg_err *err)
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
	if (rc < 0) {
		b->pack = NULL;
		return repo_git_fail(err, rc, "cannot open the object database");
	}
	b->gitdir_shown = repo_display(repo, repo->gitdir);
	return 0;
}

static void forget_names(struct repo_batch *b)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		free(b->names[i]);
}

void repo_batch_release(struct repo_batch *b)
{
	forget_names(b);
	git_odb_free(b->mem);
	git_odb_free(b->odb);
	free(b->ids);
	free(b->names);
	memset(b, 0, sizeof(*b));
}

/* An object into the repository's database, loose. */
static int write_loose(git_oid *id, git_odb *odb, const void *data, size_t len, git_object_t type)
{
	errno = 0;
	if (repo_fault("odb-write"))
		return -1;
	return git_odb_write(id, odb, data, len, type);
}

int repo_batch_add(struct repo_batch *b, git_oid *id, const void *data, size_t len,
                   git_object_t type, const char *what, struct dlg_err *err)
{
	int rc = git_odb_hash(id, data, len, type);

	if (rc < 0)
		return repo_git_fail(err, rc, "cannot store %s", what);
	if (git_odb_exists_ext(b->mem, id, GIT_ODB_LOOKUP_NO_REFRESH))
		return 0;
	if (git_odb_exists_ext(b->odb, id, GIT_ODB_LOOKUP_NO_REFRESH)) {
		/* only freshened, as git_odb_write does */
		rc = write_loose(id, b->odb, data, len, type);
		return rc < 0 ? repo_git_fail_os(err, rc, errno, "cannot store %s", what) : 0;
	}
	rc = b->pack->write(b->pack, id, data, len, type);
	if (rc < 0)
		return repo_git_fail(err, rc, "cannot store %s", what);
	ALLOC_GROW(b->ids, b->n + 1, b->alloc);
	ALLOC_GROW(b->names, b->n + 1, b->names_alloc);
	b->names[b->n] = xstrdup(what);
	b->ids[b->n++] = *id;
	b->bytes += len;
	return b->bytes >= BATCH_MAX_BYTES ? repo_batch_flush(b, err) : 0;
}

static int batch_write_loose(struct repo_batch *b, struct dlg_err *err)
{
	git_odb_object *obj = NULL;
	git_oid id;
	size_t i;
	int rc = 0;

	for (i = 0; i < b->n; i++) {
		rc = git_odb_read(&obj, b->mem, &b->ids[i]);
		if (rc < 0)
			return repo_git_fail(err, rc, "cannot read %s back", b->names[i]);
		rc = write_loose(&id, b->odb, git_odb_object_data(obj), git_odb_object_size(obj),
		                 git_odb_object_type(obj));
		git_odb_object_free(obj);
		obj = NULL;
		if (rc < 0)
			return repo_git_fail_os(err, rc, errno, "cannot store %s in %sobjects",
			                        b->names[i], b->gitdir_shown);
	}
	return 0;
}

/* The batch as one pack, from libgit2's pack builder through its indexer,
 * which writes the .pack and .idx files (one append: the indexer is slow
 * with many small ones). */
static int batch_write_pack(struct repo_batch *b, struct dlg_err *err)
{
	git_repository *mem_repo = NULL;
	git_packbuilder *pb = NULL;
	git_odb_writepack *wp = NULL;
	git_indexer_progress stats;
	git_buf buf = { 0 };
	size_t i;
	int rc, saved = 0;

	memset(&stats, 0, sizeof(stats));
	rc = git_repository_wrap_odb(&mem_repo, b->mem);
	if (rc == 0)
		rc = git_packbuilder_new(&pb, mem_repo);
	if (rc == 0)
		git_packbuilder_set_threads(pb, 0);
	for (i = 0; i < b->n && rc == 0; i++)
		rc = git_packbuilder_insert(pb, &b->ids[i], NULL);
	if (rc == 0)
		rc = git_packbuilder_write_buf(&buf, pb);
	errno = 0;
	if (rc == 0)
		rc = repo_fault("odb-write");
	if (rc == 0)
		rc = git_odb_write_pack(&wp, b->odb, NULL, NULL);
	if (rc == 0)
		rc = wp->append(wp, buf.ptr, buf.size, &stats);
	if (rc == 0)
		rc = wp->commit(wp, &stats);
	if (rc == 0 && stats.indexed_objects != b->n) {
		git_error_set_str(GIT_ERROR_ODB, "the new pack is incomplete");
		rc = -1;
	}
	saved = errno;
	if (wp)
		wp->free(wp);
	/* so that this odb finds the objects in the new pack */
	if (rc == 0)
		rc = git_odb_refresh(b->odb);
	if (rc < 0)
		rc = repo_git_fail_os(err, rc, saved,
		                      "cannot store %zu files (%s...) as a pack in %sobjects/pack",
		                      b->n, b->names[0], b->gitdir_shown);
	git_buf_dispose(&buf);
	git_packbuilder_free(pb);
	git_repository_free(mem_repo);
	return rc;
}

int repo_batch_flush(struct repo_batch *b, struct dlg_err *err)
{
	int rc = 0;

	if (b->n >= PACK_MIN_OBJECTS)
		rc = batch_write_pack(b, err);
	else if (b->n)
		rc = batch_write_loose(b, err);
	if (rc == 0 && b->n) {
		rc = git_mempack_reset(b->pack);
		if (rc < 0)
			return repo_git_fail(err, rc, "cannot empty the batch of new objects");
		forget_names(b);
		b->n = 0;
		b->bytes = 0;
	}
	return rc;
}
