/* calendar.h: the calendar of a task repository for `dlg calendar` and for
 * the sync that writes [calendar] file. */
#ifndef DLG_CMD_CALENDAR_H
#define DLG_CMD_CALENDAR_H

#include "lib/strbuf.h"
#include "lib/util.h"

struct dlg_ctx;
struct taskset;

/* The iCalendar text of the usable tasks of ts (as of ctx->today) into
 * out; *nevents says how many events it holds. Invalid tasks are left out:
 * with say, each is reported on stderr, and *invalid counts them. */
int calendar_build(struct strbuf *out, size_t *nevents, size_t *invalid, struct taskset *ts,
                   const struct dlg_ctx *ctx, int say, struct dlg_err *err);

/* sync_after_fn for [calendar] file (payload: the struct dlg_ctx): write
 * the calendar there when its bytes change. The sync has already said what
 * is wrong with each task, so nothing is printed here. */
int calendar_after_sync(void *payload, struct dlg_err *err);

#endif
