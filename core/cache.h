/* cache.h: what the last sync learned about each task file, so that a sync
 * with nothing to do reads no file and the read commands parse nothing that
 * did not change. Kept in .git/dlg/cache as one binary file: a header, a
 * table of fixed-size records in path order (the order of git's index),
 * and the strings they point into; versioned and checksummed, read with one
 * read and no allocation per record, rebuilt whenever it is missing,
 * corrupt, from another version of dlg, or made with another dlg.ini or
 * other people. Never trusted over the files: a record counts only while
 * its file's size, times and inode are what it says, and a file whose
 * stamp changed is hashed: same bytes, same record.
 *
 * Each record holds the task's verdict (the events the lifecycle gave it,
 * until the day that can change), what the lifecycle reads of it, and what
 * every command shows of it. */
#ifndef DLG_CACHE_H
#define DLG_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "core/task.h"
#include "lib/util.h"
#include "lib/value.h"

#define CACHE_NONE UINT32_MAX /* no string */

/* What a record says of its task. */
enum cache_kind {
	CACHE_SETTLED = 1, /* usable, the lifecycle had nothing to change */
	CACHE_UNDECIDED,   /* usable, in the inbox, no rule held: message is the hint */
	CACHE_INVALID,     /* not usable: message is its problems, a line each */
};

/* One task file. Strings are offsets into the cache's strings (CACHE_NONE
 * when absent); dates are days, DATE_NONE when absent. */
struct cache_rec {
	uint32_t path, path_len;
	int64_t size, mtime_sec, ctime_sec;
	int32_t mtime_nsec, ctime_nsec;
	uint64_t ino;
	uint64_t hash; /* hash_bytes() of the file */
	uint8_t kind, status, decision, pad;
	uint32_t events;     /* LC_* the lifecycle gave it on verdict_day */
	int32_t valid_until; /* the last day those events hold; INT32_MAX: always */
	int32_t follow_up, due, given, decided, completed;
	uint32_t to, channel, rule, because, title, tags, message;
	uint32_t status_text, decision_text; /* as written, when not as dlg spells it */
	double hours, cost;
	int32_t rating; /* 0 when none */
	int32_t checks_done, checks_total;
	uint32_t flags; /* CACHE_F_* */
};
enum {
	CACHE_F_HOURS = 1 << 0, /* hours is set */
	CACHE_F_COST = 1 << 1,
	CACHE_F_CHECKS = 1 << 2, /* checks_* are known (the body was read) */
};

/* What the cache was made against. */
struct cache_head {
	uint64_t key;           /* cache_key(): dlg, dlg.ini, people */
	unsigned char head[20]; /* the commit HEAD was */
	uint32_t has_head;
	int64_t index_size, index_mtime_sec; /* git's index file then */
	int32_t index_mtime_nsec;
	uint64_t index_ino;
	uint64_t index_digest; /* repo_index_digest() then */
	int64_t saved_sec;     /* when it was written: a file changed then is racy */
	int32_t saved_nsec;
	int32_t clean;     /* managed paths in the index agreed with HEAD then */
	uint32_t excluded; /* what git left out of the tree then (repo_excluded_paths),
	                      a line each, or CACHE_NONE */
};

struct cache {
	char *data; /* the whole file, or NULL */
	size_t len;
	struct cache_head h;
	const struct cache_rec *recs; /* sorted by path */
	uint32_t n;
	const char *strings;
	uint32_t strings_len;
};
/* clang-format off */
#define CACHE_INIT { NULL, 0, { 0 }, NULL, 0, NULL, 0 }
/* clang-format on */

/* What the cache depends on besides each file: dlg's version, dlg.ini's
 * bytes, and the stamp of every person file. */
uint64_t cache_key(const char *root);
/* Read the cache file. A missing, unreadable, corrupt, other-version or
 * stale one (key differs) leaves c empty. Never fails. */
void cache_load(struct cache *c, const char *file, uint64_t key);
void cache_release(struct cache *c);
/* Give back the pages of the cache read so far (the file is mapped): they
 * are read again from the system's cache when they are needed, and a
 * command's memory holds only those it is using. */
void cache_trim(const struct cache *c);
/* The record for path, or NULL. */
const struct cache_rec *cache_find(const struct cache *c, const char *path);
/* A record's string, or NULL for CACHE_NONE. */
const char *cache_str(const struct cache *c, uint32_t off);
/* Whether rec's stamp is stamp, and the file can't have changed since the
 * cache was written without its stamp saying so (not racy). */
int cache_fresh(const struct cache *c, const struct cache_rec *rec, const struct file_stamp *stamp);

/* A cache being made, for the next sync. */
struct cache_builder {
	struct cache_rec *recs;
	size_t n, alloc;
	struct strbuf strings;    /* what was added, after base's strings */
	const struct cache *base; /* whose strings come first, or NULL */
	uint32_t base_len;        /* how long they are (0 without base) */
	/* the strings added, each once: a rule's name and reason, who has
	 * the task, its tags are the same in thousands of records */
	uint32_t *seen;           /* offsets + 1 into strings; 0: a free slot */
	size_t nseen, seen_alloc; /* seen_alloc: a power of 2, or 0 */
};
/* clang-format off */
#define CACHE_BUILDER_INIT { NULL, 0, 0, STRBUF_INIT, NULL, 0, NULL, 0, 0 }
/* clang-format on */
/* Start b with c's strings as they are (not copied: they are written from
 * c), so that copying a record of c is copying the record alone: a sync
 * that changed a few files appends what changed instead of copying
 * everything. Not done (b starts empty) when c has piled up too many
 * strings no record uses any more: then the next cache is made afresh,
 * compact. c must outlive b's cache_write. */
void cache_builder_base(struct cache_builder *b, const struct cache *c);
/* Add a record (its string fields are offsets into the builder's strings,
 * made with cache_builder_str). Any order: the cache is sorted on write. */
struct cache_rec *cache_builder_add(struct cache_builder *b);
/* The offset of s in the builder's strings: the same string added twice
 * is stored once. CACHE_NONE for NULL. */
uint32_t cache_builder_str(struct cache_builder *b, const char *s);
/* Copy rec of c (with its strings), with a new stamp when stamp is not NULL. */
void cache_builder_copy(struct cache_builder *b, const struct cache *c, const struct cache_rec *rec,
                        const struct file_stamp *stamp);
/* Write the cache atomically (making its folder): a temporary file renamed
 * into place, not made durable (a cache a crash garbles fails its checksum
 * and is rebuilt from the files). */
int cache_write(struct cache_builder *b, const char *file, const struct cache_head *h,
                struct dlg_err *err);
void cache_builder_release(struct cache_builder *b);

/* Load the tasks and people of root as taskset_load does, through the cache
 * at cache_file: a task file the cache vouches for is not read, and comes
 * back with the fields commands read (status, decision, rule, because, to,
 * channel, the dates, hours, cost, rating, tags, title; not every field of
 * its front-matter), its title and checklist counts; the others are parsed.
 * With no usable cache, a full taskset_load. Writes nothing. */
int taskset_load_cached(struct taskset *ts, const char *root, const char *cache_file,
                        unsigned flags, struct dlg_err *err);
/* The same, handing each task to each as the walk finds it (in path
 * order), none kept: ts->tasks stays empty, and memory does not grow with
 * the number of tasks. A task from the cache is borrowed for the call. */
int taskset_stream_cached(struct taskset *ts, const char *root, const char *cache_file,
                          unsigned flags, taskset_each_fn each, void *payload, struct dlg_err *err);
/* Keep a task handed to each (it is left empty): appended to ts->tasks,
 * whose index it returns (a pointer would move as more are kept). */
size_t taskset_keep(struct taskset *ts, struct task *t);

/* The stamp a record holds. */
void cache_rec_stamp(const struct cache_rec *rec, struct file_stamp *out);
/* What the lifecycle reads of a settled task, from its record: the fields
 * dlg writes, as the task has them (status and decision as written), in
 * this order, each handed to str or date. */
struct cache_rec_sink {
	void (*str)(void *p, const char *key, const char *s);
	void (*date)(void *p, const char *key, int32_t d);
	void *p;
};
void cache_rec_lifecycle(const struct cache *c, const struct cache_rec *rec,
                         const struct cache_rec_sink *to);
/* The same as fields. */
void cache_rec_fields(const struct cache *c, const struct cache_rec *rec, struct fields *out);

#endif
