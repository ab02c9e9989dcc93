/* diag.h: error reports filled in by core/ and formats/ for cmd/ to print,
 * and lists of diagnostics found in files. */
#ifndef DLG_DIAG_H
#define DLG_DIAG_H

#include "lib/util.h"

struct strbuf;

/* An error report filled in by core/ and formats/ for cmd/ to print.
 * line and col are 1-based and 0 when they don't apply. */
struct dlg_err {
	char *msg;
	int line;
	int col;
};
#define DLG_ERR_INIT                                                                               \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

/* Set the error (replacing any earlier one); returns DLG_ERROR so callers
 * can write `return err_set(err, ...)`. err may be NULL. */
int err_set(struct dlg_err *err, int line, int col, const char *fmt, ...) DLG_PRINTF(4, 5);
int err_setv(struct dlg_err *err, int line, int col, const char *fmt, va_list ap);
/* Put "prefix: " in front of the message. */
void err_prefix(struct dlg_err *err, const char *fmt, ...) DLG_PRINTF(2, 3);
void err_clear(struct dlg_err *err);

/* Diagnostics: problems found in a file, to be printed as
 * path:line:col: message (line and col are left out when 0). */
struct diag {
	char *path;
	int line;
	int col;
	int warning; /* a warning does not make the input invalid */
	char *msg;
};
struct diags {
	struct diag *v;
	size_t n;
	size_t alloc;
};
#define DIAGS_INIT                                                                                 \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}
void diags_add(struct diags *d, const char *path, int line, int col, int warning, const char *fmt,
               ...) DLG_PRINTF(6, 7);
/* Add err (path:err->line:err->col: err->msg). */
void diags_add_err(struct diags *d, const char *path, const struct dlg_err *err);
size_t diags_errors(const struct diags *d); /* how many are not warnings */
/* "path:line:col: message", "path:line: message" or "path: message". */
void diag_format(struct strbuf *sb, const struct diag *dg);
void diags_clear(struct diags *d);

#endif
