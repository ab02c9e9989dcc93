/* lifecycle.c: the statuses of a task, the named facts about its state, and
 * the lifecycle step `dlg sync` applies to each task. */
#include "core/lifecycle.h"

#include <stdlib.h>
#include <string.h>

static const char *const status_names[] = { "inbox", "open", "waiting", "done", "dropped" };

/* The fields dlg writes, in the order lifecycle changes are written. */
const char *const lc_fields[LC_NFIELDS] = {
	"status",  "decision", "rule",  "because",   "decided",
	"channel", "to",       "given", "follow_up", "completed",
};

const char *status_name(enum status s)
{
	return (unsigned)s < ARRAY_SIZE(status_names) ? status_names[s] : "";
}

int status_parse(const char *s, enum status *out)
{
	for (size_t i = 0; s && i < ARRAY_SIZE(status_names); i++) {
		if (str_ieq(s, status_names[i])) {
			*out = (enum status)i;
			return 0;
		}
	}
	return -1;
}

static int date_or_none(const struct fields *f, const char *key)
{
	int d;

	return fields_date(f, key, &d) ? d : DATE_NONE;
}

int lc_state_read(struct lc_state *out, const struct fields *task, char **why)
{
	const struct value *s = fields_value(task, "status");
	const struct value *d = fields_value(task, "decision");
	struct strbuf sb = STRBUF_INIT;
	char *msg = NULL;

	memset(out, 0, sizeof(*out));
	out->status = STATUS_INBOX;
	out->decision = DECISION_NONE;
	out->to = fields_string(task, "to");
	out->channel = fields_string(task, "channel");
	out->rule = fields_string(task, "rule");
	out->follow_up = date_or_none(task, "follow_up");
	out->due = date_or_none(task, "due");
	out->given = date_or_none(task, "given");
	out->decided = date_or_none(task, "decided");
	out->completed = date_or_none(task, "completed");
	if (d && (d->type != VALUE_STRING || decision_parse(d->string, &out->decision))) {
		value_format(&sb, d);
		msg = xstrfmt("decision '%s' is not keep, delegate, outsource or drop", sb.buf);
	}
	if (s && (s->type != VALUE_STRING || status_parse(s->string, &out->status))) {
		/* the status is the first thing to fix: say it first */
		strbuf_reset(&sb);
		value_format(&sb, s);
		free(msg);
		msg = xstrfmt("status '%s' is not inbox, open, waiting, done or dropped", sb.buf);
	}
	strbuf_release(&sb);
	if (!msg)
		return 0;
	if (why)
		*why = msg;
	else
		free(msg);
	return -1;
}

int lc_hands_off(enum decision d)
{
	return d == DECISION_DELEGATE || d == DECISION_OUTSOURCE;
}

int lc_finished(const struct lc_state *s)
{
	return s->status == STATUS_DONE || s->status == STATUS_DROPPED;
}

int lc_needs_someone(const struct lc_state *s)
{
	return s->status == STATUS_OPEN && lc_hands_off(s->decision) && !s->to;
}

int lc_follow_up_due(const struct lc_state *s, int today)
{
	return s->status == STATUS_WAITING && s->follow_up != DATE_NONE && s->follow_up <= today;
}

int lc_settled_until(const struct lc_state *s, int today)
{
	if (s->status == STATUS_WAITING && s->follow_up != DATE_NONE && !lc_follow_up_due(s, today))
		return s->follow_up - 1;
	return INT_MAX;
}

int lc_due_by(const struct lc_state *s, int day)
{
	return !lc_finished(s) && s->due != DATE_NONE && s->due <= day;
}

int lc_status_read(enum status *out, const struct fields *task)
{
	const struct value *v = fields_value(task, "status");

	*out = STATUS_INBOX;
	if (!v)
		return 0;
	return v->type == VALUE_STRING ? status_parse(v->string, out) : -1;
}

int lc_undecided(const struct lc_state *s)
{
	return s->status == STATUS_INBOX && s->decision == DECISION_NONE;
}

int lc_in_progress(const struct lc_state *s)
{
	return s->status == STATUS_OPEN || s->status == STATUS_WAITING;
}

int lc_handed(const struct lc_state *s)
{
	return s->to &&
	       (s->status == STATUS_WAITING || s->status == STATUS_DONE || s->given != DATE_NONE);
}

int lc_done_on_time(const struct lc_state *s)
{
	return s->status == STATUS_DONE &&
	       (s->due == DATE_NONE || (s->completed != DATE_NONE && s->completed <= s->due));
}

int lc_late(const struct lc_state *s, int today)
{
	if (s->status == STATUS_DONE)
		return s->due != DATE_NONE && s->completed != DATE_NONE && s->completed > s->due;
	return s->status == STATUS_WAITING && lc_due_by(s, today - 1);
}

/* One lifecycle step in progress. */
struct lc {
	struct lc_result *out;
	const struct config *cfg;
	const struct people_info *people;
	const struct fields *task;
	int today;
	enum status status;   /* the status after the step */
	struct fields staged; /* new values, in any order */
};

/* Stage key = v unless the task already has a value for key. */
static void stage_new(struct lc *lc, const char *key, const struct value *v)
{
	if (!fields_value(lc->task, key))
		fields_set(&lc->staged, key, v);
}

static void stage_string(struct lc *lc, const char *key, const char *s)
{
	struct value v = VALUE_INIT;

	value_set_string(&v, s);
	stage_new(lc, key, &v);
	value_free(&v);
}

static void stage_date(struct lc *lc, const char *key, int days)
{
	struct value v = VALUE_INIT;

	value_set_date(&v, days);
	stage_new(lc, key, &v);
	value_free(&v);
}

static int fail(struct lc *lc, char *msg)
{
	lc->out->events = LC_ERROR;
	lc->out->message = msg;
	return -1;
}

/* How many days until checking on work handed to p. */
static int follow_up_days(const struct lc *lc, const struct person_info *p)
{
	const struct value *v = p ? fields_value(p->fields, "follow_up_days") : NULL;

	if (!v || v->type != VALUE_NUMBER || v->number < 0 || v->number > 36500)
		v = fields_value(&lc->cfg->me, "follow_up_days");
	if (!v || v->type != VALUE_NUMBER || v->number < 0 || v->number > 36500)
		return 7;
	return (int)v->number;
}

static int unknown_person(struct lc *lc, const char *to)
{
	size_t n = lc->people ? lc->people->n : 0;
	const char **ids = xcalloc(n + 1, sizeof(*ids));
	const char *near;
	char *msg;

	for (size_t i = 0; i < n; i++)
		ids[i] = lc->people->v[i].id;
	near = closest_match(to, ids, n);
	if (near)
		msg = xstrfmt("to '%s' names no file in people/ (did you mean '%s'?)", to, near);
	else
		msg = xstrfmt("to '%s' names no file in people/", to);
	free(ids);
	return fail(lc, msg);
}

/* Hand the task to person `to`: waiting, given today, follow-up set. */
static int hand(struct lc *lc, const char *to)
{
	const struct person_info *p = people_find(lc->people, to);
	const struct value *fu = fields_value(lc->task, "follow_up");
	int next, due;

	if (!p)
		return unknown_person(lc, to);
	lc->status = STATUS_WAITING;
	stage_string(lc, "to", to);
	stage_date(lc, "given", lc->today);
	/* never later than the day before it is due: a deadline handed off
	 * stays in sight */
	next = lc->today + follow_up_days(lc, p);
	if (fields_date(lc->task, "due", &due) && next >= due)
		next = due - 1 > lc->today ? due - 1 : lc->today;
	stage_date(lc, "follow_up", next);
	lc->out->to = to;
	lc->out->events |= LC_HANDED;
	if (!fu)
		fu = fields_get(&lc->staged, "follow_up");
	lc->out->follow_up = fu && fu->type == VALUE_DATE ? fu->date : 0;
	return 0;
}

/* A `to` the task has, which must be text. */
static int task_to(struct lc *lc, const char **to)
{
	const struct value *v = fields_value(lc->task, "to");
	struct strbuf sb = STRBUF_INIT;

	*to = NULL;
	if (!v)
		return 0;
	if (v->type == VALUE_STRING) {
		*to = v->string;
		return 0;
	}
	value_format(&sb, v);
	fail(lc, xstrfmt("to '%s' is not the name of a file in people/", sb.buf));
	strbuf_release(&sb);
	return -1;
}

/* Step 3: a decision moves the task along; a hand-off is routed. */
static int settle(struct lc *lc, enum decision d, const struct rule *rule)
{
	struct route_result rr;
	const char *to;
	int ret = 0;

	if (d == DECISION_KEEP) {
		lc->status = STATUS_OPEN;
		return 0;
	}
	if (d == DECISION_DROP) {
		lc->status = STATUS_DROPPED;
		lc->out->events |= LC_DROPPED;
		return 0;
	}
	if (task_to(lc, &to))
		return -1;
	rules_route(&rr, lc->cfg, d, rule, lc->task, lc->today, 0);
	if (rr.error) {
		ret = fail(lc, rr.error);
		rr.error = NULL;
		goto out;
	}
	lc->out->channel = rr.channel;
	if (rr.channel)
		stage_string(lc, "channel", rr.channel->name);
	if (rr.to) {
		ret = hand(lc, rr.to);
	} else {
		lc->status = STATUS_OPEN;
		lc->out->events |= LC_NEEDS_SOMEONE;
	}
out:
	route_result_release(&rr);
	return ret;
}

/* "no rule decided: add enjoy, skill, hours or cost": the fields the rules
 * read that the task does not set, up to four, in order of appearance. */
static char *undecided_hint(const struct config *cfg, const struct fields *task)
{
	struct strlist missing = STRLIST_INIT;
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < cfg->nrules && missing.n < 4; i++) {
		const struct strlist *names =
		    cfg->rules[i].cond ? expr_names(cfg->rules[i].cond) : NULL;

		for (size_t j = 0; names && j < names->n && missing.n < 4; j++) {
			const char *n = names->v[j];

			if (!starts_with(n, "me.") && !fields_value(task, n) &&
			    !strlist_has(&missing, n))
				strlist_push(&missing, n);
		}
	}
	strbuf_addstr(&sb, "no rule decided");
	for (size_t i = 0; i < missing.n; i++)
		strbuf_addf(&sb, "%s%s",
		            !i                   ? ": add "
		            : i + 1 == missing.n ? " or "
		                                 : ", ",
		            missing.v[i]);
	strlist_clear(&missing);
	return strbuf_detach(&sb, NULL);
}

/* Steps 1-3 for a task in the inbox. */
static int inbox(struct lc *lc, enum decision d)
{
	const struct rule *rule = NULL;
	struct decide_result dr;

	if (d == DECISION_NONE) {
		rules_decide(&dr, lc->cfg, lc->task, lc->today, 0);
		if (dr.error) {
			fail(lc, dr.error);
			dr.error = NULL;
			decide_result_release(&dr);
			return -1;
		}
		rule = dr.rule;
		decide_result_release(&dr);
		if (!rule) {
			lc->out->events |= LC_UNDECIDED;
			lc->out->message = undecided_hint(lc->cfg, lc->task);
			return 0;
		}
		d = rule->then;
		lc->out->rule = rule;
		stage_string(lc, "decision", decision_name(d));
		stage_string(lc, "rule", rule->name);
		if (rule->because) {
			stage_string(lc, "because", rule->because);
		} else {
			char *why = xstrfmt("rule %s held", rule->name);

			stage_string(lc, "because", why);
			free(why);
		}
		stage_date(lc, "decided", lc->today);
		lc->out->events |= LC_DECIDED;
	} else if (!fields_value(lc->task, "rule")) {
		stage_string(lc, "rule", "manual");
		stage_date(lc, "decided", lc->today);
		lc->out->events |= LC_DECIDED;
	} else {
		rule = config_rule(lc->cfg, fields_string(lc->task, "rule"));
	}
	lc->out->decision = d;
	return settle(lc, d, rule);
}

/* The task's status and decision, checked. */
static int read_state(struct lc *lc, struct lc_state *state)
{
	char *why = NULL;

	if (lc_state_read(state, lc->task, &why))
		return fail(lc, why);
	return 0;
}

/* Step 4: `to` added to an open hand-off. */
static int open_handoff(struct lc *lc)
{
	const char *to;

	if (task_to(lc, &to))
		return -1;
	if (to)
		return hand(lc, to);
	lc->out->events |= LC_NEEDS_SOMEONE;
	return 0;
}

/* Step 6: a waiting task whose follow-up is today or past. */
static void check_due(struct lc *lc, struct lc_state *state)
{
	int staged;

	state->status = lc->status;
	if (fields_date(&lc->staged, "follow_up", &staged))
		state->follow_up = staged;
	if (!lc_follow_up_due(state, lc->today))
		return;
	lc->out->events |= LC_DUE;
	lc->out->follow_up = state->follow_up;
	lc->out->days_late = lc->today - state->follow_up;
	if (!lc->out->to)
		lc->out->to = fields_string(lc->task, "to");
}

/* The staged values that change the task, in the order they are written. */
static void emit_changes(struct lc *lc)
{
	const struct value *old = fields_value(lc->task, "status");
	struct fields *ch = &lc->out->changes;

	enum status was_status;

	if (old ? old->type != VALUE_STRING || status_parse(old->string, &was_status) ||
	              was_status != lc->status
	        : lc->status != STATUS_INBOX)
		fields_set_string(ch, "status", status_name(lc->status));
	for (size_t i = 1; i < ARRAY_SIZE(lc_fields); i++) {
		const struct value *v = fields_get(&lc->staged, lc_fields[i]);
		const struct value *was = fields_get(lc->task, lc_fields[i]);

		if (v && !(was && value_equal(was, v)))
			fields_set(ch, lc_fields[i], v);
	}
}

void lifecycle_apply(struct lc_result *out, const struct config *cfg,
                     const struct people_info *people, const struct fields *task, int today)
{
	struct lc lc = { out, cfg, people, task, today, STATUS_INBOX, FIELDS_INIT };
	struct lc_state state;
	int ret;

	memset(out, 0, sizeof(*out));
	ret = read_state(&lc, &state);
	if (!ret) {
		lc.status = state.status;
		out->old_status = xstrdup(status_name(state.status));
		out->decision = state.decision;
		out->to = state.to;
		out->channel = config_channel(cfg, state.channel);
		if (state.status == STATUS_INBOX)
			ret = inbox(&lc, state.decision);
		else if (state.status == STATUS_OPEN && lc_hands_off(state.decision))
			ret = open_handoff(&lc);
		else if (state.status == STATUS_DONE && !fields_value(task, "completed")) {
			stage_date(&lc, "completed", today);
			out->events |= LC_COMPLETED;
		}
	}
	if (ret) {
		/* Nothing changes: the result describes the task as it is. */
		const struct value *s = fields_value(task, "status");
		struct strbuf sb = STRBUF_INIT;
		enum status known;

		free(out->old_status);
		if (s && s->type == VALUE_STRING && !status_parse(s->string, &known))
			strbuf_addstr(&sb, status_name(known));
		else if (s)
			value_format(&sb, s);
		else
			strbuf_addstr(&sb, "inbox");
		out->old_status = strbuf_detach(&sb, NULL);
		out->new_status = xstrdup(out->old_status);
		out->decision = DECISION_NONE;
		decision_parse(fields_string(task, "decision"), &out->decision);
		out->rule = NULL;
		out->channel = config_channel(cfg, fields_string(task, "channel"));
		out->to = fields_string(task, "to");
		out->follow_up = 0;
	} else {
		if (lc.status == STATUS_WAITING)
			check_due(&lc, &state);
		emit_changes(&lc);
		out->new_status = xstrdup(status_name(lc.status));
	}
	fields_clear(&lc.staged);
}

void lc_result_release(struct lc_result *r)
{
	if (!r)
		return;
	fields_clear(&r->changes);
	free(r->message);
	free(r->old_status);
	free(r->new_status);
	memset(r, 0, sizeof(*r));
}
