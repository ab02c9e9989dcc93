/* task.h: task and person files of a task repository: finding them
 * (tasks/ recursively and people/, *.md), loading them (front-matter + body), and
 * saving edits atomically, only when the bytes changed. */
#ifndef DLG_TASK_H
#define DLG_TASK_H

#include "core/people.h"
#include "formats/frontmatter.h"
#include "lib/util.h"
#include "lib/value.h"

/* What a file's lstat said, to tell whether it changed since it was cached. */
struct file_stamp {
	long long size;
	long long mtime_sec;
	long mtime_nsec;
	unsigned long long ino;
};
struct task {
	char *id;             /* path under tasks/ without .md: "home/clean-gutters" */
	char *path;           /* relative to the root: "tasks/home/clean-gutters.md" */
	struct fm_doc *doc;   /* NULL when the file is invalid */
	struct fields fields; /* its front-matter, typed */
	struct dlg_err err;   /* why it is invalid (line/col in the file) */
	int valid;
	char *title; /* title:, else first # heading, else id */
	int checks_done;
	int checks_total;
	int dirty;               /* task_apply changed its bytes */
	struct file_stamp stamp; /* what lstat said when the tree was scanned */
};

struct person {
	char *id;   /* file stem: "carol" */
	char *path; /* "people/carol.md" */
	struct fm_doc *doc;
	struct fields fields;
	struct dlg_err err;
	int valid;
	char *name; /* name:, else first # heading, else id */
};

struct taskset {
	char *root;         /* absolute path of the task repository */
	struct task *tasks; /* sorted by id */
	size_t ntasks;
	struct person *people; /* sorted by id */
	size_t npeople;
	struct person_info *pinfo; /* people as rules.h wants them */
	struct strlist skipped;    /* task files left unparsed (sorted) */
};
#define TASKSET_INIT                                                                               \
	{                                                                                          \
		NULL, NULL, 0, NULL, 0, NULL, STRLIST_INIT                                         \
	}

/* What taskset_load reads besides the front-matter. */
enum {
	TASKSET_BODY = 1 << 0,   /* the Markdown body: title from a heading, checklists */
	TASKSET_NO_DOC = 1 << 1, /* only read: drop each document once its fields are
	                            read (t->doc is NULL), to save memory */
};

/* Load every task and person under root. Invalid files are loaded with
 * valid = 0 and err set (they are not in diags: callers report them).
 * I/O errors (unreadable folder or file) are DLG_ERROR with err set. */
int taskset_load(struct taskset *ts, const char *root, unsigned flags, struct dlg_err *err);

/* Return 1 to leave the task file at path unparsed (it is then in
 * ts->skipped instead of ts->tasks). */
typedef int (*taskset_skip_fn)(const char *path, const struct file_stamp *stamp, void *payload);
/* Like taskset_load, asking skip about each task file first (people are
 * always loaded). */
int taskset_load_skipping(struct taskset *ts, const char *root, unsigned flags,
                          taskset_skip_fn skip, void *payload, struct dlg_err *err);
/* The stamp of a file now; -1 when it can't be read. */
int file_stamp_of(struct file_stamp *out, const char *path);
void taskset_release(struct taskset *ts);
struct task *taskset_find(struct taskset *ts, const char *id);
struct person *taskset_person(struct taskset *ts, const char *id);
/* Ids as a list, for "did you mean" and config_check_refs. */
void taskset_task_ids(const struct taskset *ts, struct strlist *out);
void taskset_person_ids(const struct taskset *ts, struct strlist *out);
struct people_info taskset_people_info(const struct taskset *ts);

/* Load one file (path relative to root); flags as for taskset_load. An
 * invalid file is not an error here (t->valid = 0, t->err says why); only
 * I/O errors return DLG_ERROR. */
int task_load(struct task *t, const char *root, const char *path, unsigned flags,
              struct dlg_err *err);
void task_release(struct task *t);
int person_load(struct person *p, const char *root, const char *path, unsigned flags,
                struct dlg_err *err);
void person_release(struct person *p);
/* Apply changes to t's document (and t->fields). */
int task_apply(struct task *t, const struct fields *changes, struct dlg_err *err);
/* Write t's document back when task_apply changed it (t->dirty). Sets
 * *written to 1 when it wrote. */
int task_save(struct task *t, const char *root, int *written, struct dlg_err *err);

/* Write every task task_apply changed, all at once: each goes to a
 * temporary file first, all are made durable together, then each is renamed
 * into place. Appends the paths written to written. Nothing is replaced when
 * a temporary file can't be written. */
int taskset_save(struct taskset *ts, struct strlist *written, struct dlg_err *err);

/* Many atomic replacements made durable together (one syncfs instead of an
 * fsync per file when there are many). */
struct atomic_batch {
	struct strlist paths;
	struct strlist tmps;
};
#define ATOMIC_BATCH_INIT                                                                          \
	{                                                                                          \
		STRLIST_INIT, STRLIST_INIT                                                         \
	}
/* Write data to a temporary file beside path, with path's mode. */
int atomic_batch_add(struct atomic_batch *b, const char *path, const void *data, size_t len,
                     struct dlg_err *err);
/* Make every temporary file durable, rename each into place, sync the
 * folders; the batch is empty afterwards. */
int atomic_batch_commit(struct atomic_batch *b, struct dlg_err *err);
/* Remove the temporary files not yet renamed; accepts an empty batch. */
void atomic_batch_abort(struct atomic_batch *b);

/* Replace the file at path with data atomically: a temporary file in the
 * same folder, fsync, rename; keeps the old file's mode (0644 & ~umask for
 * a new file). */
int file_write_atomic(const char *path, const void *data, size_t len, struct dlg_err *err);

/* The task id for a path relative to root ("tasks/a/b.md" -> "a/b"), or
 * NULL when the path is not a task file. Caller frees. */
char *task_id_from_path(const char *path);

#endif
