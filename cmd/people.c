/* people.c: `dlg people [--json]`: each person's track record, read from the
 * tasks handed to them: handed, done, on time, late, open, follow-ups due,
 * average rating and money spent. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/common.h"
#include "cmd/options.h"
#include "cmd/output.h"
#include "cmd/table.h"
#include "core/lifecycle.h"
#include "core/task.h"
#include "formats/json.h"
#include "lib/utf8.h"

/* One row: a person file, or an id that tasks name in `to` but that has no
 * file in people/ (person NULL). */
struct record {
	const char *id; /* the person's, or own_id */
	char *own_id;   /* a name tasks gave, copied: the tasks come and go */
	const struct person *person;
	int handed, done, on_time, late, open, overdue;
	int rated;
	double rating_sum;
	double spent;
};

struct records {
	struct record *v;
	size_t n, alloc;
};

static struct record *records_add(struct records *r, const char *id, const struct person *p)
{
	struct record *rec;

	ALLOC_GROW(r->v, r->n + 1, r->alloc);
	rec = &r->v[r->n++];
	memset(rec, 0, sizeof(*rec));
	rec->id = p ? id : (rec->own_id = xstrdup(id));
	rec->person = p;
	return rec;
}

static struct record *records_find(struct records *r, const char *id)
{
	for (size_t i = 0; i < r->n; i++)
		if (!strcmp(r->v[i].id, id))
			return &r->v[i];
	return NULL;
}

/* What a task says of the person it names in `to`. A status dlg doesn't
 * know counts as none of the statuses (lc_state_read reads it as inbox). */
static void count_task(struct record *rec, const struct fields *f, int today)
{
	struct lc_state s;
	double x;

	lc_state_read(&s, f, NULL);
	rec->handed += lc_handed(&s);
	rec->done += s.status == STATUS_DONE;
	rec->on_time += lc_done_on_time(&s);
	rec->late += lc_late(&s, today);
	rec->open += lc_in_progress(&s);
	rec->overdue += lc_follow_up_due(&s, today);
	if (s.status != STATUS_DONE)
		return;
	if (fields_number(f, "rating", &x)) {
		rec->rating_sum += x;
		rec->rated++;
	}
	if (fields_number(f, "cost", &x))
		rec->spent += x;
}

static int record_cmp(const void *a, const void *b)
{
	const struct record *x = a, *y = b;

	if (!x->person != !y->person)
		return x->person ? -1 : 1;
	if (x->handed != y->handed)
		return y->handed - x->handed;
	return strcmp(x->id, y->id);
}

/* Every valid task with a `to`, tallied as the tasks are read; invalid
 * tasks are reported (in id order, once all are read) and left out. */
struct tally {
	struct records *r;
	const struct taskset *ts;
	const struct dlg_ctx *ctx;
	struct said said;
	size_t invalid;
	int people_in; /* a record for each person file: they are read first */
};

static void add_people(struct tally *ty)
{
	if (ty->people_in)
		return;
	ty->people_in = 1;
	for (size_t i = 0; i < ty->ts->npeople; i++)
		records_add(ty->r, ty->ts->people[i].id, &ty->ts->people[i]);
}

static int tally_task(struct task *t, void *payload, struct dlg_err *err)
{
	struct tally *ty = payload;
	const char *to = fields_string(&t->fields, "to");
	struct record *rec;

	(void)err;
	add_people(ty);
	if (!task_readable_or_keep(ty->ts, t, ty->ctx, &ty->said)) {
		ty->invalid++;
		return 0;
	}
	if (!to || !*to)
		return 0;
	rec = records_find(ty->r, to);
	if (!rec)
		rec = records_add(ty->r, to, NULL);
	count_task(rec, &t->fields, ty->ctx->today);
	return 0;
}

/* Returns how many tasks were invalid, or -1 when the tasks can't be read. */
static long tally(struct records *r, struct taskset *ts, const struct dlg_ctx *ctx)
{
	struct tally ty = { r, ts, ctx, SAID_INIT, 0, 0 };
	int ret = stream_taskset_cached(ts, ctx, TASKSET_NO_DOC, tally_task, &ty);

	if (ret) {
		said_clear(&ty.said);
		return -1;
	}
	said_flush(&ty.said, 1);
	add_people(&ty);
	if (r->n) /* qsort must not be given a NULL array */
		qsort(r->v, r->n, sizeof(*r->v), record_cmp);
	return (long)ty.invalid;
}

static const char *person_field(const struct record *rec, const char *key)
{
	const char *s = rec->person ? field_str(&rec->person->fields, key) : "";

	return *s ? s : NULL;
}

static json_t *record_json(const struct record *rec)
{
	json_t *o = json_object();
	const char *kind = person_field(rec, "kind"), *channel = person_field(rec, "channel");

	json_object_set_new(o, "id", json_from_str(rec->id));
	json_object_set_new(o, "name",
	                    rec->person ? json_from_str(rec->person->name) : json_null());
	json_object_set_new(o, "known", json_boolean(rec->person != NULL));
	json_object_set_new(o, "kind", kind ? json_from_str(kind) : json_null());
	json_object_set_new(o, "channel", channel ? json_from_str(channel) : json_null());
	json_object_set_new(o, "handed", json_integer(rec->handed));
	json_object_set_new(o, "done", json_integer(rec->done));
	json_object_set_new(o, "on_time", json_integer(rec->on_time));
	json_object_set_new(o, "late", json_integer(rec->late));
	json_object_set_new(o, "open", json_integer(rec->open));
	json_object_set_new(o, "overdue_follow_ups", json_integer(rec->overdue));
	json_object_set_new(o, "average_rating",
	                    rec->rated ? json_from_number(rec->rating_sum / rec->rated)
	                               : json_null());
	json_object_set_new(o, "spent", json_from_number(rec->spent));
	return o;
}

static void print_json(const struct records *r)
{
	json_t *a = json_array();

	for (size_t i = 0; i < r->n; i++)
		json_array_append_new(a, record_json(&r->v[i]));
	json_write(stdout, a);
	json_decref(a);
}

/* Columns of the table; the cells of a row are formatted into strings first
 * so widths can be measured. */
enum {
	COL_ID,
	COL_NAME,
	COL_KIND,
	COL_HANDED,
	COL_DONE,
	COL_ON_TIME,
	COL_LATE,
	COL_OPEN,
	COL_FOLLOW_UPS,
	COL_RATING,
	COL_SPENT,
	NCOLS
};
static const char *const headers[NCOLS] = { "id",         "name",    "kind", "handed",
	                                    "done",       "on time", "late", "open",
	                                    "follow-ups", "rating",  "spent" };

static void row_cells(struct strbuf *cells, const struct record *rec)
{
	const char *kind = person_field(rec, "kind");
	const int counts[] = { rec->handed, rec->done, rec->on_time,
		               rec->late,   rec->open, rec->overdue };

	strbuf_addstr(&cells[COL_ID], rec->id);
	strbuf_addstr(&cells[COL_NAME], rec->person ? rec->person->name : "(unknown)");
	strbuf_addstr(&cells[COL_KIND], kind ? kind : "-");
	for (size_t i = 0; i < ARRAY_SIZE(counts); i++)
		strbuf_addf(&cells[COL_HANDED + i], "%d", counts[i]);
	if (rec->rated)
		strbuf_addf(&cells[COL_RATING], "%.1f", rec->rating_sum / rec->rated);
	else
		strbuf_addstr(&cells[COL_RATING], "-");
	amount_format(&cells[COL_SPENT], rec->spent);
}

/* Narrower than the terminal: names are cut first, then the columns
 * least needed are left out; the id is never cut. */
static const struct table_step fit_steps[] = {
	{ COL_NAME, 12 },
	{ COL_NAME, 6 },
	{ COL_KIND, TABLE_HIDE },
	{ COL_FOLLOW_UPS, TABLE_HIDE },
	{ COL_NAME, TABLE_HIDE },
	{ COL_OPEN, TABLE_HIDE },
	{ COL_ON_TIME, TABLE_HIDE },
};

/* The text columns are left-aligned, the numbers right-aligned; columns
 * of width 0 are left out. */
static void print_row(const struct dlg_ctx *ctx, struct strbuf *cells, const size_t *width,
                      int header)
{
	struct strbuf line = STRBUF_INIT;
	int first = 1;

	for (int c = 0; c < NCOLS; c++) {
		if (!width[c])
			continue;
		if (!first)
			strbuf_addstr(&line, "  ");
		first = 0;
		table_add_cell(&line, cells[c].buf, width[c],
		               c > COL_KIND ? TABLE_RIGHT : TABLE_LEFT);
	}
	printf("%s%s%s\n", header ? color(ctx, C_BOLD) : "", line.buf,
	       header ? color(ctx, C_RESET) : "");
	strbuf_release(&line);
}

static void print_table(const struct dlg_ctx *ctx, const struct records *r)
{
	struct strbuf *cells = xcalloc((r->n + 1) * NCOLS, sizeof(*cells));
	size_t width[NCOLS] = { 0 };

	for (size_t i = 0; i < (r->n + 1) * NCOLS; i++)
		strbuf_init(&cells[i], 0);
	for (int c = 0; c < NCOLS; c++)
		strbuf_addstr(&cells[c], headers[c]);
	for (size_t i = 0; i < r->n; i++)
		row_cells(&cells[(i + 1) * NCOLS], &r->v[i]);
	for (size_t i = 0; i < (r->n + 1) * NCOLS; i++) {
		size_t w = utf8_width(cells[i].buf);

		if (w > width[i % NCOLS])
			width[i % NCOLS] = w;
	}
	table_fit(width, NCOLS, 0, 2, fit_steps, ARRAY_SIZE(fit_steps), (size_t)terminal_width());
	for (size_t i = 0; i <= r->n; i++)
		print_row(ctx, &cells[i * NCOLS], width, i == 0);
	for (size_t i = 0; i < (r->n + 1) * NCOLS; i++)
		strbuf_release(&cells[i]);
	free(cells);
}

static int cmd_people(int argc, char **argv, struct dlg_ctx *ctx)
{
	int json = 0;
	const struct option options[] = {
		OPT_BOOL(0, "json", &json, "print an array of objects instead of a table"),
		OPT_END(),
	};
	struct strlist args = STRLIST_INIT;
	struct taskset ts = TASKSET_INIT;
	struct records r = { NULL, 0, 0 };
	long invalid;
	int ret;

	if ((ret = parse_options(ctx, argc, argv, options, &args)) != OPTIONS_OK ||
	    (ret = check_args(ctx, &args, 0, 0)) != OPTIONS_OK)
		return ret;
	invalid = tally(&r, &ts, ctx);
	if (invalid < 0) {
		ret = EXIT_FATAL;
		goto out;
	}
	if (json)
		print_json(&r);
	else if (!r.n)
		printf("no one yet: add people/NAME.md for each person or service you hand work "
		       "to\n");
	else
		print_table(ctx, &r);
	ret = invalid ? EXIT_PARTIAL : EXIT_OK;
out:
	for (size_t i = 0; i < r.n; i++)
		free(r.v[i].own_id);
	free(r.v);
	taskset_release(&ts);
	strlist_clear(&args);
	return ret;
}

const struct command cmd_people_def = {
	"people",
	cmd_people,
	NEED_ROOT | NEED_CONFIG,
	"[--json]",
	"who you hand work to and how they did: on time, late, rating, spent",
	"One row per file in people/, with what the tasks whose `to` names them say:\n"
	"handed (waiting or done, or with a `given` date), done, on time (done by the\n"
	"due date, or with none), late (done after the due date, or still waiting past\n"
	"it), open now (open or waiting), follow-ups due today or earlier, the average\n"
	"rating of their done tasks, and the money spent on them (the `cost` of their\n"
	"done tasks). Most handed first. A `to` naming no file in people/ gets a row of\n"
	"its own at the end, marked (unknown). Invalid task files are left out and\n"
	"listed on stderr, and the exit status is then 1. To fit the terminal, names\n"
	"are cut first, then kind, follow-ups, name, open and on time are left out.",
};
