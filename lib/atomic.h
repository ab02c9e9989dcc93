/* atomic.h: replacing files atomically (temporary file in the same folder,
 * fsync, rename, keeping the mode), one at a time or many made durable
 * together, and only when a file still holds what the caller read. */
#ifndef DLG_ATOMIC_H
#define DLG_ATOMIC_H

#include <stddef.h>

#include "lib/util.h"

/* What a file held when it was read: replace it only while it still does. */
struct atomic_expect {
	int exists;              /* 0: the file must still be absent; it is then put
	                            in place only where no file is, never over
	                            one made meanwhile (ATOMIC_CHANGED) */
	unsigned long long hash; /* hash_bytes() of its bytes */
	size_t len;
};

enum atomic_state {
	ATOMIC_PENDING = 0, /* its temporary file is written */
	ATOMIC_DONE,        /* renamed into place */
	ATOMIC_CHANGED,     /* the file changed since it was read: left alone */
	ATOMIC_FAILED,      /* could not be written: error says why */
};

struct atomic_file {
	char *path; /* where it goes */
	char *tmp;  /* the temporary file, NULL once renamed or removed */
	int has_expect;
	struct atomic_expect expect;
	enum atomic_state state;
	char *error; /* ATOMIC_FAILED: "cannot write: No space left on device" */
};

struct atomic_batch {
	struct atomic_file *v;
	size_t n;
	size_t alloc;
	size_t synced; /* how many were fsynced one by one */
	char *within;  /* when set, a real folder path nothing is written outside of */
};
/* clang-format off */
#define ATOMIC_BATCH_INIT { NULL, 0, 0, 0, NULL }
/* clang-format on */

/* The 64-bit FNV-1a hash of data. */
unsigned long long hash_bytes(const void *data, size_t len);

/* Write data to a temporary file beside path, with path's mode (0666 &
 * ~umask for a new file). The temporary file's name is never longer than
 * NAME_MAX, and is recognised by atomic_is_temp. expect may be NULL (replace
 * whatever is there). One file that can't be written does not stop the
 * batch: it is kept as ATOMIC_FAILED with its error, and -1 is returned. */
int atomic_batch_add(struct atomic_batch *b, const char *path, const void *data, size_t len,
                     const struct atomic_expect *expect);
/* Make every temporary file durable, then, file by file, check it still
 * holds what was expected and rename it into place (ATOMIC_DONE), or leave
 * it (ATOMIC_CHANGED) or note why it failed (ATOMIC_FAILED); then sync the
 * folders. Returns the number of files that were not replaced; -1 with err
 * set when nothing could be made durable (then nothing was replaced). The
 * entries stay for the caller to read until atomic_batch_clear. */
int atomic_batch_commit(struct atomic_batch *b, struct dlg_err *err);
/* Remove the temporary files not yet renamed and forget every entry. */
void atomic_batch_clear(struct atomic_batch *b);

/* Whether a file name (no folder) is one of our temporary files:
 * ".NAME.dlg-XXXXXX" or ".dlg-XXXXXX". */
int atomic_is_temp(const char *name);

/* Replace the file at path with data atomically, whatever it holds. */
int file_write_atomic(const char *path, const void *data, size_t len, struct dlg_err *err);

#endif
