/* list.c: `dlg list [FILTERS] [--json]`: the tasks in a table fitted to the
 * terminal, or as a JSON array, filtered by status, decision, person,
 * channel, tag and due date. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/common.h"
#include "cmd/options.h"
#include "cmd/output.h"
#include "cmd/search.h"
#include "cmd/table.h"
#include "core/lifecycle.h"
#include "core/task.h"
#include "core/task_json.h"
#include "lib/utf8.h"

/* The filters as given: the lists still to split and check. */
struct filter_args {
	const char *status, *decision, *to, *channel, *tag; /* NULL: not given */
	int due_before;                                     /* DATE_NONE: not given */
	int all;
};

struct filter {
	unsigned status, decision;       /* bit 1 << value of each wanted; 0: any */
	struct strlist to, channel, tag; /* empty: any */
	int due_before;
	int has_due_before;
	int all;
};

/* The task's tags as text: the items of a list, or a single value. */
static void task_tags(const struct task *t, struct strlist *out)
{
	const struct value *v = fields_get(&t->fields, "tags");
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; v && i < (v->type == VALUE_LIST ? v->n : 1); i++) {
		const struct value *item = v->type == VALUE_LIST ? &v->items[i] : v;

		if (item->type == VALUE_UNKNOWN || item->type == VALUE_MAP ||
		    item->type == VALUE_LIST)
			continue;
		strbuf_reset(&sb);
		value_format(&sb, item);
		strlist_push(out, sb.buf);
	}
	strbuf_release(&sb);
}

/* "open, waiting" or "open,waiting" -> the items, trimmed; empty ones are
 * skipped. -1 (with the error printed) when nothing is left. */
static int split_list(const char *opt, const char *arg, struct strlist *out)
{
	const char *p = arg;

	while (*p) {
		const char *comma = strchr(p, ',');
		const char *end = comma ? comma : p + strlen(p);
		const char *s = p;

		while (s < end && (*s == ' ' || *s == '\t'))
			s++;
		while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		if (end > s)
			strlist_push_nodup(out, xstrndup(s, end - s));
		p = comma ? comma + 1 : end;
		if (!comma)
			break;
	}
	if (!out->n) {
		error_msg("--%s: no value given", opt);
		return -1;
	}
	return 0;
}

/* The error for a value of --opt that cannot match: msg, then the closest
 * candidate. Returns -1. */
static int bad_value(const char *opt, struct strbuf *msg, const char *val, const char *const *cand,
                     size_t n)
{
	const char *near = closest_match(val, cand, n);

	if (near)
		strbuf_addf(msg, " (did you mean '%s'?)", near);
	error_msg("--%s: %s", opt, msg->buf);
	strbuf_release(msg);
	return -1;
}

/* Each value must be one of the candidates; else the error is why, a
 * format holding one %s for the value. */
static int check_values(const char *opt, const struct strlist *vals, const char *const *cand,
                        size_t n, const char *why)
{
	for (size_t i = 0; i < vals->n; i++) {
		struct strbuf msg = STRBUF_INIT;
		size_t k;

		for (k = 0; k < n && strcmp(vals->v[i], cand[k]); k++)
			;
		if (k == n) {
			strbuf_addf(&msg, why, vals->v[i]);
			return bad_value(opt, &msg, vals->v[i], cand, n);
		}
	}
	return 0;
}

/* "'wating' is not inbox, open, waiting, done or dropped". */
static int not_one_of(const char *opt, const char *val, const char *const *names, size_t n)
{
	struct strbuf msg = STRBUF_INIT;

	strbuf_addf(&msg, "'%s' is not ", val);
	for (size_t i = 0; i < n; i++)
		strbuf_addf(&msg, "%s%s", !i ? "" : i + 1 < n ? ", " : " or ", names[i]);
	return bad_value(opt, &msg, val, names, n);
}

/* --status as a set of statuses, read as every command reads them. */
static int parse_statuses(unsigned *out, const struct strlist *vals)
{
	const char *names[STATUS_DROPPED + 1]; /* every status, STATUS_DROPPED last */

	for (int i = STATUS_INBOX; i <= STATUS_DROPPED; i++)
		names[i] = status_name((enum status)i);
	for (size_t i = 0; i < vals->n; i++) {
		enum status st;

		if (status_parse(vals->v[i], &st))
			return not_one_of("status", vals->v[i], names, ARRAY_SIZE(names));
		*out |= 1u << st;
	}
	return 0;
}

/* --decision as a set of decisions. */
static int parse_decisions(unsigned *out, const struct strlist *vals)
{
	const char *names[DECISION_DROP]; /* every decision, DECISION_DROP last */

	for (int i = DECISION_KEEP; i <= DECISION_DROP; i++)
		names[i - DECISION_KEEP] = decision_name((enum decision)i);
	for (size_t i = 0; i < vals->n; i++) {
		enum decision d;

		if (decision_parse(vals->v[i], &d))
			return not_one_of("decision", vals->v[i], names, ARRAY_SIZE(names));
		*out |= 1u << d;
	}
	return 0;
}

/* Everything --to, --channel and --tag could match in this repository,
 * gathered as the tasks go by, each name once, in the order first seen. */
enum { NAME_TO, NAME_CHANNEL, NAME_TAG, NAME_KINDS };
struct names {
	struct strlist v[NAME_KINDS];
	struct strset seen[NAME_KINDS];
};

static void name_add(struct names *nm, int kind, const char *s)
{
	if (*s && strset_add(&nm->seen[kind], s))
		strlist_push(&nm->v[kind], s);
}

static void names_of_task(struct names *nm, const struct task *t)
{
	struct strlist tags = STRLIST_INIT;

	name_add(nm, NAME_TO, field_str(&t->fields, "to"));
	name_add(nm, NAME_CHANNEL, field_str(&t->fields, "channel"));
	task_tags(t, &tags);
	for (size_t k = 0; k < tags.n; k++)
		name_add(nm, NAME_TAG, tags.v[k]);
	strlist_clear(&tags);
}

static void names_release(struct names *nm)
{
	for (int k = 0; k < NAME_KINDS; k++) {
		strlist_clear(&nm->v[k]);
		strset_clear(&nm->seen[k]);
	}
}

/* The filters split and the statuses and decisions checked; the names are
 * checked once every task is read (check_names). */
static int parse_filter(struct filter *f, const struct filter_args *a)
{
	struct strlist status = STRLIST_INIT, decision = STRLIST_INIT;
	int ret = -1;

	f->all = a->all;
	if (a->status &&
	    (split_list("status", a->status, &status) || parse_statuses(&f->status, &status)))
		goto out;
	if (a->decision && (split_list("decision", a->decision, &decision) ||
	                    parse_decisions(&f->decision, &decision)))
		goto out;
	if ((a->to && split_list("to", a->to, &f->to)) ||
	    (a->channel && split_list("channel", a->channel, &f->channel)) ||
	    (a->tag && split_list("tag", a->tag, &f->tag)))
		goto out;
	f->has_due_before = a->due_before != DATE_NONE;
	f->due_before = f->has_due_before ? a->due_before : 0;
	ret = 0;
out:
	strlist_clear(&decision);
	strlist_clear(&status);
	return ret;
}

static int wants_names(const struct filter *f)
{
	return f->to.n || f->channel.n || f->tag.n;
}

/* Each name a filter gives must be one some task or dlg.ini has: people
 * and channels first, then the tasks' names, as the hint looks for the
 * closest in that order. */
static int check_names(const struct filter *f, const struct names *nm, const struct taskset *ts,
                       const struct config *cfg)
{
	static const struct {
		const char *opt, *why;
	} kinds[NAME_KINDS] = {
		[NAME_TO] = { "to", "no one called '%s' in people/ or in any task" },
		[NAME_CHANNEL] = { "channel", "no channel '%s' in dlg.ini or in any task" },
		[NAME_TAG] = { "tag", "no task is tagged '%s'" },
	};
	const struct strlist *given[NAME_KINDS] = { &f->to, &f->channel, &f->tag };
	struct names all;
	int bad = 0;

	memset(&all, 0, sizeof(all));
	for (size_t i = 0; i < ts->npeople; i++)
		name_add(&all, NAME_TO, ts->people[i].id);
	for (size_t i = 0; i < cfg->nchannels; i++)
		name_add(&all, NAME_CHANNEL, cfg->channels[i].name);
	for (int k = 0; k < NAME_KINDS && !bad; k++) {
		for (size_t i = 0; i < nm->v[k].n; i++)
			name_add(&all, k, nm->v[k].v[i]);
		bad = check_values(kinds[k].opt, given[k], (const char *const *)all.v[k].v,
		                   all.v[k].n, kinds[k].why);
	}
	names_release(&all);
	return bad ? -1 : 0;
}

static void filter_release(struct filter *f)
{
	strlist_clear(&f->to);
	strlist_clear(&f->channel);
	strlist_clear(&f->tag);
}

static int any_of(const struct strlist *want, const char *have)
{
	for (size_t i = 0; i < want->n; i++)
		if (!strcmp(want->v[i], have))
			return 1;
	return 0;
}

/* A task whose status dlg doesn't know is listed, as it is, but matches no
 * --status. Its decision is read on its own, as lc_state_read leaves it
 * unread when the status is unknown. */
static int filter_match(const struct filter *f, const struct task *t, const struct lc_state *s,
                        int known)
{
	enum decision d;

	if (f->status ? !(known && f->status & 1u << s->status) : !f->all && lc_finished(s))
		return 0;
	if (f->decision &&
	    (decision_parse(fields_string(&t->fields, "decision"), &d) || !(f->decision & 1u << d)))
		return 0;
	if (f->to.n && !any_of(&f->to, field_str(&t->fields, "to")))
		return 0;
	if (f->channel.n && !any_of(&f->channel, field_str(&t->fields, "channel")))
		return 0;
	if (f->has_due_before && !(s->due != DATE_NONE && s->due < f->due_before))
		return 0;
	if (f->tag.n) {
		struct strlist tags = STRLIST_INIT;
		int found = 0;

		task_tags(t, &tags);
		for (size_t i = 0; i < tags.n && !found; i++)
			found = any_of(&f->tag, tags.v[i]);
		strlist_clear(&tags);
		if (!found)
			return 0;
	}
	return 1;
}

/* The date a row shows, and the one it is sorted by: the next that
 * matters. A waiting task's follow-up, unless its due date comes first (a
 * deadline never hides behind a later check-in); else the due date. */
struct when {
	const char *key;  /* "follow_up" or "due"; NULL when it has neither */
	const char *kind; /* what the table calls it: "follow-up" or "due" */
	int day;          /* DATE_NONE when none, or not a date */
};

static void shown_date(struct when *out, const struct task *t, const struct lc_state *s)
{
	int follow_up, due = fields_get(&t->fields, "due") != NULL;

	follow_up = s->status == STATUS_WAITING && fields_get(&t->fields, "follow_up");
	if (follow_up && due && s->due != DATE_NONE &&
	    (s->follow_up == DATE_NONE || s->due < s->follow_up))
		follow_up = 0;
	out->key = follow_up ? "follow_up" : due ? "due" : NULL;
	out->kind = follow_up ? "follow-up" : due ? "due" : NULL;
	out->day = follow_up ? s->follow_up : due ? s->due : DATE_NONE;
}

/* The table. Widths count characters (UTF-8 code points), not bytes. */
enum { COL_ID, COL_STATUS, COL_DECISION, COL_WHO, COL_DATE, COL_CHECKS, COL_TITLE, NCOLS };
static const char *const headers[NCOLS] = { "ID",   "STATUS", "DECISION", "TO",
	                                    "DATE", "CHECKS", "TITLE" };
#define GAP 2

/* Narrower than the terminal: the title first, then who has it, then the
 * columns least needed go; the id is never cut (it is what the next
 * command takes), nor the date (which says what it is). */
static const struct table_step fit_steps[] = {
	{ COL_TITLE, 20 },
	{ COL_WHO, 8 },
	{ COL_TITLE, 12 },
	{ COL_CHECKS, TABLE_HIDE },
	{ COL_DECISION, TABLE_HIDE },
	{ COL_TITLE, 8 },
	{ COL_STATUS, TABLE_HIDE },
	{ COL_WHO, TABLE_HIDE },
	{ COL_TITLE, 3 },
};

struct row {
	char *cell[NCOLS];
	size_t width[NCOLS]; /* of each cell */
	const char *status_color;
	int overdue;
};

/* A task shown: with --json the task itself (kept in the set), else only
 * its row, made as it is read. */
struct shown {
	struct task *t;
	const char *id;
	size_t seq; /* the order read in */
	int day;
	struct row row;
};

/* By the date shown, tasks without one last, then by id (when the tasks
 * were read in id order, as they mostly are, by the order read in). */
static int by_date(const struct shown *x, const struct shown *y)
{
	int hx = x->day != DATE_NONE, hy = y->day != DATE_NONE;

	if (hx != hy)
		return hy - hx;
	if (hx && x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return 0;
}

static int cmp_shown(const void *a, const void *b)
{
	const struct shown *x = a, *y = b;
	int c = by_date(x, y);

	return c ? c : strcmp(x->id, y->id);
}

static int cmp_shown_seq(const void *a, const void *b)
{
	const struct shown *x = a, *y = b;
	int c = by_date(x, y);

	return c ? c : x->seq < y->seq ? -1 : x->seq > y->seq;
}

static const char *const status_colors[] = {
	[STATUS_INBOX] = C_BLUE, [STATUS_OPEN] = C_CYAN,   [STATUS_WAITING] = C_YELLOW,
	[STATUS_DONE] = C_GREEN, [STATUS_DROPPED] = C_DIM,
};

/* Cells live in one arena for the whole table: a malloc each would cost
 * more than the rest of the row. */
static char *cell_text(struct arena *a, const char *s, size_t *width)
{
	char *c = arena_strdup(a, *s ? s : "-");

	/* control characters shown as spaces, as the table shows them */
	for (char *p = c; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	*width = utf8_width(c);
	return c;
}

/* The status as written ("inbox" when absent); the date shown, as
 * written, with what it is ("2026-11-20 follow-up"), red once it is
 * past. */
static void row_fill(struct row *r, struct arena *a, const struct task *t, const struct lc_state *s,
                     int known, const struct when *sh, int today)
{
	const char *status = field_str(&t->fields, "status");
	const char *who = field_str(&t->fields, "to");
	char checks[32] = "";

	if (!*status)
		status = status_name(STATUS_INBOX);
	if (!*who)
		who = field_str(&t->fields, "channel");
	if (t->checks_total)
		snprintf(checks, sizeof(checks), "%d/%d", t->checks_done, t->checks_total);
	r->cell[COL_ID] = cell_text(a, t->id, &r->width[COL_ID]);
	r->cell[COL_STATUS] = cell_text(a, status, &r->width[COL_STATUS]);
	r->cell[COL_DECISION] =
	    cell_text(a, field_str(&t->fields, "decision"), &r->width[COL_DECISION]);
	r->cell[COL_WHO] = cell_text(a, who, &r->width[COL_WHO]);
	if (sh->key) {
		struct strbuf date = STRBUF_INIT;

		strbuf_addstr(&date, field_str(&t->fields, sh->key));
		strbuf_addch(&date, ' ');
		strbuf_addstr(&date, sh->kind);
		r->cell[COL_DATE] = cell_text(a, date.buf, &r->width[COL_DATE]);
		strbuf_release(&date);
	} else {
		r->cell[COL_DATE] = cell_text(a, "", &r->width[COL_DATE]);
	}
	r->cell[COL_CHECKS] = cell_text(a, checks, &r->width[COL_CHECKS]);
	r->cell[COL_TITLE] = cell_text(a, t->title, &r->width[COL_TITLE]);
	r->status_color = known ? status_colors[s->status] : C_DIM;
	r->overdue = sh->key && !strcmp(sh->key, "follow_up") ? lc_follow_up_due(s, today - 1)
	                                                      : lc_due_by(s, today - 1);
}

/* One line of the table added to sb, leaving out the columns of width 0;
 * colors[c] (may be NULL) for a cell, line_color for the whole line. */
static void add_line(struct strbuf *sb, const struct dlg_ctx *ctx, const char *const *cells,
                     const size_t *have, const size_t *w, const char *const *colors,
                     const char *line_color)
{
	int first = 1, last = NCOLS - 1;

	while (last > 0 && !w[last])
		last--;
	if (line_color)
		strbuf_addstr(sb, color(ctx, line_color));
	for (int c = 0; c <= last; c++) {
		if (!w[c])
			continue;
		if (!first)
			strbuf_addspaces(sb, GAP);
		first = 0;
		if (colors[c])
			strbuf_addstr(sb, color(ctx, colors[c]));
		if (have && have[c] <= w[c]) { /* a row's cell that fits, as it is */
			strbuf_addstr(sb, cells[c]);
			if (c != last)
				strbuf_addspaces(sb, w[c] - have[c]);
		} else if (c == last) {
			table_add_last(sb, cells[c], w[c]);
		} else {
			table_add_cell(sb, cells[c], w[c], TABLE_LEFT);
		}
		if (colors[c])
			strbuf_addstr(sb, color(ctx, C_RESET));
	}
	if (line_color)
		strbuf_addstr(sb, color(ctx, C_RESET));
	strbuf_addch(sb, '\n');
}

/* The lines so far to stdout once there are enough of them (all: every
 * one); a write error shows when main flushes stdout. */
static void flush_lines(struct strbuf *sb, int all)
{
	if (sb->len && (all || sb->len >= 65536)) {
		fwrite(sb->buf, 1, sb->len, stdout);
		strbuf_reset(sb);
	}
}

static void print_table(const struct dlg_ctx *ctx, const struct shown *shown, size_t n)
{
	static const char *const no_colors[NCOLS];
	struct strbuf out = STRBUF_INIT;
	size_t w[NCOLS];

	for (int c = 0; c < NCOLS; c++)
		w[c] = utf8_width(headers[c]);
	for (size_t i = 0; i < n; i++) {
		for (int c = 0; c < NCOLS; c++)
			if (shown[i].row.width[c] > w[c])
				w[c] = shown[i].row.width[c];
	}
	table_fit(w, NCOLS, 0, GAP, fit_steps, ARRAY_SIZE(fit_steps), (size_t)terminal_width());
	add_line(&out, ctx, headers, NULL, w, no_colors, C_BOLD);
	for (size_t i = 0; i < n; i++) {
		const char *colors[NCOLS] = { NULL };

		colors[COL_STATUS] = shown[i].row.status_color;
		if (shown[i].row.overdue)
			colors[COL_DATE] = C_RED;
		add_line(&out, ctx, (const char *const *)shown[i].row.cell, shown[i].row.width, w,
		         colors, NULL);
		flush_lines(&out, 0);
	}
	flush_lines(&out, 1);
	strbuf_release(&out);
}

/* A write error shows when main flushes stdout. */
static void print_json(const struct shown *shown, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, task_json(shown[i].t));
	json_write(stdout, a);
	json_decref(a);
}

/* What list keeps while the tasks are read. */
struct listing {
	const struct dlg_ctx *ctx;
	struct taskset *ts;
	const struct filter *f;
	const struct search *words;
	int json;
	struct names names; /* when a filter names someone, a channel or a tag */
	struct said said;   /* the problems, told once every task is read */
	struct shown *v;
	size_t n, alloc;
	int id_order;       /* v is in id order so far */
	struct arena cells; /* the rows' */
};

/* The task shown if it can be read and the filters and words match it. */
static void consider(struct listing *l, struct task *t)
{
	struct lc_state s;
	struct when when;
	struct shown *sh;
	enum status st;
	int known;

	if (wants_names(l->f))
		names_of_task(&l->names, t);
	if (!task_readable_or_keep(l->ts, t, l->ctx, &l->said))
		return;
	known = !lc_status_read(&st, &t->fields);
	lc_state_read(&s, &t->fields, NULL);
	if (!filter_match(l->f, t, &s, known) ||
	    !(search_empty(l->words) || search_match(l->words, t, l->ctx->root)))
		return;
	shown_date(&when, t, &s);
	ALLOC_GROW(l->v, l->n + 1, l->alloc);
	sh = &l->v[l->n];
	memset(sh, 0, sizeof(*sh));
	sh->day = when.day;
	sh->seq = l->n;
	if (l->json) {
		sh->t = t;
		sh->id = t->id;
	} else {
		row_fill(&sh->row, &l->cells, t, &s, known, &when, l->ctx->today);
		/* sorted by the id itself, not as the cell shows it */
		sh->id = strcmp(sh->row.cell[COL_ID], t->id) ? arena_strdup(&l->cells, t->id)
		                                             : sh->row.cell[COL_ID];
	}
	if (l->n && strcmp(l->v[l->n - 1].id, sh->id) >= 0)
		l->id_order = 0;
	l->n++;
}

/* The table: each task as the walk finds it, made into its row and
 * forgotten, so memory grows with the rows, not the tasks. */
static int consider_streamed(struct task *t, void *payload, struct dlg_err *err)
{
	(void)err;
	consider(payload, t);
	return 0;
}

static int cmd_list(int argc, char **argv, struct dlg_ctx *ctx)
{
	struct filter_args fa = { NULL, NULL, NULL, NULL, NULL, DATE_NONE, 0 };
	int json = 0;
	const struct option options[] = {
		OPT_STRING('s', "status", &fa.status, "S",
		           "status S: inbox, open, waiting, done, dropped"),
		OPT_STRING('d', "decision", &fa.decision, "D",
		           "decision D: keep, delegate, outsource, drop"),
		OPT_STRING('t', "to", &fa.to, "PERSON", "handed to PERSON (a file in people/)"),
		OPT_STRING('c', "channel", &fa.channel, "C",
		           "going through channel C (a [channel] of dlg.ini)"),
		OPT_STRING('T', "tag", &fa.tag, "T", "tagged T"),
		OPT_DATE(0, "due-before", &fa.due_before, "DATE",
		         "due before DATE (YYYY-MM-DD or today)"),
		OPT_BOOL('a', "all", &fa.all, "show done and dropped tasks too"),
		OPT_BOOL(0, "json", &json, "print a JSON array of task objects (fields in dlg(1))"),
		OPT_END(),
	};
	struct strlist args = STRLIST_INIT;
	struct taskset ts = TASKSET_INIT;
	struct filter f;
	struct search words = SEARCH_INIT;
	struct listing l;
	int ret;

	if ((ret = parse_options(ctx, argc, argv, options, &args)) != OPTIONS_OK)
		return ret;
	search_init(&words, &args);
	memset(&f, 0, sizeof(f));
	memset(&l, 0, sizeof(l));
	l.ctx = ctx;
	l.ts = &ts;
	l.f = &f;
	l.words = &words;
	l.json = json;
	l.id_order = 1;
	ret = EXIT_FATAL;
	if (parse_filter(&f, &fa))
		goto out;
	/* --json shows every field written: those only a parse knows */
	if (json) {
		if (load_taskset(&ts, ctx, TASKSET_BODY | TASKSET_NO_DOC))
			goto out;
		for (size_t i = 0; i < ts.ntasks; i++)
			consider(&l, &ts.tasks[i]);
	} else if (stream_taskset_cached(&ts, ctx, TASKSET_BODY | TASKSET_NO_DOC, consider_streamed,
	                                 &l)) {
		goto out;
	}
	if (wants_names(&f) && check_names(&f, &l.names, &ts, ctx->cfg))
		goto out;
	if (l.n)
		qsort(l.v, l.n, sizeof(*l.v), l.id_order ? cmp_shown_seq : cmp_shown);
	if (json)
		print_json(l.v, l.n);
	else if (l.n)
		print_table(ctx, l.v, l.n);
	else
		printf("no tasks match\n");
	ret = said_flush(&l.said, 0) ? EXIT_PARTIAL : EXIT_OK;
out:
	free(l.v);
	arena_release(&l.cells);
	names_release(&l.names);
	said_clear(&l.said);
	search_release(&words);
	filter_release(&f);
	taskset_release(&ts);
	strlist_clear(&args);
	return ret;
}

const struct command cmd_list_def = {
	"list",
	cmd_list,
	NEED_ROOT | NEED_CONFIG,
	"[FILTERS] [--all] [--json] [TEXT...]",
	"list tasks in a table (or as JSON), filtered",
	"Shows id, status, decision, who has it (else its channel), the next date that\n"
	"matters, with what it is (2026-11-20 follow-up: a waiting task's follow-up,\n"
	"unless its due date comes first; else 2026-12-01 due), checklist progress and\n"
	"title, sorted by that date (undated last), then id. Done and dropped tasks\n"
	"are hidden unless --all or --status asks for them. To fit the terminal,\n"
	"titles are cut first, then columns left out; ids are never cut. With no task\n"
	"to show it says: no tasks match.\n"
	"\n"
	"Filters show only the tasks they name, and combine: --status open --tag home\n"
	"lists open tasks tagged home. Each takes a comma-separated list meaning any\n"
	"of them, as in --status open,waiting. A value no task could have is an\n"
	"error (exit 2). Invalid task files are listed on stderr (exit 1).\n"
	"\n"
	"TEXT... lists only the tasks that hold every word given, without regard to\n"
	"case, in their id, title, a field's value or their body: dlg list gutters\n"
	"--status open.",
};
