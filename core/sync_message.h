/* sync_message.h: the commit messages of a sync. Every function returns a
 * string the caller frees. */
#ifndef DLG_SYNC_MESSAGE_H
#define DLG_SYNC_MESSAGE_H

#include "core/repo.h"
#include "core/sync.h"

/* The person's edits: "Edit clean-gutters, add file-taxes"; with more than
 * three files, counts: "Edit 12 tasks, add 3 tasks and 1 person". */
char *sync_edits_subject(const struct repo_changes *ch);
/* The subject, a line per file, and a note that dlg's changes follow. */
char *sync_edits_message(const char *subject, const struct repo_changes *ch);
/* dlg's commit: "Decide 3 tasks, hand off 1, complete 1", else "Update N
 * tasks" (written: how many files dlg changed). */
char *sync_dlg_subject(const struct sync_result *r, size_t written);
/* The subject, one line per task that was decided, handed off or completed
 * (events in r's order), and the Dlg-Sync: trailer. */
char *sync_dlg_message(const struct sync_result *r, size_t written, int today);

#endif
