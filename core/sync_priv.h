/* sync_priv.h: what the files of the sync engine share: the state of one
 * sync in progress. */
#ifndef DLG_SYNC_PRIV_H
#define DLG_SYNC_PRIV_H

#include "core/cache.h"
#include "core/sync.h"

/* A file whose stamp changed and whose bytes did not. */
struct touched {
	char *path;
	struct file_stamp stamp;
};

/* What the engine keeps of a task it read, once the task is dropped. */
struct parsed {
	char *path;
	int dirty;               /* dlg changed it: staged in the run's batch */
	unsigned long long hash; /* hash_bytes() of what dlg writes */
	size_t len;
	unsigned kinds; /* 1 << SYNC_* of its events */
	char *lines;    /* its lines of dlg's commit message, or NULL */
	size_t rec;     /* its record in the next cache, or SIZE_MAX */
};

struct run {
	const struct sync_opts *opts;
	struct repo *repo;
	struct sync_result *out;
	struct taskset ts; /* the people, and the task files skipped (cached) */
	struct people_info people;
	struct parsed *parsed; /* every task read, in the order read */
	size_t nparsed, parsed_alloc;
	size_t lines_len;           /* of their lines of dlg's message, once they are gone */
	size_t nafter;              /* of them, read after all (the cache knew them) */
	struct atomic_batch batch;  /* dlg's new bytes, staged as they were made */
	struct cache cache;         /* what the last sync left */
	struct cache_head digested; /* git's index file (its stamp) and its digest, */
	int has_digest;             /* when vouches read them */
	int fast;                   /* the cache vouches for HEAD and git's index: the
	                               person's edits are the files it doesn't know */
	struct touched *touched;    /* files with a new stamp and the same bytes */
	size_t ntouched, touched_alloc;
	struct cache_builder next; /* what this sync leaves for the next */
	int cache_dirty;           /* the next differs from what the last left */
	uint32_t cursor;           /* the cache record after the last one found */
	struct strlist written;    /* paths dlg changed (would change, in a dry run) */
	struct strlist excluded;   /* what git leaves out of the person's tree
	                              (sparse, submodules): never read, sorted */
	struct repo_oid head;      /* the commit to build on */
	int has_head;              /* 0 on an unborn branch */
	size_t seq;                /* events in the order they happened */
	size_t *order;             /* parallel to out->events */
	size_t order_alloc;
	struct sync_remote_run *remote; /* [sync] remote's part (sync_remote.c) */
};

/* Commit paths on the commit the sync started from (or made), so that a
 * `git commit` made meanwhile is never undone; the commit goes to c. */
int sync_commit_paths(struct run *r, struct sync_commit *c, const struct strlist *paths,
                      repo_message_fn message, void *payload, struct dlg_err *err);
void sync_event_release(struct sync_event *e);
/* The events of one lifecycle step, for parsed and cached tasks alike. */
void sync_record(struct run *r, const char *id, const char *path, const struct fields *task,
                 const struct lc_result *lc);
/* A new event of task id, in the order of events. */
struct sync_event *sync_add_event(struct run *r, enum sync_event_kind kind, const char *id);
/* An "undone" event for a task (message: taken over). */
void sync_record_undone(struct run *r, const char *id, char *message);
/* The task read whose path this is, or NULL. */
const struct parsed *sync_find_parsed(const struct run *r, const char *path);

/* sync_cache.c: the cache, the walk and the lifecycle. Load the cache and
 * the tree, reading only the files the cache doesn't vouch for. */
int sync_load(struct run *r, struct dlg_err *err);
/* With r->fast: the managed paths that may differ from HEAD (the files read,
 * and those the cache knew that are gone), for the person's commit. */
int sync_changed_paths(struct run *r, struct strlist *out);
/* sync_stream.c: a task just read: its problems, the lifecycle, dlg's new
 * bytes staged in the batch, its cache record; then it is dropped. */
int sync_stream_task(struct run *r, struct task *t, struct dlg_err *err);
/* sync_repeat.c: a done task that repeats, as it is read (t, its
 * lifecycle's changes applied): its next occurrence, due next_due, made
 * and streamed like a task just read, unless a file of that id is there
 * already; then `next: ID` noted in t. Called before t is staged, so the
 * new file is renamed into place before t's edit. *first, where t's
 * events begin, moves past the new task's. */
int sync_repeat(struct run *r, struct task *t, int next_due, size_t *first, struct dlg_err *err);
/* After the batch was committed: the records of the files dlg wrote get the
 * stamps they have now; those left as they were are read next time. */
void sync_settle_written(struct run *r);
/* Problems as a cache record keeps them, and back. */
char *sync_problems_text(const struct diags *d);
void sync_problems_from_text(struct diags *d, const char *path, const char *text);

/* Step 5: the lifecycle over the tasks the cache vouches for (those read
 * went through it as they were read). */
int sync_lifecycle(struct run *r, struct dlg_err *err);
/* Write the cache for the next sync (not in a dry run; warnings on failure). */
void sync_save_cache(struct run *r);
void sync_run_release(struct run *r);
/* Sort the events by task id, then in the order they happened. */
void sync_sort_events(struct run *r);

/* Step 6 (sync_commit.c): note in the journal what is about to be written,
 * write the changed files, commit them with their reasons, and drop the
 * journal once the commit is made. */
int sync_write_and_commit(struct run *r, struct dlg_err *err);
/* At the start of a sync (sync_commit.c): finish what a killed sync left:
 * commit the files it wrote that are still as it wrote them, put the index
 * back in step with HEAD, remove the journal. */
int sync_recover(struct run *r, struct dlg_err *err);

/* sync_remote.c: [sync] remote. Before the tree is read: register the
 * merge driver, finish a merge an earlier sync left waiting, fetch
 * (sync_remote_begin); whether what was fetched is to be merged
 * (sync_remote_pending: the person's edits are then committed first);
 * merge it, *changed set when files changed (sync_remote_merge).
 * After dlg's commit: push, and when refused, fetch, merge and push again,
 * a few times (sync_remote_push). Each returns 0 also when the remote
 * could not be reached (the result says so); out->remote.waiting stops
 * the rest of the sync. sync_remote_end frees the run's part. */
int sync_remote_begin(struct run *r, struct dlg_err *err);
int sync_remote_pending(const struct run *r);
int sync_remote_merge(struct run *r, int *changed, struct dlg_err *err);
int sync_remote_push(struct run *r, struct dlg_err *err);
void sync_remote_end(struct run *r);
void sync_remote_result_release(struct sync_remote_result *rr);

#endif
