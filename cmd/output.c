/* output.c: how commands print: messages, diagnostics, colour and the
 * terminal's width. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "cmd/output.h"

static void message(const char *prefix, const char *fmt, va_list ap)
{
	fflush(stdout);
	fputs(prefix, stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void error_msg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	message("dlg: ", fmt, ap);
	va_end(ap);
}

void warning_msg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	message("dlg: warning: ", fmt, ap);
	va_end(ap);
}

void print_diags(const struct diags *d)
{
	struct strbuf sb = STRBUF_INIT;

	fflush(stdout);
	for (size_t i = 0; i < d->n; i++) {
		strbuf_reset(&sb);
		diag_format(&sb, &d->v[i]);
		fprintf(stderr, "%s\n", sb.buf);
	}
	strbuf_release(&sb);
}

const char *color(const struct dlg_ctx *ctx, const char *sgr)
{
	static char buf[8][16];
	static int next;
	char *b;

	if (!ctx->color)
		return "";
	b = buf[next++ % 8];
	snprintf(b, sizeof(buf[0]), "\033[%sm", sgr);
	return b;
}

int terminal_width(void)
{
	const char *cols = getenv("COLUMNS");
	struct winsize ws;

	if (cols && atoi(cols) > 0)
		return atoi(cols);
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col)
		return ws.ws_col;
	return 0;
}
