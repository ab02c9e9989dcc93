/* ini.c: INI text to a list of headers and entries with line numbers, over inih. */
#include "formats/ini.h"

#include <ctype.h>
#include <ini.h>
#include <stdlib.h>
#include <string.h>

/* inih reads through an fgets-like reader, one call per line, and calls the
 * handler for each entry of the line it was just given: so the reader knows
 * the line number of every entry. The reader also classifies each line, so
 * that lines inih rejects (it only returns the first) are all reported, and
 * takes section headers itself (inih truncates long section names and does
 * not report empty sections). An entry too long for inih's line buffer
 * (INI_MAX_LINE, fixed when inih is built: 200 bytes in Debian's) is split
 * by the reader itself, the way inih splits one (long_entry).
 *
 * Leading whitespace is removed before inih sees a line: indentation means
 * nothing in dlg.ini, as in git's config files, instead of inih's
 * configparser-style continuation lines, which would silently glue an
 * indented `then = keep` onto the `if` above it. */
struct reader {
	const char *text;
	size_t len;
	size_t pos;
	int line;
	const char *path;
	struct ini_doc *doc;
	struct diags *diags;
	int bad;
	int expect_entry; /* the current line must produce an entry */
	int got_entry;
	char *section; /* current section, "" before any */
	char *name;
};

static int is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static void reject(struct reader *r, const char *msg)
{
	diags_add(r->diags, r->path, r->line, 0, 0, "%s", msg);
	r->bad = 1;
}

static struct ini_item *push_item(struct reader *r)
{
	struct ini_item *it;

	ALLOC_GROW(r->doc->v, r->doc->n + 1, r->doc->alloc);
	it = &r->doc->v[r->doc->n++];
	memset(it, 0, sizeof(*it));
	it->line = r->line;
	it->section = xstrdup(r->section);
	it->name = r->name ? xstrdup(r->name) : NULL;
	return it;
}

static void add_entry(struct reader *r, const char *key, const char *value)
{
	struct ini_item *it;

	if (!*key) {
		reject(r, "missing key before '='");
		return;
	}
	it = push_item(r);
	it->key = xstrdup(key);
	it->value = xstrdup(value);
}

/* Where in s[i, n) the first of chars is (chars NULL: none), or an inline
 * comment: a ';' after whitespace. inih's find_chars_or_comment. */
static size_t find_chars_or_comment(const char *s, size_t i, size_t n, const char *chars)
{
	int was_space = 0;

	for (; i < n; i++) {
		if (chars && strchr(chars, s[i]))
			break;
		if (was_space && s[i] == ';')
			break;
		was_space = is_space((unsigned char)s[i]);
	}
	return i;
}

/* An entry line too long for inih's buffer (s, n bytes: trimmed, no NUL),
 * read as inih's ini_parse_stream reads one: the key ends at the first '='
 * or ':' (an inline comment before it makes the line no entry), the value
 * at an inline comment; both are trimmed of whitespace. */
static void long_entry(struct reader *r, const char *s, size_t n)
{
	size_t sep = find_chars_or_comment(s, 0, n, "=:"), kend = sep, vstart, vend;
	char *key, *value;

	if (sep == n || (s[sep] != '=' && s[sep] != ':')) {
		reject(r, "expected 'key = value', '[section]' or a comment");
		return;
	}
	while (kend > 0 && is_space((unsigned char)s[kend - 1]))
		kend--;
	vend = find_chars_or_comment(s, sep + 1, n, NULL);
	for (vstart = sep + 1; vstart < vend && is_space((unsigned char)s[vstart]); vstart++)
		;
	while (vend > vstart && is_space((unsigned char)s[vend - 1]))
		vend--;
	key = xstrndup(s, kend);
	value = xstrndup(s + vstart, vend - vstart);
	add_entry(r, key, value);
	free(key);
	free(value);
}

/* "[rule  enjoy ]" (s .. end, without brackets) -> section "rule", name "enjoy". */
static void start_section(struct reader *r, const char *s, const char *end)
{
	const char *word;

	while (s < end && is_space(*s))
		s++;
	while (end > s && is_space(end[-1]))
		end--;
	word = s;
	while (s < end && !is_space(*s))
		s++;
	free(r->section);
	free(r->name);
	r->section = xstrndup(word, s - word);
	while (s < end && is_space(*s))
		s++;
	r->name = s < end ? xstrndup(s, end - s) : NULL;
	push_item(r);
}

/* A line starting with '[': find its ']' the way inih does (a ';' after
 * whitespace starts a comment first). */
static void header_line(struct reader *r, const char *s, size_t n)
{
	size_t i;
	int was_space = 0;

	for (i = 1; i < n && s[i] != ']' && !(was_space && s[i] == ';'); i++)
		was_space = is_space((unsigned char)s[i]);
	if (i >= n || s[i] != ']') {
		reject(r, "section header has no closing ']'");
		start_section(r, s, s);
		r->doc->v[r->doc->n - 1].broken = 1;
		return;
	}
	start_section(r, s + 1, s + i);
	for (i++; i < n && is_space((unsigned char)s[i]); i++)
		;
	if (i < n && s[i] != ';' && s[i] != '#')
		reject(r, "unexpected text after ']'");
}

/* The line before the one about to be read is finished: was it accepted? */
static void finish_line(struct reader *r)
{
	if (r->expect_entry && !r->got_entry)
		reject(r, "expected 'key = value', '[section]' or a comment");
	r->expect_entry = r->got_entry = 0;
}

static char *read_line(char *str, int num, void *stream)
{
	struct reader *r = stream;
	const char *s, *eol;
	size_t n;

	finish_line(r);
	if (r->pos >= r->len)
		return NULL;
	s = r->text + r->pos;
	eol = memchr(s, '\n', r->len - r->pos);
	n = eol ? (size_t)(eol - s) : r->len - r->pos;
	r->pos += n + (eol ? 1 : 0);
	r->line++;
	if (r->line == 1 && n >= 3 && !memcmp(s, "\xef\xbb\xbf", 3)) {
		s += 3;
		n -= 3;
	}
	while (n && is_space((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n && is_space((unsigned char)s[n - 1]))
		n--;

	strcpy(str, "\n"); /* what inih sees of a line it must not parse */
	if (memchr(s, '\0', n))
		reject(r, "line contains a NUL byte");
	else if (n && (*s == ';' || *s == '#'))
		; /* a comment */
	else if (n && *s == '[')
		header_line(r, s, n);
	else if (n + 2 > (size_t)num)
		long_entry(r, s, n); /* too long for inih's buffer */
	else if (n) {
		memcpy(str, s, n);
		str[n] = '\n';
		str[n + 1] = '\0';
		r->expect_entry = 1;
	}
	return str;
}

static int on_entry(void *user, const char *section, const char *key, const char *value)
{
	struct reader *r = user;

	(void)section; /* ours, from the header line, is not truncated */
	r->got_entry = 1;
	add_entry(r, key, value);
	return 1;
}

int ini_read(struct ini_doc *doc, const char *path, const char *text, size_t len,
             struct diags *diags)
{
	struct reader r;
	int first_error;

	memset(&r, 0, sizeof(r));
	r.text = text;
	r.len = len;
	r.path = path;
	r.doc = doc;
	r.diags = diags;
	r.section = xstrdup("");
	first_error = ini_parse_stream(read_line, &r, on_entry, &r);
	if (first_error && !r.bad) {
		/* inih refused a line our reading accepted: still say so. */
		diags_add(diags, path, first_error, 0, 0, "cannot parse this line");
		r.bad = 1;
	}
	free(r.section);
	free(r.name);
	return r.bad ? DLG_EINVALID : 0;
}

void ini_doc_release(struct ini_doc *doc)
{
	if (!doc)
		return;
	for (size_t i = 0; i < doc->n; i++) {
		free(doc->v[i].section);
		free(doc->v[i].name);
		free(doc->v[i].key);
		free(doc->v[i].value);
	}
	free(doc->v);
	doc->v = NULL;
	doc->n = doc->alloc = 0;
}
