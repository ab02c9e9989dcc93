/* task.h: task and person files of a task repository: finding them
 * (tasks/ recursively and people/, *.md), loading them (front-matter + body), and
 * saving edits atomically, only when the bytes changed. */
#ifndef DLG_TASK_H
#define DLG_TASK_H

#include "core/people.h"
#include "formats/frontmatter.h"
#include "lib/arena.h"
#include "lib/atomic.h"
#include "lib/util.h"
#include "lib/value.h"

/* What a file's lstat said, to tell whether it changed since it was cached. */
struct file_stamp {
	long long size;
	long long mtime_sec;
	long mtime_nsec;
	long long ctime_sec;
	long ctime_nsec;
	unsigned long long ino;
};
struct task {
	char *id;              /* path under tasks/ without .md: "home/clean-gutters" */
	char *path;            /* relative to the root: "tasks/home/clean-gutters.md" */
	struct fm_doc *doc;    /* NULL when the file is invalid */
	struct fields fields;  /* its front-matter, read as core/model.h says */
	struct dlg_err err;    /* why it is invalid (line/col in the file) */
	int valid;             /* the file parses */
	struct diags problems; /* what is wrong or doubtful in its fields */
	int field_errors;      /* how many of them are errors: no command acts on
	                          a task with any (see task_usable) */
	char *title;           /* title:, else first # heading, else id */
	int checks_done;
	int checks_total;
	int dirty;                    /* task_apply changed its bytes */
	int is_new;                   /* not on disk yet: saved only where no file is */
	struct file_stamp stamp;      /* what lstat said when the tree was scanned */
	unsigned long long read_hash; /* hash_bytes() of the bytes read */
	size_t read_len;
	int borrowed; /* id, path, title and fields are its task set's arena's
	                 (a task built from the cache): read them, never
	                 change them; task_release leaves them */
};

struct person {
	char *id;   /* file stem: "carol" */
	char *path; /* "people/carol.md" */
	struct fm_doc *doc;
	struct fields fields;
	struct dlg_err err;
	int valid;
	struct diags problems; /* what is wrong in its fields */
	int field_errors;
	char *name; /* name:, else first # heading, else id */
};

struct taskset {
	char *root;         /* absolute path of the task repository */
	struct task *tasks; /* sorted by id (streamed: in the order kept) */
	size_t ntasks, tasks_alloc;
	struct person *people; /* sorted by id */
	size_t npeople;
	struct person_info *pinfo; /* people as rules.h wants them */
	struct strlist skipped;    /* task files left unparsed (sorted) */
	size_t nstreamed;          /* tasks handed to taskset_load_stream's each */
	size_t nfound;             /* task files the walk found (read or skipped) */
	struct diags warnings;     /* symbolic links and the like, not read */
	struct arena arena;        /* what its borrowed tasks hold */
	void *mapped;              /* the cache file their strings are in, or NULL */
	size_t mapped_len;
};
#define TASKSET_INIT                                                                               \
	{                                                                                          \
		NULL, NULL, 0, 0, NULL, 0, NULL, STRLIST_INIT, 0, 0, DIAGS_INIT, ARENA_INIT, NULL, \
		    0                                                                              \
	}

/* What taskset_load reads besides the front-matter. */
enum {
	TASKSET_BODY = 1 << 0,           /* the Markdown body: title from a heading, checklists */
	TASKSET_NO_DOC = 1 << 1,         /* only read: drop each document once its fields are
	                                    read (t->doc is NULL), to save memory */
	TASKSET_CLEAN_TEMP = 1 << 2,     /* remove the temporary files a killed sync left
	                                    (only under the sync lock) */
	TASKSET_PEOPLE_ONLY = 1 << 3,    /* read people/ alone */
	TASKSET_FORGET_SKIPPED = 1 << 4, /* the skip callback has dealt with what it
	                                    skips: ts->skipped stays empty */
	TASKSET_OVERLAP = 1 << 5,        /* for readers: the tasks dealt with as the walk
	                                    finds them, its threads going on */
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
/* Handed each task file as it is loaded; the task is released after it
 * (what the callback needs it keeps). A non-zero return stops the load and
 * is returned. */
typedef int (*taskset_each_fn)(struct task *t, void *payload, struct dlg_err *err);
/* Like taskset_load_skipping, loading the people first, then handing each
 * task to each instead of keeping it (ts->tasks stays empty; nstreamed
 * counts them), so memory grows with the number of tasks, not their size. */
int taskset_load_stream(struct taskset *ts, const char *root, unsigned flags, taskset_skip_fn skip,
                        taskset_each_fn each, void *payload, struct dlg_err *err);
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
/* The file parses and its fields hold nothing wrong: commands act on it. */
int task_usable(const struct task *t);
/* Every problem of an unusable task (its parse error or its fields'
 * errors), and the warnings of a usable one, added to d. */
void task_problems(const struct task *t, struct diags *d);
int person_load(struct person *p, const char *root, const char *path, unsigned flags,
                struct dlg_err *err);
void person_release(struct person *p);
/* The problems of a person file, as task_problems. */
void person_problems(const struct person *p, struct diags *d);
/* Apply changes to t's document (and t->fields). */
int task_apply(struct task *t, const struct fields *changes, struct dlg_err *err);
/* Write back the tasks task_apply changed (t->dirty), each only if its
 * file still holds the bytes it was read with: to a temporary file first,
 * all made durable together, then each renamed into place. The paths
 * replaced are appended to written; those left alone go to unwritten: a
 * warning when the file changed meanwhile (an edit made during the sync is
 * kept), an error when it could not be written. One file that can't be
 * written never stops the others. DLG_ERROR (err set) only when nothing
 * could be made durable. */
int taskset_save(struct taskset *ts, struct strlist *written, struct diags *unwritten,
                 struct dlg_err *err);
int task_save(struct task *t, const char *root, struct strlist *written, struct diags *unwritten,
              struct dlg_err *err);
/* Stage t's new bytes in b: a temporary file beside it, to replace it at
 * atomic_batch_commit only while it still holds what was read (-1 when the
 * temporary file can't be written: the entry says why). */
int task_stage(struct atomic_batch *b, const struct task *t, const char *root);
/* What became of each file of a committed batch under root: replaced
 * (repository-relative paths appended to written), or left (unwritten). */
void task_batch_outcome(const struct atomic_batch *b, size_t root_len, struct strlist *written,
                        struct diags *unwritten);
/* The same for n tasks of any set (those not dirty included). */
int tasks_save(struct task *const *tasks, size_t n, const char *root, struct strlist *written,
               struct diags *unwritten, struct dlg_err *err);

/* The task id for a path relative to root ("tasks/a/b.md" -> "a/b"), or
 * NULL when the path is not a task file. Caller frees. */
char *task_id_from_path(const char *path);
/* The same, where it is in path: its length in *len, NULL when none. */
const char *task_id_in_path(const char *path, size_t *len);

#endif
