/* sync_priv.h: what the files of the sync engine share: the state of one
 * sync in progress. */
#ifndef DLG_SYNC_PRIV_H
#define DLG_SYNC_PRIV_H

#include "core/cache.h"
#include "core/sync.h"

struct run {
	const struct sync_opts *opts;
	struct repo *repo;
	struct sync_result *out;
	struct taskset ts;
	struct people_info people;
	struct task *extra; /* tasks the cache knew that had to be read after all */
	size_t nextra;
	size_t extra_alloc;
	struct task **born; /* next occurrences of repeating tasks, new files
	                       (sync_repeat.c); each allocated on its own */
	size_t nborn;
	size_t born_alloc;
	struct cache cache;      /* what the last sync left */
	struct cache settled;    /* what this sync leaves for the next */
	struct strlist written;  /* paths dlg changed (would change, in a dry run) */
	struct strlist excluded; /* what git leaves out of the person's tree
	                            (sparse, submodules): never read, sorted */
	struct repo_oid head;    /* the commit to build on */
	int has_head;            /* 0 on an unborn branch */
	size_t seq;              /* events in the order they happened */
	size_t *order;           /* parallel to out->events */
	size_t order_alloc;
};

/* Commit paths on the commit the sync started from (or made), so that a
 * `git commit` made meanwhile is never undone; the commit goes to c. */
int sync_commit_paths(struct run *r, struct sync_commit *c, const struct strlist *paths,
                      repo_message_fn message, void *payload, struct dlg_err *err);
void sync_event_release(struct sync_event *e);
/* A new event of task id, in the order of events. */
struct sync_event *sync_add_event(struct run *r, enum sync_event_kind kind, const char *id);
/* Step 5 for one task: the lifecycle, its events, its changes applied. */
int sync_lifecycle_task(struct run *r, struct task *t, struct dlg_err *err);
/* A done task that repeats (sync_repeat.c): make its next occurrence, due
 * next_due, a new task of r->extra decided like any, unless a file of that
 * id is there already; then note `next: ID` in the done task. */
int sync_repeat(struct run *r, struct task *done, int next_due, struct dlg_err *err);
void sync_repeat_release(struct run *r);
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

#endif
