/* output.h: how commands print: messages on stderr, diagnostics, colour,
 * and the terminal's width. */
#ifndef DLG_OUTPUT_H
#define DLG_OUTPUT_H

#include "lib/util.h"

struct dlg_ctx;

/* "dlg: message" (and "dlg: warning: message") on stderr, after flushing
 * stdout so the two stay in order on a terminal. */
void error_msg(const char *fmt, ...) DLG_PRINTF(1, 2);
void warning_msg(const char *fmt, ...) DLG_PRINTF(1, 2);
/* Print every diagnostic as path:line:col: message on stderr. */
void print_diags(const struct diags *d);

/* Colour: the escape for sgr when ctx->color, else "". Borrowed, valid for
 * the next seven calls. */
const char *color(const struct dlg_ctx *ctx, const char *sgr);
#define C_RESET  "0"
#define C_BOLD   "1"
#define C_DIM    "2"
#define C_RED    "31"
#define C_GREEN  "32"
#define C_YELLOW "33"
#define C_BLUE   "34"
#define C_CYAN   "36"

/* Width of the terminal on stdout (COLUMNS, ioctl), else 0 for "no limit". */
int terminal_width(void);

#endif
