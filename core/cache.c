/* cache.c: the binary cache of what each task file said (see cache.h). */
#include "core/cache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "core/lifecycle.h"
#include "lib/atomic.h"
#include "lib/fault.h"

#define CACHE_MAGIC   "DLGCACHE"
#define CACHE_VERSION 4

/* The file: magic, version, the sizes, a checksum of what follows, the
 * head, the records, the strings. All in this machine's byte order: the
 * cache is never shared. */
struct file_header {
	char magic[8];
	uint32_t version;
	uint32_t rec_size; /* sizeof(struct cache_rec): another layout is another version */
	uint32_t n;
	uint32_t strings_len;
	uint64_t checksum; /* hash_bytes() of the head, records and strings */
};

/* The checksum of the file: 8 bytes at a time (the cache is megabytes). */
static uint64_t checksum(const char *data, size_t len)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ len, w;
	size_t i = 0;

	for (; i + 8 <= len; i += 8) {
		memcpy(&w, data + i, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	for (; i < len; i++)
		h = (h ^ (unsigned char)data[i]) * 0x100000001b3ULL;
	return h ^ (h >> 29);
}

/* The whole file, mapped read-only (no copy: the cache is megabytes and
 * most of it is only looked at). */
static char *map_whole(const char *file, size_t *len)
{
	struct stat st;
	void *p;
	int fd = open(file, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size <= 0) {
		close(fd);
		return NULL;
	}
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return NULL;
	*len = (size_t)st.st_size;
	return p;
}

static int cmp_cstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

uint64_t cache_key(const char *root)
{
	struct strbuf sb = STRBUF_INIT, all = STRBUF_INIT;
	struct strlist names = STRLIST_INIT;
	struct dirent *de;
	DIR *d;
	uint64_t key;

	strbuf_addf(&all, "dlg %s\n", DLG_VERSION);
	strbuf_addf(&sb, "%s/dlg.ini", root);
	strbuf_read_file(&all, sb.buf);
	strbuf_reset(&sb);
	strbuf_addf(&sb, "%s/people", root);
	d = opendir(sb.buf);
	while (d && (de = readdir(d)))
		if (de->d_name[0] != '.' && ends_with(de->d_name, ".md"))
			strlist_push(&names, de->d_name);
	if (d)
		closedir(d);
	if (names.n > 1)
		qsort(names.v, names.n, sizeof(*names.v), cmp_cstr);
	for (size_t i = 0; i < names.n; i++) {
		struct file_stamp st;

		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s/people/%s", root, names.v[i]);
		memset(&st, 0, sizeof(st));
		file_stamp_of(&st, sb.buf);
		strbuf_addf(&all, "\n%s %lld %lld %ld %llu", names.v[i], st.size, st.mtime_sec,
		            st.mtime_nsec, st.ino);
	}
	key = hash_bytes(all.buf, all.len);
	strlist_clear(&names);
	strbuf_release(&sb);
	strbuf_release(&all);
	return key;
}

void cache_release(struct cache *c)
{
	if (!c)
		return;
	if (c->data)
		munmap(c->data, c->len);
	memset(c, 0, sizeof(*c));
}

void cache_load(struct cache *c, const char *file, uint64_t key)
{
	struct file_header fh;
	size_t need, len = 0;
	char *data;

	memset(c, 0, sizeof(*c));
	data = map_whole(file, &len);
	if (!data)
		return;
	c->data = data;
	c->len = len;
	if (len < sizeof(fh) + sizeof(struct cache_head))
		goto bad;
	memcpy(&fh, data, sizeof(fh));
	if (memcmp(fh.magic, CACHE_MAGIC, 8) || fh.version != CACHE_VERSION ||
	    fh.rec_size != sizeof(struct cache_rec) || fh.n > (len / sizeof(struct cache_rec)))
		goto bad;
	need = sizeof(fh) + sizeof(struct cache_head) + (size_t)fh.n * sizeof(struct cache_rec) +
	       fh.strings_len;
	if (need != len || checksum(data + sizeof(fh), len - sizeof(fh)) != fh.checksum)
		goto bad; /* cut short or garbled */
	memcpy(&c->h, data + sizeof(fh), sizeof(c->h));
	if (c->h.key != key)
		goto bad; /* stale: dlg.ini, people/ or dlg changed */
	c->recs = (const struct cache_rec *)(c->data + sizeof(fh) + sizeof(struct cache_head));
	c->n = fh.n;
	c->strings = (const char *)(c->recs + c->n);
	c->strings_len = fh.strings_len;
	/* every string in bounds and ended, so lookups never run off */
	if (c->strings_len && c->strings[c->strings_len - 1] != '\0')
		goto bad;
	if (c->h.excluded != CACHE_NONE && c->h.excluded >= c->strings_len)
		goto bad;
	for (uint32_t i = 0; i < c->n; i++) {
		const struct cache_rec *r = &c->recs[i];
		const uint32_t offs[] = { r->path,        r->to,           r->channel, r->rule,
			                  r->because,     r->title,        r->tags,    r->message,
			                  r->status_text, r->decision_text };

		for (size_t k = 0; k < ARRAY_SIZE(offs); k++)
			if (offs[k] != CACHE_NONE && offs[k] >= c->strings_len)
				goto bad;
		if (r->path == CACHE_NONE ||
		    (i && strcmp(c->strings + c->recs[i - 1].path, c->strings + r->path) >= 0))
			goto bad; /* not in order: garbled */
	}
	cache_trim(c);
	return;
bad:
	cache_release(c);
}

void cache_trim(const struct cache *c)
{
	if (c->data)
		madvise(c->data, c->len, MADV_DONTNEED);
}

const char *cache_str(const struct cache *c, uint32_t off)
{
	return off == CACHE_NONE ? NULL : c->strings + off;
}

const struct cache_rec *cache_find(const struct cache *c, const char *path)
{
	uint32_t lo = 0, hi = c->n;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		int cmp = strcmp(c->strings + c->recs[mid].path, path);

		if (!cmp)
			return &c->recs[mid];
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

void cache_rec_stamp(const struct cache_rec *rec, struct file_stamp *out)
{
	memset(out, 0, sizeof(*out));
	out->size = rec->size;
	out->mtime_sec = rec->mtime_sec;
	out->mtime_nsec = rec->mtime_nsec;
	out->ctime_sec = rec->ctime_sec;
	out->ctime_nsec = rec->ctime_nsec;
	out->ino = rec->ino;
}

/* t at or after the cache was written: a change then may share the stamp */
static int not_before(int64_t sec, int32_t nsec, const struct cache_head *h)
{
	return sec > h->saved_sec || (sec == h->saved_sec && nsec >= h->saved_nsec);
}

int cache_fresh(const struct cache *c, const struct cache_rec *rec, const struct file_stamp *st)
{
	if (rec->size != st->size || rec->mtime_sec != st->mtime_sec ||
	    rec->mtime_nsec != st->mtime_nsec || rec->ctime_sec != st->ctime_sec ||
	    rec->ctime_nsec != st->ctime_nsec || rec->ino != st->ino)
		return 0;
	return !not_before(st->mtime_sec, (int32_t)st->mtime_nsec, &c->h) &&
	       !not_before(st->ctime_sec, (int32_t)st->ctime_nsec, &c->h);
}

/* ---- making one ---- */

struct cache_rec *cache_builder_add(struct cache_builder *b)
{
	struct cache_rec *r;

	ALLOC_GROW(b->recs, b->n + 1, b->alloc);
	r = &b->recs[b->n++];
	memset(r, 0, sizeof(*r));
	r->to = r->channel = r->rule = r->because = r->title = r->tags = r->message = CACHE_NONE;
	r->status_text = r->decision_text = CACHE_NONE;
	r->follow_up = r->due = r->given = r->decided = r->completed = DATE_NONE;
	r->valid_until = INT32_MAX;
	return r;
}

/* The slot of seen[] where s (len bytes) is, or the free one it would take. */
static size_t seen_slot(const struct cache_builder *b, const char *s, size_t len)
{
	size_t mask = b->seen_alloc - 1, i = (size_t)hash_bytes(s, len) & mask;

	while (b->seen[i] && strcmp(b->strings.buf + (b->seen[i] - 1), s))
		i = (i + 1) & mask;
	return i;
}

/* seen[] at twice the size, each string in its new slot. */
static void seen_grow(struct cache_builder *b)
{
	uint32_t *old = b->seen;
	size_t n = b->seen_alloc;

	b->seen_alloc = n ? 2 * n : 1024;
	b->seen = xcalloc(b->seen_alloc, sizeof(*b->seen));
	for (size_t i = 0; i < n; i++) {
		const char *s;

		if (!old[i])
			continue;
		s = b->strings.buf + (old[i] - 1);
		b->seen[seen_slot(b, s, strlen(s))] = old[i];
	}
	free(old);
}

uint32_t cache_builder_str(struct cache_builder *b, const char *s)
{
	size_t len, slot;
	uint32_t at;

	if (!s)
		return CACHE_NONE;
	len = strlen(s);
	if (2 * (b->nseen + 1) > b->seen_alloc)
		seen_grow(b);
	slot = seen_slot(b, s, len);
	if (!b->seen[slot]) {
		b->seen[slot] = (uint32_t)b->strings.len + 1;
		b->nseen++;
		strbuf_add(&b->strings, s, len + 1);
	}
	at = b->seen[slot] - 1;
	return b->base_len + at;
}

/* The builder's string at off: base's, or one added since. */
static const char *builder_str(const struct cache_builder *b, uint32_t off)
{
	return off < b->base_len ? b->base->strings + off : b->strings.buf + (off - b->base_len);
}

void cache_builder_base(struct cache_builder *b, const struct cache *c)
{
	/* records keep some 200 bytes of strings: beyond 512 a record, most are
	 * of records replaced since */
	if (!c->data || b->strings.len || b->n)
		return;
	/* as many records as last time, most likely */
	ALLOC_RESERVE(b->recs, (size_t)c->n + 1, b->alloc);
	if ((uint64_t)c->strings_len > 512 * (uint64_t)c->n + (1u << 20))
		return;
	b->base = c;
	b->base_len = c->strings_len;
}

static void set_stamp(struct cache_rec *r, const struct file_stamp *stamp)
{
	r->size = stamp->size;
	r->mtime_sec = stamp->mtime_sec;
	r->mtime_nsec = (int32_t)stamp->mtime_nsec;
	r->ctime_sec = stamp->ctime_sec;
	r->ctime_nsec = (int32_t)stamp->ctime_nsec;
	r->ino = stamp->ino;
}

void cache_builder_copy(struct cache_builder *b, const struct cache *c, const struct cache_rec *rec,
                        const struct file_stamp *stamp)
{
	struct cache_rec *r = cache_builder_add(b);

	*r = *rec;
	if (b->base != c) {
		r->path = cache_builder_str(b, cache_str(c, rec->path));
		r->to = cache_builder_str(b, cache_str(c, rec->to));
		r->channel = cache_builder_str(b, cache_str(c, rec->channel));
		r->rule = cache_builder_str(b, cache_str(c, rec->rule));
		r->because = cache_builder_str(b, cache_str(c, rec->because));
		r->title = cache_builder_str(b, cache_str(c, rec->title));
		r->tags = cache_builder_str(b, cache_str(c, rec->tags));
		r->message = cache_builder_str(b, cache_str(c, rec->message));
		r->status_text = cache_builder_str(b, cache_str(c, rec->status_text));
		r->decision_text = cache_builder_str(b, cache_str(c, rec->decision_text));
	}
	/* else its strings are where they were */
	if (stamp)
		set_stamp(r, stamp);
}

static const struct cache_builder *sort_builder; /* for cmp_rec: qsort has no context */

static int cmp_rec(const void *a, const void *b)
{
	return strcmp(builder_str(sort_builder, ((const struct cache_rec *)a)->path),
	              builder_str(sort_builder, ((const struct cache_rec *)b)->path));
}

/* Where the records stop being in order, from i on (n when they are). */
static size_t in_order_until(const struct cache_builder *b, size_t i)
{
	while (i + 1 < b->n && cmp_rec(&b->recs[i], &b->recs[i + 1]) <= 0)
		i++;
	return i + 1 < b->n ? i + 1 : b->n;
}

/* The records in path order, those of one path in the order they were
 * made. They come as two runs in order, most often: the files read during
 * the walk, then the records copied from the last cache; the first run
 * (few, mostly) goes into the second where each belongs, the records
 * between moved down a block at a time; anything else is sorted. */
static void sort_records(struct cache_builder *b)
{
	size_t k, i, from, to = 0;
	struct cache_rec *first;

	sort_builder = b;
	if (b->n < 2 || (k = in_order_until(b, 0)) == b->n)
		return;
	if (in_order_until(b, k) != b->n) {
		qsort(b->recs, b->n, sizeof(*b->recs), cmp_rec);
		return;
	}
	first = xmalloc(k * sizeof(*first));
	memcpy(first, b->recs, k * sizeof(*first));
	/* to + (k - i) == from throughout: the room left for the first run */
	for (i = 0, from = k; i < k; i++) {
		size_t lo = from, hi = b->n;

		while (lo < hi) { /* the first of the second run not before it */
			size_t mid = lo + (hi - lo) / 2;

			if (cmp_rec(&b->recs[mid], &first[i]) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		memmove(&b->recs[to], &b->recs[from], (lo - from) * sizeof(*b->recs));
		to += lo - from;
		from = lo;
		b->recs[to++] = first[i];
	}
	free(first);
}

/* The checksum over pieces, as checksum() gives it over them end to end. */
struct summer {
	uint64_t h;
	unsigned char carry[8];
	size_t ncarry;
};

static void sum_word(struct summer *s, const unsigned char *p)
{
	uint64_t w;

	memcpy(&w, p, 8);
	s->h = (s->h ^ w) * 0xff51afd7ed558ccdULL;
	s->h ^= s->h >> 32;
}

static void sum_add(struct summer *s, const void *data, size_t len)
{
	const unsigned char *p = data;

	while (s->ncarry && len) {
		s->carry[s->ncarry++] = *p++;
		len--;
		if (s->ncarry == 8) {
			sum_word(s, s->carry);
			s->ncarry = 0;
		}
	}
	for (; len >= 8; p += 8, len -= 8)
		sum_word(s, p);
	if (len)
		memcpy(s->carry + s->ncarry, p, len);
	s->ncarry += len;
}

static uint64_t sum_end(struct summer *s)
{
	for (size_t i = 0; i < s->ncarry; i++)
		s->h = (s->h ^ s->carry[i]) * 0x100000001b3ULL;
	return s->h ^ (s->h >> 29);
}

/* Write every piece to fd. */
static int write_pieces(int fd, const struct iovec *pieces, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (write_all(fd, pieces[i].iov_base, pieces[i].iov_len) < 0)
			return -1;
	return 0;
}

int cache_write(struct cache_builder *b, const char *file, const struct cache_head *h,
                struct dlg_err *err)
{
	struct file_header fh;
	struct summer sum;
	struct iovec piece[5];
	char *dir = xstrdup(file), *slash = strrchr(dir, '/'), *tmp;
	size_t kept = 0;
	int fd, ret = 0;

	if (slash) {
		*slash = '\0';
		if (mkdir(dir, 0777) < 0 && errno != EEXIST) {
			ret = err_set(err, 0, 0, "cannot make %s: %s", dir, strerror(errno));
			free(dir);
			return ret;
		}
	}
	free(dir);
	sort_records(b);
	/* kept in place: the dropped ones (read next time) and, for a path
	 * twice (a file read after all), all but the last one made */
	for (size_t i = 0; i < b->n; i++) {
		if (!b->recs[i].kind)
			continue;
		if (i + 1 < b->n && b->recs[i + 1].kind && !cmp_rec(&b->recs[i], &b->recs[i + 1]))
			continue;
		b->recs[kept++] = b->recs[i];
	}
	b->n = kept;
	memset(&fh, 0, sizeof(fh));
	memcpy(fh.magic, CACHE_MAGIC, 8);
	fh.version = CACHE_VERSION;
	fh.rec_size = sizeof(struct cache_rec);
	fh.n = (uint32_t)b->n;
	fh.strings_len = b->base_len + (uint32_t)b->strings.len;
	piece[0] = (struct iovec){ &fh, sizeof(fh) };
	piece[1] = (struct iovec){ (void *)h, sizeof(*h) };
	piece[2] = (struct iovec){ b->recs, b->n * sizeof(*b->recs) };
	piece[3] = (struct iovec){ b->base ? (void *)b->base->strings : NULL, b->base_len };
	piece[4] = (struct iovec){ b->strings.buf, b->strings.len };
	memset(&sum, 0, sizeof(sum));
	sum.h = 0x9e3779b97f4a7c15ULL ^
	        (piece[1].iov_len + piece[2].iov_len + piece[3].iov_len + piece[4].iov_len);
	for (size_t i = 1; i < ARRAY_SIZE(piece); i++)
		sum_add(&sum, piece[i].iov_base, piece[i].iov_len);
	fh.checksum = sum_end(&sum);
	/* one name for the temporary file: syncs take turns, and one killed
	 * while writing it leaves a file the next one writes over */
	tmp = xstrfmt("%s.new", file);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd >= 0 && fault_point("cache-write")) {
		errno = ENOSPC;
		ret = -1;
	} else if (fd >= 0) {
		ret = write_pieces(fd, piece, ARRAY_SIZE(piece));
	}
	if (fd >= 0 && close(fd) < 0)
		ret = -1;
	if (fd < 0 || ret < 0 || rename(tmp, file) < 0) {
		ret = err_set(err, 0, 0, "cannot write %s: %s", file, strerror(errno));
		unlink(tmp);
	}
	free(tmp);
	return ret;
}

void cache_builder_release(struct cache_builder *b)
{
	if (!b)
		return;
	free(b->recs);
	strbuf_release(&b->strings);
	free(b->seen);
	memset(b, 0, sizeof(*b));
}

/* ---- what the lifecycle reads ---- */

static void give_str(const struct cache_rec_sink *to, const char *key, const char *s)
{
	if (s)
		to->str(to->p, key, s);
}

static void give_date(const struct cache_rec_sink *to, const char *key, int32_t d)
{
	if (d != DATE_NONE)
		to->date(to->p, key, d);
}

void cache_rec_lifecycle(const struct cache *c, const struct cache_rec *rec,
                         const struct cache_rec_sink *to)
{
	const char *st = cache_str(c, rec->status_text), *dt = cache_str(c, rec->decision_text);

	if (st)
		give_str(to, "status", st);
	else if (rec->status != STATUS_INBOX)
		give_str(to, "status", status_name((enum status)rec->status));
	if (dt)
		give_str(to, "decision", dt);
	else if (rec->decision != DECISION_NONE)
		give_str(to, "decision", decision_name((enum decision)rec->decision));
	give_str(to, "rule", cache_str(c, rec->rule));
	give_str(to, "because", cache_str(c, rec->because));
	give_date(to, "decided", rec->decided);
	give_str(to, "channel", cache_str(c, rec->channel));
	give_str(to, "to", cache_str(c, rec->to));
	give_date(to, "given", rec->given);
	give_date(to, "follow_up", rec->follow_up);
	give_date(to, "completed", rec->completed);
}

static void set_str(void *f, const char *key, const char *s)
{
	fields_add_string(f, key, s);
}

static void set_date(void *f, const char *key, int32_t d)
{
	fields_add_date(f, key, d);
}

void cache_rec_fields(const struct cache *c, const struct cache_rec *rec, struct fields *out)
{
	const struct cache_rec_sink to = { set_str, set_date, out };

	fields_clear(out);
	cache_rec_lifecycle(c, rec, &to);
}
