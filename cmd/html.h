/* html.h: the pages dlg writes as one self-contained HTML file (dlg board
 * --html, dlg report --html): no network, no script, nothing to load but the
 * file itself; readable in light and dark mode and printable; every piece of
 * user text escaped; charts as inline SVG. */
#ifndef DLG_HTML_H
#define DLG_HTML_H

#include <stddef.h>

#include "lib/strbuf.h"
#include "lib/util.h"

/* <!DOCTYPE html> up to <body>: the title (escaped), a Content-Security-
 * Policy that lets the page load nothing, and the shared stylesheet. */
void html_begin(struct strbuf *sb, const char *title);
/* A footer naming dlg and the day, and the end of the page. */
void html_end(struct strbuf *sb, int today);

/* Text escaped for HTML text and attribute values. */
void html_text(struct strbuf *sb, const char *s);
void html_textf(struct strbuf *sb, const char *fmt, ...) DLG_PRINTF(2, 3);
/* <TAG class="CLASS">text</TAG>, the text escaped; cls may be NULL. */
void html_elem(struct strbuf *sb, const char *tag, const char *cls, const char *text);
/* A number as the tables show it: 360, 12.5 (amount_format). */
void html_amount(struct strbuf *sb, double x);

/* A table: the ncols cells of the header row, then nrows rows of ncols
 * cells, all text (escaped). Column c is right-aligned when bit c of numeric
 * is set; a cell of a row whose column has bit c of late set gets class
 * late when it is not "0". */
void html_table(struct strbuf *sb, const char *const *cells, size_t ncols, size_t nrows,
                unsigned numeric, unsigned late);

/* Key figures as tiles: the label over the value. cls (may be NULL) is
 * the value's class: "good", "bad". */
struct html_figure {
	const char *label;
	const char *value;
	const char *cls;
};
void html_figures(struct strbuf *sb, const struct html_figure *f, size_t n);

/* One bar of a chart. */
struct html_bar {
	const char *label; /* under the bar: "2026-11" */
	double value;
};
/* An inline SVG bar chart with a caption (escaped), one bar per entry,
 * each with its value above it (followed by unit, e.g. " h"), scaled to the
 * largest; cls picks the bar colour ("hours", "money"). */
void html_bars(struct strbuf *sb, const char *caption, const char *cls, const char *unit,
               const struct html_bar *bars, size_t n);

/* Write the page to file (atomically), or to stdout when file is NULL;
 * prints the error and returns -1 when it can't. */
int html_output(const char *file, const struct strbuf *page);

#endif
