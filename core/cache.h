/* cache.h: what the last sync learned about each settled task file, so a
 * sync with nothing to do parses no file that has not changed. Kept in
 * .git/dlg/cache; rebuilt when missing, corrupt or stale (dlg.ini, people/
 * or dlg itself changed); never trusted over the files: an entry counts only
 * while its file's size, modification time and inode are the same. */
#ifndef DLG_CACHE_H
#define DLG_CACHE_H

#include "core/task.h"
#include "lib/util.h"
#include "lib/value.h"

/* A settled task: the lifecycle had nothing to change in it. What the
 * lifecycle reads of such a task is the fields dlg writes (lc_fields), so
 * the entry keeps those and the lifecycle runs on them as on a parsed file. */
struct cache_entry {
	char *path;
	struct file_stamp stamp;
	struct fields fields; /* the task's values of lc_fields it has */
};

struct cache {
	struct cache_entry *v; /* sorted by path once loaded or saved */
	size_t n;
	size_t alloc;
};
#define CACHE_INIT                                                                                 \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

/* What the cache depends on besides each file: dlg's version, dlg.ini's
 * bytes, and the stamp of every person file. Caller frees. */
char *cache_key(const char *root);
/* Read the cache file; a missing, unreadable, corrupt or stale one (its key
 * is not key) leaves c empty. Never fails. */
void cache_load(struct cache *c, const char *file, const char *key);
/* The entry for path whose stamp is still stamp, else NULL. */
const struct cache_entry *cache_lookup(const struct cache *c, const char *path,
                                       const struct file_stamp *stamp);
/* Remember a settled task: its stamp and its values of lc_fields. A task
 * whose values can't be kept exactly (a list, a mapping, a tab or newline
 * in text) is left out, to be parsed each time. */
void cache_add(struct cache *c, const char *path, const struct file_stamp *stamp,
               const struct fields *task);
void cache_add_entry(struct cache *c, const struct cache_entry *e);
/* Sort by path (after adding), and find by path whatever the stamp. */
void cache_sort(struct cache *c);
const struct cache_entry *cache_find_path(const struct cache *c, const char *path);
/* Write the cache atomically (making its folder). Entries whose file was
 * modified within a second of now are left out: an edit in the same
 * timestamp tick could otherwise go unseen. */
int cache_save(struct cache *c, const char *file, const char *key, long long now_sec,
               struct dlg_err *err);
void cache_release(struct cache *c);

#endif
