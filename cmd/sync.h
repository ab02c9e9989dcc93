/* sync.h: `dlg sync` for the commands that end with one (done, give). */
#ifndef DLG_SYNC_H
#define DLG_SYNC_H

#include "lib/value.h"

struct dlg_ctx;
struct task;

/* The whole of `dlg sync`; returns the exit status. */
int sync_run(struct dlg_ctx *ctx, int dry_run, int quiet);
/* Apply changes to t's file as a person would (losslessly, atomically),
 * then sync; returns the exit status. */
int edit_and_sync(struct dlg_ctx *ctx, struct task *t, const struct fields *changes);

#endif
