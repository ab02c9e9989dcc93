/* agenda.c: `dlg agenda [--json]`: what needs you today: follow-ups due,
 * handed-off work that needs someone, what is due soon whoever has it, and
 * the inbox. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/common.h"
#include "cmd/options.h"
#include "cmd/output.h"
#include "cmd/table.h"
#include "core/cache.h"
#include "core/lifecycle.h"
#include "core/task.h"
#include "core/task_json.h"
#include "lib/utf8.h"

/* Tasks due this many days ahead (or past) are "due soon". */
#define DUE_SOON_DAYS 7

enum { SEC_FOLLOW_UP, SEC_NEEDS_SOMEONE, SEC_DUE_SOON, SEC_INBOX, NSECTIONS };

/* What the text shows of a task: kept instead of the task, whose fields
 * are the walk's (--json keeps the tasks themselves). */
struct brief {
	const char *id, *title, *to, *channel;
};

struct item {
	const struct task *t;   /* --json: set once every task is read */
	const struct brief *br; /* set once every task is read */
	size_t task;            /* its index in the task set and in the briefs */
	int days;               /* follow up: days late; else days until due (< 0 overdue) */
	int due;                /* for sorting: the date that orders the section */
	int has_due;            /* due is a date; for needs someone, whether days is set */
	const char *who;        /* due soon: who has it (in the briefs' arena) */
};

struct section {
	const char *heading;
	const char *json_key;
	const char *days_key; /* the JSON name of days, or NULL */
	struct item *v;
	size_t n, alloc;
};

static void add_item(struct section *s, size_t task, int days, int has_due, int due,
                     const char *who)
{
	struct item *it;

	ALLOC_GROW(s->v, s->n + 1, s->alloc);
	it = &s->v[s->n++];
	it->t = NULL;
	it->br = NULL;
	it->task = task;
	it->days = days;
	it->has_due = has_due;
	it->due = due;
	it->who = who;
}

/* Who has a task that is due: the person named, else you when you kept
 * it. */
static const char *who_has(const struct lc_state *s)
{
	if (s->to && *s->to)
		return s->to;
	return s->decision == DECISION_KEEP ? "you" : "-";
}

/* Put t in the sections it belongs to, if any. Follow up, needs someone
 * and inbox are apart (each wants a different status or decision); due
 * soon is about deadlines, whoever has the task, so a task to follow up
 * on is there too when its due date is near. A task that needs someone
 * shows its due date in its own section. A task whose status or decision
 * dlg doesn't know is not undecided: sync reports it instead of deciding
 * it. */
static void classify(struct section *sec, size_t task, const struct task *t, int today,
                     struct arena *texts)
{
	struct lc_state s;
	int known = !lc_state_read(&s, &t->fields, NULL);
	int has_due = s.due != DATE_NONE;

	if (lc_follow_up_due(&s, today))
		add_item(&sec[SEC_FOLLOW_UP], task, today - s.follow_up, 1, s.follow_up, NULL);
	else if (lc_needs_someone(&s))
		add_item(&sec[SEC_NEEDS_SOMEONE], task, has_due ? s.due - today : 0, has_due,
		         has_due ? s.due : 0, NULL);
	else if (known && lc_undecided(&s))
		add_item(&sec[SEC_INBOX], task, 0, 0, 0, NULL);
	if (!lc_needs_someone(&s) && lc_in_progress(&s) &&
	    (s.decision == DECISION_KEEP || lc_hands_off(s.decision)) &&
	    lc_due_by(&s, today + DUE_SOON_DAYS))
		add_item(&sec[SEC_DUE_SOON], task, s.due - today, 1, s.due,
		         arena_strdup(texts, who_has(&s)));
}

/* How many items the sections hold. */
static size_t items(const struct section *sec)
{
	size_t n = 0;

	for (int i = 0; i < NSECTIONS; i++)
		n += sec[i].n;
	return n;
}

/* The tasks as they are read: those in a section are kept, the others
 * forgotten, so memory grows with what the agenda shows. */
struct reading {
	struct taskset *ts;
	const struct dlg_ctx *ctx;
	struct section *sec;
	struct said said;     /* the problems, told once every task is read */
	struct brief *briefs; /* of the tasks in a section, in the order read */
	size_t nbriefs, briefs_alloc;
	struct arena texts; /* the briefs' */
};

/* Put the task in the sections it belongs to, if it can be read, with its
 * brief when it is in one. */
static void read_one(struct reading *rd, const struct task *t)
{
	size_t before = items(rd->sec), task = rd->nbriefs;
	struct brief *br;

	if (!task_readable_or_keep(rd->ts, t, rd->ctx, &rd->said))
		return;
	classify(rd->sec, task, t, rd->ctx->today, &rd->texts);
	if (items(rd->sec) == before)
		return;
	ALLOC_GROW(rd->briefs, rd->nbriefs + 1, rd->briefs_alloc);
	br = &rd->briefs[rd->nbriefs++];
	br->id = arena_strdup(&rd->texts, t->id);
	br->title = arena_strdup(&rd->texts, t->title);
	br->to = arena_strdup(&rd->texts, field_str(&t->fields, "to"));
	br->channel = arena_strdup(&rd->texts, field_str(&t->fields, "channel"));
}

static int read_task(struct task *t, void *payload, struct dlg_err *err)
{
	(void)err;
	read_one(payload, t);
	return 0;
}

/* By date (undated last), then id. */
static int cmp_item(const void *a, const void *b)
{
	const struct item *x = a, *y = b;

	if (x->has_due != y->has_due)
		return y->has_due - x->has_due;
	if (x->has_due && x->due != y->due)
		return x->due < y->due ? -1 : 1;
	return strcmp(x->br->id, y->br->id);
}

/* How late or how soon: "today", "1 day late" (follow up); "2 days
 * overdue", "in 3 days" (due soon); "due in 3 days", "due 2026-12-20"
 * (needs someone, where the heading does not say due). */
static void when_text(struct strbuf *sb, const struct item *it, int sec)
{
	int days = it->days;

	if (sec == SEC_FOLLOW_UP) {
		if (!days)
			strbuf_addstr(sb, "today");
		else
			strbuf_addf(sb, "%d day%s late", days, days == 1 ? "" : "s");
		return;
	}
	if (sec == SEC_INBOX || (sec == SEC_NEEDS_SOMEONE && !it->has_due))
		return;
	if (days < 0) {
		strbuf_addf(sb, "%d day%s overdue", -days, days == -1 ? "" : "s");
		return;
	}
	if (sec == SEC_NEEDS_SOMEONE)
		strbuf_addstr(sb, "due ");
	if (days == 0) {
		strbuf_addstr(sb, "today");
	} else if (days == 1) {
		strbuf_addstr(sb, "tomorrow");
	} else if (days <= DUE_SOON_DAYS || sec == SEC_DUE_SOON) {
		strbuf_addf(sb, "in %d days", days);
	} else {
		char date[11];

		date_format(it->due, date);
		strbuf_addstr(sb, date);
	}
}

static const char *when_color(int sec, const struct item *it)
{
	if (sec == SEC_FOLLOW_UP ? it->days > 0 : it->has_due && it->days < 0)
		return C_RED;
	return it->has_due && it->days == 0 ? C_YELLOW : NULL;
}

/* The columns of a section's lines, after an indent of two spaces. */
enum { COL_ID, COL_WHO, COL_WHEN, COL_TITLE, NCOLS };

/* The cells of an item: id, who, when and title. */
static void item_cells(struct strbuf *cell, int sec, const struct item *it)
{
	const char *channel = it->br->channel;

	for (int c = 0; c < NCOLS; c++)
		strbuf_reset(&cell[c]);
	strbuf_addstr(&cell[COL_ID], it->br->id);
	if (sec == SEC_FOLLOW_UP)
		strbuf_addstr(&cell[COL_WHO], it->br->to);
	else if (sec == SEC_NEEDS_SOMEONE && *channel)
		strbuf_addf(&cell[COL_WHO], "via %s", channel);
	else if (sec == SEC_DUE_SOON)
		strbuf_addstr(&cell[COL_WHO], it->who);
	when_text(&cell[COL_WHEN], it, sec);
	strbuf_addstr(&cell[COL_TITLE], it->br->title);
}

static void print_section(const struct dlg_ctx *ctx, const struct section *s, int sec, size_t width)
{
	/* the title is cut to fit the terminal, then who has it, then the
	 * title again, never below 6 characters; the id never */
	static const struct table_step steps[] = {
		{ COL_TITLE, 12 },
		{ COL_WHO, 8 },
		{ COL_TITLE, 6 },
	};
	struct strbuf cell[NCOLS] = { STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT };
	struct strbuf line = STRBUF_INIT;
	struct arena texts = ARENA_INIT;
	/* each item's cells, made once */
	char **cells = xcalloc(s->n * NCOLS + 1, sizeof(*cells));
	size_t w[NCOLS] = { 0 };

	for (size_t i = 0; i < s->n; i++) {
		item_cells(cell, sec, &s->v[i]);
		for (int c = 0; c < NCOLS; c++) {
			size_t cw = utf8_width(cell[c].buf);

			cells[i * NCOLS + c] = arena_memdup(&texts, cell[c].buf, cell[c].len + 1);
			if (cw > w[c])
				w[c] = cw;
		}
	}
	table_fit(w, NCOLS, 2, 2, steps, ARRAY_SIZE(steps), width);
	strbuf_addf(&line, "%s%s%s\n", color(ctx, C_BOLD), s->heading, color(ctx, C_RESET));
	for (size_t i = 0; i < s->n; i++) {
		const char *c = when_color(sec, &s->v[i]);
		char *const *it = &cells[i * NCOLS];

		strbuf_addstr(&line, "  ");
		for (int col = COL_ID; col < COL_TITLE; col++) {
			if (!w[col])
				continue;
			if (col == COL_WHEN && c)
				strbuf_addstr(&line, color(ctx, c));
			table_add_cell(&line, it[col], w[col], TABLE_LEFT);
			if (col == COL_WHEN && c)
				strbuf_addstr(&line, color(ctx, C_RESET));
			strbuf_addstr(&line, "  ");
		}
		table_add_last(&line, it[COL_TITLE], w[COL_TITLE]);
		strbuf_addch(&line, '\n');
		if (line.len >= 65536) {
			fwrite(line.buf, 1, line.len, stdout);
			strbuf_reset(&line);
		}
	}
	if (sec == SEC_NEEDS_SOMEONE)
		strbuf_addf(&line, "  %shand one over with: dlg give ID PERSON%s\n",
		            color(ctx, C_DIM), color(ctx, C_RESET));
	fwrite(line.buf, 1, line.len, stdout);
	for (int col = 0; col < NCOLS; col++)
		strbuf_release(&cell[col]);
	strbuf_release(&line);
	arena_release(&texts);
	free(cells);
}

static void print_text(const struct dlg_ctx *ctx, const struct section *sec)
{
	size_t width = (size_t)terminal_width();
	int printed = 0;

	for (int i = 0; i < NSECTIONS; i++) {
		if (!sec[i].n)
			continue;
		if (printed++)
			printf("\n");
		print_section(ctx, &sec[i], i, width);
	}
	if (!printed)
		printf("Nothing needs you today.\n");
}

static void print_json(const struct dlg_ctx *ctx, const struct section *sec)
{
	json_t *o = json_object();

	json_object_set_new(o, "today", json_from_date(ctx->today));
	for (int i = 0; i < NSECTIONS; i++) {
		json_t *a = json_array();

		for (size_t k = 0; k < sec[i].n; k++) {
			json_t *t = task_json(sec[i].v[k].t);

			if (sec[i].days_key && sec[i].v[k].has_due)
				json_object_set_new(t, sec[i].days_key,
				                    json_integer(sec[i].v[k].days));
			json_array_append_new(a, t);
		}
		json_object_set_new(o, sec[i].json_key, a);
	}
	json_write(stdout, o);
	json_decref(o);
}

static int cmd_agenda(int argc, char **argv, struct dlg_ctx *ctx)
{
	int json = 0;
	const struct option options[] = {
		OPT_BOOL(0, "json", &json,
		         "print a JSON object of the sections (fields in dlg(1))"),
		OPT_END(),
	};
	struct strlist args = STRLIST_INIT;
	struct taskset ts = TASKSET_INIT;
	struct reading rd = { &ts, ctx, NULL, SAID_INIT, NULL, 0, 0, ARENA_INIT };
	struct task **kept = NULL; /* --json: the task of each brief */
	size_t kept_alloc = 0;
	struct section sec[NSECTIONS] = {
		{ "Follow up", "follow_up", "days_late", NULL, 0, 0 },
		{ "Needs someone", "needs_someone", "days_left", NULL, 0, 0 },
		{ "Due soon", "due_soon", "days_left", NULL, 0, 0 },
		{ "Inbox", "inbox", NULL, NULL, 0, 0 },
	};
	int ret;

	if ((ret = parse_options(ctx, argc, argv, options, &args)) != OPTIONS_OK ||
	    (ret = check_args(ctx, &args, 0, 0)) != OPTIONS_OK)
		return ret;
	ret = EXIT_FATAL;
	rd.sec = sec;
	/* --json shows every field written: those only a parse knows */
	if (json) {
		if (load_taskset(&ts, ctx, TASKSET_BODY | TASKSET_NO_DOC))
			goto out;
		for (size_t i = 0; i < ts.ntasks; i++) {
			size_t before = rd.nbriefs;

			read_one(&rd, &ts.tasks[i]);
			/* the task of brief k, for task_json */
			if (rd.nbriefs > before) {
				ALLOC_GROW(kept, rd.nbriefs, kept_alloc);
				kept[before] = &ts.tasks[i];
			}
		}
	} else if (stream_taskset_cached(&ts, ctx, TASKSET_BODY | TASKSET_NO_DOC, read_task, &rd)) {
		goto out;
	}
	for (int i = 0; i < NSECTIONS; i++) {
		for (size_t k = 0; k < sec[i].n; k++) {
			sec[i].v[k].br = &rd.briefs[sec[i].v[k].task];
			sec[i].v[k].t = json ? kept[sec[i].v[k].task] : NULL;
		}
		if (sec[i].n)
			qsort(sec[i].v, sec[i].n, sizeof(*sec[i].v), cmp_item);
	}
	if (json)
		print_json(ctx, sec);
	else
		print_text(ctx, sec);
	ret = said_flush(&rd.said, 0) ? EXIT_PARTIAL : EXIT_OK;
out:
	for (int i = 0; i < NSECTIONS; i++)
		free(sec[i].v);
	said_clear(&rd.said);
	free(rd.briefs);
	arena_release(&rd.texts);
	free(kept);
	taskset_release(&ts);
	strlist_clear(&args);
	return ret;
}

const struct command cmd_agenda_def = {
	"agenda",
	cmd_agenda,
	NEED_ROOT | NEED_CONFIG,
	"[--json]",
	"show what needs you: follow-ups, work needing someone, due soon, inbox",
	"Four sections, each left out when empty:\n"
	"  Follow up      waiting tasks whose follow_up is today or past, oldest first\n"
	"  Needs someone  delegated or outsourced tasks that no one has yet, with\n"
	"                 their due dates (6 days overdue, due in 3 days)\n"
	"  Due soon       tasks due within 7 days, or overdue, whoever has them:\n"
	"                 you (kept) or the person named (handed off)\n"
	"  Inbox          tasks no rule has decided yet\n"
	"A task to follow up on is also due soon when its due date is near. Titles\n"
	"are cut to fit the terminal, never ids. Invalid task files are listed on\n"
	"stderr (exit 1).",
};
