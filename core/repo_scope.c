/* repo_scope.c: the paths dlg leaves alone although their names are
 * managed: skip-worktree entries, gitlinks, and whatever is inside a
 * submodule, a nested repository or a symlinked folder. */
#include "core/repo_priv.h"

#include "lib/atomic.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void repo_scope_init(struct repo_scope *s, struct repo *repo, git_index *idx)
{
	memset(s, 0, sizeof(*s));
	s->repo = repo;
	s->idx[0] = idx;
}

void repo_scope_add_index(struct repo_scope *s, git_index *idx)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(s->idx); i++) {
		if (!s->idx[i]) {
			s->idx[i] = idx;
			return;
		}
	}
}

void repo_scope_release(struct repo_scope *s)
{
	if (!s)
		return;
	strset_clear(&s->outside);
	strset_clear(&s->inside);
	memset(s, 0, sizeof(*s));
}

static const git_index_entry *entry_at(git_index *idx, const char *path)
{
	const git_index_entry *e = idx ? git_index_get_bypath(idx, path, 0) : NULL;

	git_error_clear();
	return e;
}

/* Whether the folder dir (a prefix of a managed path) is one dlg must not
 * manage anything in: a gitlink in an index, a folder holding .git, or a
 * symbolic link (lstat on a path below follows it). */
static int folder_fenced(struct repo_scope *s, const char *dir)
{
	struct stat st;
	char *full;
	size_t i;
	int fenced = 0;

	for (i = 0; i < ARRAY_SIZE(s->idx) && !fenced; i++) {
		const git_index_entry *e = entry_at(s->idx[i], dir);

		fenced = e && S_ISGITLINK(e->mode);
	}
	if (!fenced) {
		full = xstrfmt("%s%s", s->repo->workdir, dir);
		fenced = lstat(full, &st) == 0 && !S_ISDIR(st.st_mode);
		free(full);
	}
	if (!fenced) {
		full = xstrfmt("%s%s/.git", s->repo->workdir, dir);
		fenced = lstat(full, &st) == 0;
		free(full);
	}
	return fenced;
}

int repo_scope_skips(struct repo_scope *s, const char *path)
{
	const char *slash;
	size_t i;
	int skip = 0;

	for (i = 0; i < ARRAY_SIZE(s->idx) && !skip; i++) {
		const git_index_entry *e = entry_at(s->idx[i], path);

		skip = e && (S_ISGITLINK(e->mode) ||
		             (e->flags_extended & GIT_INDEX_ENTRY_SKIP_WORKTREE));
	}
	/* each folder from the top down; the work tree's top holds .git */
	for (slash = strchr(path, '/'); slash && !skip; slash = strchr(slash + 1, '/')) {
		char *dir = xstrndup(path, (size_t)(slash - path));

		if (strset_has(&s->inside, dir))
			skip = 1;
		else if (!strset_has(&s->outside, dir)) {
			skip = folder_fenced(s, dir);
			strset_add(skip ? &s->inside : &s->outside, dir);
		}
		free(dir);
	}
	return skip;
}

int repo_excluded_paths(struct strlist *out, struct repo *repo, struct dlg_err *err)
{
	struct repo_scope scope;
	git_index *idx = NULL;
	size_t i, n;
	int rc;

	rc = git_repository_index(&idx, repo->git);
	if (rc == 0)
		rc = git_index_read(idx, 0);
	if (rc < 0) {
		git_index_free(idx);
		return repo_git_fail(err, rc, "cannot read the index");
	}
	repo_scope_init(&scope, repo, idx);
	n = git_index_entrycount(idx);
	for (i = 0; i < n; i++) {
		const git_index_entry *e = git_index_get_byindex(idx, i);

		if (git_index_entry_stage(e) != 0)
			continue;
		if (S_ISGITLINK(e->mode)
		        ? (starts_with(e->path, "tasks/") || starts_with(e->path, "people/"))
		        : repo_path_is_managed(e->path) && repo_scope_skips(&scope, e->path))
			strlist_push(out, e->path);
	}
	repo_scope_release(&scope);
	git_index_free(idx);
	strlist_sort(out);
	return 0;
}

/* One entry into the digest. */
static uint64_t digest_add(uint64_t d, const char *path, size_t len, const unsigned char *oid,
                           uint32_t mode, uint32_t stage, uint32_t skip)
{
	unsigned char rec[GIT_OID_RAWSZ + 12];
	uint32_t v[3] = { mode, stage, skip };

	if (!starts_with(path, "tasks/") && !starts_with(path, "people/") &&
	    strcmp(path, "dlg.ini"))
		return d;
	memcpy(rec, oid, GIT_OID_RAWSZ);
	memcpy(rec + GIT_OID_RAWSZ, v, sizeof(v));
	d = (d ^ hash_bytes(path, len)) * 0x100000001b3ULL;
	return (d ^ hash_bytes(rec, sizeof(rec))) * 0x100000001b3ULL;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The digest read straight from an index file of version 2 or 3, git's
 * usual ones (libgit2 allocates for each of its entries, and this runs on
 * every sync that saves the cache). 0 when done, -1 when the file is of
 * another version or not as expected: then libgit2 reads it. */
int repo_index_digest_bytes(uint64_t *out, const void *data, size_t bytes)
{
	const unsigned char *p = data, *end;
	uint64_t d = 0xcbf29ce484222325ULL;
	uint32_t version, n, i;

	if (bytes < 12 + GIT_OID_RAWSZ)
		return -1;
	end = p + bytes - GIT_OID_RAWSZ; /* the trailing checksum */
	version = be32(p + 4);
	n = be32(p + 8);
	if (memcmp(p, "DIRC", 4) || (version != 2 && version != 3))
		return -1;
	p += 12;
	for (i = 0; i < n; i++) {
		/* 40 bytes of stat data, the id, 16 bits of flags */
		const unsigned char *start = p, *name;
		uint32_t mode, flags, ext = 0;
		size_t len, size;

		if (end - p < 62)
			return -1;
		mode = be32(p + 24);
		flags = (uint32_t)p[60] << 8 | p[61];
		name = p + 62;
		if (flags & 0x4000) { /* extended flags: version 3 */
			if (version < 3 || end - p < 64)
				return -1;
			ext = (uint32_t)p[62] << 8 | p[63];
			name += 2;
		}
		len = strnlen((const char *)name, (size_t)(end - name));
		if (name + len >= end)
			return -1;
		/* padded with 1 to 8 NULs to a multiple of 8 bytes */
		size = (size_t)(name - start) + len + 8 - (((size_t)(name - start) + len) & 7);
		if ((size_t)(end - start) < size)
			return -1;
		d = digest_add(d, (const char *)name, len, start + 40, mode, (flags >> 12) & 3,
		               (ext & 0x4000) != 0);
		p = start + size;
	}
	*out = d;
	return 0;
}

uint64_t repo_index_digest_of(git_index *idx)
{
	uint64_t d = 0xcbf29ce484222325ULL;
	size_t n = git_index_entrycount(idx);

	for (size_t i = 0; i < n; i++) {
		const git_index_entry *e = git_index_get_byindex(idx, i);

		/* what the entry says, not its stat data (git status refreshes it) */
		d = digest_add(d, e->path, strlen(e->path), e->id.id, e->mode,
		               (uint32_t)git_index_entry_stage(e),
		               (e->flags_extended & GIT_INDEX_ENTRY_SKIP_WORKTREE) != 0);
	}
	return d;
}

static int digest_raw(uint64_t *out, const char *file)
{
	struct strbuf sb = STRBUF_INIT;
	int rc =
	    strbuf_read_file(&sb, file) < 0 ? -1 : repo_index_digest_bytes(out, sb.buf, sb.len);

	strbuf_release(&sb);
	return rc;
}

int repo_index_digest(uint64_t *out, struct repo *repo, struct dlg_err *err)
{
	char *path = xstrfmt("%sindex", repo->gitdir);
	git_index *idx = NULL;
	struct stat st;
	int rc;

	/* the file dlg wrote last, still there: its digest is known */
	if (repo->written.known && lstat(path, &st) == 0 && st.st_size == repo->written.size &&
	    st.st_mtim.tv_sec == repo->written.mtime_sec &&
	    st.st_mtim.tv_nsec == repo->written.mtime_nsec && st.st_ino == repo->written.ino) {
		*out = repo->written.digest;
		free(path);
		return 0;
	}
	if (access(path, F_OK) == 0 && digest_raw(out, path) == 0) {
		free(path);
		return 0;
	}
	rc = git_index_open(&idx, path);
	free(path);
	if (rc < 0) {
		git_index_free(idx);
		return repo_git_fail(err, rc, "cannot read the index");
	}
	*out = repo_index_digest_of(idx);
	git_index_free(idx);
	return 0;
}
