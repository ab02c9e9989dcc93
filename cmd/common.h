/* common.h: what several commands share: loading the task set, finding a
 * task or person from what the user typed, and a field as text. */
#ifndef DLG_COMMON_H
#define DLG_COMMON_H

#include "lib/value.h"

struct dlg_ctx;
struct taskset;
struct task;
struct person;
struct dlg_err;

/* Load the tasks and people of ctx->root (flags as taskset_load); prints
 * the error and returns -1 on I/O failure. */
int load_taskset(struct taskset *ts, const struct dlg_ctx *ctx, unsigned flags);
/* The same through the cache (core/cache.h): what the last sync learned of
 * a file that did not change since is not read again. Tasks come back with
 * the fields commands show, not every field written (no --json "fields"). */
int load_taskset_cached(struct taskset *ts, const struct dlg_ctx *ctx, unsigned flags);
/* The same, handing each task to each as it is found (path order) instead
 * of keeping it: for a command that only counts. A task is valid only
 * during the call. */
int stream_taskset_cached(struct taskset *ts, const struct dlg_ctx *ctx, unsigned flags,
                          int (*each)(struct task *t, void *payload, struct dlg_err *err),
                          void *payload);
/* Find a task by id ("home/clean-gutters"), by path ("tasks/x.md", relative
 * to the current folder or the root), or by the last part of its id when
 * that is unique ("clean-gutters"). Prints an error with the closest match
 * and returns NULL when there is none. */
struct task *resolve_task(struct taskset *ts, const char *arg);
struct person *resolve_person(struct taskset *ts, const char *arg);
/* Whether a command may act on t: its problems (a parse error, a field dlg
 * can't read, a `to` or `channel` naming nothing) go to out, errors and
 * warnings alike, and it is usable when none of them is an error. Every
 * command reads tasks through this, the same way sync and check do. */
struct diags;
int task_readable(const struct taskset *ts, const struct task *t, const struct dlg_ctx *ctx,
                  struct diags *out);
/* The same, printing the problems on stderr ("... (left out)" for a task
 * it leaves out); returns whether the task is usable. */
int task_readable_or_say(const struct taskset *ts, const struct task *t, const struct dlg_ctx *ctx);
/* The problems of tasks streamed in path order, kept to be told in the
 * order of the tasks' ids (each task's in the order said), as a load in id
 * order tells them. */
struct said {
	struct said_line *v;
	size_t n, alloc;
};
#define SAID_INIT                                                                                  \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}
/* d's problems, the task id's, into said (d is left empty). */
void said_keep(struct said *said, const char *id, struct diags *d);
/* task_readable, its problems kept in said. */
int task_readable_or_keep(const struct taskset *ts, const struct task *t, const struct dlg_ctx *ctx,
                          struct said *said);
/* Print what said holds on stderr, in id order: as task_readable_or_say
 * does when left_out, else as print_diags does; it is emptied. Returns how
 * many were errors. */
size_t said_flush(struct said *said, int left_out);
/* Forget what said holds, unsaid. */
void said_clear(struct said *said);
/* A field's value as text ("" when absent); borrowed, valid for the next
 * seven calls (so a few can be printed together). */
const char *field_str(const struct fields *f, const char *key);

#endif
