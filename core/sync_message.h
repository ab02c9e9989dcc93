/* sync_message.h: the commit messages of a sync. Every function returns a
 * string the caller frees. */
#ifndef DLG_SYNC_MESSAGE_H
#define DLG_SYNC_MESSAGE_H

#include "core/repo.h"
#include "core/sync.h"

/* The person's edits: "Edit clean-gutters, add file-taxes"; with more than
 * three files, counts: "Edit 12 tasks, add 3 tasks and 1 person". */
char *sync_edits_subject(const struct repo_changes *ch);
/* The subject, a line per file, what a command's edit of task id did
 * (note, "id: note"; both may be NULL), and a note that dlg's changes
 * follow. */
char *sync_edits_message(const char *subject, const struct repo_changes *ch, const char *id,
                         const char *note);
/* How many tasks a commit of dlg's decides, hands off, completes. */
struct sync_counts {
	size_t decided;
	size_t handed;
	size_t completed;
	size_t repeated; /* repeating tasks whose next occurrence was written */
};
/* dlg's commit: "Decide 3 tasks, hand off 1, complete 1", else "Update N
 * tasks" (written: how many files dlg changed). */
char *sync_dlg_subject(const struct sync_counts *c, size_t written);
/* Append the message lines of n events, in order: a line per task decided,
 * handed off or completed ("clean-gutters: inbox → outsource via taskrabbit
 * (bad-at: ...)"); other events have none. */
void sync_task_lines(struct strbuf *sb, const struct sync_event *ev, size_t n);
/* Append what ends a message: the optional note, and the Dlg-Sync:
 * trailer with today's date. */
void sync_dlg_trailer(struct strbuf *sb, const char *note, int today);
/* The whole message: subject, body (its lines), an optional note, and the
 * Dlg-Sync: trailer with today's date. */
char *sync_dlg_message(const char *subject, const char *body, const char *note, int today);

#endif
