/* agenda.c: `dlg agenda [--json]`: what needs you today: follow-ups due,
 * handed-off work that needs someone, kept tasks due soon, and the inbox. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/common.h"
#include "cmd/options.h"
#include "cmd/output.h"
#include "core/lifecycle.h"
#include "core/task.h"
#include "core/task_json.h"
#include "lib/utf8.h"

/* Kept tasks due this many days ahead (or past) are "due soon". */
#define DUE_SOON_DAYS 7
/* A title is cut to fit the terminal, but never below this. */
#define MIN_TITLE 12

enum { SEC_FOLLOW_UP, SEC_NEEDS_SOMEONE, SEC_DUE_SOON, SEC_INBOX, NSECTIONS };

struct item {
	const struct task *t;
	int days; /* follow up: days late; due soon: days left (< 0 overdue) */
	int due;  /* for sorting: the date that orders the section */
	int has_due;
};

struct section {
	const char *heading;
	const char *json_key;
	const char *days_key; /* the JSON name of days, or NULL */
	struct item *v;
	size_t n, alloc;
};

static void add_item(struct section *s, const struct task *t, int days, int has_due, int due)
{
	struct item *it;

	ALLOC_GROW(s->v, s->n + 1, s->alloc);
	it = &s->v[s->n++];
	it->t = t;
	it->days = days;
	it->has_due = has_due;
	it->due = due;
}

/* Put t in the section it belongs to, if any (DESIGN.md's lifecycle makes
 * them exclusive: each wants a different status or decision). A task whose
 * status or decision dlg doesn't know is not undecided: sync reports it
 * instead of deciding it. */
static void classify(struct section *sec, const struct task *t, int today)
{
	struct lc_state s;
	int known = !lc_state_read(&s, &t->fields, NULL);
	int has_due = s.due != DATE_NONE;

	if (lc_follow_up_due(&s, today))
		add_item(&sec[SEC_FOLLOW_UP], t, today - s.follow_up, 1, s.follow_up);
	else if (lc_needs_someone(&s))
		add_item(&sec[SEC_NEEDS_SOMEONE], t, 0, has_due, has_due ? s.due : 0);
	else if (s.status == STATUS_OPEN && s.decision == DECISION_KEEP &&
	         lc_due_by(&s, today + DUE_SOON_DAYS))
		add_item(&sec[SEC_DUE_SOON], t, s.due - today, 1, s.due);
	else if (known && lc_undecided(&s))
		add_item(&sec[SEC_INBOX], t, 0, 0, 0);
}

/* By date (undated last), then id. */
static int cmp_item(const void *a, const void *b)
{
	const struct item *x = a, *y = b;

	if (x->has_due != y->has_due)
		return y->has_due - x->has_due;
	if (x->has_due && x->due != y->due)
		return x->due < y->due ? -1 : 1;
	return strcmp(x->t->id, y->t->id);
}

/* "today", "1 day late", "in 3 days", "2 days overdue". */
static void when_text(struct strbuf *sb, int sec, int days)
{
	if (sec == SEC_FOLLOW_UP) {
		if (!days)
			strbuf_addstr(sb, "today");
		else
			strbuf_addf(sb, "%d day%s late", days, days == 1 ? "" : "s");
	} else if (days < 0) {
		strbuf_addf(sb, "%d day%s overdue", -days, days == -1 ? "" : "s");
	} else if (days == 0) {
		strbuf_addstr(sb, "today");
	} else if (days == 1) {
		strbuf_addstr(sb, "tomorrow");
	} else {
		strbuf_addf(sb, "in %d days", days);
	}
}

static const char *when_color(int sec, int days)
{
	if ((sec == SEC_FOLLOW_UP && days > 0) || (sec == SEC_DUE_SOON && days < 0))
		return C_RED;
	return days == 0 ? C_YELLOW : NULL;
}

/* Append s, control characters as spaces, cut to width characters (0: no
 * limit) with "…", never splitting a multi-byte character. */
static void add_cut(struct strbuf *sb, const char *s, size_t width)
{
	size_t start = sb->len;

	utf8_add_cut(sb, s, width ? width : SIZE_MAX, 0);
	for (size_t i = start; i < sb->len; i++)
		if ((unsigned char)sb->buf[i] < 0x20 || sb->buf[i] == 0x7f)
			sb->buf[i] = ' ';
}

/* The columns before the title: id, then what the section shows. */
static void item_cells(int sec, const struct item *it, struct strbuf *who, struct strbuf *when)
{
	strbuf_reset(who);
	strbuf_reset(when);
	if (sec == SEC_FOLLOW_UP)
		strbuf_addstr(who, field_str(&it->t->fields, "to"));
	if (sec == SEC_NEEDS_SOMEONE && *field_str(&it->t->fields, "channel"))
		strbuf_addf(who, "via %s", field_str(&it->t->fields, "channel"));
	if (sec == SEC_FOLLOW_UP || sec == SEC_DUE_SOON)
		when_text(when, sec, it->days);
}

static void print_section(const struct dlg_ctx *ctx, const struct section *s, int sec, size_t width)
{
	struct strbuf who = STRBUF_INIT, when = STRBUF_INIT, line = STRBUF_INIT;
	size_t wid = 0, wwho = 0, wwhen = 0;

	for (size_t i = 0; i < s->n; i++) {
		item_cells(sec, &s->v[i], &who, &when);
		if (utf8_width(s->v[i].t->id) > wid)
			wid = utf8_width(s->v[i].t->id);
		if (utf8_width(who.buf) > wwho)
			wwho = utf8_width(who.buf);
		if (utf8_width(when.buf) > wwhen)
			wwhen = utf8_width(when.buf);
	}
	printf("%s%s%s\n", color(ctx, C_BOLD), s->heading, color(ctx, C_RESET));
	for (size_t i = 0; i < s->n; i++) {
		const char *c = when_color(sec, s->v[i].days);
		size_t used;

		item_cells(sec, &s->v[i], &who, &when);
		strbuf_reset(&line);
		strbuf_addstr(&line, "  ");
		add_cut(&line, s->v[i].t->id, 0);
		strbuf_addspaces(&line, wid - utf8_width(s->v[i].t->id) + 2);
		if (wwho) {
			strbuf_addstr(&line, who.buf);
			strbuf_addspaces(&line, wwho - utf8_width(who.buf) + 2);
		}
		if (wwhen) {
			strbuf_addf(&line, "%s%s%s", c ? color(ctx, c) : "", when.buf,
			            c ? color(ctx, C_RESET) : "");
			strbuf_addspaces(&line, wwhen - utf8_width(when.buf) + 2);
		}
		used = 2 + wid + 2 + (wwho ? wwho + 2 : 0) + (wwhen ? wwhen + 2 : 0);
		add_cut(&line, s->v[i].t->title,
		        !width                     ? 0
		        : width > used + MIN_TITLE ? width - used
		                                   : MIN_TITLE);
		printf("%s\n", line.buf);
	}
	if (sec == SEC_NEEDS_SOMEONE)
		printf("  %shand one over with: dlg give ID PERSON%s\n", color(ctx, C_DIM),
		       color(ctx, C_RESET));
	strbuf_release(&who);
	strbuf_release(&when);
	strbuf_release(&line);
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

			if (sec[i].days_key)
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
	struct diags invalid = DIAGS_INIT;
	struct section sec[NSECTIONS] = {
		{ "Follow up", "follow_up", "days_late", NULL, 0, 0 },
		{ "Needs someone", "needs_someone", NULL, NULL, 0, 0 },
		{ "Due soon", "due_soon", "days_left", NULL, 0, 0 },
		{ "Inbox", "inbox", NULL, NULL, 0, 0 },
	};
	int ret;

	if ((ret = parse_options(ctx, argc, argv, options, &args)) != OPTIONS_OK ||
	    (ret = check_args(ctx, &args, 0, 0)) != OPTIONS_OK)
		return ret;
	ret = EXIT_FATAL;
	if (load_taskset(&ts, ctx, TASKSET_BODY | TASKSET_NO_DOC))
		goto out;
	for (size_t i = 0; i < ts.ntasks; i++) {
		if (task_readable(&ts, &ts.tasks[i], ctx, &invalid))
			classify(sec, &ts.tasks[i], ctx->today);
	}
	for (int i = 0; i < NSECTIONS; i++)
		if (sec[i].n)
			qsort(sec[i].v, sec[i].n, sizeof(*sec[i].v), cmp_item);
	if (json)
		print_json(ctx, sec);
	else
		print_text(ctx, sec);
	print_diags(&invalid);
	ret = diags_errors(&invalid) ? EXIT_PARTIAL : EXIT_OK;
out:
	for (int i = 0; i < NSECTIONS; i++)
		free(sec[i].v);
	diags_clear(&invalid);
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
	"  Needs someone  delegated or outsourced tasks that no one has yet\n"
	"  Due soon       kept tasks due within 7 days, or overdue\n"
	"  Inbox          tasks no rule has decided yet\n"
	"Invalid task files are listed on stderr (exit 1).",
};
