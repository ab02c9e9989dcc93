/* markdown.h: what dlg reads from a task's CommonMark body, with cmark:
 * the first `#` heading, checklist progress, and the `## Brief` section. */
#ifndef DLG_MARKDOWN_H
#define DLG_MARKDOWN_H

#include <stddef.h>

#include "lib/util.h"

struct md_info {
	char *title;      /* text of the first level-1 heading, inline markup
	                     flattened to plain text; NULL when none */
	int checks_total; /* list items starting "[ ] " or "[x] "/"[X] " */
	int checks_done;
	char *brief; /* the Markdown source of the `## Brief` section
	                (heading text "Brief", any case, any level 2), from
	                the line after the heading up to the next heading of
	                level <= 2 or the end, trailing blank lines trimmed;
	                NULL when there is none */
	int brief_checks_total;
	int brief_checks_done;
};
#define MD_INFO_INIT                                                                               \
	{                                                                                          \
		NULL, 0, 0, NULL, 0, 0                                                             \
	}

/* Scan a Markdown body (the part after the front-matter). Never fails on
 * any input: CommonMark has no syntax errors. */
void md_scan(struct md_info *out, const char *body, size_t len);
void md_info_release(struct md_info *info);

/* Append body to out with every ticked checklist item ("- [x] ...", as
 * md_scan counts them) unticked ("- [ ] ..."); every other byte as it was.
 * Returns how many were unticked. */
int md_untick(struct strbuf *out, const char *body, size_t len);

/* Render Markdown to an HTML fragment with cmark (safe mode: raw HTML and
 * dangerous URLs are left out). Caller frees. */
char *md_to_html(const char *md, size_t len);
/* A standalone HTML5 page: <!DOCTYPE html>, <meta charset="utf-8">, a
 * <title> (HTML-escaped), a small inline stylesheet, and body_html inside
 * <body>. Caller frees. */
char *md_html_page(const char *title, const char *body_html);
/* Escape & < > " for HTML text and attributes. */
void md_html_escape(struct strbuf *sb, const char *s);

#endif
