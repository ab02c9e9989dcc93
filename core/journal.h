/* journal.h: what a sync is about to write, kept in .git/dlg/journal from
 * just before dlg renames its files into place until its commit is made,
 * so that the next sync can finish an interrupted one: every change dlg
 * wrote lands in a Dlg-Sync: commit with its reasons, never in the
 * person's own commit. */
#ifndef DLG_JOURNAL_H
#define DLG_JOURNAL_H

#include <stddef.h>

#include "lib/util.h"

/* One file dlg is writing. */
struct journal_file {
	char *path;              /* repository-relative */
	unsigned long long hash; /* hash_bytes() of the bytes dlg writes */
	size_t len;
	unsigned kinds; /* 1 << SYNC_DECIDED | 1 << SYNC_HANDED ... */
	char *lines;    /* the task's lines of the commit message */
};

struct journal {
	int today; /* the sync's today, for the Dlg-Sync: trailer */
	struct journal_file *v;
	size_t n;
	size_t alloc;
	int borrowed; /* the paths and lines are the caller's (journal_lend) */
};
/* clang-format off */
#define JOURNAL_INIT { 0, NULL, 0, 0, 0 }
/* clang-format on */

void journal_add(struct journal *j, const char *path, const void *data, size_t len, unsigned kinds,
                 const char *lines);
/* The same, with the bytes' hash_bytes() and length already known. */
void journal_add_hashed(struct journal *j, const char *path, unsigned long long hash, size_t len,
                        unsigned kinds, const char *lines);
/* The same, with path and lines borrowed, not copied: they must outlive
 * the journal (at 100,000 files the copies are megabytes). A journal holds
 * either its own strings or borrowed ones, never both. */
void journal_lend(struct journal *j, const char *path, unsigned long long hash, size_t len,
                  unsigned kinds, const char *lines);
/* Write the journal to file durably (atomically, fsynced). */
int journal_write(const struct journal *j, const char *file, struct dlg_err *err);
/* Read it back: 0, DLG_ENOTFOUND when there is none, DLG_EINVALID (err
 * set) when it is cut short or garbled. */
int journal_read(struct journal *j, const char *file, struct dlg_err *err);
/* Remove the journal file (no error when absent). */
int journal_remove(const char *file, struct dlg_err *err);
void journal_release(struct journal *j);

#endif
