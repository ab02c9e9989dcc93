/* strbuf.h: a growable NUL-terminated byte buffer, after git's strbuf. */
#ifndef DLG_STRBUF_H
#define DLG_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

#include "lib/util.h"

/* A growable NUL-terminated byte buffer, after git's strbuf. buf is never
 * NULL; it may hold NUL bytes (len counts them). */
struct strbuf {
	char *buf;
	size_t len;
	size_t alloc;
};
extern char strbuf_empty[];
#define STRBUF_INIT                                                                                \
	{                                                                                          \
		strbuf_empty, 0, 0                                                                 \
	}

void strbuf_init(struct strbuf *sb, size_t hint);
void strbuf_release(struct strbuf *sb);
/* The caller owns the returned string; sb is left empty. */
char *strbuf_detach(struct strbuf *sb, size_t *len);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_setlen(struct strbuf *sb, size_t len);
#define strbuf_reset(sb) strbuf_setlen((sb), 0)
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) DLG_PRINTF(2, 3);
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
/* Replace len bytes at pos with data. */
void strbuf_splice(struct strbuf *sb, size_t pos, size_t len, const void *data, size_t dlen);
/* Append n spaces. */
void strbuf_addspaces(struct strbuf *sb, size_t n);
/* Append a file name as git quotes it: as it is, unless it holds a control
 * character, a double quote or a backslash; then in double quotes with C
 * escapes ("tasks/a\nb.md"), so a name can't forge a line of output or of
 * a commit message, nor send escape codes to a terminal. */
void strbuf_add_path(struct strbuf *sb, const char *path);
/* Whether strbuf_add_path would quote path. */
int path_needs_quotes(const char *path);
/* Read a whole file; -1 with errno set on failure (sb unchanged). */
int strbuf_read_file(struct strbuf *sb, const char *path);

#endif
