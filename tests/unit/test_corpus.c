/* test_corpus.c: the front-matter corpus (tests/corpus): byte-exact round
 * trips, hand-written golden edits, removals, the errors of malformed files,
 * truncated input, and how values are written. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "formats/frontmatter.h"
#include "lib/util.h"
#include "lib/value.h"

/* Bytes fed to fm_parse by the truncation test, all files together. */
#define TRUNCATE_BUDGET (8u << 20)

struct cfile {
	char *name;
	struct strbuf data;
	struct strbuf expect; /* good: NAME.md.set; bad: NAME.md.err */
};

struct corpus {
	struct cfile *v;
	size_t n;
	size_t alloc;
};

static struct corpus good, bad;
static int nfail;

static const char *corpus_dir(void)
{
#ifdef CORPUS_DIR
	return CORPUS_DIR;
#else
	const char *e = getenv("DLG_CORPUS");

	return e && *e ? e : "tests/corpus";
#endif
}

static int cfile_cmp(const void *a, const void *b)
{
	return strcmp(((const struct cfile *)a)->name, ((const struct cfile *)b)->name);
}

static int corpus_load(struct corpus *c, const char *sub, const char *expect_ext)
{
	char *dir = xstrfmt("%s/%s", corpus_dir(), sub);
	DIR *d = opendir(dir);
	struct dirent *de;
	int ret = 0;

	if (!d) {
		print_error("cannot open %s (run from the repository root or set DLG_CORPUS)\n",
		            dir);
		free(dir);
		return -1;
	}
	while ((de = readdir(d))) {
		struct cfile *f;
		char *path;

		if (!ends_with(de->d_name, ".md"))
			continue;
		ALLOC_GROW(c->v, c->n + 1, c->alloc);
		f = &c->v[c->n++];
		f->name = xstrdup(de->d_name);
		strbuf_init(&f->data, 0);
		strbuf_init(&f->expect, 0);
		path = xstrfmt("%s/%s", dir, de->d_name);
		if (strbuf_read_file(&f->data, path) < 0)
			ret = -1;
		free(path);
		path = xstrfmt("%s/%s%s", dir, de->d_name, expect_ext);
		if (strbuf_read_file(&f->expect, path) < 0) {
			print_error("missing %s\n", path);
			ret = -1;
		}
		free(path);
	}
	closedir(d);
	free(dir);
	if (c->n)
		qsort(c->v, c->n, sizeof(*c->v), cfile_cmp);
	return ret;
}

static void corpus_free(struct corpus *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].name);
		strbuf_release(&c->v[i].data);
		strbuf_release(&c->v[i].expect);
	}
	free(c->v);
	memset(c, 0, sizeof(*c));
}

static int setup(void **state)
{
	int ret = corpus_load(&good, "good", ".set");

	if (corpus_load(&bad, "bad", ".err"))
		ret = -1;
	return ret;
}

static int teardown(void **state)
{
	corpus_free(&good);
	corpus_free(&bad);
	return 0;
}

/* Failures are collected so one run lists every file that is wrong. */
static void report(const char *name, const char *fmt, ...) DLG_PRINTF(2, 3);
static void report(const char *name, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	print_error("%s: %s\n", name, sb.buf);
	strbuf_release(&sb);
	nfail++;
}

static void check_reports(void)
{
	int n = nfail;

	nfail = 0;
	if (n)
		fail_msg("%d problem(s) in the corpus, listed above", n);
}

static void add_escaped(struct strbuf *sb, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\n')
			strbuf_addstr(sb, "\\n");
		else if (c == '\r')
			strbuf_addstr(sb, "\\r");
		else if (c == '\t')
			strbuf_addstr(sb, "\\t");
		else if (c < 0x20 || c == 0x7f)
			strbuf_addf(sb, "\\x%02x", c);
		else
			strbuf_addch(sb, c);
	}
}

/* The line of s around offset at, escaped, for messages. */
static void add_line_at(struct strbuf *sb, const char *s, size_t len, size_t at)
{
	size_t b = at, e = at;

	while (b > 0 && s[b - 1] != '\n')
		b--;
	while (e < len && s[e] != '\n')
		e++;
	if (e < len)
		e++;
	strbuf_addch(sb, '"');
	add_escaped(sb, s + b, e - b);
	strbuf_addch(sb, '"');
}

static int same_bytes(const char *name, const char *what, const char *want, size_t wlen,
                      const char *got, size_t glen)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i = 0, line = 1;

	if (wlen == glen && !memcmp(want, got, wlen))
		return 1;
	while (i < wlen && i < glen && want[i] == got[i])
		if (want[i++] == '\n')
			line++;
	strbuf_addf(&sb, "%s: bytes differ at offset %zu (line %zu): expected ", what, i, line);
	if (i < wlen)
		add_line_at(&sb, want, wlen, i);
	else
		strbuf_addstr(&sb, "end of file");
	strbuf_addstr(&sb, ", got ");
	if (i < glen)
		add_line_at(&sb, got, glen, i);
	else
		strbuf_addstr(&sb, "end of file");
	report(name, "%s", sb.buf);
	strbuf_release(&sb);
	return 0;
}

static struct fm_doc *parse_or_report(const char *name, const char *what, const char *data,
                                      size_t len)
{
	struct dlg_err err = DLG_ERR_INIT;
	struct fm_doc *doc = NULL;

	if (fm_parse(&doc, data, len, &err) || !doc) {
		report(name, "%s: fm_parse failed: %d:%d: %s", what, err.line, err.col,
		       err.msg ? err.msg : "(no message)");
		fm_free(doc);
		doc = NULL;
	}
	err_clear(&err);
	return doc;
}

/* Where the front-matter is, found without the parser: a first line `---`
 * (after an optional BOM), up to a line `---` or `...`. */
struct region {
	int has;
	int closed;
	size_t start;     /* first byte of the first YAML line */
	size_t end;       /* first byte of the closing delimiter line */
	size_t close_end; /* just after the closing delimiter line */
};

static size_t next_line(const char *s, size_t len, size_t p)
{
	const char *nl = memchr(s + p, '\n', len - p);

	return nl ? (size_t)(nl - s) + 1 : len;
}

static int is_delim(const char *s, size_t len, size_t p, const char *word)
{
	size_t n = strlen(word);

	if (len - p < n || memcmp(s + p, word, n))
		return 0;
	p += n;
	return p == len || s[p] == '\n' || (s[p] == '\r' && p + 1 < len && s[p + 1] == '\n');
}

static void find_region(const char *s, size_t len, struct region *r)
{
	size_t p = 0;

	memset(r, 0, sizeof(*r));
	if (len >= 3 && !memcmp(s, "\xef\xbb\xbf", 3))
		p = 3;
	if (!is_delim(s, len, p, "---"))
		return;
	r->has = 1;
	for (p = r->start = next_line(s, len, p); p < len; p = next_line(s, len, p)) {
		if (is_delim(s, len, p, "---") || is_delim(s, len, p, "...")) {
			r->closed = 1;
			r->end = p;
			r->close_end = next_line(s, len, p);
			return;
		}
	}
}

/* 1-based line and column (in characters) of byte offset at. */
static void line_col(const char *s, size_t at, int *line, int *col)
{
	size_t b = 0;

	*line = 1;
	for (size_t i = 0; i < at; i++)
		if (s[i] == '\n')
			(*line)++, b = i + 1;
	*col = 1;
	for (size_t i = b; i < at; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			(*col)++;
}

static size_t line_count(const char *s, size_t len)
{
	size_t n = 1;

	for (size_t i = 0; i < len; i++)
		if (s[i] == '\n')
			n++;
	return n;
}

/* (a) and the entries' positions. */
static void check_roundtrip(const struct cfile *f)
{
	const char *s = f->data.buf;
	struct fm_doc *doc = parse_or_report(f->name, "parse", s, f->data.len);
	struct region r;
	const char *out;
	size_t len;

	if (!doc)
		return;
	out = fm_bytes(doc, &len);
	same_bytes(f->name, "fm_bytes after fm_parse", s, f->data.len, out, len);
	find_region(s, f->data.len, &r);
	if (!fm_has_block(doc) != !r.has)
		report(f->name, "fm_has_block is %d", fm_has_block(doc));
	if (fm_body_offset(doc) != (r.has ? r.close_end : 0))
		report(f->name, "fm_body_offset is %zu, expected %zu", fm_body_offset(doc),
		       r.has ? r.close_end : (size_t)0);
	for (size_t i = 0; i < fm_count(doc); i++) {
		const struct fm_entry *e = fm_entry_at(doc, i);
		int line, col;

		if (fm_find(doc, e->key) != e)
			report(f->name, "fm_find('%s') is not entry %zu", e->key, i);
		if (!(r.start <= e->line_start && e->line_start <= e->key_start &&
		      e->key_start < e->key_end && e->key_end <= e->val_start &&
		      e->val_start <= e->val_end && e->val_end <= e->line_end &&
		      e->line_end <= r.end)) {
			report(f->name, "'%s': offsets out of order", e->key);
			continue;
		}
		if (e->line_start > 0 && s[e->line_start - 1] != '\n')
			report(f->name, "'%s': line_start is not at a line start", e->key);
		if (s[e->line_end - 1] != '\n')
			report(f->name, "'%s': line_end is not after a line ending", e->key);
		line_col(s, e->key_start, &line, &col);
		if (e->line != line || e->col != col)
			report(f->name, "'%s' at %d:%d, expected %d:%d", e->key, e->line, e->col,
			       line, col);
		if (e->val_end > e->val_start) {
			line_col(s, e->val_start, &line, &col);
			if (e->value_line != line || e->value_col != col)
				report(f->name, "value of '%s' at %d:%d, expected %d:%d", e->key,
				       e->value_line, e->value_col, line, col);
		}
	}
	fm_free(doc);
}

static void test_good_roundtrip(void **state)
{
	assert_true(good.n >= 32);
	for (size_t i = 0; i < good.n; i++)
		check_roundtrip(&good.v[i]);
	check_reports();
}

static void value_describe(struct strbuf *sb, const struct value *v)
{
	strbuf_addf(sb, "%s ", value_type_name(v->type));
	value_format(sb, v);
}

static int set_status_follow_up(const char *name, struct fm_doc *doc)
{
	struct dlg_err err = DLG_ERR_INIT;
	struct value v = VALUE_INIT;
	int ret;

	value_set_string(&v, "waiting");
	ret = fm_set(doc, "status", &v, &err);
	if (!ret) {
		value_set_date(&v, date_from_ymd(2026, 11, 29));
		ret = fm_set(doc, "follow_up", &v, &err);
	}
	if (ret)
		report(name, "fm_set failed: %s", err.msg ? err.msg : "(no message)");
	value_free(&v);
	err_clear(&err);
	return ret;
}

static const char *entry_text(const char *s, const struct fm_entry *e, size_t *len)
{
	*len = e->val_end - e->val_start;
	return s + e->val_start;
}

/* (c): every entry but status and follow_up keeps its key, value and value
 * bytes; the two have their new values; new keys come last. */
static void check_others_kept(const char *name, const struct fm_doc *old, const char *old_s,
                              const struct fm_doc *now, const char *now_s)
{
	struct value want = VALUE_INIT;
	size_t added = !fm_find(old, "status") + !fm_find(old, "follow_up");
	const struct fm_entry *e;

	if (fm_count(now) != fm_count(old) + added)
		report(name, "%zu entries after the edit, expected %zu", fm_count(now),
		       fm_count(old) + added);
	for (size_t i = 0; i < fm_count(old); i++) {
		const struct fm_entry *o = fm_entry_at(old, i);
		const char *a, *b;
		size_t alen, blen;

		if (!strcmp(o->key, "status") || !strcmp(o->key, "follow_up"))
			continue;
		e = fm_find(now, o->key);
		if (!e || e != fm_entry_at(now, i)) {
			report(name, "'%s' is no longer entry %zu", o->key, i);
			continue;
		}
		if (!value_equal(&o->val, &e->val) || o->style != e->style) {
			struct strbuf sb = STRBUF_INIT;

			value_describe(&sb, &o->val);
			strbuf_addstr(&sb, " became ");
			value_describe(&sb, &e->val);
			report(name, "'%s' changed: %s", o->key, sb.buf);
			strbuf_release(&sb);
		}
		a = entry_text(old_s, o, &alen);
		b = entry_text(now_s, e, &blen);
		if (alen != blen || memcmp(a, b, alen))
			report(name, "the bytes of '%s' changed", o->key);
	}
	e = fm_find(now, "status");
	value_set_string(&want, "waiting");
	if (!e || !value_equal(&e->val, &want))
		report(name, "status is not the text 'waiting' after the edit");
	e = fm_find(now, "follow_up");
	value_set_date(&want, date_from_ymd(2026, 11, 29));
	if (!e || !value_equal(&e->val, &want))
		report(name, "follow_up is not the date 2026-11-29 after the edit");
	if (added && fm_count(now) >= added) {
		const char *last = fm_find(old, "follow_up") ? "status" : "follow_up";

		if (strcmp(fm_entry_at(now, fm_count(now) - 1)->key, last))
			report(name, "'%s' was not added last", last);
	}
	value_free(&want);
}

/* (b) and (c). */
static void check_set(const struct cfile *f)
{
	struct fm_doc *doc = parse_or_report(f->name, "parse", f->data.buf, f->data.len);
	struct fm_doc *old, *now;
	const char *out;
	size_t len;

	if (!doc)
		return;
	if (set_status_follow_up(f->name, doc)) {
		fm_free(doc);
		return;
	}
	out = fm_bytes(doc, &len);
	same_bytes(f->name, "status and follow_up set (golden .set file)", f->expect.buf,
	           f->expect.len, out, len);
	old = parse_or_report(f->name, "parse", f->data.buf, f->data.len);
	now = parse_or_report(f->name, "re-parse after the edit", out, len);
	if (old && now)
		check_others_kept(f->name, old, f->data.buf, now, fm_bytes(now, &len));
	fm_free(now);
	fm_free(old);
	fm_free(doc);
}

static void test_good_set_golden(void **state)
{
	for (size_t i = 0; i < good.n; i++)
		check_set(&good.v[i]);
	check_reports();
}

/* (d): setting a key to the value it has changes nothing. */
static void test_good_set_same_value(void **state)
{
	for (size_t i = 0; i < good.n; i++) {
		const struct cfile *f = &good.v[i];
		struct fm_doc *ref = parse_or_report(f->name, "parse", f->data.buf, f->data.len);

		for (size_t j = 0; ref && j < fm_count(ref); j++) {
			const struct fm_entry *e = fm_entry_at(ref, j);
			struct dlg_err err = DLG_ERR_INIT;
			struct fm_doc *doc = NULL;
			const char *out;
			size_t len;
			char *what;

			/* An unknown value removes the key, a mapping can't be set. */
			if (e->val.type == VALUE_UNKNOWN || e->val.type == VALUE_MAP)
				continue;
			if (fm_parse(&doc, f->data.buf, f->data.len, &err))
				break;
			what = xstrfmt("'%s' set to its own value", e->key);
			if (fm_set(doc, e->key, &e->val, &err)) {
				report(f->name, "%s: fm_set failed: %s", what, err.msg);
			} else {
				out = fm_bytes(doc, &len);
				same_bytes(f->name, what, f->data.buf, f->data.len, out, len);
			}
			free(what);
			err_clear(&err);
			fm_free(doc);
		}
		fm_free(ref);
	}
	check_reports();
}

enum line_kind { LINE_BLANK, LINE_COMMENT, LINE_MORE, LINE_OTHER };

/* What a front-matter line is to the entry above it: more of its value
 * (indented, or a block sequence item at column 1), blank, a comment, or
 * something else (the next key). */
static enum line_kind line_kind(const char *s, size_t len, size_t p)
{
	size_t e = next_line(s, len, p), i = p;

	while (i < e && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i == e || s[i] == '\n' || s[i] == '\r')
		return LINE_BLANK;
	if (s[i] == '#')
		return LINE_COMMENT;
	if (i > p)
		return LINE_MORE;
	if (s[p] == '-' && (p + 1 == e || s[p + 1] == ' ' || s[p + 1] == '\n' || s[p + 1] == '\r'))
		return LINE_MORE;
	return LINE_OTHER;
}

/* The key line of key: `key:`, `"key":` or `'key':` at column 1. Sets
 * *after to just past the colon. */
static int is_key_line(const char *s, size_t len, size_t p, const char *key, size_t *after)
{
	size_t n = strlen(key), q = p;
	char quote = 0;

	if (q < len && (s[q] == '"' || s[q] == '\''))
		quote = s[q++];
	if (len - q < n + 1 || memcmp(s + q, key, n))
		return 0;
	q += n;
	if (quote && s[q++] != quote)
		return 0;
	if (q >= len || s[q] != ':')
		return 0;
	*after = ++q;
	return q == len || s[q] == ' ' || s[q] == '\n' || s[q] == '\r';
}

/* A block scalar with keep chomping (`|+`, `>+`, `|2+`): its trailing
 * blank lines are part of its value. */
static int keeps_blank_lines(const char *s, size_t len, size_t p)
{
	size_t e = next_line(s, len, p);

	while (p < e && s[p] == ' ')
		p++;
	if (p < e && s[p] == '&')
		while (p < e && s[p] != ' ')
			p++;
	while (p < e && s[p] == ' ')
		p++;
	if (p >= e || (s[p] != '|' && s[p] != '>'))
		return 0;
	for (p++; p < e && s[p] != ' ' && s[p] != '\r' && s[p] != '\n'; p++)
		if (s[p] == '+')
			return 1;
	return 0;
}

/* The lines a careful editor deletes to remove key: its key line and the
 * lines that continue its value. Blank and comment lines in between count;
 * those after the value don't, except a keep-chomped scalar's blank lines. */
static int removal_span(const char *s, size_t len, const struct region *r, const char *key,
                        size_t *start, size_t *end)
{
	size_t p, after = 0;
	int keep, gap_comment = 0;

	for (p = r->start; p < r->end; p = next_line(s, len, p))
		if (is_key_line(s, len, p, key, &after))
			break;
	if (p >= r->end)
		return -1;
	*start = p;
	*end = next_line(s, len, p);
	keep = keeps_blank_lines(s, len, after);
	for (p = *end; p < r->end; p = next_line(s, len, p)) {
		enum line_kind k = line_kind(s, len, p);

		if (k == LINE_OTHER)
			break;
		if (k == LINE_MORE || (k == LINE_BLANK && keep && !gap_comment)) {
			*end = next_line(s, len, p);
			gap_comment = 0;
		} else if (k == LINE_COMMENT) {
			gap_comment = 1;
		}
	}
	return 0;
}

/* Whether the entry's value has an anchor that an alias elsewhere uses. */
static int anchor_is_used(const char *s, const struct region *r, const struct fm_entry *e)
{
	size_t p = e->key_end, b;
	char *alias;
	int used = 0;

	while (p < e->line_end && s[p] != '&' && s[p] != '\n')
		p++;
	if (p >= e->line_end || s[p] != '&')
		return 0;
	for (b = ++p; p < e->line_end && s[p] != ' ' && s[p] != '\r' && s[p] != '\n'; p++)
		;
	alias = xstrfmt("*%.*s", (int)(p - b), s + b);
	for (size_t i = r->start; i + strlen(alias) <= r->end; i++)
		if (!memcmp(s + i, alias, strlen(alias)))
			used = 1;
	free(alias);
	return used;
}

static void check_after_remove(const struct cfile *f, const struct fm_doc *old, const char *key,
                               const char *out, size_t len)
{
	struct fm_doc *now = parse_or_report(f->name, "re-parse after fm_remove", out, len);

	if (!now)
		return;
	if (fm_find(now, key))
		report(f->name, "'%s' still there after fm_remove", key);
	if (fm_count(now) + 1 != fm_count(old))
		report(f->name, "removing '%s' left %zu of %zu entries", key, fm_count(now),
		       fm_count(old));
	for (size_t i = 0; i < fm_count(old); i++) {
		const struct fm_entry *o = fm_entry_at(old, i);
		const struct fm_entry *e = fm_find(now, o->key);

		if (!strcmp(o->key, key))
			continue;
		if (!e || !value_equal(&o->val, &e->val))
			report(f->name, "removing '%s' changed '%s'", key, o->key);
	}
	fm_free(now);
}

/* (e) for one entry. */
static void check_remove(const struct cfile *f, const struct fm_doc *ref, const struct region *r,
                         const struct fm_entry *e)
{
	const char *s = f->data.buf;
	struct dlg_err err = DLG_ERR_INIT;
	struct fm_doc *doc = NULL;
	struct strbuf want = STRBUF_INIT;
	size_t start, end, len;
	const char *out;
	char *what;
	int ret;

	if (removal_span(s, f->data.len, r, e->key, &start, &end)) {
		report(f->name, "corpus: cannot find the line of '%s'", e->key);
		return;
	}
	if (fm_parse(&doc, s, f->data.len, &err))
		return;
	what = xstrfmt("fm_remove('%s')", e->key);
	ret = fm_remove(doc, e->key, &err);
	out = fm_bytes(doc, &len);
	if (anchor_is_used(s, r, e)) {
		/* Removing it would leave a dangling alias: refusing is fine. */
		if (ret)
			same_bytes(f->name, what, s, f->data.len, out, len);
		else
			check_after_remove(f, ref, e->key, out, len);
	} else if (ret) {
		report(f->name, "%s failed: %s", what, err.msg ? err.msg : "(no message)");
	} else {
		strbuf_add(&want, s, start);
		strbuf_add(&want, s + end, f->data.len - end);
		if (same_bytes(f->name, what, want.buf, want.len, out, len))
			check_after_remove(f, ref, e->key, out, len);
	}
	strbuf_release(&want);
	free(what);
	err_clear(&err);
	fm_free(doc);
}

static void test_good_remove(void **state)
{
	for (size_t i = 0; i < good.n; i++) {
		const struct cfile *f = &good.v[i];
		struct fm_doc *ref = parse_or_report(f->name, "parse", f->data.buf, f->data.len);
		struct dlg_err err = DLG_ERR_INIT;
		struct region r;
		const char *out;
		size_t len;

		if (!ref)
			continue;
		find_region(f->data.buf, f->data.len, &r);
		for (size_t j = 0; j < fm_count(ref); j++)
			check_remove(f, ref, &r, fm_entry_at(ref, j));
		/* An absent key: 0, nothing changes. */
		if (fm_remove(ref, "no_such_key", &err))
			report(f->name, "fm_remove of an absent key failed");
		out = fm_bytes(ref, &len);
		same_bytes(f->name, "fm_remove('no_such_key')", f->data.buf, f->data.len, out, len);
		err_clear(&err);
		fm_free(ref);
	}
	check_reports();
}

/* NAME.err holds `LINE:COL: message-substring`. */
static void check_bad(const struct cfile *f)
{
	struct dlg_err err = DLG_ERR_INIT;
	struct fm_doc *sentinel = (struct fm_doc *)&err, *doc = sentinel;
	char *want = xstrndup(f->expect.buf, f->expect.len);
	char *msg;
	int line = 0, col = 0, ret;

	want[strcspn(want, "\r\n")] = '\0';
	msg = strchr(want, ' ');
	if (sscanf(want, "%d:%d:", &line, &col) != 2 || !msg) {
		report(f->name, "corpus: malformed .err file");
		free(want);
		return;
	}
	msg++;
	ret = fm_parse(&doc, f->data.buf, f->data.len, &err);
	if (ret != DLG_EINVALID)
		report(f->name, "fm_parse returned %d, expected DLG_EINVALID", ret);
	if (ret && doc)
		report(f->name, "*out is not NULL after an error");
	if (!ret && doc != sentinel)
		fm_free(doc);
	if (ret && (err.line != line || err.col != col || !err.msg || !strstr(err.msg, msg)))
		report(f->name, "got %d:%d: %s; expected %d:%d: ...%s...", err.line, err.col,
		       err.msg ? err.msg : "(no message)", line, col, msg);
	err_clear(&err);
	free(want);
}

static void test_bad_errors(void **state)
{
	assert_true(bad.n >= 12);
	for (size_t i = 0; i < bad.n; i++)
		check_bad(&bad.v[i]);
	check_reports();
}

/* Every prefix of every file parses or fails cleanly, with the error inside
 * the file; a prefix that parses round-trips and takes an edit. */
static void check_prefix(const char *name, const char *data, size_t len)
{
	struct dlg_err err = DLG_ERR_INIT;
	struct fm_doc *doc = NULL, *again = NULL;
	const char *out;
	size_t olen;

	if (fm_parse(&doc, data, len, &err)) {
		if (doc || !err.msg || err.line < 1 || err.col < 1 ||
		    (size_t)err.line > line_count(data, len))
			report(name, "prefix of %zu bytes: bad error %d:%d: %s", len, err.line,
			       err.col, err.msg ? err.msg : "(no message)");
		err_clear(&err);
		return;
	}
	out = fm_bytes(doc, &olen);
	if (olen != len || memcmp(out, data, len))
		report(name, "prefix of %zu bytes does not round-trip", len);
	if (!set_status_follow_up(name, doc)) {
		out = fm_bytes(doc, &olen);
		if (fm_parse(&again, out, olen, &err))
			report(name, "prefix of %zu bytes: the edit does not re-parse: %s", len,
			       err.msg);
	}
	fm_free(again);
	fm_free(doc);
	err_clear(&err);
}

static void truncate_corpus(const struct corpus *c, size_t budget, size_t *spent)
{
	for (size_t i = 0; i < c->n; i++) {
		const struct cfile *f = &c->v[i];
		size_t len = f->data.len, step = 1, cost;
		struct region r;

		/* Every offset inside the front-matter, fewer in the body. */
		find_region(f->data.buf, len, &r);
		cost = (r.close_end + 16) * (r.close_end + 16) / 2;
		while (cost / step > budget / c->n)
			step++;
		for (size_t n = 0; n <= len;) {
			/* A copy, so reading past the prefix is an error ASan sees. */
			char *copy = xmalloc(n ? n : 1);

			memcpy(copy, f->data.buf, n);
			check_prefix(f->name, copy, n);
			free(copy);
			*spent += n;
			n += n < r.close_end + 16 ? step : (len / 32) + 1;
		}
	}
}

static void test_truncated(void **state)
{
	size_t spent = 0;

	truncate_corpus(&good, TRUNCATE_BUDGET * 3 / 4, &spent);
	truncate_corpus(&bad, TRUNCATE_BUDGET / 4, &spent);
	assert_true(spent <= TRUNCATE_BUDGET * 2);
	check_reports();
}

/* fm_format_value writes want, and YAML reads it back as v. */
static void check_format(const struct value *v, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	struct dlg_err err = DLG_ERR_INIT;
	struct fm_doc *doc = NULL;
	const struct fm_entry *e;
	char *file;

	fm_format_value(&sb, v);
	if (want && strcmp(sb.buf, want))
		report("fm_format_value", "wrote '%s', expected '%s'", sb.buf, want);
	file = xstrfmt("---\nk: %s\n---\n", sb.buf);
	if (fm_parse(&doc, file, strlen(file), &err)) {
		report("fm_format_value", "'%s' does not parse: %s", sb.buf, err.msg);
	} else if (!(e = fm_find(doc, "k")) || !value_equal(&e->val, v)) {
		report("fm_format_value", "'%s' does not read back as the same value", sb.buf);
	}
	fm_free(doc);
	free(file);
	err_clear(&err);
	strbuf_release(&sb);
}

static void check_string_format(const char *s, const char *want)
{
	struct value v = VALUE_INIT;

	value_set_string(&v, s);
	check_format(&v, want);
	value_free(&v);
}

static void test_needs_quotes(void **state)
{
	static const char *const plain[] = {
		"open",
		"I'm bad at it and won't learn it",
		"Clean the gutters",
		"carol",
		"odesk",
		"low",
		"C'est la vie",
		"a#b",
		"Ça coûte 120 €",
		"東京",
	};
	static const char *const quoted[] = {
		"yes",        "no",   "on",          "off",   "Yes",  "TRUE",  "False",
		"null",       "Null", "~",           "3",     "2.5",  "-3",    "1e3",
		"2026-11-29", "a: b", "Re: invoice", "note:", "a #b", "@home", "[x]",
		"{x}",        "*x",   "&x",          "!x",    "|x",   ">x",    "'x",
		"\"x",        "%x",   "-x",          "- x",   "?x",   ",x",    "#x",
		"`x`",        " x",   "x ",          " ",     "",     "a\nb",  "line\n",
	};

	for (size_t i = 0; i < ARRAY_SIZE(plain); i++) {
		if (fm_needs_quotes(plain[i]))
			report("fm_needs_quotes", "'%s' quoted, expected plain", plain[i]);
		check_string_format(plain[i], plain[i]);
	}
	for (size_t i = 0; i < ARRAY_SIZE(quoted); i++) {
		if (!fm_needs_quotes(quoted[i])) {
			struct strbuf sb = STRBUF_INIT;

			add_escaped(&sb, quoted[i], strlen(quoted[i]));
			report("fm_needs_quotes", "'%s' plain, expected quoted", sb.buf);
			strbuf_release(&sb);
		}
		check_string_format(quoted[i], NULL);
	}
	check_reports();
}

static void test_format_value(void **state)
{
	struct value v = VALUE_INIT, item = VALUE_INIT;

	check_string_format("open", "open");
	check_string_format("yes", "\"yes\"");
	check_string_format("2026-11-29", "\"2026-11-29\"");
	check_string_format("3", "\"3\"");
	check_string_format("", "\"\"");
	check_string_format("Thanks,\nSam", "\"Thanks,\\nSam\"");
	check_string_format("say \"hi\": now", "\"say \\\"hi\\\": now\"");
	check_string_format("C:\\temp #1", "\"C:\\\\temp #1\"");
	check_string_format(" padded ", "\" padded \"");
	value_set_date(&v, date_from_ymd(2026, 11, 29));
	check_format(&v, "2026-11-29");
	value_set_bool(&v, 1);
	check_format(&v, "yes");
	value_set_bool(&v, 0);
	check_format(&v, "no");
	value_set_number(&v, 3);
	check_format(&v, "3");
	value_set_number(&v, 2.5);
	check_format(&v, "2.5");

	value_free(&v);
	v.type = VALUE_LIST;
	check_format(&v, "[]");
	value_set_string(&item, "home");
	value_list_push(&v, &item);
	value_set_string(&item, "seasonal");
	value_list_push(&v, &item);
	check_format(&v, "[home, seasonal]");
	value_set_string(&item, "yes");
	value_list_push(&v, &item);
	value_set_string(&item, "a, b");
	value_list_push(&v, &item);
	value_set_number(&item, 3);
	value_list_push(&v, &item);
	value_set_date(&item, date_from_ymd(2026, 11, 29));
	value_list_push(&v, &item);
	check_format(&v, "[home, seasonal, \"yes\", \"a, b\", 3, 2026-11-29]");
	value_set_string(&item, "x]y");
	value_list_push(&v, &item);
	value_set_string(&item, "{z}");
	value_list_push(&v, &item);
	check_format(&v, NULL);
	value_free(&item);
	value_free(&v);
	check_reports();
}

/* Replacing a value: plain stays plain unless the text needs quotes; a
 * quoted value keeps its quotes; an unknown value removes the key. */
static void check_set_text(const char *in, const char *key, const char *text, const char *want)
{
	struct dlg_err err = DLG_ERR_INIT;
	struct fm_doc *doc = NULL;
	struct value v = VALUE_INIT;
	const char *out;
	size_t len;

	if (text)
		value_set_string(&v, text);
	if (fm_parse(&doc, in, strlen(in), &err)) {
		report("fm_set", "'%s' does not parse: %s", in, err.msg);
	} else if (fm_set(doc, key, &v, &err)) {
		report("fm_set", "setting '%s' failed: %s", key, err.msg);
	} else {
		out = fm_bytes(doc, &len);
		same_bytes("fm_set", key, want, strlen(want), out, len);
	}
	fm_free(doc);
	value_free(&v);
	err_clear(&err);
}

static void test_set_styles(void **state)
{
	check_set_text("---\nstatus: inbox # new\n---\n", "status", "yes",
	               "---\nstatus: \"yes\" # new\n---\n");
	check_set_text("---\nstatus: \"inbox\"\n---\n", "status", "open",
	               "---\nstatus: \"open\"\n---\n");
	check_set_text("---\ntitle: \"a\"\n---\n", "title", "say \"hi\"",
	               "---\ntitle: \"say \\\"hi\\\"\"\n---\n");
	check_set_text("---\ntitle: 'a'\n---\n", "title", "it's done",
	               "---\ntitle: 'it''s done'\n---\n");
	check_set_text("---\nbecause:\n---\n", "because", "you: not keen",
	               "---\nbecause: \"you: not keen\"\n---\n");
	check_set_text("---\r\ntitle: x\r\nto: carol\r\n---\r\nbody\r\n", "to", NULL,
	               "---\r\ntitle: x\r\n---\r\nbody\r\n");
	check_set_text("---\r\ntitle: x\r\n---\r\n", "rule", "manual",
	               "---\r\ntitle: x\r\nrule: manual\r\n---\r\n");
	check_reports();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_roundtrip),      cmocka_unit_test(test_good_set_golden),
		cmocka_unit_test(test_good_set_same_value), cmocka_unit_test(test_good_remove),
		cmocka_unit_test(test_bad_errors),          cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_needs_quotes),        cmocka_unit_test(test_format_value),
		cmocka_unit_test(test_set_styles),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
