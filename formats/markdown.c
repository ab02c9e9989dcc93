/* markdown.c: read a task body with cmark-gfm (title, checklists, the
 * Brief section as written) and render Markdown to safe HTML with GitHub's
 * extensions. Reading uses plain CommonMark, as before; only rendering
 * adds the extensions. (cmark-gfm alone: it shares its symbol names with
 * libcmark, so dlg links one of them, never both.) */
#include "formats/markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <stdlib.h>
#include <string.h>

/* Start offsets of the lines of a text, ending as CommonMark ends them:
 * at "\n", "\r\n" or a lone "\r". start[n] is the length of the text. */
struct lines {
	size_t *start;
	size_t n, alloc;
};

static void lines_index(struct lines *l, const char *s, size_t len)
{
	size_t i = 0;

	ALLOC_GROW(l->start, l->n + 1, l->alloc);
	l->start[l->n++] = 0;
	while (i < len) {
		if (s[i] == '\r' && i + 1 < len && s[i + 1] == '\n')
			i++;
		if (s[i] == '\n' || s[i] == '\r') {
			ALLOC_GROW(l->start, l->n + 1, l->alloc);
			l->start[l->n++] = i + 1;
		}
		i++;
	}
	/* A final line ending does not begin another line. */
	if (l->start[l->n - 1] == len && l->n > 1)
		l->n--;
	ALLOC_GROW(l->start, l->n + 1, l->alloc);
	l->start[l->n] = len;
}

/* Byte offsets [*b, *e) of 1-based line no, its ending included. */
static void lines_span(const struct lines *l, int no, size_t *b, size_t *e)
{
	size_t i = no < 1 ? 0 : (size_t)no - 1;

	if (i > l->n)
		i = l->n;
	*b = l->start[i];
	*e = l->start[i + 1 > l->n ? l->n : i + 1];
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int is_blank(const char *s, size_t b, size_t e)
{
	for (; b < e; b++)
		if (!is_space(s[b]))
			return 0;
	return 1;
}

/* A setext underline: up to three spaces, a run of '=' or '-', spaces. */
static int is_setext_underline(const char *s, size_t b, size_t e)
{
	size_t i = b;
	char c;

	while (i < e && i - b < 3 && s[i] == ' ')
		i++;
	if (i >= e || (s[i] != '=' && s[i] != '-'))
		return 0;
	c = s[i];
	while (i < e && s[i] == c)
		i++;
	return is_blank(s, i, e);
}

/* The plain text of a node's inlines: literals of text and code, line
 * breaks as spaces, markup dropped. Iterative, so deep nesting is safe. */
static void flatten(struct strbuf *sb, cmark_node *node)
{
	cmark_iter *it = cmark_iter_new(node);
	cmark_event_type ev;
	cmark_node *cur;
	const char *lit;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		cur = cmark_iter_get_node(it);
		switch (cmark_node_get_type(cur)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			lit = cmark_node_get_literal(cur);
			if (lit)
				strbuf_addstr(sb, lit);
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			strbuf_addch(sb, ' ');
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
}

/* The node's flattened text without surrounding white space. */
static char *flatten_trimmed(cmark_node *node)
{
	struct strbuf sb = STRBUF_INIT;
	size_t b = 0, e;
	char *text;

	flatten(&sb, node);
	e = sb.len;
	while (e > b && is_space(sb.buf[e - 1]))
		e--;
	while (b < e && is_space(sb.buf[b]))
		b++;
	text = xstrndup(sb.buf + b, e - b);
	strbuf_release(&sb);
	return text;
}

/* 1 for an item starting "[ ]", 2 for "[x]"/"[X]" (followed by white space
 * or nothing), 0 for any other list item. */
static int item_check(cmark_node *item)
{
	cmark_node *para = cmark_node_first_child(item);
	cmark_node *text = para ? cmark_node_first_child(para) : NULL;
	const char *s;

	if (!para || cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH || !text ||
	    cmark_node_get_type(text) != CMARK_NODE_TEXT)
		return 0;
	s = cmark_node_get_literal(text);
	if (!s || s[0] != '[' || s[1] == '\0' || !strchr(" xX", s[1]) || s[2] != ']')
		return 0;
	if (s[3] != '\0' && s[3] != ' ' && s[3] != '\t')
		return 0;
	return s[1] == ' ' ? 1 : 2;
}

/* The line after a top-level heading: the next line for an ATX heading, the
 * line after the underline for a setext one. (cmark's end line is not
 * reliable for setext headings.) */
static int heading_next_line(const struct lines *l, const char *s, cmark_node *h)
{
	int line = cmark_node_get_start_line(h);
	size_t b, e, i;

	lines_span(l, line, &b, &e);
	for (i = b; i < e && i - b < 3 && s[i] == ' '; i++)
		;
	if (i < e && s[i] == '#')
		return line + 1;
	for (line++; (size_t)line <= l->n; line++) {
		lines_span(l, line, &b, &e);
		if (is_setext_underline(s, b, e))
			return line + 1;
	}
	return line;
}

/* Whole lines first..last (1-based, inclusive) without leading and trailing
 * blank lines; the last line keeps its ending. */
static char *slice_lines(const struct lines *l, const char *s, int first, int last)
{
	size_t b, e, lb, le;

	while (first <= last) {
		lines_span(l, first, &lb, &le);
		if (!is_blank(s, lb, le))
			break;
		first++;
	}
	while (last >= first) {
		lines_span(l, last, &lb, &le);
		if (!is_blank(s, lb, le))
			break;
		last--;
	}
	if (first > last)
		return xstrdup("");
	lines_span(l, first, &b, &le);
	lines_span(l, last, &lb, &e);
	return xstrndup(s + b, e - b);
}

struct scan {
	struct md_info *out;
	const char *src;
	struct lines lines;
	int in_brief;    /* inside the Brief section */
	int brief_first; /* its first line, 0 before one is found */
};

/* A top-level heading opens or closes the Brief section, or is the title. */
static void scan_heading(struct scan *sc, cmark_node *h)
{
	int level = cmark_node_get_heading_level(h);
	char *text;

	if (level > 2)
		return;
	text = flatten_trimmed(h);
	if (sc->in_brief) {
		sc->in_brief = 0;
		sc->out->brief = slice_lines(&sc->lines, sc->src, sc->brief_first,
		                             cmark_node_get_start_line(h) - 1);
	}
	if (level == 1 && !sc->out->title && *text) {
		sc->out->title = text;
		return;
	}
	if (level == 2 && !sc->brief_first && str_ieq(text, "brief")) {
		sc->in_brief = 1;
		sc->brief_first = heading_next_line(&sc->lines, sc->src, h);
	}
	free(text);
}

static void scan_item(struct scan *sc, cmark_node *item)
{
	int check = item_check(item);

	if (!check)
		return;
	sc->out->checks_total++;
	sc->out->checks_done += check == 2;
	if (sc->in_brief) {
		sc->out->brief_checks_total++;
		sc->out->brief_checks_done += check == 2;
	}
}

void md_scan(struct md_info *out, const char *body, size_t len)
{
	struct scan sc = { out, body ? body : "", { NULL, 0, 0 }, 0, 0 };
	cmark_node *doc, *cur;
	cmark_iter *it;
	cmark_event_type ev;

	memset(out, 0, sizeof(*out));
	if (!body)
		len = 0;
	lines_index(&sc.lines, sc.src, len);
	doc = cmark_parse_document(sc.src, len, CMARK_OPT_DEFAULT);
	it = cmark_iter_new(doc);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		cur = cmark_iter_get_node(it);
		if (cmark_node_get_type(cur) == CMARK_NODE_HEADING && cmark_node_parent(cur) == doc)
			scan_heading(&sc, cur);
		else if (cmark_node_get_type(cur) == CMARK_NODE_ITEM)
			scan_item(&sc, cur);
	}
	if (sc.in_brief)
		out->brief = slice_lines(&sc.lines, sc.src, sc.brief_first, (int)sc.lines.n);
	cmark_iter_free(it);
	cmark_node_free(doc);
	free(sc.lines.start);
}

/* The byte offset of the "[x]" of a ticked item, or (size_t)-1 when the
 * source does not hold it where cmark says its text starts. */
static size_t tick_offset(const struct lines *l, const char *s, size_t len, cmark_node *item)
{
	cmark_node *para = cmark_node_first_child(item);
	int line = cmark_node_get_start_line(para), col = cmark_node_get_start_column(para);
	size_t b, e, at;

	if (line < 1 || col < 1 || (size_t)line > l->n)
		return (size_t)-1;
	lines_span(l, line, &b, &e);
	at = b + (size_t)col - 1;
	if (at + 3 > e || at + 3 > len || s[at] != '[' || (s[at + 1] != 'x' && s[at + 1] != 'X') ||
	    s[at + 2] != ']')
		return (size_t)-1;
	return at + 1;
}

int md_untick(struct strbuf *out, const char *body, size_t len)
{
	struct lines l = { NULL, 0, 0 };
	const char *src = body ? body : "";
	size_t start = out->len;
	cmark_node *doc, *cur;
	cmark_iter *it;
	cmark_event_type ev;
	int n = 0;

	if (!body)
		len = 0;
	strbuf_add(out, src, len);
	lines_index(&l, src, len);
	doc = cmark_parse_document(src, len, CMARK_OPT_DEFAULT);
	it = cmark_iter_new(doc);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		size_t at;

		cur = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(cur) != CMARK_NODE_ITEM ||
		    item_check(cur) != 2)
			continue;
		at = tick_offset(&l, src, len, cur);
		if (at != (size_t)-1) {
			out->buf[start + at] = ' ';
			n++;
		}
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
	free(l.start);
	return n;
}

void md_info_release(struct md_info *info)
{
	if (!info)
		return;
	free(info->title);
	free(info->brief);
	memset(info, 0, sizeof(*info));
}

/* GitHub's extensions, as github.com renders a README: tables, ~~strike~~,
 * bare links, task lists. (Not tagfilter: raw HTML is left out anyway.) */
static const char *const gfm_extensions[] = { "table", "strikethrough", "autolink", "tasklist" };

char *md_to_html(const char *md, size_t len)
{
	cmark_parser *parser;
	cmark_node *doc;
	char *html, *copy;

	cmark_gfm_core_extensions_ensure_registered();
	parser = cmark_parser_new(CMARK_OPT_DEFAULT);
	for (size_t i = 0; i < ARRAY_SIZE(gfm_extensions); i++) {
		cmark_syntax_extension *ext = cmark_find_syntax_extension(gfm_extensions[i]);

		if (ext)
			cmark_parser_attach_syntax_extension(parser, ext);
	}
	cmark_parser_feed(parser, md ? md : "", md ? len : 0);
	doc = cmark_parser_finish(parser);
	/* safe: raw HTML and javascript: links are left out (no CMARK_OPT_UNSAFE) */
	html =
	    cmark_render_html(doc, CMARK_OPT_DEFAULT, cmark_parser_get_syntax_extensions(parser));
	/* cmark allocates with its default allocator (malloc); hand back our own
	 * copy so callers never mix allocators. */
	copy = xstrdup(html);
	free(html);
	cmark_node_free(doc);
	cmark_parser_free(parser);
	return copy;
}

static const char page_css[] =
    "body{max-width:42em;margin:2em auto;padding:0 1em;"
    "font:16px/1.5 system-ui,-apple-system,\"Segoe UI\",sans-serif;color:#222;background:#fff}\n"
    "h1,h2,h3{line-height:1.2}\n"
    "a{color:#0b5cad}\n"
    "code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9em}\n"
    "pre{background:#f4f4f4;padding:.75em;overflow:auto}\n"
    "blockquote{margin:0;padding-left:1em;border-left:3px solid #ccc;color:#555}\n"
    "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25em .5em}\n"
    "li>input[type=checkbox]{margin-right:.4em}\n"
    "img{max-width:100%}\n";

char *md_html_page(const char *title, const char *body_html)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb,
	              "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	              "<meta charset=\"utf-8\">\n"
	              "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	              "<title>");
	md_html_escape(&sb, title && *title ? title : "Untitled");
	strbuf_addstr(&sb, "</title>\n<style>\n");
	strbuf_addstr(&sb, page_css);
	strbuf_addstr(&sb, "</style>\n</head>\n<body>\n");
	if (body_html)
		strbuf_addstr(&sb, body_html);
	if (sb.len && sb.buf[sb.len - 1] != '\n')
		strbuf_addch(&sb, '\n');
	strbuf_addstr(&sb, "</body>\n</html>\n");
	return strbuf_detach(&sb, NULL);
}

void md_html_escape(struct strbuf *sb, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&':
			strbuf_addstr(sb, "&amp;");
			break;
		case '<':
			strbuf_addstr(sb, "&lt;");
			break;
		case '>':
			strbuf_addstr(sb, "&gt;");
			break;
		case '"':
			strbuf_addstr(sb, "&quot;");
			break;
		case '\'':
			strbuf_addstr(sb, "&#39;");
			break;
		default:
			strbuf_addch(sb, *s);
		}
	}
}
