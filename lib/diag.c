/* diag.c: error reports (struct dlg_err) and lists of diagnostics. */
#include "lib/diag.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

int err_setv(struct dlg_err *err, int line, int col, const char *fmt, va_list ap)
{
	struct strbuf sb = STRBUF_INIT;

	if (!err)
		return DLG_ERROR;
	strbuf_vaddf(&sb, fmt, ap);
	free(err->msg);
	err->msg = strbuf_detach(&sb, NULL);
	err->line = line;
	err->col = col;
	return DLG_ERROR;
}

int err_set(struct dlg_err *err, int line, int col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_setv(err, line, col, fmt, ap);
	va_end(ap);
	return DLG_ERROR;
}

void err_prefix(struct dlg_err *err, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	if (!err)
		return;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	strbuf_addstr(&sb, ": ");
	strbuf_addstr(&sb, err->msg ? err->msg : "unknown error");
	free(err->msg);
	err->msg = strbuf_detach(&sb, NULL);
}

void err_clear(struct dlg_err *err)
{
	if (!err)
		return;
	free(err->msg);
	err->msg = NULL;
	err->line = err->col = 0;
}

void diags_add(struct diags *d, const char *path, int line, int col, int warning, const char *fmt,
               ...)
{
	struct strbuf sb = STRBUF_INIT;
	struct diag *dg;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	ALLOC_GROW(d->v, d->n + 1, d->alloc);
	dg = &d->v[d->n++];
	dg->path = xstrdup(path ? path : "");
	dg->line = line;
	dg->col = col;
	dg->warning = warning;
	dg->msg = strbuf_detach(&sb, NULL);
}

void diags_add_err(struct diags *d, const char *path, const struct dlg_err *err)
{
	diags_add(d, path, err->line, err->col, 0, "%s", err->msg ? err->msg : "unknown error");
}

size_t diags_errors(const struct diags *d)
{
	size_t n = 0;

	for (size_t i = 0; i < d->n; i++)
		n += !d->v[i].warning;
	return n;
}

void diag_format(struct strbuf *sb, const struct diag *dg)
{
	if (*dg->path)
		strbuf_add_path(sb, dg->path);
	if (dg->line > 0) {
		strbuf_addf(sb, ":%d", dg->line);
		if (dg->col > 0)
			strbuf_addf(sb, ":%d", dg->col);
	}
	if (*dg->path || dg->line > 0)
		strbuf_addstr(sb, ": ");
	if (dg->warning)
		strbuf_addstr(sb, "warning: ");
	strbuf_addstr(sb, dg->msg);
}

void diags_clear(struct diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].path);
		free(d->v[i].msg);
	}
	free(d->v);
	d->v = NULL;
	d->n = d->alloc = 0;
}
