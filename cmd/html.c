/* html.c: the self-contained HTML pages of board and report: the page
 * around them, escaping, and inline SVG bar charts. */
#include "cmd/html.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cmd/output.h"
#include "formats/markdown.h"
#include "lib/atomic.h"
#include "lib/date.h"
#include "lib/value.h"

/* One stylesheet for every page: colours as variables, set again for dark
 * mode; print drops the colours and keeps cards whole on a page. */
static const char page_css[] =
    ":root{color-scheme:light dark;--bg:#f6f7f9;--fg:#1d2430;--muted:#5b6675;"
    "--card:#fff;--line:#d8dde4;--accent:#2f6fdf;--money:#c7721a;--late:#c62828;"
    "--late-bg:#fdecea;--today:#8a6d00;--today-bg:#fff6d5;--ok:#2e7d32}\n"
    "@media (prefers-color-scheme:dark){:root{--bg:#14171c;--fg:#e4e8ee;--muted:#9aa5b4;"
    "--card:#1e232b;--line:#333b47;--accent:#6ea2ff;--money:#f0a050;--late:#ff7b72;"
    "--late-bg:#3a1d1d;--today:#f2cc60;--today-bg:#352c10;--ok:#7ee787}}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;padding:1.25rem;background:var(--bg);color:var(--fg);"
    "font:15px/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif}\n"
    "h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.1rem;margin:1.5rem 0 .5rem}\n"
    "h3{font-size:.95rem;margin:0 0 .25rem;overflow-wrap:anywhere}\n"
    ".meta,.hint,.id,footer{color:var(--muted);font-size:.85rem}\n"
    ".id{font-family:ui-monospace,monospace;margin:0 0 .35rem;overflow-wrap:anywhere}\n"
    ".board{display:grid;grid-template-columns:repeat(auto-fit,minmax(13rem,1fr));"
    "gap:.75rem;align-items:start}\n"
    ".column{background:color-mix(in srgb,var(--line) 35%,transparent);border-radius:8px;"
    "padding:.5rem}\n"
    ".column>h2{margin:.25rem .25rem .5rem;display:flex;justify-content:space-between}\n"
    ".count{color:var(--muted);font-weight:normal}\n"
    ".card{background:var(--card);border:1px solid var(--line);border-radius:6px;"
    "padding:.55rem .65rem;margin:0 0 .5rem;box-shadow:0 1px 2px rgba(0,0,0,.06)}\n"
    ".card dl{display:grid;grid-template-columns:auto 1fr;gap:.1rem .5rem;margin:0;"
    "font-size:.85rem}\n"
    ".card dt{color:var(--muted)}.card dd{margin:0;overflow-wrap:anywhere}\n"
    ".why{font-size:.8rem;color:var(--muted);margin:.35rem 0 0}\n"
    ".late{color:var(--late);font-weight:600}\n"
    ".card.late-card{border-left:4px solid var(--late)}\n"
    ".due-today{color:var(--today);font-weight:600}\n"
    "meter{width:5rem;height:.7rem;vertical-align:middle}\n"
    ".empty{color:var(--muted);font-style:italic;margin:.25rem}\n"
    ".strip{background:var(--today-bg);border:1px solid var(--line);border-radius:8px;"
    "padding:.5rem .9rem;margin:1rem 0}\n"
    ".strip h2{margin:.25rem 0}.strip ul{margin:.25rem 0;padding-left:1.2rem}\n"
    ".strip li.late{font-weight:normal}.strip li.late strong{color:var(--late)}\n"
    "table{border-collapse:collapse;background:var(--card);font-size:.9rem}\n"
    "th,td{border-bottom:1px solid var(--line);padding:.3rem .6rem;text-align:left}\n"
    "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}\n"
    ".charts{display:flex;flex-wrap:wrap;gap:1.5rem}\n"
    "figure{margin:0}figcaption{font-size:.9rem;margin:0 0 .25rem}\n"
    "svg.chart{display:block;max-width:100%;height:auto}\n"
    "svg .bar.hours{fill:var(--accent)}svg .bar.money{fill:var(--money)}\n"
    "svg text{fill:var(--fg);font-size:11px;font-family:system-ui,sans-serif}\n"
    "svg text.label{fill:var(--muted)}svg line{stroke:var(--line)}\n"
    ".totals{display:flex;flex-wrap:wrap;gap:.75rem;margin:0;padding:0;list-style:none}\n"
    ".totals li{background:var(--card);border:1px solid var(--line);border-radius:6px;"
    "padding:.4rem .7rem}.totals strong{display:block;font-size:1.2rem}\n"
    ".good{color:var(--ok)}.bad{color:var(--late)}\n"
    "footer{margin-top:2rem}\n"
    "@media print{:root{--bg:#fff;--fg:#000;--card:#fff;--muted:#444;--line:#999;"
    "--late:#000;--today-bg:#fff}body{padding:0;font-size:11pt}"
    ".column{background:none;border:1px solid #999}.card{box-shadow:none;"
    "break-inside:avoid}.strip,figure,table{break-inside:avoid}"
    ".late{text-decoration:underline}}\n";

void html_begin(struct strbuf *sb, const char *title)
{
	strbuf_addstr(sb,
	              "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	              "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	              "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
	              "'none'; style-src 'unsafe-inline'; img-src data:\">\n"
	              "<meta name=\"color-scheme\" content=\"light dark\">\n<title>");
	html_text(sb, title);
	strbuf_addstr(sb, "</title>\n<style>\n");
	strbuf_addstr(sb, page_css);
	strbuf_addstr(sb, "</style>\n</head>\n<body>\n");
}

void html_end(struct strbuf *sb, int today)
{
	char day[11];

	date_format(today, day);
	strbuf_addf(sb,
	            "<footer>Made by dlg %s on %s from the task files; nothing on this page "
	            "comes from the network.</footer>\n</body>\n</html>\n",
	            DLG_VERSION, day);
}

void html_text(struct strbuf *sb, const char *s)
{
	md_html_escape(sb, s);
}

void html_textf(struct strbuf *sb, const char *fmt, ...)
{
	struct strbuf tmp = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&tmp, fmt, ap);
	va_end(ap);
	html_text(sb, tmp.buf);
	strbuf_release(&tmp);
}

void html_elem(struct strbuf *sb, const char *tag, const char *cls, const char *text)
{
	strbuf_addf(sb, "<%s", tag);
	if (cls)
		strbuf_addf(sb, " class=\"%s\"", cls);
	strbuf_addch(sb, '>');
	html_text(sb, text);
	strbuf_addf(sb, "</%s>", tag);
}

void html_amount(struct strbuf *sb, double x)
{
	amount_format(sb, x);
}

void html_table(struct strbuf *sb, const char *const *cells, size_t ncols, size_t nrows,
                unsigned numeric, unsigned late)
{
	strbuf_addstr(sb, "<table>\n<thead><tr>");
	for (size_t c = 0; c < ncols; c++) {
		strbuf_addstr(sb, numeric & (1u << c) ? "<th class=\"n\">" : "<th>");
		html_text(sb, cells[c]);
		strbuf_addstr(sb, "</th>");
	}
	strbuf_addstr(sb, "</tr></thead>\n<tbody>\n");
	for (size_t r = 1; r <= nrows; r++) {
		strbuf_addstr(sb, "<tr>");
		for (size_t c = 0; c < ncols; c++) {
			const char *cell = cells[r * ncols + c];
			int n = !!(numeric & (1u << c)),
			    l = (late & (1u << c)) && strcmp(cell, "0");
			const char *cls = n && l ? "n late" : n ? "n" : l ? "late" : NULL;

			if (cls)
				strbuf_addf(sb, "<td class=\"%s\">", cls);
			else
				strbuf_addstr(sb, "<td>");
			html_text(sb, cell);
			strbuf_addstr(sb, "</td>");
		}
		strbuf_addstr(sb, "</tr>\n");
	}
	strbuf_addstr(sb, "</tbody>\n</table>\n");
}

void html_figures(struct strbuf *sb, const struct html_figure *f, size_t n)
{
	strbuf_addstr(sb, "<ul class=\"totals\">\n");
	for (size_t i = 0; i < n; i++) {
		strbuf_addstr(sb, "<li>");
		html_text(sb, f[i].label);
		html_elem(sb, "strong", f[i].cls, f[i].value);
		strbuf_addstr(sb, "</li>\n");
	}
	strbuf_addstr(sb, "</ul>\n");
}

/* The chart's geometry, in SVG user units. */
enum { BAR_W = 34, BAR_GAP = 18, CHART_H = 120, TOP = 18, BOTTOM = 20, LEFT = 6 };

void html_bars(struct strbuf *sb, const char *caption, const char *cls, const char *unit,
               const struct html_bar *bars, size_t n)
{
	int width = LEFT * 2 + (int)n * (BAR_W + BAR_GAP), height = TOP + CHART_H + BOTTOM;
	double max = 0;

	for (size_t i = 0; i < n; i++)
		if (bars[i].value > max)
			max = bars[i].value;
	strbuf_addstr(sb, "<figure>\n<figcaption>");
	html_text(sb, caption);
	strbuf_addf(sb,
	            "</figcaption>\n<svg class=\"chart\" "
	            "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"",
	            width < 120 ? 120 : width, height, width < 120 ? 120 : width, height);
	html_text(sb, caption);
	strbuf_addf(sb, "\">\n<line x1=\"0\" y1=\"%d\" x2=\"%d\" y2=\"%d\"></line>\n",
	            TOP + CHART_H, width < 120 ? 120 : width, TOP + CHART_H);
	for (size_t i = 0; i < n; i++) {
		int h =
		    max > 0 && bars[i].value > 0 ? (int)(bars[i].value / max * CHART_H + 0.5) : 0;
		int x = LEFT + (int)i * (BAR_W + BAR_GAP) + BAR_GAP / 2;
		struct strbuf value = STRBUF_INIT;

		amount_format(&value, bars[i].value);
		strbuf_addstr(&value, unit);
		strbuf_addf(sb,
		            "<rect class=\"bar %s\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\">",
		            cls, x, TOP + CHART_H - h, BAR_W, h);
		strbuf_addstr(sb, "<title>");
		html_text(sb, bars[i].label);
		strbuf_addstr(sb, ": ");
		html_text(sb, value.buf);
		strbuf_addstr(sb, "</title></rect>\n");
		strbuf_addf(sb, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">", x + BAR_W / 2,
		            TOP + CHART_H - h - 4);
		html_text(sb, value.buf);
		strbuf_addf(sb,
		            "</text>\n<text class=\"label\" x=\"%d\" y=\"%d\" "
		            "text-anchor=\"middle\">",
		            x + BAR_W / 2, TOP + CHART_H + 14);
		html_text(sb, bars[i].label);
		strbuf_addstr(sb, "</text>\n");
		strbuf_release(&value);
	}
	strbuf_addstr(sb, "</svg>\n</figure>\n");
}

int html_output(const char *file, const struct strbuf *page)
{
	struct dlg_err err = DLG_ERR_INIT;

	if (!file) {
		fwrite(page->buf, 1, page->len, stdout);
		return 0;
	}
	if (file_write_atomic(file, page->buf, page->len, &err)) {
		error_msg("%s", err.msg ? err.msg : "cannot write the page");
		err_clear(&err);
		return -1;
	}
	return 0;
}
