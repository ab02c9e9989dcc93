/* table.h: fitting a table to the terminal's width, for list, agenda,
 * people and report: free text is cut first (with "…"), then the columns
 * least needed are left out; a column not named in the steps (an id) is
 * never cut, so what is printed can be copied into the next command. */
#ifndef DLG_TABLE_H
#define DLG_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "lib/strbuf.h"

/* One way to make a table narrower: cut column col down to min
 * characters, or, with min TABLE_HIDE, leave it out. */
struct table_step {
	int col;
	size_t min;
};
#define TABLE_HIDE SIZE_MAX

/* w[c] is the width of column c's widest cell, header included, or 0 for
 * a column with nothing to show; the columns are gap spaces apart, after
 * indent spaces. While the line is wider than width (0: no limit), take
 * the steps in order, each only as far as needed. w[c] becomes the width
 * to print column c at, 0 when it is left out. Returns the line's width,
 * which is more than width when the steps could not make it fit. */
size_t table_fit(size_t *w, size_t ncols, size_t indent, size_t gap, const struct table_step *steps,
                 size_t nsteps, size_t width);

enum table_align { TABLE_LEFT, TABLE_RIGHT };
/* Append s in w columns: cut to w with "…" at its end when wider, else
 * padded with spaces after (TABLE_LEFT) or before it (TABLE_RIGHT).
 * Control characters (a tab in a title) are appended as spaces, so one
 * row stays one line. */
void table_add_cell(struct strbuf *sb, const char *s, size_t w, enum table_align align);
/* The same, without the padding after the cell: for the last column. */
void table_add_last(struct strbuf *sb, const char *s, size_t w);

/* Append the n words to sb, sep between them, the line holding col
 * characters so far. Before a word that would pass width (0: no limit)
 * the line breaks (sep's spaces left out) and goes on after indent
 * spaces; a word is never cut. Returns the column reached. */
size_t table_add_words(struct strbuf *sb, size_t col, const char *const *words, size_t n,
                       const char *sep, size_t indent, size_t width);

#endif
