/* utf8.c: the width of UTF-8 text in code points, and cutting it to one. */
#include "lib/utf8.h"

#include <stdint.h>
#include <string.h>

static int is_continuation(char c)
{
	return ((unsigned char)c & 0xc0) == 0x80;
}

size_t utf8_width(const char *s)
{
	size_t len = strlen(s), cont = 0, i = 0;

	/* eight bytes at a time: a continuation byte has its top bit set and
	 * the next one clear (a table of 100,000 rows asks this 700,000 times) */
	for (; i + 8 <= len; i += 8) {
		uint64_t w;

		memcpy(&w, s + i, 8);
		cont += (size_t)__builtin_popcountll(w & ~(w << 1) & 0x8080808080808080ULL);
	}
	for (; i < len; i++)
		cont += is_continuation(s[i]);
	return len - cont;
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

size_t utf8_seq(const unsigned char *s, size_t n)
{
	unsigned cp;
	size_t len, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

int utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;

	for (size_t i = 0; i < n;) {
		size_t k = utf8_seq(p + i, n - i);

		if (!k)
			return 0;
		i += k;
	}
	return 1;
}
