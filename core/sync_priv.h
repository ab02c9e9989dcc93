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
	struct sync_remote_run *remote; /* [sync] remote's part (sync_remote.c) */
};

/* Commit paths on the commit the sync started from (or made), so that a
 * `git commit` made meanwhile is never undone; the commit goes to c. */
int sync_commit_paths(struct run *r, struct sync_commit *c, const struct strlist *paths,
                      repo_message_fn message, void *payload, struct dlg_err *err);
void sync_event_release(struct sync_event *e);
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

/* sync_remote.c: [sync] remote. Before the person's commit: register the
 * merge driver, finish a merge an earlier sync left waiting, fetch
 * (sync_remote_begin). After it: merge what was fetched; *changed is set
 * when files changed, which the sync then reads again (sync_remote_merge).
 * After dlg's commit: push, and when refused, fetch, merge and push again,
 * a few times (sync_remote_push). Each returns 0 also when the remote
 * could not be reached (the result says so); out->remote.waiting stops
 * the rest of the sync. sync_remote_end frees the run's part. */
int sync_remote_begin(struct run *r, struct dlg_err *err);
int sync_remote_merge(struct run *r, int *changed, struct dlg_err *err);
int sync_remote_push(struct run *r, struct dlg_err *err);
void sync_remote_end(struct run *r);
void sync_remote_result_release(struct sync_remote_result *rr);

#endif
