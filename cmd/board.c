/* board.c: `dlg board --html [-o FILE]`: the tasks as one self-contained
 * HTML page: what to follow up today, a column per state with a card per
 * task, the people's track record, and money spent and hours bought back
 * by month. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/common.h"
#include "cmd/html.h"
#include "cmd/options.h"
#include "cmd/output.h"
#include "core/lifecycle.h"
#include "core/task.h"

/* Done tasks are on the board this many days after their completed date. */
#define RECENT_DAYS 30

enum column { COL_INBOX, COL_KEEP, COL_DELEGATED, COL_OUTSOURCED, COL_WAITING, COL_DONE, NCOLS };

static const struct {
	const char *state; /* data-state, for scripts and tests */
	const char *title;
	const char *hint;
} columns[NCOLS] = {
	{ "inbox", "Inbox", "new: the rules could not decide them yet" },
	{ "keep", "Keep", "yours to do" },
	{ "delegated", "Delegated", "for someone on your team: no one named yet" },
	{ "outsourced", "Outsourced", "for someone outside: no one named yet" },
	{ "waiting", "Waiting", "handed off: check in at each follow-up" },
	{ "done", "Done (recent)", "done in the last 30 days" },
};

struct card {
	const struct task *t;
	struct lc_state s;
	enum column col;
	int key; /* the day it is sorted by */
};

struct board {
	struct card *cards;
	size_t n;
	size_t in[NCOLS];
	size_t dropped, done_earlier, invalid;
	int today;
};

/* The column of a task, or -1 when it is on none (dropped, done long ago).
 * A decision written by hand on an inbox task puts it where sync will. */
static int column_of(const struct lc_state *s, int today)
{
	switch (s->status) {
	case STATUS_DONE:
		return s->completed != DATE_NONE && s->completed >= today - RECENT_DAYS ? COL_DONE
		                                                                        : -1;
	case STATUS_DROPPED:
		return -1;
	case STATUS_WAITING:
		return COL_WAITING;
	case STATUS_INBOX:
	case STATUS_OPEN:
		break;
	}
	switch (s->decision) {
	case DECISION_NONE:
		return s->status == STATUS_INBOX ? COL_INBOX : COL_KEEP;
	case DECISION_KEEP:
		return COL_KEEP;
	case DECISION_DELEGATE:
		return COL_DELEGATED;
	case DECISION_OUTSOURCE:
		return COL_OUTSOURCED;
	case DECISION_DROP:
		return -1;
	}
	return -1;
}

/* Waiting by follow-up, done latest first, the others by due date; no
 * date last. */
static int sort_key(const struct card *c)
{
	int none = 0x7fffffff;

	if (c->col == COL_WAITING)
		return c->s.follow_up != DATE_NONE ? c->s.follow_up : none;
	if (c->col == COL_DONE)
		return -c->s.completed;
	return c->s.due != DATE_NONE ? c->s.due : none;
}

static int card_cmp(const void *a, const void *b)
{
	const struct card *x = a, *y = b;

	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return strcmp(x->t->id, y->t->id);
}

static void board_build(struct board *b, const struct taskset *ts, const struct dlg_ctx *ctx)
{
	b->cards = xcalloc(ts->ntasks + 1, sizeof(*b->cards));
	b->today = ctx->today;
	for (size_t i = 0; i < ts->ntasks; i++) {
		const struct task *t = &ts->tasks[i];
		struct card *c = &b->cards[b->n];
		int col;

		if (!task_readable_or_say(ts, t, ctx) || lc_state_read(&c->s, &t->fields, NULL)) {
			b->invalid++;
			continue;
		}
		col = column_of(&c->s, ctx->today);
		if (col < 0) {
			b->dropped += c->s.status != STATUS_DONE;
			b->done_earlier += c->s.status == STATUS_DONE;
			continue;
		}
		c->t = t;
		c->col = (enum column)col;
		c->key = sort_key(c);
		b->in[col]++;
		b->n++;
	}
	if (b->n)
		qsort(b->cards, b->n, sizeof(*b->cards), card_cmp);
}

/* The name in the person's file, else the id as written. */
static const char *person_name(const struct taskset *ts, const char *id)
{
	for (size_t i = 0; id && i < ts->npeople; i++)
		if (!strcmp(ts->people[i].id, id))
			return ts->people[i].name;
	return id;
}

static void add_days(struct strbuf *sb, int n, const char *what)
{
	html_textf(sb, "%d day%s %s", n, n == 1 ? "" : "s", what);
}

/* "2026-11-19, 3 days late" with class late; today's with class due-today. */
static void add_date(struct strbuf *sb, const char *what, int day, int today, int watch)
{
	char buf[11];
	const char *cls = !watch ? NULL : day < today ? "late" : day == today ? "due-today" : NULL;

	date_format(day, buf);
	strbuf_addf(sb, "<dt>%s</dt><dd class=\"%s%s%s\">", what, what, cls ? " " : "",
	            cls ? cls : "");
	html_text(sb, buf);
	if (cls && day < today) {
		strbuf_addstr(sb, ", ");
		add_days(sb, today - day, "late");
	} else if (cls) {
		strbuf_addstr(sb, ", today");
	}
	strbuf_addstr(sb, "</dd>");
}

static void add_who(struct strbuf *sb, const struct card *c, const struct taskset *ts)
{
	const struct lc_state *s = &c->s;

	strbuf_addstr(sb, "<dt>who</dt><dd class=\"who\">");
	if (s->to)
		html_text(sb, person_name(ts, s->to));
	else if (c->col == COL_KEEP)
		strbuf_addstr(sb, "you");
	else if (c->col == COL_WAITING)
		strbuf_addstr(sb, "no one named");
	else if (lc_needs_someone(s))
		html_textf(sb, "needs someone%s%s", s->channel ? " via " : "",
		           s->channel ? s->channel : "");
	else
		strbuf_addstr(sb, "undecided");
	if (s->to && s->channel && strcmp(s->to, s->channel))
		html_textf(sb, " via %s", s->channel);
	strbuf_addstr(sb, "</dd>");
}

static void add_card(struct strbuf *sb, const struct card *c, const struct taskset *ts, int today)
{
	const struct task *t = c->t;
	const char *because = fields_string(&t->fields, "because");
	int late = lc_follow_up_due(&c->s, today) && c->s.follow_up < today;

	strbuf_addf(sb, "<article class=\"card%s\" data-id=\"", late ? " late-card" : "");
	html_text(sb, t->id);
	strbuf_addstr(sb, "\">\n<h3>");
	html_text(sb, t->title);
	strbuf_addstr(sb, "</h3>\n");
	html_elem(sb, "p", "id", t->id);
	strbuf_addstr(sb, "\n<dl>");
	add_who(sb, c, ts);
	if (c->col == COL_WAITING && c->s.follow_up != DATE_NONE)
		add_date(sb, "follow-up", c->s.follow_up, today, 1);
	if (c->s.due != DATE_NONE)
		add_date(sb, "due", c->s.due, today, c->col != COL_DONE);
	if (c->col == COL_DONE && c->s.completed != DATE_NONE)
		add_date(sb, "done", c->s.completed, today, 0);
	if (t->checks_total) {
		strbuf_addf(sb,
		            "<dt>checklist</dt><dd class=\"checklist\"><meter min=\"0\" max=\"%d\" "
		            "value=\"%d\"></meter> %d/%d</dd>",
		            t->checks_total, t->checks_done, t->checks_done, t->checks_total);
	}
	strbuf_addstr(sb, "</dl>\n");
	if (because && *because && c->col != COL_DONE)
		html_elem(sb, "p", "why", because);
	strbuf_addstr(sb, "</article>\n");
}

static void add_columns(struct strbuf *sb, const struct board *b, const struct taskset *ts)
{
	size_t i = 0;

	strbuf_addstr(sb, "<main class=\"board\">\n");
	for (int col = 0; col < NCOLS; col++) {
		strbuf_addf(sb,
		            "<section class=\"column\" id=\"col-%s\" data-state=\"%s\">\n"
		            "<h2>%s <span class=\"count\">%zu</span></h2>\n",
		            columns[col].state, columns[col].state, columns[col].title, b->in[col]);
		html_elem(sb, "p", "hint", columns[col].hint);
		strbuf_addch(sb, '\n');
		if (!b->in[col])
			strbuf_addstr(sb, "<p class=\"empty\">nothing here</p>\n");
		for (; i < b->n && b->cards[i].col == (enum column)col; i++)
			add_card(sb, &b->cards[i], ts, b->today);
		strbuf_addstr(sb, "</section>\n");
	}
	strbuf_addstr(sb, "</main>\n");
}

/* The follow-ups due today or earlier, the latest first. */
static void add_today(struct strbuf *sb, const struct board *b, const struct taskset *ts)
{
	size_t shown = 0;

	strbuf_addstr(sb, "<section class=\"strip\" id=\"follow-up-today\">\n"
	                  "<h2>Follow up today</h2>\n<ul>\n");
	for (size_t i = 0; i < b->n; i++) {
		const struct card *c = &b->cards[i];
		int late = b->today - c->s.follow_up;

		if (c->col != COL_WAITING || !lc_follow_up_due(&c->s, b->today))
			continue;
		strbuf_addf(sb, "<li class=\"%s\" data-id=\"", late ? "late" : "today");
		html_text(sb, c->t->id);
		strbuf_addstr(sb, "\"><strong>");
		if (late)
			add_days(sb, late, "late");
		else
			strbuf_addstr(sb, "today");
		strbuf_addstr(sb, "</strong>: ask ");
		html_text(sb, person_name(ts, c->s.to));
		strbuf_addstr(sb, " about ");
		html_elem(sb, "em", NULL, c->t->title);
		strbuf_addstr(sb, "</li>\n");
		shown++;
	}
	if (!shown)
		strbuf_addstr(sb, "<li class=\"none\">nothing to follow up today</li>\n");
	strbuf_addstr(sb, "</ul>\n</section>\n");
}

/* A person's track record, as dlg people counts it. */
struct record {
	const char *id;
	int known; /* has a file in people/ */
	int handed, done, on_time, late, open, rated;
	double rating, spent;
};

static struct record *record_of(struct record *v, size_t *n, const char *id)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp(v[i].id, id))
			return &v[i];
	memset(&v[*n], 0, sizeof(v[*n]));
	v[*n].id = id;
	return &v[(*n)++];
}

/* As dlg people: people with a file first, the most handed first. */
static int record_cmp(const void *a, const void *b)
{
	const struct record *x = a, *y = b;

	if (x->known != y->known)
		return x->known ? -1 : 1;
	if (x->handed != y->handed)
		return y->handed - x->handed;
	return strcmp(x->id, y->id);
}

static void people_table(struct strbuf *sb, const struct taskset *ts, const struct record *v,
                         size_t n)
{
	static const char *const head[] = { "who",  "handed", "done",   "on time",
		                            "late", "open",   "rating", "spent" };
	struct strlist cells = STRLIST_INIT;
	struct strbuf num = STRBUF_INIT;

	for (size_t c = 0; c < ARRAY_SIZE(head); c++)
		strlist_push(&cells, head[c]);
	for (size_t i = 0; i < n; i++) {
		const struct record *r = &v[i];
		const int counts[] = { r->handed, r->done, r->on_time, r->late, r->open };

		strlist_push(&cells, person_name(ts, r->id));
		for (size_t c = 0; c < ARRAY_SIZE(counts); c++)
			strlist_push_nodup(&cells, xstrfmt("%d", counts[c]));
		strlist_push_nodup(&cells,
		                   r->rated ? xstrfmt("%.1f", r->rating / r->rated) : xstrdup("-"));
		strbuf_reset(&num);
		html_amount(&num, r->spent);
		strlist_push(&cells, num.buf);
	}
	/* every column but the first is a number; late ones are marked */
	html_table(sb, (const char *const *)cells.v, ARRAY_SIZE(head), n, ~1u, 1u << 4);
	strbuf_release(&num);
	strlist_clear(&cells);
}

static void add_people(struct strbuf *sb, const struct taskset *ts, int today)
{
	struct record *v = xcalloc(ts->npeople + ts->ntasks + 1, sizeof(*v));
	size_t n = 0;
	double x;

	for (size_t i = 0; i < ts->npeople; i++)
		record_of(v, &n, ts->people[i].id)->known = 1;
	for (size_t i = 0; i < ts->ntasks; i++) {
		const struct task *t = &ts->tasks[i];
		struct lc_state s;
		struct record *r;

		if (!task_usable(t) || lc_state_read(&s, &t->fields, NULL) || !s.to || !*s.to)
			continue;
		r = record_of(v, &n, s.to);
		r->handed += lc_handed(&s);
		r->done += s.status == STATUS_DONE;
		r->on_time += lc_done_on_time(&s);
		r->late += lc_late(&s, today);
		r->open += lc_in_progress(&s);
		if (s.status == STATUS_DONE && fields_number(&t->fields, "rating", &x)) {
			r->rating += x;
			r->rated++;
		}
		if (s.status == STATUS_DONE && fields_number(&t->fields, "cost", &x))
			r->spent += x;
	}
	if (n)
		qsort(v, n, sizeof(*v), record_cmp);
	strbuf_addstr(sb, "<section id=\"people\">\n<h2>Track record</h2>\n");
	if (n)
		people_table(sb, ts, v, n);
	else
		strbuf_addstr(sb, "<p class=\"empty\">no one yet: add people/NAME.md</p>\n");
	strbuf_addstr(sb, "</section>\n");
	free(v);
}

/* The month (year * 12 + month - 1) a handed-off task was done in, or -1
 * when it is not such a task. */
static int month_done(const struct task *t)
{
	struct lc_state s;
	int y, m, d;

	if (!task_usable(t) || lc_state_read(&s, &t->fields, NULL) || !lc_hands_off(s.decision) ||
	    s.status != STATUS_DONE || s.completed == DATE_NONE)
		return -1;
	date_to_ymd(s.completed, &y, &m, &d);
	return y * 12 + m - 1;
}

/* Hours bought back and money spent by the month handed-off work was
 * done, as dlg report counts them, every month from the first to the last. */
static void add_months(struct strbuf *sb, const struct taskset *ts)
{
	int first = -1, last = -1;
	size_t n;
	struct html_bar *hours, *money;
	char(*labels)[16];
	double x;

	for (size_t i = 0; i < ts->ntasks; i++) {
		int k = month_done(&ts->tasks[i]);

		if (k >= 0 && (first < 0 || k < first))
			first = k;
		if (k > last)
			last = k;
	}
	strbuf_addstr(sb, "<section id=\"months\">\n<h2>Bought back by month</h2>\n");
	if (first < 0) {
		strbuf_addstr(sb,
		              "<p class=\"empty\">no handed-off work done yet</p>\n</section>\n");
		return;
	}
	n = (size_t)(last - first + 1);
	hours = xcalloc(n, sizeof(*hours));
	money = xcalloc(n, sizeof(*money));
	labels = xcalloc(n, sizeof(*labels));
	for (size_t k = 0; k < n; k++) {
		int month = first + (int)k;

		snprintf(labels[k], sizeof(labels[k]), "%04d-%02d", month / 12 % 10000,
		         month % 12 + 1);
		hours[k].label = money[k].label = labels[k];
	}
	for (size_t i = 0; i < ts->ntasks; i++) {
		const struct task *t = &ts->tasks[i];
		int k = month_done(t);

		if (k < 0)
			continue;
		if (fields_number(&t->fields, "hours", &x))
			hours[k - first].value += x;
		if (fields_number(&t->fields, "cost", &x))
			money[k - first].value += x;
	}
	strbuf_addstr(sb, "<div class=\"charts\">\n");
	html_bars(sb, "Hours bought back", "hours", " h", hours, n);
	html_bars(sb, "Money spent", "money", "", money, n);
	strbuf_addstr(sb, "</div>\n</section>\n");
	free(hours);
	free(money);
	free(labels);
}

static void board_page(struct strbuf *sb, const struct board *b, const struct taskset *ts)
{
	char day[11];

	date_format(b->today, day);
	html_begin(sb, "dlg board");
	strbuf_addstr(sb, "<header>\n<h1>What you kept, handed off and got back</h1>\n");
	strbuf_addf(sb, "<p class=\"meta\">As of %s: %zu task%s on the board", day, b->n,
	            b->n == 1 ? "" : "s");
	if (b->done_earlier)
		strbuf_addf(sb, ", %zu done before the last %d days", b->done_earlier, RECENT_DAYS);
	if (b->dropped)
		strbuf_addf(sb, ", %zu dropped", b->dropped);
	if (b->invalid)
		strbuf_addf(sb, ", %zu left out (run dlg check)", b->invalid);
	strbuf_addstr(sb, ".</p>\n</header>\n");
	add_today(sb, b, ts);
	add_columns(sb, b, ts);
	add_people(sb, ts, b->today);
	add_months(sb, ts);
	html_end(sb, b->today);
}

static int cmd_board(int argc, char **argv, struct dlg_ctx *ctx)
{
	int html = 0;
	const char *file = NULL;
	const struct option options[] = {
		OPT_BOOL(0, "html", &html, "write the board as one self-contained HTML page"),
		OPT_STRING('o', "output", &file, "FILE",
		           "write the page to FILE instead of stdout"),
		OPT_END(),
	};
	struct strlist args = STRLIST_INIT;
	struct taskset ts = TASKSET_INIT;
	struct strbuf page = STRBUF_INIT;
	struct board b;
	int ret;

	if ((ret = parse_options(ctx, argc, argv, options, &args)) != OPTIONS_OK ||
	    (ret = check_args(ctx, &args, 0, 0)) != OPTIONS_OK)
		return ret;
	memset(&b, 0, sizeof(b));
	ret = EXIT_FATAL;
	if (!html) {
		error_msg("the board is a web page for now: dlg board --html -o board.html");
		goto out;
	}
	if (load_taskset(&ts, ctx, TASKSET_BODY | TASKSET_NO_DOC))
		goto out;
	board_build(&b, &ts, ctx);
	board_page(&page, &b, &ts);
	if (html_output(file, &page))
		goto out;
	ret = b.invalid ? EXIT_PARTIAL : EXIT_OK;
out:
	free(b.cards);
	strbuf_release(&page);
	taskset_release(&ts);
	strlist_clear(&args);
	return ret;
}

const struct command cmd_board_def = {
	"board",
	cmd_board,
	NEED_ROOT | NEED_CONFIG,
	"--html [-o FILE]",
	"the tasks as one web page: columns by state, follow-ups, track record, charts",
	"Writes one self-contained HTML page (no network, no script; it works from a\n"
	"file and prints well, in light or dark mode): the follow-ups due today or\n"
	"late; a column per state (Inbox; Keep; Delegated and Outsourced, decided but\n"
	"not yet handed to anyone; Waiting, handed off; Done in the last 30 days), a\n"
	"card per task with its title, who has it, its follow-up and due date (late\n"
	"ones marked) and checklist progress; each person's track record as dlg people\n"
	"counts it; and hours bought back and money spent by month as dlg report counts\n"
	"them. Dropped tasks and older done ones are counted at the top. Invalid task\n"
	"files are left out and listed on stderr, and the exit status is then 1.",
};
