/* sync.h: the sync engine, the whole of `dlg sync` as one call: take the
 * lock, commit the person's own edits, apply the lifecycle to every task,
 * write dlg's changes back losslessly, commit them apart, and keep the
 * cache. `dlg sync`, `dlg done` and `dlg give` all run through here; what
 * happened comes back as a result for cmd/ to print. Nothing here prints.
 *
 * The steps, in order (DESIGN.md "dlg sync"):
 *   1. lock .git/dlg.lock; refuse a merge, a rebase, a detached HEAD
 *   2. with [sync] remote: finish a merge an earlier sync left waiting,
 *      fetch, and when something came, commit the person's edits (step 4,
 *      early) and merge it (sync_fetch_merge, core/sync_remote.c)
 *   3. a command's own edit of one task, made under the lock
 *   4. commit the person's edits to managed paths, as written
 *   5. the lifecycle over every task: parsed files and cached ones alike
 *   6. write the changed files; commit them with the reasons
 *   7. with [sync] remote: push; refused, fetch, merge and push again
 *      (sync_push)
 *   8. save the cache for the next sync
 *   9. the caller's hook ([calendar] file), still under the lock */
#ifndef DLG_SYNC_H
#define DLG_SYNC_H

#include "core/config.h"
#include "core/lifecycle.h"
#include "core/repo.h"
#include "core/task.h"
#include "lib/util.h"

/* What happened to one task, one kind of event each. */
enum sync_event_kind {
	SYNC_DECIDED = 0, /* a rule (or you, by hand) decided it */
	SYNC_HANDED,      /* given to someone: waiting, follow-up set */
	SYNC_COMPLETED,   /* done: completed date set */
	SYNC_NEEDS,       /* delegated or outsourced, no one named yet */
	SYNC_DUE,         /* waiting, follow-up today or past */
	SYNC_REPEATED,    /* done, and it repeats: its next occurrence is written */
	SYNC_UNDECIDED,   /* in the inbox, no rule held */
	SYNC_UNDONE,      /* the person's edit took back what dlg wrote (a stale
	                     editor buffer?): message says what */
};

struct sync_event {
	enum sync_event_kind kind;
	char *id;               /* the task's id */
	enum decision decision; /* decided, needs */
	/* these five are the result's (in its names): the same few strings
	 * in thousands of events */
	const char *rule;       /* decided: the rule's name; NULL when by hand */
	const char *because;    /* decided: the rule's reason, or NULL */
	const char *channel;    /* decided, needs: the channel, or NULL */
	const char *to;         /* decided, handed, due: who has it, or NULL */
	const char *old_status; /* decided, handed: the status before */
	char *rating;           /* completed: the rating as written, or NULL */
	char *message;          /* undecided: what to add */
	int follow_up;          /* handed, due: the follow-up date */
	int days_late;          /* due */
	int date;               /* completed: the completed date; repeated: the
	                           next occurrence's due date */
	char *next;             /* repeated: the next occurrence's id */
	char *period;           /* repeated: its `repeat` as written ("1w") */
};

/* A commit a sync made (or, in a dry run, would make). */
struct sync_commit {
	char *subject; /* NULL when there is none */
	char short_id[REPO_SHORT_SIZE];
};

/* What a sync did with [sync] remote (sync_remote.c). */
struct sync_remote_result {
	char *name;        /* "origin/main": what was synced with; NULL without a remote */
	char *unreachable; /* why the fetch failed; local work done all the same */
	char *unpushed;    /* why the push failed (after its retries) */
	char *refused;     /* why dlg left the merge to git */
	struct sync_commit finished; /* a merge an earlier sync left, finished now */
	struct sync_commit merge;    /* this sync's merge commit */
	char *merged;                /* what the merge brought, in words ("3 tasks: 2 edited ..."),
	                                also for a fast-forward */
	int fast_forward;            /* the merge was a fast-forward (merge.short_id: the tip) */
	struct diags conflicts;      /* path:line: what clashed; the merge waits for them */
	int waiting;    /* a merge waits for conflicts to be fixed: nothing else done */
	int pushed;     /* pushed (or the remote had it all already) */
	int retries;    /* pushes refused as someone pushed meanwhile */
	int registered; /* dlg's merge driver was registered in this clone */
};

struct sync_result {
	struct sync_event *events; /* sorted by task id, then in order of the steps */
	size_t nevents;
	size_t alloc;
	struct diags invalid;         /* files that don't parse: path:line:col: message */
	struct diags errors;          /* the lifecycle stopped on a task: path: message */
	struct diags unwritten;       /* files not written: changed meanwhile (a warning)
	                                 or could not be (an error) */
	struct diags warnings;        /* done all the same (e.g. the cache not saved) */
	struct sync_commit recovered; /* what a killed sync left, committed first */
	struct sync_commit edits;     /* step 4: the person's edits */
	struct sync_commit dlg;       /* step 6: dlg's changes */
	size_t decided, handed, completed, needs, undecided, repeated;
	char *edit_note; /* what the command's edit did, in its words, or NULL */
	int stopped;     /* the command's edit had nothing to change:
	                    nothing else was done */
	int changed;     /* a file was written or a commit made: something was done,
	                    even when sync_run then fails */
	size_t parsed;   /* task files read and parsed */
	size_t cached;   /* task files the cache vouched for, not read */
	int fast;        /* the person's edits were found without git's status */
	struct sync_remote_result remote;
	struct strset names; /* what the events' rule, because, channel, to and
	                        old_status point to */
};
/* clang-format off */
#define SYNC_RESULT_INIT { NULL, 0, 0, DIAGS_INIT, DIAGS_INIT, DIAGS_INIT, DIAGS_INIT, { NULL, "" }, { NULL, "" }, { NULL, "" }, 0, 0, 0, 0, 0, 0, NULL, 0, 0, 0, 0, 0, { 0 }, STRSET_INIT }
/* clang-format on */
void sync_result_release(struct sync_result *r);

/* A command's own edit of one task (dlg done, dlg give), made as a person
 * would by hand, under the lock and on the file as it is then: set
 * *changes from the task as loaded. Return 0 to apply them, 1 when there is
 * nothing to change (the sync stops there, result->stopped), or a negative
 * code with err set to refuse (nothing is done). */
typedef int (*sync_edit_fn)(struct fields *changes, const struct task *t,
                            const struct people_info *people, void *payload, struct dlg_err *err);

/* What the caller keeps in step with the tasks after every sync that ran
 * (not a dry run): called last, still under the lock, so that it reads the
 * files as this sync left them and no other sync writes meanwhile. A
 * failure is a warning in the result: the sync is done all the same. */
typedef int (*sync_after_fn)(void *payload, struct dlg_err *err);

/* What a command's edit did, in words, once it is made ("checked in with
 * carol, next follow-up 2026-12-09"): the commit of the edit says it, after
 * the task's id. Returns a string the engine frees, or NULL for none. */
typedef char *(*sync_note_fn)(const struct task *t, void *payload);

struct sync_opts {
	const char *root; /* the task repository: the top of repo's work tree */
	const struct config *cfg;
	int today;
	int dry_run; /* say what would happen; write and commit nothing */
	int lock_timeout_ms;
	const char *task_path; /* the task a command is about ("tasks/x.md"), or NULL */
	sync_edit_fn edit;     /* its edit (with task_path), or NULL */
	void *edit_payload;
	sync_after_fn after; /* or NULL */
	void *after_payload;
	int offline;            /* with [sync] remote: neither fetch nor push */
	int no_push;            /* with [sync] remote: fetch and merge, don't push */
	sync_note_fn edit_note; /* with edit: its words for the commit, or NULL */
};
/* clang-format off */
#define SYNC_OPTS_INIT { NULL, NULL, 0, 0, 5000, NULL, NULL, NULL, NULL, NULL, 0, 0, NULL }
/* clang-format on */

/* Run a whole sync. Returns 0 when the sync ran (problems with single tasks
 * are in the result, not errors), or a negative code with err set when it
 * could not: the lock is held, the repository is in a state dlg refuses, a
 * commit failed. */
int sync_run(struct sync_result *out, struct repo *repo, const struct sync_opts *opts,
             struct dlg_err *err);

#endif
