/* merge.c: the three-way merge of a task or person file, key by key, with
 * libgit2's text merge for the body (see merge.h). */
#include "core/merge.h"

#include <git2.h>
#include <stdlib.h>
#include <string.h>

#include "formats/frontmatter.h"

/* A slice of one side's bytes. */
struct part {
	const char *p;
	size_t n;
};

/* A key with the comment lines just above it. */
struct unit {
	const char *key;
	struct part lead;  /* comment and blank lines above the entry */
	struct part entry; /* the entry's own lines */
	const struct fm_entry *e;
};

/* One side cut into the pieces the merge works on. */
struct split {
	struct fm_doc *doc;
	int exists, has_block;
	const char *data;
	struct part prefix; /* BOM and the opening line */
	struct unit *units;
	size_t n;
	struct part tail;    /* lines after the last entry */
	struct part closing; /* the closing line */
	struct part body;
	const char *eol;
};

enum pick { P_OURS, P_THEIRS, P_DROP, P_CONFLICT };

/* A piece of the result: an entry from one side, or a conflict. */
struct item {
	const char *key;
	enum pick pick;
	struct part lead;
	int lead_theirs; /* lead comes from theirs (its line endings) */
	const struct unit *o, *t;
};

struct plan {
	struct item *v;
	size_t n, alloc;
};

void merge_result_release(struct merge_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nconflicts; i++) {
		free(r->conflicts[i].key);
		free(r->conflicts[i].ours);
		free(r->conflicts[i].theirs);
	}
	free(r->conflicts);
	strbuf_release(&r->out);
	memset(r, 0, sizeof(*r));
}

static void lib_init(void)
{
	static int done;

	if (!done)
		git_libgit2_init();
	done = 1;
}

static struct part slice(const char *data, size_t from, size_t to)
{
	struct part p = { data + from, to > from ? to - from : 0 };

	return p;
}

/* Equal but for "\r\n" against "\n". */
static int part_eq(struct part a, struct part b)
{
	size_t i = 0, j = 0;

	while (i < a.n && j < b.n) {
		if (a.p[i] == '\r' && i + 1 < a.n && a.p[i + 1] == '\n' && b.p[j] == '\n') {
			i++;
			continue;
		}
		if (b.p[j] == '\r' && j + 1 < b.n && b.p[j + 1] == '\n' && a.p[i] == '\n') {
			j++;
			continue;
		}
		if (a.p[i] != b.p[j])
			return 0;
		i++;
		j++;
	}
	return i == a.n && j == b.n;
}

/* Append p with its line endings made eol (when convert is set). */
static void add_part(struct strbuf *sb, struct part p, int convert, const char *eol)
{
	if (!convert) {
		strbuf_add(sb, p.p, p.n);
		return;
	}
	for (size_t i = 0; i < p.n; i++) {
		if (p.p[i] == '\r' && i + 1 < p.n && p.p[i + 1] == '\n')
			continue;
		if (p.p[i] == '\n')
			strbuf_addstr(sb, eol);
		else
			strbuf_addch(sb, p.p[i]);
	}
}

static const char *eol_of(const char *data, size_t len)
{
	const char *nl = memchr(data, '\n', len);

	return nl && nl > data && nl[-1] == '\r' ? "\r\n" : "\n";
}

static void split_release(struct split *s)
{
	fm_free(s->doc);
	free(s->units);
	memset(s, 0, sizeof(*s));
}

/* Cut a side into prefix, units, tail, closing and body. A side that does
 * not parse is DLG_EINVALID. */
static int split_side(struct split *s, const struct merge_side *side)
{
	struct dlg_err err = DLG_ERR_INIT;
	size_t len, body, start, close, prev;
	const char *b;

	memset(s, 0, sizeof(*s));
	s->data = "";
	s->eol = "\n";
	if (!side || !side->exists)
		return 0;
	s->exists = 1;
	if (fm_parse(&s->doc, side->data, side->len, &err)) {
		err_clear(&err);
		return DLG_EINVALID;
	}
	b = fm_bytes(s->doc, &len);
	s->data = b;
	s->eol = eol_of(b, len);
	s->has_block = fm_has_block(s->doc);
	body = fm_body_offset(s->doc);
	s->body = slice(b, body, len);
	if (!s->has_block)
		return 0;
	{
		const char *nl = memchr(b, '\n', len);

		start = nl ? (size_t)(nl - b) + 1 : len;
	}
	close = body;
	if (close > start && b[close - 1] == '\n')
		close--;
	while (close > start && b[close - 1] != '\n')
		close--;
	s->prefix = slice(b, 0, start);
	s->closing = slice(b, close, body);
	s->n = fm_count(s->doc);
	s->units = xcalloc(s->n + 1, sizeof(*s->units));
	prev = start;
	for (size_t i = 0; i < s->n; i++) {
		const struct fm_entry *e = fm_entry_at(s->doc, i);

		s->units[i].key = e->key;
		s->units[i].e = e;
		s->units[i].lead = slice(b, prev, e->line_start);
		s->units[i].entry = slice(b, e->line_start, e->line_end);
		prev = e->line_end;
	}
	s->tail = slice(b, prev, close);
	return 0;
}

static const struct unit *find_unit(const struct split *s, const char *key)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->units[i].key, key))
			return &s->units[i];
	return NULL;
}

/* The three-way rule for one key's entry. */
static enum pick pick_entry(const struct unit *b, const struct unit *o, const struct unit *t)
{
	if (o && t) {
		if (part_eq(o->entry, t->entry))
			return P_OURS;
		if (b && part_eq(o->entry, b->entry))
			return P_THEIRS;
		if (b && part_eq(t->entry, b->entry))
			return P_OURS;
		return value_equal(&o->e->val, &t->e->val) ? P_OURS : P_CONFLICT;
	}
	if (o)
		return !b ? P_OURS : part_eq(o->entry, b->entry) ? P_DROP : P_CONFLICT;
	if (t)
		return !b ? P_THEIRS : part_eq(t->entry, b->entry) ? P_DROP : P_CONFLICT;
	return P_DROP;
}

/* Comment lines: one side's change wins; when both changed them, both are
 * kept (ours first), like git's union merge: a comment is never lost. */
static void merge_lead(struct item *it, const struct part *b, const struct part *o,
                       const struct part *t, struct strlist *keep)
{
	struct part none = { "", 0 };

	o = o ? o : &none;
	t = t ? t : &none;
	b = b ? b : &none;
	it->lead = *o;
	it->lead_theirs = 0;
	if (part_eq(*o, *t) || part_eq(*t, *b))
		return;
	if (part_eq(*o, *b)) {
		it->lead = *t;
		it->lead_theirs = 1;
		return;
	}
	{
		/* kept for the life of the merge */
		char *both = xmalloc(o->n + t->n + 1);

		memcpy(both, o->p, o->n);
		memcpy(both + o->n, t->p, t->n);
		both[o->n + t->n] = '\0';
		strlist_push_nodup(keep, both);
		it->lead.p = both;
		it->lead.n = o->n + t->n;
	}
}

static void plan_push(struct plan *pl, size_t at, const struct item *it)
{
	ALLOC_GROW(pl->v, pl->n + 1, pl->alloc);
	memmove(pl->v + at + 1, pl->v + at, (pl->n - at) * sizeof(*pl->v));
	pl->v[at] = *it;
	pl->n++;
}

static size_t plan_find(const struct plan *pl, const char *key)
{
	for (size_t i = 0; i < pl->n; i++)
		if (!strcmp(pl->v[i].key, key))
			return i;
	return (size_t)-1;
}

struct merge3 {
	struct split b, o, t;
	struct plan plan;
	struct strlist keep; /* comment lines both sides wrote */
	const struct merge_labels *labels;
};

static void item_for(struct merge3 *m, struct item *it, const char *key)
{
	const struct unit *b = find_unit(&m->b, key), *o = find_unit(&m->o, key),
	                  *t = find_unit(&m->t, key);

	memset(it, 0, sizeof(*it));
	it->key = key;
	it->o = o;
	it->t = t;
	it->pick = pick_entry(b, o, t);
	if (it->pick == P_THEIRS && !o) {
		it->lead = t->lead;
		it->lead_theirs = 1;
	} else if (it->pick != P_DROP) {
		merge_lead(it, b ? &b->lead : NULL, o ? &o->lead : NULL, t ? &t->lead : NULL,
		           &m->keep);
	}
}

/* Whether key is one only ours added (in neither base nor theirs). */
static int ours_only(const struct merge3 *m, const char *key)
{
	return !find_unit(&m->b, key) && !find_unit(&m->t, key);
}

/* Ours' keys in ours' order; then each key theirs brought in, after the key
 * it follows in theirs (and after the keys only ours added there). */
static void make_plan(struct merge3 *m)
{
	size_t anchor = 0;
	int have_anchor = 0;

	for (size_t i = 0; i < m->o.n; i++) {
		struct item it;

		item_for(m, &it, m->o.units[i].key);
		if (it.pick != P_DROP)
			plan_push(&m->plan, m->plan.n, &it);
	}
	for (size_t i = 0; i < m->t.n; i++) {
		const char *key = m->t.units[i].key;
		size_t at = plan_find(&m->plan, key);
		struct item it;

		if (at != (size_t)-1) {
			anchor = at;
			have_anchor = 1;
			continue;
		}
		if (find_unit(&m->o, key))
			continue; /* dropped */
		item_for(m, &it, key);
		if (it.pick == P_DROP)
			continue;
		at = have_anchor ? anchor + 1 : 0;
		while (at < m->plan.n && ours_only(m, m->plan.v[at].key))
			at++;
		plan_push(&m->plan, at, &it);
		anchor = at;
		have_anchor = 1;
	}
}

/* The value as written, on one line, for messages. */
static char *value_words(const struct unit *u)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p;
	size_t n;

	if (!u)
		return NULL;
	p = u->entry.p + (u->e->val_start - u->e->line_start);
	n = u->e->val_end - u->e->val_start;
	for (size_t i = 0; i < n && sb.len < 80; i++) {
		char c = p[i] == '\n' || p[i] == '\r' || p[i] == '\t' ? ' ' : p[i];

		if (c != ' ' || (sb.len && sb.buf[sb.len - 1] != ' '))
			strbuf_addch(&sb, c);
	}
	while (sb.len && sb.buf[sb.len - 1] == ' ')
		strbuf_setlen(&sb, sb.len - 1);
	return strbuf_detach(&sb, NULL);
}

static size_t count_lines(const struct strbuf *sb)
{
	size_t n = 1;

	for (size_t i = 0; i < sb->len; i++)
		n += sb->buf[i] == '\n';
	return n;
}

static struct merge_conflict *add_conflict(struct merge_result *out, const char *key, int line)
{
	struct merge_conflict *c;

	ALLOC_GROW(out->conflicts, out->nconflicts + 1, out->alloc);
	c = &out->conflicts[out->nconflicts++];
	memset(c, 0, sizeof(*c));
	c->key = key ? xstrdup(key) : NULL;
	c->line = line;
	return c;
}

/* libgit2's merge of text: 1 when clean. */
static int text_merge(struct strbuf *out, struct part b, struct part o, struct part t,
                      const struct merge_labels *labels, struct dlg_err *err)
{
	git_merge_file_input bi, oi, ti;
	git_merge_file_options opts;
	git_merge_file_result res;
	int rc, clean;

	lib_init();
	git_merge_file_input_init(&bi, GIT_MERGE_FILE_INPUT_VERSION);
	git_merge_file_input_init(&oi, GIT_MERGE_FILE_INPUT_VERSION);
	git_merge_file_input_init(&ti, GIT_MERGE_FILE_INPUT_VERSION);
	bi.ptr = b.p;
	bi.size = b.n;
	oi.ptr = o.p;
	oi.size = o.n;
	ti.ptr = t.p;
	ti.size = t.n;
	git_merge_file_options_init(&opts, GIT_MERGE_FILE_OPTIONS_VERSION);
	opts.our_label = labels->ours;
	opts.their_label = labels->theirs;
	memset(&res, 0, sizeof(res));
	rc = git_merge_file(&res, &bi, &oi, &ti, &opts);
	if (rc < 0) {
		const git_error *e = git_error_last();

		err_set(err, 0, 0, "cannot merge: %s",
		        e && e->message ? e->message : "libgit2 failed");
		git_error_clear();
		return DLG_ERROR;
	}
	strbuf_add(out, res.ptr, res.len);
	clean = res.automergeable;
	git_merge_file_result_free(&res);
	return clean;
}

static void add_marker(struct strbuf *sb, const char *mark, const char *label, const char *eol)
{
	strbuf_addstr(sb, mark);
	if (label)
		strbuf_addf(sb, " %s", label);
	strbuf_addstr(sb, eol);
}

/* Write the plan's entries into out, with markers around conflicts. */
static void emit_items(struct merge3 *m, struct merge_result *out, const char *eol, int conv_theirs)
{
	for (size_t i = 0; i < m->plan.n; i++) {
		const struct item *it = &m->plan.v[i];

		add_part(&out->out, it->lead, it->lead_theirs && conv_theirs, eol);
		if (it->pick == P_OURS) {
			add_part(&out->out, it->o->entry, 0, eol);
		} else if (it->pick == P_THEIRS) {
			add_part(&out->out, it->t->entry, conv_theirs, eol);
		} else if (it->pick == P_CONFLICT) {
			struct merge_conflict *c =
			    add_conflict(out, it->key, (int)count_lines(&out->out));

			c->ours = value_words(it->o);
			c->theirs = value_words(it->t);
			add_marker(&out->out, "<<<<<<<", m->labels->ours, eol);
			if (it->o)
				add_part(&out->out, it->o->entry, 0, eol);
			add_marker(&out->out, "=======", NULL, eol);
			if (it->t)
				add_part(&out->out, it->t->entry, conv_theirs, eol);
			add_marker(&out->out, ">>>>>>>", m->labels->theirs, eol);
		}
	}
}

/* The result must read back as the plan says: each key once, in order,
 * with the value of the side it was taken from. */
static int result_holds_plan(const struct merge3 *m, const struct strbuf *sb)
{
	struct dlg_err err = DLG_ERR_INIT;
	struct fm_doc *doc = NULL;
	int ok = fm_parse(&doc, sb->buf, sb->len, &err) == 0 && fm_count(doc) == m->plan.n;

	for (size_t i = 0; ok && i < m->plan.n; i++) {
		const struct item *it = &m->plan.v[i];
		const struct fm_entry *e = fm_entry_at(doc, i);
		const struct unit *u = it->pick == P_THEIRS ? it->t : it->o;

		ok = !strcmp(e->key, it->key) && value_equal(&e->val, &u->e->val);
	}
	fm_free(doc);
	err_clear(&err);
	return ok;
}

/* The tail (lines after the last entry) merged like comment lines. */
static void merge_tail(struct merge3 *m, struct part *out, int *theirs)
{
	struct item it;

	memset(&it, 0, sizeof(it));
	merge_lead(&it, &m->b.tail, &m->o.tail, &m->t.tail, &m->keep);
	*out = it.lead;
	*theirs = it.lead_theirs;
}

static int merge_body(struct merge3 *m, struct merge_result *out, struct dlg_err *err)
{
	struct part b = m->b.body, o = m->o.body, t = m->t.body;
	struct strbuf sb = STRBUF_INIT;
	size_t at = out->out.len;
	int clean;

	if (part_eq(o, t) || (m->b.exists && part_eq(t, b))) {
		strbuf_add(&out->out, o.p, o.n);
		return 0;
	}
	if (m->b.exists && part_eq(o, b)) {
		add_part(&out->out, t, strcmp(m->o.eol, m->t.eol) != 0, m->o.eol);
		return 0;
	}
	clean = text_merge(&sb, b, o, t, m->labels, err);
	if (clean < 0)
		return clean;
	strbuf_add(&out->out, sb.buf, sb.len);
	if (!clean) {
		int line = merge_marker_line(out->out.buf + at, out->out.len - at);
		struct strbuf head = STRBUF_INIT;

		struct merge_conflict *c;

		strbuf_add(&head, out->out.buf, at);
		c = add_conflict(out, NULL, (int)count_lines(&head) - 1 + (line ? line : 1));
		c->ours = xstrdup("edited");
		c->theirs = xstrdup("edited");
		strbuf_release(&head);
	}
	strbuf_release(&sb);
	return 0;
}

/* The whole file merged as text, like git, for a side that doesn't parse. */
static int merge_as_text(struct merge_result *out, const struct merge_side *base,
                         const struct merge_side *ours, const struct merge_side *theirs,
                         const struct merge_labels *labels, struct dlg_err *err)
{
	struct part b = { base && base->exists ? base->data : "",
		          base && base->exists ? base->len : 0 };
	struct part o = { ours->data, ours->len }, t = { theirs->data, theirs->len };
	int clean = text_merge(&out->out, b, o, t, labels, err);

	out->as_text = 1;
	if (clean < 0)
		return clean;
	if (!clean) {
		struct merge_conflict *c =
		    add_conflict(out, NULL, merge_marker_line(out->out.buf, out->out.len));

		c->ours = xstrdup("edited");
		c->theirs = xstrdup("edited");
	}
	return !clean;
}

static int merge_keys(struct merge3 *m, struct merge_result *out, struct dlg_err *err)
{
	const struct split *frame = m->o.has_block || !m->t.has_block ? &m->o : &m->t;
	const char *eol = frame->eol;
	int conv = strcmp(m->t.eol, eol) != 0, tail_theirs = 0, ret;
	struct part tail;

	make_plan(m);
	merge_tail(m, &tail, &tail_theirs);
	add_part(&out->out, frame->prefix, frame == &m->t && conv, eol);
	emit_items(m, out, eol, conv);
	add_part(&out->out, tail, tail_theirs && conv, eol);
	add_part(&out->out, frame->closing, frame == &m->t && conv, eol);
	ret = merge_body(m, out, err);
	if (ret < 0)
		return ret;
	if (!out->nconflicts && !result_holds_plan(m, &out->out))
		return DLG_EINVALID;
	return out->nconflicts ? 1 : 0;
}

int merge_file(struct merge_result *out, const struct merge_side *base,
               const struct merge_side *ours, const struct merge_side *theirs,
               const struct merge_labels *labels, struct dlg_err *err)
{
	struct merge3 m;
	struct part o = { ours->data, ours->len }, t = { theirs->data, theirs->len };
	int ret;

	memset(out, 0, sizeof(*out));
	strbuf_init(&out->out, 0);
	if (ours->len == theirs->len && !memcmp(ours->data, theirs->data, ours->len)) {
		strbuf_add(&out->out, ours->data, ours->len);
		return 0;
	}
	if (base && base->exists) {
		struct part b = { base->data, base->len };

		if (b.n == o.n && !memcmp(b.p, o.p, o.n)) {
			strbuf_add(&out->out, t.p, t.n);
			return 0;
		}
		if (b.n == t.n && !memcmp(b.p, t.p, t.n)) {
			strbuf_add(&out->out, o.p, o.n);
			return 0;
		}
	}
	memset(&m, 0, sizeof(m));
	m.labels = labels;
	ret = split_side(&m.b, base);
	if (!ret)
		ret = split_side(&m.o, ours);
	if (!ret)
		ret = split_side(&m.t, theirs);
	if (!ret)
		ret = merge_keys(&m, out, err);
	if (ret == DLG_EINVALID) {
		/* a side that doesn't parse, or a result that would not read
		 * back as planned: merge the text as git would */
		merge_result_release(out);
		strbuf_init(&out->out, 0);
		ret = merge_as_text(out, base, ours, theirs, labels, err);
	}
	split_release(&m.b);
	split_release(&m.o);
	split_release(&m.t);
	free(m.plan.v);
	strlist_clear(&m.keep);
	return ret;
}

void merge_delete_edit(struct merge_result *out, const struct merge_side *kept, int deleted_ours,
                       const struct merge_labels *labels)
{
	const char *eol = eol_of(kept->data, kept->len);
	struct merge_conflict *c;

	memset(out, 0, sizeof(*out));
	strbuf_init(&out->out, 0);
	add_marker(&out->out, "<<<<<<<", labels->ours, eol);
	if (!deleted_ours) {
		strbuf_add(&out->out, kept->data, kept->len);
		if (kept->len && kept->data[kept->len - 1] != '\n')
			strbuf_addstr(&out->out, eol);
	}
	add_marker(&out->out, "=======", NULL, eol);
	if (deleted_ours) {
		strbuf_add(&out->out, kept->data, kept->len);
		if (kept->len && kept->data[kept->len - 1] != '\n')
			strbuf_addstr(&out->out, eol);
	}
	add_marker(&out->out, ">>>>>>>", labels->theirs, eol);
	c = add_conflict(out, NULL, 1);
	c->ours = deleted_ours ? NULL : xstrdup("edited");
	c->theirs = deleted_ours ? xstrdup("edited") : NULL;
}

int merge_marker_line(const char *data, size_t len)
{
	int line = 1;

	for (size_t i = 0; i < len; line++) {
		const char *nl = memchr(data + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (data + i)) : len - i;
		const char *p = data + i;

		if ((n >= 8 && (!memcmp(p, "<<<<<<< ", 8) || !memcmp(p, ">>>>>>> ", 8))) ||
		    (n >= 7 && !memcmp(p, "=======", 7) && (n == 7 || (n == 8 && p[7] == '\r'))))
			return line;
		i += n + 1;
	}
	return 0;
}
