/* utf8.h: how wide UTF-8 text is on a terminal, and cutting it to a width.
 * A width counts code points, one column each: dlg's tables assume no wide
 * or combining characters. */
#ifndef DLG_UTF8_H
#define DLG_UTF8_H

#include <stddef.h>

#include "lib/strbuf.h"

/* The code points of s: the bytes that are not UTF-8 continuation bytes. */
size_t utf8_width(const char *s);
/* Append s when it fits in width columns; else width - 1 of its characters
 * and "…", which marks the cut: at the end, or with keep_end at the start,
 * keeping s's end. A multi-byte character is never split. Returns the
 * columns appended (nothing when width is 0). */
size_t utf8_add_cut(struct strbuf *sb, const char *s, size_t width, int keep_end);
/* The length of the valid UTF-8 sequence at s (at most n bytes): 1 to 4,
 * or 0 when it is not one (overlong forms and surrogates are not). */
size_t utf8_seq(const unsigned char *s, size_t n);
/* Whether the n bytes at s are valid UTF-8 throughout. */
int utf8_valid(const char *s, size_t n);

#endif
