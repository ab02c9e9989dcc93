/* repeat.h: recurring tasks. A task with `repeat: 1w` (N and d, w, m or
 * y) comes back once it is done: the next occurrence is a new task, due
 * one period after the old one's due date (or its completion date, with
 * `repeat_from: done`, or when it had none), with the same fields and body,
 * its checklist unticked and dlg's own fields left out, so that the rules
 * decide it afresh. The done task keeps `next: ID` to say it was repeated,
 * and stays as history.
 *
 * What here is pure (the period, the next date, the next id) the lifecycle
 * uses; repeat_next_file makes the new file's bytes from the old one's. */
#ifndef DLG_REPEAT_H
#define DLG_REPEAT_H

#include <stddef.h>

#include "lib/util.h"
#include "lib/value.h"

struct repeat_period {
	int n;     /* 1..999 */
	char unit; /* 'd', 'w', 'm' or 'y' */
};

/* "1w", "2W", "1m", "10d", "1y": 0 and *out set, else -1 (with *why, a
 * static hint, when why is not NULL). */
int repeat_parse(const char *s, struct repeat_period *out, const char **why);
/* A value of a `repeat_from` field: 0 for due (also "due date"), 1 for done,
 * -1 when it is neither. Case does not matter. */
int repeat_from_parse(const char *s);
/* day moved by the period; months and years end on the month's last day
 * when it has fewer days (2026-01-31 + 1m is 2026-02-28, 2024-02-29 + 1y is
 * 2025-02-28). */
int repeat_add(int day, const struct repeat_period *p);

/* Whether a task (its fields as core/model.h reads them) is due to repeat:
 * done, with a valid `repeat` and no `next` yet. completed is its completion
 * date (the lifecycle's, when it sets one now). Then 1 with *next_due the
 * next occurrence's due date; else 0. Pure. */
int repeat_due(const struct fields *task, int completed, int *next_due);
/* The next occurrence's id: the id without a date it ends with
 * ("-2026-12-01"), then "-" and due: "home/gutters-2026-12-08". Caller frees. */
char *repeat_next_id(const char *id, int due);

/* The fields of the done task the next occurrence leaves out: dlg's own
 * (status, decision, rule, ...), and rating, checked, next. NULL-ended. */
extern const char *const repeat_dropped_fields[];

/* The next occurrence's file, made from the done task's bytes: the
 * front-matter edited losslessly (the dropped fields' lines removed, due
 * set), the body's ticked checklist items unticked, the rest as it was.
 * 0, or DLG_ERROR with err set. */
int repeat_next_file(struct strbuf *out, const char *bytes, size_t len, int due,
                     struct dlg_err *err);

#endif
