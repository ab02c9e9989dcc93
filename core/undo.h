/* undo.h: `dlg undo` as one call: under the sync lock, find the last sync
 * at the tip of the branch and take back the commits it made with one new
 * commit, work tree and index included. History is never rewritten.
 *
 * The last sync is what one run of `dlg sync` (or done, give, which run
 * one) committed, found going down the first-parent history from HEAD, in
 * the order a sync makes its commits, newest first:
 *   - dlg's commit, with a Dlg-Sync: trailer;
 *   - below it, the commit of the person's own edits that the same run
 *     made first, whose message ends "As written by hand; dlg's own
 *     changes follow in the next commit.";
 *   - below that, a Dlg-Sync: commit the run made to finish a sync that
 *     had been interrupted ("Written by a sync that was interrupted;
 *     committed by the next.").
 * Each may be missing, but not all, and each older one belongs to the run
 * only when it was committed at most 10 minutes before the next (so that
 * the commit of the edits of an earlier sync that decided nothing is never
 * taken for part of a later one).
 *
 * Undo commits (with Dlg-Undo: trailers naming what they took back) and the
 * commits they took back are stepped over: a second undo takes back the
 * sync before, and so on, while nothing else was committed in between.
 *
 * Nothing here prints. */
#ifndef DLG_UNDO_H
#define DLG_UNDO_H

#include "core/repo.h"
#include "lib/util.h"

/* The commits of a sync. */
enum undo_kind {
	UNDO_DLG = 0,   /* dlg's Dlg-Sync: commit */
	UNDO_EDITS,     /* the person's edits, committed by the sync */
	UNDO_RECOVERED, /* a Dlg-Sync: commit finishing an interrupted sync */
};

struct undo_commit {
	enum undo_kind kind;
	struct repo_oid id;
	char short_id[REPO_SHORT_SIZE];
	char *subject;
};

#define UNDO_MAX_COMMITS 3

struct undo_result {
	struct undo_commit taken[UNDO_MAX_COMMITS]; /* newest first */
	size_t ntaken;
	size_t skipped; /* commits above it already taken back, undo commits
	                   included */
	char date[11];  /* the sync's, from its Dlg-Sync: trailer */
	char *subject;  /* the undo commit's */
	/* what the undo commit changes, path by path: 'M' put back as before
	 * the sync, 'D' deleted (the sync added it), 'A' made again (the sync
	 * deleted it) */
	struct repo_changes changes;
	int committed;
	char short_id[REPO_SHORT_SIZE]; /* the undo commit, when committed */
};
/* clang-format off */
#define UNDO_RESULT_INIT { { { 0, { { 0 } }, { 0 }, NULL } }, 0, 0, { 0 }, NULL, REPO_CHANGES_INIT, 0, { 0 } }
/* clang-format on */
void undo_result_release(struct undo_result *r);

struct undo_opts {
	int dry_run; /* find and check, say what would be done, change nothing */
	int lock_timeout_ms;
};
/* clang-format off */
#define UNDO_OPTS_INIT { 0, 5000 }
/* clang-format on */

/*
 * Take back the last sync. Refuses, changing nothing, with DLG_ENOTFOUND
 * when there is none to take back (HEAD is not a sync, every sync was
 * taken back already, the branch has no commit), or DLG_ESTATE when
 * something was committed on top of it, its commits were pushed (a
 * remote-tracking branch has them), a file it would change has changes not
 * committed, a sync was interrupted and not finished yet, or the
 * repository is in a state dlg refuses (repo_check_state); DLG_ELOCKED
 * when another dlg holds the lock. err says which, and what to do.
 */
int undo_run(struct undo_result *out, struct repo *repo, const struct undo_opts *opts,
             struct dlg_err *err);

#endif
