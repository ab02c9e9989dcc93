/* report.c: `dlg report [--since DATE] [--until DATE] [--json]`: what handing
 * work off decided and bought back in a period: decisions by rule, hours
 * bought back, money spent and what that was worth at [me] hourly_rate, by
 * channel, person and month, with a bar chart. */
#include <langinfo.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/common.h"
#include "cmd/html.h"
#include "cmd/options.h"
#include "cmd/output.h"
#include "cmd/table.h"
#include "core/lifecycle.h"
#include "core/task.h"
#include "formats/json.h"
#include "lib/utf8.h"

/* The period, inclusive; a missing bound is open. A task with no date is in
 * the period only when both bounds are open. */
struct period {
	int since, until;
	int has_since, has_until;
};

static int in_period(const struct period *p, int day)
{
	if (!p->has_since && !p->has_until)
		return 1;
	if (day == DATE_NONE)
		return 0;
	return (!p->has_since || day >= p->since) && (!p->has_until || day <= p->until);
}

/* A sum over the handed-off tasks done in the period that share a key: a
 * channel, a person, a month ("2026-11"), or a rule (tasks only). key NULL
 * groups the tasks that have none. */
struct sum {
	char *key;
	int tasks;
	double hours, spent;
};

struct sums {
	struct sum *v;
	size_t n, alloc;
};

static struct sum *sums_get(struct sums *s, const char *key)
{
	struct sum *e;

	for (size_t i = 0; i < s->n; i++)
		if (!s->v[i].key == !key && (!key || !strcmp(s->v[i].key, key)))
			return &s->v[i];
	ALLOC_GROW(s->v, s->n + 1, s->alloc);
	e = &s->v[s->n++];
	memset(e, 0, sizeof(*e));
	e->key = key ? xstrdup(key) : NULL;
	return e;
}

static void sums_clear(struct sums *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i].key);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/* Most hours first (then most spent, then by name); no key last. */
static int sum_cmp_hours(const void *a, const void *b)
{
	const struct sum *x = a, *y = b;

	if (!x->key != !y->key)
		return x->key ? -1 : 1;
	if (x->hours != y->hours)
		return x->hours > y->hours ? -1 : 1;
	if (x->spent != y->spent)
		return x->spent > y->spent ? -1 : 1;
	return x->key ? strcmp(x->key, y->key) : 0;
}

/* Most tasks first, then by name. */
static int sum_cmp_tasks(const void *a, const void *b)
{
	const struct sum *x = a, *y = b;

	if (x->tasks != y->tasks)
		return y->tasks - x->tasks;
	return strcmp(x->key ? x->key : "", y->key ? y->key : "");
}

static int sum_cmp_key(const void *a, const void *b)
{
	const struct sum *x = a, *y = b;

	return strcmp(x->key, y->key);
}

/* qsort must not be given a NULL array, even an empty one. */
static void sums_sort(struct sums *s, int (*cmp)(const void *, const void *))
{
	if (s->n)
		qsort(s->v, s->n, sizeof(*s->v), cmp);
}

static const enum decision decisions[] = { DECISION_KEEP, DECISION_DELEGATE, DECISION_OUTSOURCE,
	                                   DECISION_DROP };

struct report {
	struct period period;
	int decided[ARRAY_SIZE(decisions)];
	struct sums rules[ARRAY_SIZE(decisions)];
	int tasks;         /* handed-off tasks done in the period */
	int without_hours; /* of those, how many say no hours */
	double hours, spent;
	int has_rate;
	double rate;
	struct sums by_channel, by_person, by_month;
	size_t invalid;
};

/* The rule, channel or person a task names; NULL when it names none (the
 * field absent, not text, or empty). */
static const char *named(const char *s)
{
	return s && *s ? s : NULL;
}

static void add_to(struct sum *s, double hours, double cost)
{
	s->tasks++;
	s->hours += hours;
	s->spent += cost;
}

static void count_decision(struct report *r, const struct lc_state *s, enum decision d)
{
	const char *rule = named(s->rule);

	for (size_t i = 0; i < ARRAY_SIZE(decisions); i++) {
		if (decisions[i] != d)
			continue;
		r->decided[i]++;
		/* A decision written by hand that no sync has seen yet is the
		 * one sync will mark manual. */
		sums_get(&r->rules[i], rule ? rule : "manual")->tasks++;
	}
}

static void count_bought_back(struct report *r, const struct fields *f, const struct lc_state *s)
{
	double hours = 0, cost = 0;
	int has_hours = fields_number(f, "hours", &hours);
	char month[11];

	fields_number(f, "cost", &cost);
	r->tasks++;
	r->without_hours += !has_hours;
	r->hours += hours;
	r->spent += cost;
	add_to(sums_get(&r->by_channel, named(s->channel)), hours, cost);
	add_to(sums_get(&r->by_person, named(s->to)), hours, cost);
	if (s->completed != DATE_NONE) {
		date_format(s->completed, month);
		month[7] = '\0';
		add_to(sums_get(&r->by_month, month), hours, cost);
	}
}

/* Months with nothing between the first and the last get an empty sum, so
 * the chart shows the gaps. */
static void fill_months(struct sums *months)
{
	int y, m, last_y, last_m;

	if (!months->n)
		return;
	sums_sort(months, sum_cmp_key);
	sscanf(months->v[0].key, "%d-%d", &y, &m);
	sscanf(months->v[months->n - 1].key, "%d-%d", &last_y, &last_m);
	while (y < last_y || (y == last_y && m < last_m)) {
		char *key = xstrfmt("%04d-%02d", y, m);

		sums_get(months, key);
		free(key);
		if (++m > 12) {
			m = 1;
			y++;
		}
	}
	sums_sort(months, sum_cmp_key);
}

/* One task into the report, as the tasks are read; an invalid one is
 * reported (in id order, once all are read) and left out. */
struct build {
	struct report *r;
	const struct taskset *ts;
	const struct dlg_ctx *ctx;
	struct said said;
};

static int count_task(struct task *t, void *payload, struct dlg_err *err)
{
	struct build *b = payload;
	struct report *r = b->r;
	struct lc_state s;
	enum decision d;

	(void)err;
	if (!task_readable_or_keep(b->ts, t, b->ctx, &b->said)) {
		r->invalid++;
		return 0;
	}
	/* The decision on its own: a task whose status dlg doesn't
	 * know was still decided, and lc_state_read would not say so. */
	if (decision_parse(fields_string(&t->fields, "decision"), &d))
		return 0;
	lc_state_read(&s, &t->fields, NULL);
	if (in_period(&r->period, s.decided))
		count_decision(r, &s, d);
	if (lc_hands_off(d) && s.status == STATUS_DONE && in_period(&r->period, s.completed))
		count_bought_back(r, &t->fields, &s);
	return 0;
}

/* -1 when the tasks can't be read. */
static int report_build(struct report *r, struct taskset *ts, const struct config *cfg,
                        const struct dlg_ctx *ctx)
{
	struct build b = { r, ts, ctx, SAID_INIT };
	int ret;

	r->rate = 0;
	r->has_rate = fields_number(&cfg->me, "hourly_rate", &r->rate);
	ret = stream_taskset_cached(ts, ctx, TASKSET_NO_DOC, count_task, &b);
	if (ret) {
		said_clear(&b.said);
		return -1;
	}
	said_flush(&b.said, 1);
	for (size_t i = 0; i < ARRAY_SIZE(decisions); i++)
		sums_sort(&r->rules[i], sum_cmp_tasks);
	sums_sort(&r->by_channel, sum_cmp_hours);
	sums_sort(&r->by_person, sum_cmp_hours);
	fill_months(&r->by_month);
	return 0;
}

static void report_release(struct report *r)
{
	for (size_t i = 0; i < ARRAY_SIZE(decisions); i++)
		sums_clear(&r->rules[i]);
	sums_clear(&r->by_channel);
	sums_clear(&r->by_person);
	sums_clear(&r->by_month);
}

/* JSON */

static json_t *json_net(const struct report *r, const struct sum *s)
{
	return r->has_rate ? json_from_number(s->hours * r->rate - s->spent) : json_null();
}

static json_t *decisions_json(const struct report *r)
{
	json_t *o = json_object();

	for (size_t i = 0; i < ARRAY_SIZE(decisions); i++) {
		json_t *d = json_object(), *rules = json_object();

		for (size_t k = 0; k < r->rules[i].n; k++)
			json_object_set_new(rules, r->rules[i].v[k].key,
			                    json_integer(r->rules[i].v[k].tasks));
		json_object_set_new(d, "count", json_integer(r->decided[i]));
		json_object_set_new(d, "rules", rules);
		json_object_set_new(o, decision_name(decisions[i]), d);
	}
	return o;
}

static json_t *sums_json(const struct report *r, const struct sums *s, const char *name,
                         struct taskset *ts)
{
	json_t *a = json_array();

	for (size_t i = 0; i < s->n; i++) {
		json_t *o = json_object();
		const struct sum *e = &s->v[i];

		json_object_set_new(o, name, e->key ? json_from_str(e->key) : json_null());
		if (ts) {
			struct person *p = e->key ? taskset_person(ts, e->key) : NULL;

			json_object_set_new(o, "name", p ? json_from_str(p->name) : json_null());
		}
		json_object_set_new(o, "tasks", json_integer(e->tasks));
		json_object_set_new(o, "hours", json_from_number(e->hours));
		json_object_set_new(o, "spent", json_from_number(e->spent));
		json_object_set_new(o, "net_value", json_net(r, e));
		json_array_append_new(a, o);
	}
	return a;
}

static void print_json(const struct report *r, struct taskset *ts)
{
	const struct period *p = &r->period;
	json_t *o = json_object(), *months = json_array();

	json_object_set_new(o, "since", p->has_since ? json_from_date(p->since) : json_null());
	json_object_set_new(o, "until", p->has_until ? json_from_date(p->until) : json_null());
	json_object_set_new(o, "decisions", decisions_json(r));
	json_object_set_new(o, "tasks_bought_back", json_integer(r->tasks));
	json_object_set_new(o, "tasks_without_hours", json_integer(r->without_hours));
	json_object_set_new(o, "hours_bought_back", json_from_number(r->hours));
	json_object_set_new(o, "spent", json_from_number(r->spent));
	json_object_set_new(o, "cost_per_hour",
	                    r->hours > 0 ? json_from_number(r->spent / r->hours) : json_null());
	json_object_set_new(o, "hourly_rate",
	                    r->has_rate ? json_from_number(r->rate) : json_null());
	json_object_set_new(o, "value",
	                    r->has_rate ? json_from_number(r->hours * r->rate) : json_null());
	json_object_set_new(o, "net_value",
	                    r->has_rate ? json_from_number(r->hours * r->rate - r->spent)
	                                : json_null());
	json_object_set_new(o, "by_channel", sums_json(r, &r->by_channel, "channel", NULL));
	json_object_set_new(o, "by_person", sums_json(r, &r->by_person, "person", ts));
	for (size_t i = 0; i < r->by_month.n; i++) {
		const struct sum *e = &r->by_month.v[i];

		json_t *m = json_object();

		json_object_set_new(m, "month", json_from_str(e->key));
		json_object_set_new(m, "hours", json_from_number(e->hours));
		json_object_set_new(m, "spent", json_from_number(e->spent));
		json_array_append_new(months, m);
	}
	json_object_set_new(o, "by_month", months);
	json_write(stdout, o);
	json_decref(o);
}

/* Text */

/* Borrowed, valid for the next seven calls. */
static const char *amount(double x)
{
	static struct strbuf ring[8] = { STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT,
		                         STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT };
	static size_t next;
	struct strbuf *sb = &ring[next++ % ARRAY_SIZE(ring)];

	strbuf_reset(sb);
	amount_format(sb, x);
	return sb->buf;
}

static void print_period(const struct period *p)
{
	char a[11], b[11];

	date_format(p->since, a);
	date_format(p->until, b);
	if (p->has_since && p->has_until)
		printf("Report from %s to %s\n", a, b);
	else if (p->has_since)
		printf("Report since %s\n", a);
	else if (p->has_until)
		printf("Report until %s\n", b);
	else
		printf("Report of all time\n");
}

/* "  keep         4  enjoy 3, core-purpose 1", the rules going on on the
 * next lines when they don't fit the width. */
static void print_decisions(const struct dlg_ctx *ctx, const struct report *r, size_t width)
{
	int total = 0;

	for (size_t i = 0; i < ARRAY_SIZE(decisions); i++)
		total += r->decided[i];
	printf("\n%sDecisions%s: %d\n", color(ctx, C_BOLD), color(ctx, C_RESET), total);
	for (size_t i = 0; i < ARRAY_SIZE(decisions); i++) {
		struct strbuf sb = STRBUF_INIT;
		struct strlist words = STRLIST_INIT;

		for (size_t k = 0; k < r->rules[i].n; k++)
			strlist_push_nodup(
			    &words, xstrfmt("%s %d", r->rules[i].v[k].key, r->rules[i].v[k].tasks));
		strbuf_addf(&sb, "  %-9s %4d%s", decision_name(decisions[i]), r->decided[i],
		            words.n ? "  " : "");
		table_add_words(&sb, utf8_width(sb.buf), (const char *const *)words.v, words.n,
		                ", ", 18, width);
		printf("%s\n", sb.buf);
		strlist_clear(&words);
		strbuf_release(&sb);
	}
}

/* "  label                VALUE (note)": the note's words go on under the
 * value when they don't fit the width. value_color (may be NULL) for the
 * value. */
static void print_money_line(const struct dlg_ctx *ctx, const char *label, const char *value,
                             const char *value_color, const char *note, size_t width)
{
	struct strbuf sb = STRBUF_INIT, text = STRBUF_INIT;
	struct strlist words = STRLIST_INIT;
	size_t col;

	strbuf_addf(&sb, "  %-20s ", label);
	col = utf8_width(sb.buf) + utf8_width(value);
	strbuf_addf(&sb, "%s%s%s", value_color ? color(ctx, value_color) : "", value,
	            value_color ? color(ctx, C_RESET) : "");
	if (note) {
		strbuf_addf(&text, "(%s)", note);
		for (char *w = strtok(text.buf, " "); w; w = strtok(NULL, " "))
			strlist_push(&words, w);
		strbuf_addch(&sb, ' ');
		table_add_words(&sb, col + 1, (const char *const *)words.v, words.n, " ", 23,
		                width);
	}
	printf("%s\n", sb.buf);
	strlist_clear(&words);
	strbuf_release(&text);
	strbuf_release(&sb);
}

static void print_money(const struct dlg_ctx *ctx, const struct report *r, size_t width)
{
	double net = r->hours * r->rate - r->spent;
	char *note = NULL;

	printf("\n%sHanded off and done%s: %d task%s", color(ctx, C_BOLD), color(ctx, C_RESET),
	       r->tasks, r->tasks == 1 ? "" : "s");
	if (r->without_hours)
		printf(" (%d with no hours: field, counted as 0)", r->without_hours);
	printf("\n");
	print_money_line(ctx, "hours bought back", amount(r->hours), NULL, NULL, width);
	print_money_line(ctx, "money spent", amount(r->spent), NULL, NULL, width);
	print_money_line(ctx, "cost per hour", r->hours > 0 ? amount(r->spent / r->hours) : "-",
	                 NULL, NULL, width);
	if (!r->has_rate) {
		print_money_line(ctx, "my hourly rate", "-", NULL,
		                 "set hourly_rate in [me] of dlg.ini to value the hours", width);
		return;
	}
	print_money_line(ctx, "my hourly rate", amount(r->rate), NULL, NULL, width);
	note = xstrfmt("%s h × %s", amount(r->hours), amount(r->rate));
	print_money_line(ctx, "value of the hours", amount(r->hours * r->rate), NULL, note, width);
	print_money_line(ctx, "net value", amount(net),
	                 net > 0   ? C_GREEN
	                 : net < 0 ? C_RED
	                           : NULL,
	                 net > 0   ? "handing off paid"
	                 : net < 0 ? "handing off cost more than my time was worth"
	                           : "even",
	                 width);
	free(note);
}

/* A table of sums: the key left-aligned, the numbers right-aligned. */
static void print_sums(const struct dlg_ctx *ctx, const struct report *r, const struct sums *s,
                       const char *title, const char *what, const char *none, size_t width)
{
	/* a long channel or person is cut to fit; the numbers never are */
	static const struct table_step steps[] = { { 0, 8 } };
	const char *head[5] = { what, "tasks", "hours", "spent", "net value" };
	size_t w[5] = { 0 };
	struct strbuf *cells = xcalloc((s->n + 1) * 5, sizeof(*cells));

	for (size_t i = 0; i < (s->n + 1) * 5; i++)
		strbuf_init(&cells[i], 0);
	for (int c = 0; c < 5; c++)
		strbuf_addstr(&cells[c], head[c]);
	for (size_t i = 0; i < s->n; i++) {
		struct strbuf *row = &cells[(i + 1) * 5];
		const struct sum *e = &s->v[i];

		strbuf_addstr(&row[0], e->key ? e->key : none);
		strbuf_addf(&row[1], "%d", e->tasks);
		amount_format(&row[2], e->hours);
		amount_format(&row[3], e->spent);
		if (r->has_rate)
			amount_format(&row[4], e->hours * r->rate - e->spent);
		else
			strbuf_addstr(&row[4], "-");
	}
	for (size_t i = 0; i < (s->n + 1) * 5; i++)
		if (utf8_width(cells[i].buf) > w[i % 5])
			w[i % 5] = utf8_width(cells[i].buf);
	table_fit(w, 5, 2, 2, steps, ARRAY_SIZE(steps), width);
	printf("\n%s%s%s\n", color(ctx, C_BOLD), title, color(ctx, C_RESET));
	for (size_t i = 0; i <= s->n; i++) {
		struct strbuf *row = &cells[i * 5], line = STRBUF_INIT;

		table_add_cell(&line, row[0].buf, w[0], TABLE_LEFT);
		for (int c = 1; c < 5; c++) {
			strbuf_addspaces(&line, 2);
			table_add_cell(&line, row[c].buf, w[c], TABLE_RIGHT);
		}
		printf("  %s\n", line.buf);
		strbuf_release(&line);
	}
	for (size_t i = 0; i < (s->n + 1) * 5; i++)
		strbuf_release(&cells[i]);
	free(cells);
}

static int locale_is_utf8(void)
{
	const char *cs;

	setlocale(LC_CTYPE, "");
	cs = nl_langinfo(CODESET);
	return cs && (!strcmp(cs, "UTF-8") || !strcmp(cs, "utf8"));
}

/* A bar of len cells for value/max (at most width cells): in eighths of a
 * cell with Unicode blocks, else whole cells of '#'. Returns its width. */
static size_t bar(struct strbuf *sb, double value, double max, size_t width, int utf8)
{
	static const char *const eighths[] = { "", "▏", "▎", "▍", "▌", "▋", "▊", "▉" };
	double frac = max > 0 && value > 0 ? value / max : 0;

	if (utf8) {
		long n = lround(frac * (double)width * 8);

		for (long i = 0; i < n / 8; i++)
			strbuf_addstr(sb, "█");
		strbuf_addstr(sb, eighths[n % 8]);
		return (size_t)(n / 8 + (n % 8 != 0));
	} else {
		long n = lround(frac * (double)width);

		for (long i = 0; i < n; i++)
			strbuf_addch(sb, '#');
		return (size_t)n;
	}
}

static void print_chart(const struct dlg_ctx *ctx, const struct sums *months, int cols)
{
	int utf8 = locale_is_utf8();
	size_t hw = 0, sw = 0, barw;
	double max = 0;

	for (size_t i = 0; i < months->n; i++) {
		if (strlen(amount(months->v[i].hours)) > hw)
			hw = strlen(amount(months->v[i].hours));
		if (strlen(amount(months->v[i].spent)) > sw)
			sw = strlen(amount(months->v[i].spent));
		if (months->v[i].hours > max)
			max = months->v[i].hours;
	}
	if (cols <= 0)
		cols = 80;
	/* "  2026-11  BAR  HOURS h  SPENT spent" */
	barw = (size_t)cols > 2 + 7 + 2 + 2 + hw + 2 + 2 + sw + 6 + 10
	           ? (size_t)cols - (2 + 7 + 2 + 2 + hw + 2 + 2 + sw + 6)
	           : 10;
	printf("\n%sHours bought back by month%s\n", color(ctx, C_BOLD), color(ctx, C_RESET));
	for (size_t i = 0; i < months->n; i++) {
		struct strbuf sb = STRBUF_INIT;
		size_t used = bar(&sb, months->v[i].hours, max, barw, utf8);

		strbuf_addspaces(&sb, barw - used);
		printf("  %s  %s%s%s  %*s h  %*s spent\n", months->v[i].key, color(ctx, C_CYAN),
		       sb.buf, color(ctx, C_RESET), (int)hw, amount(months->v[i].hours), (int)sw,
		       amount(months->v[i].spent));
		strbuf_release(&sb);
	}
}

static void print_text(const struct dlg_ctx *ctx, const struct report *r)
{
	int cols = terminal_width();
	size_t width = (size_t)cols;

	print_period(&r->period);
	print_decisions(ctx, r, width);
	print_money(ctx, r, width);
	if (!r->tasks)
		return;
	print_sums(ctx, r, &r->by_channel, "By channel", "channel", "(none)", width);
	print_sums(ctx, r, &r->by_person, "By person", "person", "(no one named)", width);
	if (r->by_month.n)
		print_chart(ctx, &r->by_month, cols);
}

/* HTML: the same numbers as one self-contained page (cmd/html.h). */

static void html_sums(struct strbuf *sb, const struct report *r, const struct sums *s,
                      const char *title, const char *what, const char *none)
{
	const char *head[] = { what, "tasks", "hours", "spent", "net value" };
	struct strlist cells = STRLIST_INIT;

	for (size_t c = 0; c < ARRAY_SIZE(head); c++)
		strlist_push(&cells, head[c]);
	for (size_t i = 0; i < s->n; i++) {
		const struct sum *e = &s->v[i];

		strlist_push(&cells, e->key ? e->key : none);
		strlist_push_nodup(&cells, xstrfmt("%d", e->tasks));
		strlist_push(&cells, amount(e->hours));
		strlist_push(&cells, amount(e->spent));
		strlist_push(&cells, r->has_rate ? amount(e->hours * r->rate - e->spent) : "-");
	}
	strbuf_addstr(sb, "<h2>");
	html_text(sb, title);
	strbuf_addstr(sb, "</h2>\n");
	html_table(sb, (const char *const *)cells.v, ARRAY_SIZE(head), s->n, ~1u, 0);
	strlist_clear(&cells);
}

static void html_decisions(struct strbuf *sb, const struct report *r)
{
	struct strlist cells = STRLIST_INIT;
	struct strbuf rules = STRBUF_INIT;

	strlist_push(&cells, "decision");
	strlist_push(&cells, "tasks");
	strlist_push(&cells, "by rule");
	for (size_t i = 0; i < ARRAY_SIZE(decisions); i++) {
		strbuf_reset(&rules);
		for (size_t k = 0; k < r->rules[i].n; k++)
			strbuf_addf(&rules, "%s%s %d", k ? ", " : "", r->rules[i].v[k].key,
			            r->rules[i].v[k].tasks);
		strlist_push(&cells, decision_name(decisions[i]));
		strlist_push_nodup(&cells, xstrfmt("%d", r->decided[i]));
		strlist_push(&cells, rules.buf);
	}
	strbuf_addstr(sb, "<h2>Decisions</h2>\n");
	html_table(sb, (const char *const *)cells.v, 3, ARRAY_SIZE(decisions), 1u << 1, 0);
	strbuf_release(&rules);
	strlist_clear(&cells);
}

static void print_html(const struct report *r, const struct dlg_ctx *ctx)
{
	const struct period *p = &r->period;
	struct strbuf sb = STRBUF_INIT, title = STRBUF_INIT;
	double net = r->hours * r->rate - r->spent;
	struct html_figure fig[] = {
		{ "handed off and done", NULL, NULL },
		{ "hours bought back", amount(r->hours), NULL },
		{ "money spent", amount(r->spent), NULL },
		{ "cost per hour", r->hours > 0 ? amount(r->spent / r->hours) : "-", NULL },
		{ "my hourly rate", r->has_rate ? amount(r->rate) : "- (set [me] hourly_rate)",
		  NULL },
		{ "net value", r->has_rate ? amount(net) : "-",
		  !r->has_rate ? NULL
		  : net > 0    ? "good"
		  : net < 0    ? "bad"
		               : NULL },
	};
	struct html_bar *hours = xcalloc(r->by_month.n + 1, sizeof(*hours));
	struct html_bar *spent = xcalloc(r->by_month.n + 1, sizeof(*spent));
	char a[11], b[11];
	char *count = xstrfmt("%d", r->tasks);

	date_format(p->since, a);
	date_format(p->until, b);
	strbuf_addstr(&title, "Report");
	if (p->has_since)
		strbuf_addf(&title, " from %s", a);
	if (p->has_until)
		strbuf_addf(&title, " until %s", b);
	if (!p->has_since && !p->has_until)
		strbuf_addstr(&title, " of all time");
	fig[0].value = count;
	html_begin(&sb, title.buf);
	html_elem(&sb, "h1", NULL, title.buf);
	strbuf_addch(&sb, '\n');
	html_figures(&sb, fig, ARRAY_SIZE(fig));
	html_decisions(&sb, r);
	if (r->tasks) {
		html_sums(&sb, r, &r->by_channel, "By channel", "channel", "(none)");
		html_sums(&sb, r, &r->by_person, "By person", "person", "(no one named)");
	}
	for (size_t i = 0; i < r->by_month.n; i++) {
		hours[i].label = spent[i].label = r->by_month.v[i].key;
		hours[i].value = r->by_month.v[i].hours;
		spent[i].value = r->by_month.v[i].spent;
	}
	if (r->by_month.n) {
		strbuf_addstr(&sb, "<h2>By month</h2>\n<div class=\"charts\">\n");
		html_bars(&sb, "Hours bought back", "hours", " h", hours, r->by_month.n);
		html_bars(&sb, "Money spent", "money", "", spent, r->by_month.n);
		strbuf_addstr(&sb, "</div>\n");
	}
	html_end(&sb, ctx->today);
	fwrite(sb.buf, 1, sb.len, stdout);
	free(count);
	free(hours);
	free(spent);
	strbuf_release(&title);
	strbuf_release(&sb);
}

/* The period of --since and --until (DATE_NONE when not given). */
static int check_period(struct period *p, int since, int until)
{
	char a[11], b[11];

	memset(p, 0, sizeof(*p));
	p->has_since = since != DATE_NONE;
	p->has_until = until != DATE_NONE;
	p->since = p->has_since ? since : 0;
	p->until = p->has_until ? until : 0;
	if (p->has_since && p->has_until && p->since > p->until) {
		date_format(p->since, a);
		date_format(p->until, b);
		error_msg("--since %s is after --until %s; the period would be empty", a, b);
		return -1;
	}
	return 0;
}

static int cmd_report(int argc, char **argv, struct dlg_ctx *ctx)
{
	int since = DATE_NONE, until = DATE_NONE, json = 0, html = 0;
	const struct option options[] = {
		OPT_DATE(0, "since", &since, "DATE",
		         "only what was decided or completed on DATE or later"),
		OPT_DATE(0, "until", &until, "DATE",
		         "only what was decided or completed on DATE or earlier"),
		OPT_BOOL(0, "json", &json, "print one JSON object instead of text"),
		OPT_BOOL(0, "html", &html, "print one self-contained HTML page instead of text"),
		OPT_END(),
	};
	struct strlist args = STRLIST_INIT;
	struct taskset ts = TASKSET_INIT;
	struct report r;
	int ret;

	if ((ret = parse_options(ctx, argc, argv, options, &args)) != OPTIONS_OK ||
	    (ret = check_args(ctx, &args, 0, 0)) != OPTIONS_OK)
		return ret;
	memset(&r, 0, sizeof(r));
	if (check_period(&r.period, since, until) || report_build(&r, &ts, ctx->cfg, ctx)) {
		ret = EXIT_FATAL;
		goto out;
	}
	if (json)
		print_json(&r, &ts);
	else if (html)
		print_html(&r, ctx);
	else
		print_text(ctx, &r);
	ret = r.invalid ? EXIT_PARTIAL : EXIT_OK;
out:
	report_release(&r);
	taskset_release(&ts);
	strlist_clear(&args);
	return ret;
}

const struct command cmd_report_def = {
	"report",
	cmd_report,
	NEED_ROOT | NEED_CONFIG,
	"[--since DATE] [--until DATE] [--json | --html]",
	"hours bought back, money spent, net value, by channel and person",
	"Counts the tasks decided in the period (their `decided` date) by decision and\n"
	"rule. Then, over the delegated and outsourced tasks done in the period (their\n"
	"`completed` date): the hours bought back (their `hours`), the money spent\n"
	"(their `cost`), the cost per hour bought back, and what those hours were worth\n"
	"at [me] hourly_rate of dlg.ini: the net value is that worth less the money\n"
	"spent, positive when handing off paid. The same by channel and by person, and\n"
	"a chart by month. Both dates are included; without them the period is open.\n"
	"DATE is YYYY-MM-DD or 'today'. To fit the terminal, long channel and person\n"
	"names are cut and the lists of rules and the notes wrapped. --html prints the\n"
	"same numbers as one self-contained web page, with the months as bar charts.",
};
