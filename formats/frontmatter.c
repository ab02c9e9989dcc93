/* frontmatter.c: find the front-matter of a file and parse its YAML with
 * libyaml, keeping the byte span of every top-level key and value (edits
 * are in frontmatter_edit.c). */
#include "formats/frontmatter.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "formats/frontmatter_doc.h"

/* An anchor seen while parsing and the value it names. The value is a
 * view: a shallow copy of the node as read, whose strings and items belong
 * to the document being built (or to parse_state.kept), so that defining an
 * anchor copies nothing; only an alias copies, and it is counted. */
struct anchor {
	char *name; /* NULL: a free slot */
	struct value view;
	size_t values;   /* in view, itself included */
	int alias_depth; /* aliases within aliases in view: 0 when none */
};

/* What reading a node found. */
struct node_info {
	size_t values; /* in the node as read, itself included */
	int alias_depth;
};

struct parse_state {
	struct fm_doc *doc;
	const char *yaml; /* the YAML text (doc->bytes + fm_start) */
	size_t ylen;
	size_t *char_to_byte; /* libyaml marks count characters */
	size_t nchars;
	struct anchor *anchors; /* open addressing by name */
	size_t nanchors, anchors_cap;
	size_t anchors_defined; /* definitions so far, redefinitions included */
	size_t alias_values;    /* copied through aliases so far */
	struct value *kept;     /* the content of mappings that holds anchors */
	size_t nkept, kept_alloc;
	struct strset keys; /* the top-level keys so far */
	yaml_parser_t parser;
	yaml_event_t ev;
	int have_ev;
	struct dlg_err *err;
};

void fm_entry_release(struct fm_entry *e)
{
	free(e->key);
	value_free(&e->val);
}

static void doc_clear_entries(struct fm_doc *doc)
{
	for (size_t i = 0; i < doc->n; i++)
		fm_entry_release(&doc->entries[i]);
	free(doc->entries);
	doc->entries = NULL;
	doc->n = doc->alloc = 0;
}

void fm_free(struct fm_doc *doc)
{
	if (!doc)
		return;
	doc_clear_entries(doc);
	strbuf_release(&doc->bytes);
	free(doc);
}

/* The end of the line starting at pos (the index of its '\n', or len). */
static size_t line_end(const char *s, size_t len, size_t pos)
{
	const char *nl = memchr(s + pos, '\n', len - pos);

	return nl ? (size_t)(nl - s) : len;
}

/* Whether s[start, end) (a line without its '\n') is the delimiter d
 * ("---" or "..."), allowing trailing blanks and a '\r'. */
static int is_delimiter(const char *s, size_t start, size_t end, const char *d)
{
	if (end - start < 3 || memcmp(s + start, d, 3))
		return 0;
	for (size_t i = start + 3; i < end; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

/* Map libyaml's character index to a byte offset in the whole file. */
static size_t mark_byte(const struct parse_state *ps, const yaml_mark_t *m)
{
	size_t ci = m->index < ps->nchars ? m->index : ps->nchars;

	return ps->doc->fm_start + ps->char_to_byte[ci];
}

/* Lines and columns in the file: the YAML text starts on line 2. */
static int mark_line(const yaml_mark_t *m)
{
	return (int)m->line + 2;
}

static int mark_col(const yaml_mark_t *m)
{
	return (int)m->column + 1;
}

static void build_char_map(struct parse_state *ps)
{
	const unsigned char *s = (const unsigned char *)ps->yaml;
	size_t i = 0, c = 0;

	ps->char_to_byte = xmalloc((ps->ylen + 1) * sizeof(size_t));
	while (i < ps->ylen) {
		size_t w = 1;

		if (s[i] >= 0xf0)
			w = 4;
		else if (s[i] >= 0xe0)
			w = 3;
		else if (s[i] >= 0xc0)
			w = 2;
		for (size_t k = 1; k < w; k++)
			if (i + k >= ps->ylen || (s[i + k] & 0xc0) != 0x80) {
				w = 1;
				break;
			}
		ps->char_to_byte[c++] = i;
		i += w;
	}
	ps->char_to_byte[c] = ps->ylen;
	ps->nchars = c;
}

/* libyaml gives no mark for bad bytes, only a byte offset into the text:
 * point at the start of the broken sequence. */
static int reader_error(struct parse_state *ps)
{
	const unsigned char *y = (const unsigned char *)ps->yaml;
	size_t off = ps->parser.problem_offset, col = 1;
	int line = 2;

	if (off > ps->ylen)
		off = ps->ylen;
	for (size_t k = 1; k <= 3 && k <= off; k++) {
		if (y[off - k] >= 0xc0) {
			off -= k;
			break;
		}
		if ((y[off - k] & 0xc0) != 0x80)
			break;
	}
	for (size_t i = 0; i < off; i++) {
		if (y[i] == '\n') {
			line++;
			col = 1;
		} else if ((y[i] & 0xc0) != 0x80) {
			col++;
		}
	}
	return err_set(ps->err, line, (int)col, "%s",
	               ps->parser.problem ? ps->parser.problem : "invalid text");
}

static int yaml_error(struct parse_state *ps)
{
	yaml_parser_t *p = &ps->parser;
	const yaml_mark_t *m = &p->problem_mark;
	const char *problem = p->problem ? p->problem : "invalid YAML";

	if (p->error == YAML_MEMORY_ERROR)
		die("out of memory parsing YAML");
	if (p->error == YAML_READER_ERROR)
		return reader_error(ps);
	if (p->context)
		return err_set(ps->err, mark_line(m), mark_col(m), "%s: %s", p->context, problem);
	return err_set(ps->err, mark_line(m), mark_col(m), "%s", problem);
}

static int next_event(struct parse_state *ps)
{
	if (ps->have_ev)
		yaml_event_delete(&ps->ev);
	ps->have_ev = 0;
	if (!yaml_parser_parse(&ps->parser, &ps->ev))
		return yaml_error(ps);
	ps->have_ev = 1;
	return 0;
}

static size_t name_hash(const char *s)
{
	size_t h = 14695981039346656037ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

static struct anchor *anchor_slot(struct anchor *table, size_t cap, const char *name)
{
	size_t mask = cap - 1, i = name_hash(name) & mask;

	while (table[i].name && strcmp(table[i].name, name))
		i = (i + 1) & mask;
	return &table[i];
}

static const struct anchor *anchor_find(const struct parse_state *ps, const char *name)
{
	const struct anchor *a;

	if (!ps->anchors_cap)
		return NULL;
	a = anchor_slot(ps->anchors, ps->anchors_cap, name);
	return a->name ? a : NULL;
}

/* Name the node just read (a later definition of a name replaces it). */
static void anchor_set(struct parse_state *ps, const char *name, const struct value *v,
                       const struct node_info *info)
{
	struct anchor *a;

	if (!name)
		return;
	if ((ps->nanchors + 1) * 2 > ps->anchors_cap) {
		size_t cap = ps->anchors_cap ? ps->anchors_cap * 2 : 16;
		struct anchor *table = xcalloc(cap, sizeof(*table));

		for (size_t i = 0; i < ps->anchors_cap; i++)
			if (ps->anchors[i].name)
				*anchor_slot(table, cap, ps->anchors[i].name) = ps->anchors[i];
		free(ps->anchors);
		ps->anchors = table;
		ps->anchors_cap = cap;
	}
	a = anchor_slot(ps->anchors, ps->anchors_cap, name);
	if (!a->name) {
		a->name = xstrdup(name);
		ps->nanchors++;
	}
	a->view = *v;
	a->values = info->values;
	a->alias_depth = info->alias_depth;
	ps->anchors_defined++;
}

/* Append item to list, moving it (its strings and items stay where they
 * are, as anchors' views need). */
static void list_take(struct value *list, size_t *alloc, struct value *item)
{
	ALLOC_GROW(list->items, list->n + 1, *alloc);
	list->items[list->n++] = *item;
	memset(item, 0, sizeof(*item));
}

static void scalar_value(struct value *out, const yaml_event_t *ev)
{
	const char *text = (const char *)ev->data.scalar.value;
	const char *tag = (const char *)ev->data.scalar.tag;

	memset(out, 0, sizeof(*out));
	if (ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	    !(tag && !strcmp(tag, YAML_STR_TAG)))
		value_from_plain(out, text);
	else
		value_set_string(out, text);
}

/* An alias: a copy of the anchored value, within the limits. */
static int read_alias(struct parse_state *ps, struct value *out, struct node_info *info)
{
	const yaml_event_t *ev = &ps->ev;
	const char *name = (const char *)ev->data.alias.anchor;
	const struct anchor *a = anchor_find(ps, name);
	int line = mark_line(&ev->start_mark), col = mark_col(&ev->start_mark);

	if (!a)
		return err_set(ps->err, line, col, "undefined alias '%s'", name);
	if (a->alias_depth >= FM_MAX_ALIAS_DEPTH)
		return err_set(ps->err, line, col,
		               "aliases nested too deeply (limit %d): dlg follows at most %d "
		               "aliases within aliases",
		               FM_MAX_ALIAS_DEPTH, FM_MAX_ALIAS_DEPTH);
	if (a->values > FM_MAX_ALIAS_VALUES - ps->alias_values)
		return err_set(ps->err, line, col,
		               "too many aliases (limit %d): dlg reads at most %d values through "
		               "aliases",
		               FM_MAX_ALIAS_VALUES, FM_MAX_ALIAS_VALUES);
	ps->alias_values += a->values;
	value_copy(out, &a->view);
	info->values = a->values;
	info->alias_depth = a->alias_depth + 1;
	return 0;
}

static const yaml_char_t *event_anchor(const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		return ev->data.scalar.anchor;
	case YAML_SEQUENCE_START_EVENT:
		return ev->data.sequence_start.anchor;
	case YAML_MAPPING_START_EVENT:
		return ev->data.mapping_start.anchor;
	default:
		return NULL;
	}
}

static int read_node(struct parse_state *ps, struct value *out, size_t *end, int depth,
                     struct node_info *info);

/* The items of a sequence (a list) or a mapping (kept opaque: its content
 * is dropped, unless an anchor inside it may still be aliased). */
static int read_collection(struct parse_state *ps, struct value *out, size_t *end, int depth,
                           struct node_info *info)
{
	yaml_event_t *ev = &ps->ev;
	int is_seq = ev->type == YAML_SEQUENCE_START_EVENT;
	int flow = is_seq ? ev->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE
	                  : ev->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
	yaml_event_type_t stop = is_seq ? YAML_SEQUENCE_END_EVENT : YAML_MAPPING_END_EVENT;
	size_t alloc = 0;
	int ret;

	out->type = is_seq ? VALUE_LIST : VALUE_MAP;
	for (;;) {
		struct value item = VALUE_INIT;
		struct node_info in = { 0, 0 };
		size_t defined = ps->anchors_defined;

		if ((ret = next_event(ps)))
			return ret;
		if (ev->type == stop) {
			if (flow && ev->end_mark.index > *end)
				*end = ev->end_mark.index;
			return 0;
		}
		if ((ret = read_node(ps, &item, end, depth + 1, &in))) {
			value_free(&item);
			return ret;
		}
		if (in.alias_depth > info->alias_depth)
			info->alias_depth = in.alias_depth;
		if (is_seq) {
			info->values += in.values;
			list_take(out, &alloc, &item);
		} else if (ps->anchors_defined != defined) {
			ALLOC_GROW(ps->kept, ps->nkept + 1, ps->kept_alloc);
			ps->kept[ps->nkept++] = item;
		} else {
			value_free(&item);
		}
	}
}

/* Read the node whose first event is ps->ev into out, and track where its
 * last content ends (*end, in characters). Leaves ps->ev on its last event. */
static int read_node(struct parse_state *ps, struct value *out, size_t *end, int depth,
                     struct node_info *info)
{
	yaml_event_t *ev = &ps->ev;
	char *anchor = NULL;
	int ret = 0;

	memset(out, 0, sizeof(*out));
	info->values = 1;
	info->alias_depth = 0;
	if (depth > FM_MAX_DEPTH)
		return err_set(ps->err, mark_line(&ev->start_mark), mark_col(&ev->start_mark),
		               "front-matter nested too deeply (more than %d levels)",
		               FM_MAX_DEPTH);
	if (event_anchor(ev))
		anchor = xstrdup((const char *)event_anchor(ev)); /* freed with ev */
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		scalar_value(out, ev);
		if (ev->end_mark.index > *end)
			*end = ev->end_mark.index;
		break;
	case YAML_ALIAS_EVENT:
		ret = read_alias(ps, out, info);
		if (!ret && ev->end_mark.index > *end)
			*end = ev->end_mark.index;
		break;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		ret = read_collection(ps, out, end, depth, info);
		break;
	default:
		ret = err_set(ps->err, mark_line(&ev->start_mark), mark_col(&ev->start_mark),
		              "unexpected YAML event");
	}
	if (!ret)
		anchor_set(ps, anchor, out, info);
	free(anchor);
	return ret;
}

static enum fm_style node_style(const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		switch (ev->data.scalar.style) {
		case YAML_SINGLE_QUOTED_SCALAR_STYLE:
			return FM_SINGLE_QUOTED;
		case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
			return FM_DOUBLE_QUOTED;
		case YAML_LITERAL_SCALAR_STYLE:
			return FM_LITERAL;
		case YAML_FOLDED_SCALAR_STYLE:
			return FM_FOLDED;
		default:
			return FM_PLAIN;
		}
	case YAML_ALIAS_EVENT:
		return FM_ALIAS;
	case YAML_SEQUENCE_START_EVENT:
		return ev->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE ? FM_FLOW
		                                                                 : FM_BLOCK;
	case YAML_MAPPING_START_EVENT:
		return ev->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE ? FM_FLOW : FM_BLOCK;
	default:
		return FM_PLAIN;
	}
}

size_t fm_colon_after(const char *s, size_t len, size_t key_end)
{
	size_t i = key_end;

	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i < len && s[i] == ':' ? i + 1 : key_end;
}

/* Trim blanks and line breaks back from end, but not before start. */
static size_t trim_back(const char *s, size_t start, size_t end)
{
	while (end > start && (s[end - 1] == ' ' || s[end - 1] == '\t' || s[end - 1] == '\n' ||
	                       s[end - 1] == '\r'))
		end--;
	return end;
}

/* Whether the block scalar header at pos ("|+", ">2+") keeps its final
 * blank lines, which then belong to the value. */
static int keeps_blank_lines(const char *s, size_t pos)
{
	for (size_t i = pos + 1; s[i] && s[i] != '\n' && s[i] != ' ' && s[i] != '#'; i++)
		if (s[i] == '+')
			return 1;
	return 0;
}

static int read_entry(struct parse_state *ps)
{
	struct fm_doc *doc = ps->doc;
	const char *s = doc->bytes.buf;
	size_t len = doc->bytes.len;
	yaml_event_t *ev = &ps->ev;
	struct fm_entry e;
	struct node_info info;
	size_t end_chars, raw_end;
	int ret;

	memset(&e, 0, sizeof(e));
	if (ev->type != YAML_SCALAR_EVENT)
		return err_set(ps->err, mark_line(&ev->start_mark), mark_col(&ev->start_mark),
		               "a front-matter key must be plain text");
	e.key = xstrdup((const char *)ev->data.scalar.value);
	e.line = mark_line(&ev->start_mark);
	e.col = mark_col(&ev->start_mark);
	e.key_start = mark_byte(ps, &ev->start_mark);
	e.key_end = mark_byte(ps, &ev->end_mark);
	if (!strset_add(&ps->keys, e.key)) {
		ret = err_set(ps->err, e.line, e.col, "duplicate key '%s' (first at line %d)",
		              e.key, fm_find(doc, e.key)->line);
		free(e.key);
		return ret;
	}
	if ((ret = next_event(ps))) {
		free(e.key);
		return ret;
	}
	e.style = node_style(ev);
	e.value_line = mark_line(&ev->start_mark);
	e.value_col = mark_col(&ev->start_mark);
	e.val_start = mark_byte(ps, &ev->start_mark);
	end_chars = ev->start_mark.index;
	if ((ret = read_node(ps, &e.val, &end_chars, 1, &info))) {
		fm_entry_release(&e);
		return ret;
	}
	e.val_end =
	    ps->doc->fm_start + ps->char_to_byte[end_chars < ps->nchars ? end_chars : ps->nchars];
	raw_end = e.val_end;
	if (e.style == FM_LITERAL || e.style == FM_FOLDED || e.style == FM_BLOCK)
		e.val_end = trim_back(s, e.val_start, e.val_end);
	if (e.val_start == e.val_end) {
		/* an empty value: edits go right after the colon */
		e.val_start = e.val_end = fm_colon_after(s, len, e.key_end);
		e.value_line = e.line;
		e.value_col = e.col + (int)(e.val_start - e.key_start);
	}
	e.line_start = e.key_start;
	while (e.line_start > 0 && s[e.line_start - 1] != '\n')
		e.line_start--;
	e.line_end = line_end(s, len, e.val_end);
	if ((e.style == FM_LITERAL || e.style == FM_FOLDED) && keeps_blank_lines(s, e.val_start))
		e.line_end = line_end(s, len, raw_end > e.line_end ? raw_end - 1 : e.line_end);
	if (e.line_end < len)
		e.line_end++;
	if (e.line_end > doc->close_start)
		e.line_end = doc->close_start;
	ALLOC_GROW(doc->entries, doc->n + 1, doc->alloc);
	doc->entries[doc->n++] = e;
	return 0;
}

static int parse_yaml(struct fm_doc *doc, struct dlg_err *err)
{
	struct parse_state ps;
	int ret = 0, depth_done = 0;

	memset(&ps, 0, sizeof(ps));
	ps.doc = doc;
	ps.err = err;
	ps.yaml = doc->bytes.buf + doc->fm_start;
	ps.ylen = doc->close_start - doc->fm_start;
	build_char_map(&ps);
	if (!yaml_parser_initialize(&ps.parser))
		die("out of memory initialising libyaml");
	yaml_parser_set_encoding(&ps.parser, YAML_UTF8_ENCODING);
	yaml_parser_set_input_string(&ps.parser, (const unsigned char *)ps.yaml, ps.ylen);

	while (!ret && !depth_done) {
		if ((ret = next_event(&ps)))
			break;
		switch (ps.ev.type) {
		case YAML_STREAM_START_EVENT:
		case YAML_DOCUMENT_START_EVENT:
		case YAML_DOCUMENT_END_EVENT:
			break;
		case YAML_STREAM_END_EVENT:
			depth_done = 1;
			break;
		case YAML_MAPPING_START_EVENT:
			if (ps.ev.data.mapping_start.style == YAML_BLOCK_MAPPING_STYLE) {
				doc->indent = ps.ev.start_mark.column;
			}
			for (;;) {
				if ((ret = next_event(&ps)))
					break;
				if (ps.ev.type == YAML_MAPPING_END_EVENT)
					break;
				if ((ret = read_entry(&ps)))
					break;
			}
			if (!ret) {
				/* the rest must be the end of the document */
				do {
					ret = next_event(&ps);
				} while (!ret && ps.ev.type != YAML_STREAM_END_EVENT);
				depth_done = 1;
			}
			break;
		case YAML_SCALAR_EVENT:
			if (ps.ev.data.scalar.length == 0 &&
			    ps.ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE)
				break; /* an empty document: `---` then `---` */
			               /* fall through */
		default:
			ret =
			    err_set(err, mark_line(&ps.ev.start_mark), mark_col(&ps.ev.start_mark),
			            "front-matter is not a mapping of keys to values");
			break;
		}
	}
	if (ps.have_ev)
		yaml_event_delete(&ps.ev);
	yaml_parser_delete(&ps.parser);
	for (size_t i = 0; i < ps.anchors_cap; i++)
		free(ps.anchors[i].name);
	free(ps.anchors);
	for (size_t i = 0; i < ps.nkept; i++)
		value_free(&ps.kept[i]);
	free(ps.kept);
	strset_clear(&ps.keys);
	free(ps.char_to_byte);
	return ret ? DLG_EINVALID : 0;
}

/* Whether the line s[start, end) (without its '\n') is one of git's
 * conflict markers "<<<<<<<" and ">>>>>>>": seven of the character, then a
 * space or the end of the line. The "=======" (and diff3's "|||||||") that
 * git writes between them is not looked for: a conflict's first marker is
 * always "<<<<<<<" (or, once that line is deleted, ">>>>>>>"), and a line
 * "=======" alone is also a Setext heading's underline. */
static int is_conflict_marker(const char *s, size_t start, size_t end)
{
	size_t n = end - start;

	if (n < 7 || (s[start] != '<' && s[start] != '>'))
		return 0;
	for (size_t i = 1; i < 7; i++)
		if (s[start + i] != s[start])
			return 0;
	return n == 7 || s[start + 7] == ' ' || (n == 8 && s[start + 7] == '\r');
}

/* The line of the first conflict marker, or 0. */
static int conflict_line(const char *s, size_t len, size_t pos)
{
	for (int line = 1; pos < len; line++) {
		size_t end = line_end(s, len, pos);

		if (is_conflict_marker(s, pos, end))
			return line;
		pos = end + 1;
	}
	return 0;
}

/* What makes a file one dlg won't read: its size, an unresolved merge
 * conflict, TOML front-matter. */
static int check_file(const struct fm_doc *doc, size_t first_end, struct dlg_err *err)
{
	const char *s = doc->bytes.buf;
	size_t len = doc->bytes.len;
	int line;

	if (len > FM_MAX_FILE)
		return err_set(err, 1, 1, "file is larger than %u MiB; dlg reads at most %u MiB",
		               FM_MAX_FILE >> 20, FM_MAX_FILE >> 20);
	if ((line = conflict_line(s, len, doc->bom)))
		return err_set(err, line, 1,
		               "unresolved merge conflict: keep what you want, delete the "
		               "<<<<<<<, ======= and >>>>>>> lines");
	if (is_delimiter(s, doc->bom, first_end, "+++"))
		return err_set(err, 1, 1,
		               "TOML front-matter ('+++'): dlg reads and edits only YAML "
		               "front-matter, between '---' lines");
	return 0;
}

/* Find the delimiters and parse what is between them. */
int fm_doc_parse(struct fm_doc *doc, struct dlg_err *err)
{
	const char *s = doc->bytes.buf;
	size_t len = doc->bytes.len;
	size_t pos, end;
	int line;

	doc_clear_entries(doc);
	doc->has_block = 0;
	doc->indent = 0;
	doc->bom = len >= 3 && !memcmp(s, "\xef\xbb\xbf", 3) ? 3 : 0;
	doc->body = doc->bom;
	doc->body_line = 1;
	doc->fm_start = doc->close_start = doc->bom;
	end = line_end(s, len, doc->bom);
	doc->eol = end > doc->bom && s[end - 1] == '\r' ? "\r\n" : "\n";
	if (check_file(doc, end, err))
		return DLG_EINVALID;
	if (end == len || !is_delimiter(s, doc->bom, end, "---"))
		return 0;
	doc->fm_start = end + 1;
	for (pos = doc->fm_start, line = 2; pos < len; pos = end + 1, line++) {
		end = line_end(s, len, pos);
		if (is_delimiter(s, pos, end, "---") || is_delimiter(s, pos, end, "...")) {
			doc->has_block = 1;
			doc->close_start = pos;
			doc->body = end < len ? end + 1 : len;
			doc->body_line = line + 1;
			break;
		}
		if (end == len)
			break;
	}
	if (!doc->has_block)
		return err_set(err, 1, 1, "unclosed front-matter: no closing '---' line");
	if (doc->close_start - doc->fm_start > FM_MAX_YAML)
		return err_set(err, 1, 1,
		               "front-matter is larger than %u MiB; dlg reads at most %u MiB",
		               FM_MAX_YAML >> 20, FM_MAX_YAML >> 20);
	return parse_yaml(doc, err);
}

int fm_parse(struct fm_doc **out, const char *data, size_t len, struct dlg_err *err)
{
	struct fm_doc *doc = xcalloc(1, sizeof(*doc));

	*out = NULL;
	strbuf_init(&doc->bytes, len);
	strbuf_add(&doc->bytes, data, len);
	if (fm_doc_parse(doc, err)) {
		fm_free(doc);
		return DLG_EINVALID;
	}
	*out = doc;
	return 0;
}

const char *fm_bytes(const struct fm_doc *doc, size_t *len)
{
	*len = doc->bytes.len;
	return doc->bytes.buf;
}

int fm_has_block(const struct fm_doc *doc)
{
	return doc->has_block;
}

size_t fm_body_offset(const struct fm_doc *doc)
{
	return doc->body;
}

int fm_body_line(const struct fm_doc *doc)
{
	return doc->body_line;
}

size_t fm_count(const struct fm_doc *doc)
{
	return doc->n;
}

const struct fm_entry *fm_entry_at(const struct fm_doc *doc, size_t i)
{
	return i < doc->n ? &doc->entries[i] : NULL;
}

const struct fm_entry *fm_find(const struct fm_doc *doc, const char *key)
{
	for (size_t i = 0; i < doc->n; i++)
		if (!strcmp(doc->entries[i].key, key))
			return &doc->entries[i];
	return NULL;
}

void fm_fields(const struct fm_doc *doc, struct fields *out)
{
	fields_clear(out);
	/* the keys are unique: no need for fields_set's search for each */
	ALLOC_GROW(out->v, doc->n, out->alloc);
	for (size_t i = 0; i < doc->n; i++) {
		out->v[i].key = xstrdup(doc->entries[i].key);
		value_copy(&out->v[i].val, &doc->entries[i].val);
		out->v[i].line = doc->entries[i].value_line;
		out->v[i].col = doc->entries[i].value_col;
	}
	out->n = doc->n;
}
