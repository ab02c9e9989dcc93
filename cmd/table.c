/* table.c: a table's columns fitted to the terminal's width, and its cells
 * cut and padded to them. */
#include "cmd/table.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/utf8.h"
#include "lib/util.h"

static size_t line_width(const size_t *w, size_t ncols, size_t indent, size_t gap)
{
	size_t total = indent, shown = 0;

	for (size_t c = 0; c < ncols; c++) {
		total += w[c];
		shown += w[c] != 0;
	}
	return total + (shown ? gap * (shown - 1) : 0);
}

/* After a column was left out, the columns cut before it may have room
 * again: give it back, the last cut first. */
static size_t give_back(size_t *w, const size_t *had, size_t total, size_t width,
                        const struct table_step *steps, size_t nsteps)
{
	for (size_t i = nsteps; i-- > 0 && total < width;) {
		size_t *cw = &w[steps[i].col], more = had[steps[i].col] - *cw;

		if (!*cw || steps[i].min == TABLE_HIDE)
			continue;
		more = more < width - total ? more : width - total;
		*cw += more;
		total += more;
	}
	return total;
}

size_t table_fit(size_t *w, size_t ncols, size_t indent, size_t gap, const struct table_step *steps,
                 size_t nsteps, size_t width)
{
	size_t total = line_width(w, ncols, indent, gap);
	size_t *had = xmalloc(ncols * sizeof(*had) + 1);
	int hid = 0;

	memcpy(had, w, ncols * sizeof(*had));
	for (size_t i = 0; width && i < nsteps && total > width; i++) {
		size_t *cw = &w[steps[i].col], cut;

		if (!*cw)
			continue;
		if (steps[i].min == TABLE_HIDE) {
			*cw = 0;
			hid = 1;
		} else if (*cw > steps[i].min) {
			cut = *cw - steps[i].min;
			*cw -= cut < total - width ? cut : total - width;
		}
		total = line_width(w, ncols, indent, gap);
	}
	if (hid)
		total = give_back(w, had, total, width, steps, nsteps);
	free(had);
	return total;
}

/* s in w columns, cut when wider (have: its width, or SIZE_MAX: unknown). */
static void add_text(struct strbuf *sb, const char *s, size_t have, size_t w)
{
	size_t start = sb->len;

	if (have <= w)
		strbuf_addstr(sb, s);
	else
		utf8_add_cut(sb, s, w, 0);
	for (size_t i = start; i < sb->len; i++)
		if ((unsigned char)sb->buf[i] < 0x20 || sb->buf[i] == 0x7f)
			sb->buf[i] = ' ';
}

void table_add_cell(struct strbuf *sb, const char *s, size_t w, enum table_align align)
{
	size_t have = utf8_width(s), pad = have < w ? w - have : 0;

	if (align == TABLE_RIGHT)
		strbuf_addspaces(sb, pad);
	add_text(sb, s, have, w);
	if (align == TABLE_LEFT)
		strbuf_addspaces(sb, pad);
}

void table_add_last(struct strbuf *sb, const char *s, size_t w)
{
	add_text(sb, s, SIZE_MAX, w);
}

size_t table_add_words(struct strbuf *sb, size_t col, const char *const *words, size_t n,
                       const char *sep, size_t indent, size_t width)
{
	size_t seplen = strlen(sep), bare = seplen;

	while (bare && sep[bare - 1] == ' ')
		bare--;
	for (size_t i = 0; i < n; i++) {
		size_t w = utf8_width(words[i]);

		if (i && width && col + seplen + w + (i + 1 < n ? bare : 0) > width &&
		    col > indent) {
			strbuf_add(sb, sep, bare);
			strbuf_addch(sb, '\n');
			strbuf_addspaces(sb, indent);
			col = indent;
		} else if (i) {
			strbuf_add(sb, sep, seplen);
			col += utf8_width(sep);
		}
		strbuf_addstr(sb, words[i]);
		col += w;
	}
	return col;
}
