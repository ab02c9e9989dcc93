/* utf8.c: the width of UTF-8 text in code points, and cutting it to one. */
#include "lib/utf8.h"

static int is_continuation(char c)
{
	return ((unsigned char)c & 0xc0) == 0x80;
}

size_t utf8_width(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += !is_continuation(*s);
	return n;
}

/* The byte offset in s after its first chars characters (continuation
 * bytes at the start count with no character). */
static size_t skip_chars(const char *s, size_t chars)
{
	size_t i = 0, seen = 0;

	for (; s[i]; i++) {
		if (is_continuation(s[i]))
			continue;
		if (seen == chars)
			break;
		seen++;
	}
	return i;
}

size_t utf8_add_cut(struct strbuf *sb, const char *s, size_t width, int keep_end)
{
	size_t w = utf8_width(s);

	if (w <= width) {
		strbuf_addstr(sb, s);
		return w;
	}
	if (!width)
		return 0;
	if (keep_end)
		strbuf_addstr(sb, "…");
	/* the width - 1 characters kept start after these */
	s += skip_chars(s, keep_end ? w - (width - 1) : 0);
	strbuf_add(sb, s, skip_chars(s, width - 1));
	if (!keep_end)
		strbuf_addstr(sb, "…");
	return width;
}
