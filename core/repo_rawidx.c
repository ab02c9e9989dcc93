/* repo_rawidx.c: git's index file read as bytes (versions 2 and 3, git's
 * usual ones): the digest of what it says, and commits that only give files
 * the index has new blobs, written by patching those entries in place. At
 * 100,000 files libgit2 takes a tenth of a second to read the index into an
 * entry per file and as long again to write it back; a commit of one file
 * changes 62 bytes of it and the tree cache on that file's way. */
#include "core/repo_priv.h"

#include "lib/atomic.h"
#include "lib/sha1.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* An index file's header and its trailing checksum. */
#define HEADER_LEN 12
/* An entry's stat data, its id and its 16 bits of flags. */
#define ENTRY_FIXED   62
#define FLAG_VALID    0x8000 /* assume-unchanged */
#define FLAG_EXTENDED 0x4000 /* 16 more bits of flags: version 3 */
#define EXT_SKIP      0x4000 /* skip-worktree, in the extended flags */
/* Deeper tree caches than this are left to libgit2. */
#define TREE_MAX_DEPTH 256

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* One entry as the file has it. */
struct ent {
	const char *name;
	size_t len;  /* of the name */
	size_t size; /* of the whole entry, padding included */
	uint32_t mode, flags, ext;
};

/* The entry at p, before end (where the entries can end at the latest):
 * 0, or -1 when it is not one. */
static int entry_at(struct ent *e, const unsigned char *p, const unsigned char *end,
                    uint32_t version)
{
	const unsigned char *name = p + ENTRY_FIXED;

	if (end - p < ENTRY_FIXED)
		return -1;
	e->mode = be32(p + 24);
	e->flags = (uint32_t)p[60] << 8 | p[61];
	e->ext = 0;
	if (e->flags & FLAG_EXTENDED) {
		if (version < 3 || end - p < ENTRY_FIXED + 2)
			return -1;
		e->ext = (uint32_t)p[62] << 8 | p[63];
		name += 2;
	}
	e->name = (const char *)name;
	e->len = strnlen(e->name, (size_t)(end - name));
	if (name + e->len >= end)
		return -1;
	/* padded with 1 to 8 NULs to a multiple of 8 bytes */
	e->size = (size_t)(name - p) + e->len + 8 - (((size_t)(name - p) + e->len) & 7);
	return (size_t)(end - p) < e->size ? -1 : 0;
}

/* The index's header: its version and entry count; -1 for another format. */
static int header_at(uint32_t *version, uint32_t *n, const unsigned char *p, size_t bytes)
{
	if (bytes < HEADER_LEN + SHA1_LEN || memcmp(p, "DIRC", 4))
		return -1;
	*version = be32(p + 4);
	*n = be32(p + 8);
	return *version == 2 || *version == 3 ? 0 : -1;
}

/* The digest */

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

int repo_index_digest_bytes(uint64_t *out, const void *data, size_t bytes)
{
	const unsigned char *p = data, *end = p + bytes - SHA1_LEN;
	uint64_t d = 0xcbf29ce484222325ULL;
	uint32_t version, n, i;
	struct ent e;

	if (header_at(&version, &n, p, bytes) < 0)
		return -1;
	p += HEADER_LEN;
	for (i = 0; i < n; i++) {
		if (entry_at(&e, p, end, version) < 0)
			return -1;
		d = digest_add(d, e.name, e.len, p + 40, e.mode, (e.flags >> 12) & 3,
		               (e.ext & EXT_SKIP) != 0);
		p += e.size;
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

/* The tree cache (the TREE extension) */

/* "NAME\0COUNT SUBTREES\n" and, when COUNT is not -1, the tree's id; then
 * its subtrees, each the same way. */
struct tree_node {
	const char *name;
	size_t len;
	long count;         /* entries below; -1: to be written again */
	unsigned long nsub; /* subtrees */
	const unsigned char *id;
	size_t span; /* nodes from this one to its last descendant */
};

static int parse_number(long *out, const unsigned char **p, const unsigned char *end, int stop)
{
	const unsigned char *q = *p;
	int neg = 0;
	long v = 0;

	if (q < end && *q == '-') {
		neg = 1;
		q++;
	}
	if (q >= end || *q < '0' || *q > '9')
		return -1;
	while (q < end && *q >= '0' && *q <= '9') {
		if (v > 100000000L)
			return -1;
		v = v * 10 + (*q++ - '0');
	}
	if (q >= end || *q != stop)
		return -1;
	*out = neg ? -v : v;
	*p = q + 1;
	return 0;
}

static int tree_parse(struct rawidx *x, const unsigned char **p, const unsigned char *end,
                      int depth)
{
	const unsigned char *q = *p, *nul = memchr(q, 0, (size_t)(end - q));
	struct tree_node *node;
	size_t at = x->ntree;
	long count, nsub;

	if (!nul || depth > TREE_MAX_DEPTH)
		return -1;
	ALLOC_GROW(x->tree, x->ntree + 1, x->tree_alloc);
	node = &x->tree[x->ntree++];
	node->name = (const char *)q;
	node->len = (size_t)(nul - q);
	q = nul + 1;
	if (parse_number(&count, &q, end, ' ') < 0 || parse_number(&nsub, &q, end, '\n') < 0 ||
	    count < -1 || nsub < 0)
		return -1;
	node->count = count;
	node->nsub = (unsigned long)nsub;
	node->id = NULL;
	if (count >= 0) {
		if (end - q < GIT_OID_RAWSZ)
			return -1;
		node->id = q;
		q += GIT_OID_RAWSZ;
	}
	for (long i = 0; i < nsub; i++)
		if (tree_parse(x, &q, end, depth + 1) < 0)
			return -1;
	x->tree[at].span = x->ntree - at;
	*p = q;
	return 0;
}

/* Mark the trees on path's way as to be written again, as libgit2 does
 * when an entry changes (git_tree_cache_invalidate_path). */
static void tree_invalidate(struct rawidx *x, const char *path, size_t left)
{
	size_t at = 0;

	if (!x->ntree)
		return;
	for (;;) {
		const char *slash = memchr(path, '/', left);
		size_t len, child, i;

		x->tree[at].count = -1;
		if (!slash)
			return;
		len = (size_t)(slash - path);
		child = at + 1;
		for (i = 0; i < x->tree[at].nsub; i++, child += x->tree[child].span)
			if (x->tree[child].len == len && !memcmp(x->tree[child].name, path, len))
				break;
		if (i == x->tree[at].nsub)
			return; /* no tree cached for that folder */
		at = child;
		path = slash + 1;
		left -= len + 1;
	}
}

static void tree_write(struct strbuf *sb, const struct rawidx *x)
{
	for (size_t i = 0; i < x->ntree; i++) {
		const struct tree_node *t = &x->tree[i];

		strbuf_add(sb, t->name, t->len);
		strbuf_addch(sb, 0);
		strbuf_addf(sb, "%ld %lu\n", t->count, t->nsub);
		if (t->count >= 0)
			strbuf_add(sb, t->id, GIT_OID_RAWSZ);
	}
}

/* The extensions dlg can carry through: the tree cache, edited, and the
 * resolve-undo records, as they are (no conflict changes here). */
static int extensions_parse(struct rawidx *x)
{
	const unsigned char *p = x->data + x->ents_end, *end = x->data + x->len - SHA1_LEN;

	while (p < end) {
		const unsigned char *body, *q;
		uint32_t size;

		if (end - p < 8)
			return -1;
		size = be32(p + 4);
		body = p + 8;
		if ((size_t)(end - body) < size)
			return -1;
		if (!memcmp(p, "TREE", 4)) {
			if (x->tree_at || !size)
				return -1;
			x->tree_at = (size_t)(p - x->data);
			q = body;
			if (tree_parse(x, &q, body + size, 0) < 0 || q != body + size)
				return -1;
		} else if (memcmp(p, "REUC", 4)) {
			return -1; /* the untracked cache, a split index...: libgit2's */
		}
		p = body + size;
	}
	return 0;
}

/* Reading */

void rawidx_release(struct rawidx *x)
{
	if (!x)
		return;
	free(x->data);
	free(x->off);
	free(x->tree);
	free(x->changed);
	free(x->attrs);
	memset(x, 0, sizeof(*x));
}

/* Whether a path names a .gitattributes file. */
static int is_attributes(const char *name, size_t len)
{
	static const char attrs[] = ".gitattributes";
	size_t a = sizeof(attrs) - 1;

	return len >= a && !memcmp(name + len - a, attrs, a) &&
	       (len == a || name[len - a - 1] == '/');
}

int rawidx_read(struct rawidx *x, const char *file)
{
	const unsigned char *p, *end;
	struct strbuf sb = STRBUF_INIT;
	struct stat st;
	struct ent e;
	uint32_t i;

	memset(x, 0, sizeof(*x));
	if (lstat(file, &st) < 0 || !S_ISREG(st.st_mode) || strbuf_read_file(&sb, file) < 0 ||
	    sb.len != (size_t)st.st_size || sb.len > UINT32_MAX) {
		strbuf_release(&sb);
		return -1;
	}
	x->len = sb.len;
	x->data = (unsigned char *)strbuf_detach(&sb, NULL);
	x->mtime = st.st_mtim;
	/* the checksum is not verified, as git does not on reading the index
	 * (only git fsck does): at 100,000 files that would take as long as
	 * the rest */
	if (header_at(&x->version, &x->n, x->data, x->len) < 0)
		goto bad;
	p = x->data + HEADER_LEN;
	end = x->data + x->len - SHA1_LEN;
	ALLOC_RESERVE(x->off, x->n, x->off_alloc);
	for (i = 0; i < x->n; i++) {
		if (entry_at(&e, p, end, x->version) < 0)
			goto bad;
		x->off[i] = (uint32_t)(p - x->data);
		if (is_attributes(e.name, e.len)) {
			ALLOC_GROW(x->attrs, x->nattrs + 1, x->attrs_alloc);
			x->attrs[x->nattrs++] = i;
		}
		p += e.size;
	}
	x->ents_end = (size_t)(p - x->data);
	if (extensions_parse(x) < 0)
		goto bad;
	x->changed = xcalloc(x->n ? x->n : 1, 1);
	return 0;
bad:
	rawidx_release(x);
	return -1;
}

/* git's order of entries: the names' bytes, then the stage. */
static int name_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	return c ? c : (alen > blen) - (alen < blen);
}

static void ent_of(const struct rawidx *x, size_t i, struct ent *e)
{
	/* checked by rawidx_read */
	entry_at(e, x->data + x->off[i], x->data + x->ents_end, x->version);
}

long rawidx_find(const struct rawidx *x, const char *path)
{
	size_t lo = 0, hi = x->n, len = strlen(path);
	struct ent e;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		ent_of(x, mid, &e);
		if (name_cmp(e.name, e.len, path, len) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == x->n)
		return -1;
	ent_of(x, lo, &e);
	if (name_cmp(e.name, e.len, path, len))
		return -1;
	/* a plain file at stage 0, the only entry of its name: no conflict,
	 * not skip-worktree, assume-unchanged or intent-to-add */
	if ((e.flags & (FLAG_VALID | FLAG_EXTENDED | 0x3000)) || !S_ISREG(e.mode))
		return -1;
	if (lo + 1 < x->n) {
		struct ent next;

		ent_of(x, lo + 1, &next);
		if (!name_cmp(next.name, next.len, path, len))
			return -1;
	}
	return (long)lo;
}

const char *rawidx_name(const struct rawidx *x, size_t i, size_t *len)
{
	struct ent e;

	ent_of(x, i, &e);
	*len = e.len;
	return e.name;
}

uint32_t rawidx_mode(const struct rawidx *x, long i)
{
	return be32(x->data + x->off[i] + 24);
}

/* Whether entry i's file could have changed within the tick the index was
 * written in (git's "racily clean" entries): its mtime is not older than
 * the index file's. */
static int racy(const struct rawidx *x, size_t i)
{
	const unsigned char *p = x->data + x->off[i];
	uint32_t sec = be32(p + 8), nsec = be32(p + 12);

	if ((int32_t)sec != (int32_t)x->mtime.tv_sec)
		return (int32_t)sec > (int32_t)x->mtime.tv_sec;
	return nsec >= (uint32_t)x->mtime.tv_nsec;
}

int rawidx_racy_left(const struct rawidx *x)
{
	for (size_t i = 0; i < x->n; i++)
		if (!x->changed[i] && racy(x, i))
			return 1;
	return 0;
}

void rawidx_mark(struct rawidx *x, long i)
{
	x->changed[i] = 1;
}

/* Editing and writing */

void rawidx_set(struct rawidx *x, long i, const git_oid *id, uint32_t mode, const struct stat *st)
{
	unsigned char *p = x->data + x->off[i];
	git_index_entry e;
	struct ent name;

	/* the stat data libgit2 records (repo_entry_stat) */
	memset(&e, 0, sizeof(e));
	repo_entry_stat(&e, st);
	put_be32(p, (uint32_t)e.ctime.seconds);
	put_be32(p + 4, e.ctime.nanoseconds);
	put_be32(p + 8, (uint32_t)e.mtime.seconds);
	put_be32(p + 12, e.mtime.nanoseconds);
	put_be32(p + 16, e.dev);
	put_be32(p + 20, e.ino);
	put_be32(p + 24, mode);
	put_be32(p + 28, e.uid);
	put_be32(p + 32, e.gid);
	put_be32(p + 36, e.file_size);
	memcpy(p + 40, id->id, GIT_OID_RAWSZ);
	x->changed[i] = 1;
	ent_of(x, (size_t)i, &name);
	tree_invalidate(x, name.name, name.len);
}

int rawidx_write(const struct rawidx *x, int fd, uint64_t *digest)
{
	const unsigned char *ext_end = x->data + x->len - SHA1_LEN;
	struct strbuf tree = STRBUF_INIT;
	unsigned char sum[SHA1_LEN];
	struct {
		const void *at;
		size_t len;
	} piece[4];
	size_t n = 0, i;
	struct sha1 h;

	/* the entries and what comes before the tree cache; it, written
	 * again; what comes after it; the checksum of all that */
	piece[n].at = x->data;
	piece[n++].len = x->tree_at ? x->tree_at : (size_t)(ext_end - x->data);
	if (x->tree_at) {
		size_t after = x->tree_at + 8 + be32(x->data + x->tree_at + 4);

		strbuf_add(&tree, "TREE\0\0\0\0", 8);
		tree_write(&tree, x);
		put_be32((unsigned char *)tree.buf + 4, (uint32_t)(tree.len - 8));
		piece[n].at = tree.buf;
		piece[n++].len = tree.len;
		piece[n].at = x->data + after;
		piece[n++].len = (size_t)(ext_end - (x->data + after));
	}
	sha1_init(&h);
	for (i = 0; i < n; i++)
		sha1_add(&h, piece[i].at, piece[i].len);
	sha1_done(&h, sum);
	piece[n].at = sum;
	piece[n++].len = SHA1_LEN;
	/* the entries are x's own: their digest, from x's bytes */
	if (repo_index_digest_bytes(digest, x->data, x->ents_end + SHA1_LEN) < 0) {
		strbuf_release(&tree);
		errno = EINVAL;
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (write_all(fd, piece[i].at, piece[i].len) < 0) {
			strbuf_release(&tree);
			return -1;
		}
	}
	strbuf_release(&tree);
	return 0;
}
