/* events.h: running a sync for a command (dlg sync, done, give) and
 * printing what it did: one line per task event, then the problems, then
 * the commits. A command about one task (done, give) prints that task's
 * events and problems, and the rest of the repository in one line. */
#ifndef DLG_EVENTS_H
#define DLG_EVENTS_H

#include "cmd/cmd.h"
#include "core/sync.h"

struct events_opts {
	int quiet;             /* only problems and the commits made */
	int dry_run;           /* "would commit ..." */
	const char *only_id;   /* print only this task's events and problems, or NULL */
	const char *only_path; /* with only_id: its file ("tasks/x.md") */
	const char *note_word; /* the word before the edit's note ("snoozed"), or
	                          NULL to print no note */
};

/* Print r: events on stdout (undecided ones on stderr), invalid files and
 * lifecycle errors on stderr, then the commits on stdout. With only_id,
 * the problems of other files are instead counted in one line on stderr,
 * last ("dlg: 3 other tasks need a look: run dlg sync"). */
void events_print(const struct dlg_ctx *ctx, const struct sync_result *r,
                  const struct events_opts *opts);
/* The exit status a sync's result calls for: 1 when some task was invalid,
 * undecidable or stopped by an error, else 0. With only_id, only that
 * task counts. */
int events_exit_status(const struct sync_result *r, const struct events_opts *opts);

/* A sync as a command asks for it. */
struct sync_call {
	int dry_run;
	int quiet;
	const char *task_path; /* the task the command is about, or NULL */
	const char *task_id;   /* its id: then only its events and problems are
	                          printed, and only they set the exit status */
	sync_edit_fn edit;     /* its edit, made under the lock (with task_path) */
	void *payload;
	sync_note_fn note;     /* what the edit did, in words, for its commit */
	const char *note_word; /* with note: printed first, as an event is, with
	                          this word ("snoozed   x  checked in with ...") */
	int offline;           /* [sync] remote: neither fetch nor push */
	int no_push;           /* [sync] remote: don't push */
};
/* Open the repository, run the sync, print the result; returns the exit
 * status. */
int events_sync(struct dlg_ctx *ctx, const struct sync_call *call);

#endif
