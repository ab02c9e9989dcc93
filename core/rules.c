/* rules.c: deciding a task by the rules, routing it, and the lifecycle of `dlg sync`. */
#include "rules.h"

#include <stdlib.h>
#include <string.h>

static const char *const status_names[] = { "inbox", "open", "waiting", "done", "dropped" };

/* The order in which lifecycle changes are written. */
static const char *const change_order[] = {
	"status",  "decision", "rule",  "because",   "decided",
	"channel", "to",       "given", "follow_up", "completed",
};

/* A field's value when it is set to something (unknown counts as unset). */
static const struct value *field_value(const struct fields *f, const char *key)
{
	const struct value *v = f ? fields_get(f, key) : NULL;

	return v && v->type != VALUE_UNKNOWN ? v : NULL;
}

static const char *field_string(const struct fields *f, const char *key)
{
	const struct value *v = field_value(f, key);

	return v && v->type == VALUE_STRING ? v->string : NULL;
}

/* Record what cond reads, as it sees it: "hours" from the task, "me.x" from [me]. */
static void trial_record_names(struct trial *t, const struct expr *cond, const struct expr_env *env)
{
	static const struct value unknown = VALUE_INIT;
	const struct strlist *names = expr_names(cond);

	for (size_t i = 0; i < names->n; i++) {
		const char *n = names->v[i];
		const struct value *v =
		    starts_with(n, "me.") ? field_value(env->me, n + 3) : field_value(env->task, n);

		fields_set(&t->seen, n, v ? v : &unknown);
	}
}

/* Evaluate an `if` (NULL with no source: always true; NULL with a source
 * that did not parse: unknown). Returns the truth; *error is set to
 * "WHAT 'NAME': message" on a type error. t, when non-NULL, is filled. */
static int try_cond(struct trial *t, char **error, const char *what, const char *name,
                    const struct expr *cond, const char *if_src, const struct expr_env *env)
{
	struct dlg_err err = DLG_ERR_INIT;
	struct value v = VALUE_INIT;
	int truth;

	*error = NULL;
	if (!cond) {
		truth = if_src ? -1 : 1;
	} else if (expr_eval(&v, cond, env, &err)) {
		*error = xstrfmt("%s '%s': %s", what, name, err.msg ? err.msg : "cannot evaluate");
		truth = -1;
	} else {
		truth = expr_truth(&v);
	}
	if (t) {
		memset(t, 0, sizeof(*t));
		t->name = name;
		if (cond)
			trial_record_names(t, cond, env);
		t->truth = truth;
		if (*error)
			t->error = xstrdup(err.msg ? err.msg : "cannot evaluate");
	}
	value_free(&v);
	err_clear(&err);
	return truth;
}

void rules_decide(struct decide_result *out, const struct config *cfg, const struct fields *task,
                  int today, int trace)
{
	struct expr_env env = { task, &cfg->me, today };

	memset(out, 0, sizeof(*out));
	if (trace && cfg->nrules)
		out->trials = xcalloc(cfg->nrules, sizeof(*out->trials));
	for (size_t i = 0; i < cfg->nrules; i++) {
		const struct rule *r = &cfg->rules[i];
		struct trial *t = trace ? &out->trials[out->ntrials++] : NULL;
		int truth = try_cond(t, &out->error, "rule", r->name, r->cond, r->if_src, &env);

		if (out->error)
			break;
		if (truth > 0 && r->then != DECISION_NONE) {
			out->decision = r->then;
			out->rule = r;
			break;
		}
	}
}

static void trials_free(struct trial *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		fields_clear(&v[i].seen);
		free(v[i].error);
	}
	free(v);
}

void decide_result_release(struct decide_result *r)
{
	if (!r)
		return;
	trials_free(r->trials, r->ntrials);
	free(r->error);
	memset(r, 0, sizeof(*r));
}

const struct person_info *people_find(const struct people_info *p, const char *id)
{
	if (!p || !id)
		return NULL;
	for (size_t i = 0; i < p->n; i++)
		if (!strcmp(p->v[i].id, id))
			return &p->v[i];
	return NULL;
}

/* The first channel for d whose `if` holds. */
static void route_by_channels(struct route_result *out, const struct config *cfg, enum decision d,
                              const struct expr_env *env, int trace)
{
	if (trace && cfg->nchannels)
		out->trials = xcalloc(cfg->nchannels, sizeof(*out->trials));
	for (size_t i = 0; i < cfg->nchannels; i++) {
		const struct channel *c = &cfg->channels[i];
		struct trial *t;
		int truth;

		if (!(c->for_mask & (1u << d)))
			continue;
		t = trace ? &out->trials[out->ntrials++] : NULL;
		truth = try_cond(t, &out->error, "channel", c->name, c->cond, c->if_src, env);
		if (out->error)
			return;
		if (truth > 0) {
			out->channel = c;
			return;
		}
	}
}

/* Who and where come first from the task itself, then from the rule; only
 * when neither names anyone or any channel are the channels tried. A
 * channel's `to` fills in who when nothing else did. */
void rules_route(struct route_result *out, const struct config *cfg, enum decision d,
                 const struct rule *rule, const struct fields *task, int today, int trace)
{
	struct expr_env env = { task, &cfg->me, today };
	const int task_channel = field_value(task, "channel") != NULL;

	memset(out, 0, sizeof(*out));
	if (d != DECISION_DELEGATE && d != DECISION_OUTSOURCE)
		return;
	out->to = field_string(task, "to");
	if (!out->to && rule)
		out->to = rule->to;
	if (task_channel)
		out->channel = config_channel(cfg, field_string(task, "channel"));
	else if (rule && rule->channel)
		out->channel = config_channel(cfg, rule->channel);
	else if (!out->to && !field_value(task, "to"))
		route_by_channels(out, cfg, d, &env, trace);
	if (out->error)
		out->channel = NULL;
	else if (!out->to && !field_value(task, "to") && out->channel)
		out->to = out->channel->to;
}

void route_result_release(struct route_result *r)
{
	if (!r)
		return;
	trials_free(r->trials, r->ntrials);
	free(r->error);
	memset(r, 0, sizeof(*r));
}

/* One lifecycle step in progress. */
struct lc {
	struct lc_result *out;
	const struct config *cfg;
	const struct people_info *people;
	const struct fields *task;
	int today;
	const char *status;   /* the status after the step */
	struct fields staged; /* new values, in any order */
};

/* Stage key = v unless the task already has a value for key. */
static void stage_new(struct lc *lc, const char *key, const struct value *v)
{
	if (!field_value(lc->task, key))
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
	const struct value *v = p ? field_value(p->fields, "follow_up_days") : NULL;

	if (!v || v->type != VALUE_NUMBER || v->number < 0 || v->number > 36500)
		v = field_value(&lc->cfg->me, "follow_up_days");
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
	const struct value *fu = field_value(lc->task, "follow_up");

	if (!p)
		return unknown_person(lc, to);
	lc->status = "waiting";
	stage_string(lc, "to", to);
	stage_date(lc, "given", lc->today);
	stage_date(lc, "follow_up", lc->today + follow_up_days(lc, p));
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
	const struct value *v = field_value(lc->task, "to");
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
		lc->status = "open";
		return 0;
	}
	if (d == DECISION_DROP) {
		lc->status = "dropped";
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
		lc->status = "open";
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

			if (!starts_with(n, "me.") && !field_value(task, n) &&
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
	} else if (!field_value(lc->task, "rule")) {
		stage_string(lc, "rule", "manual");
		stage_date(lc, "decided", lc->today);
		lc->out->events |= LC_DECIDED;
	} else {
		rule = config_rule(lc->cfg, field_string(lc->task, "rule"));
	}
	lc->out->decision = d;
	return settle(lc, d, rule);
}

/* The task's status and decision, checked. */
static int read_state(struct lc *lc, const char **status, enum decision *d)
{
	const struct value *s = field_value(lc->task, "status");
	const struct value *dv = field_value(lc->task, "decision");
	struct strbuf sb = STRBUF_INIT;

	*status = s ? NULL : "inbox";
	*d = DECISION_NONE;
	for (size_t i = 0; s && s->type == VALUE_STRING && i < ARRAY_SIZE(status_names); i++)
		if (str_ieq(s->string, status_names[i]))
			*status = status_names[i];
	if (!*status) {
		value_format(&sb, s);
		fail(lc,
		     xstrfmt("status '%s' is not inbox, open, waiting, done or dropped", sb.buf));
	} else if (dv && (dv->type != VALUE_STRING || decision_parse(dv->string, d))) {
		value_format(&sb, dv);
		fail(lc, xstrfmt("decision '%s' is not keep, delegate, outsource or drop", sb.buf));
	}
	strbuf_release(&sb);
	return lc->out->events & LC_ERROR ? -1 : 0;
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
static void check_due(struct lc *lc)
{
	const struct value *fu = fields_get(&lc->staged, "follow_up");

	if (!fu)
		fu = field_value(lc->task, "follow_up");
	if (!fu || fu->type != VALUE_DATE || fu->date > lc->today)
		return;
	lc->out->events |= LC_DUE;
	lc->out->follow_up = fu->date;
	lc->out->days_late = lc->today - fu->date;
	if (!lc->out->to)
		lc->out->to = field_string(lc->task, "to");
}

/* The staged values that change the task, in the order they are written. */
static void emit_changes(struct lc *lc)
{
	const struct value *old = field_value(lc->task, "status");
	struct fields *ch = &lc->out->changes;

	if (old ? old->type != VALUE_STRING || !str_ieq(old->string, lc->status)
	        : strcmp(lc->status, "inbox"))
		fields_set_string(ch, "status", lc->status);
	for (size_t i = 1; i < ARRAY_SIZE(change_order); i++) {
		const struct value *v = fields_get(&lc->staged, change_order[i]);
		const struct value *was = fields_get(lc->task, change_order[i]);

		if (v && !(was && value_equal(was, v)))
			fields_set(ch, change_order[i], v);
	}
}

void lifecycle_apply(struct lc_result *out, const struct config *cfg,
                     const struct people_info *people, const struct fields *task, int today)
{
	struct lc lc = { out, cfg, people, task, today, NULL, FIELDS_INIT };
	const struct value *completed = field_value(task, "completed");
	enum decision d;
	int ret;

	memset(out, 0, sizeof(*out));
	ret = read_state(&lc, &lc.status, &d);
	if (lc.status)
		out->old_status = xstrdup(lc.status);
	if (!ret) {
		out->decision = d;
		out->to = field_string(task, "to");
		out->channel = config_channel(cfg, field_string(task, "channel"));
		if (!strcmp(lc.status, "inbox"))
			ret = inbox(&lc, d);
		else if (!strcmp(lc.status, "open") &&
		         (d == DECISION_DELEGATE || d == DECISION_OUTSOURCE))
			ret = open_handoff(&lc);
		else if (!strcmp(lc.status, "done") && !completed) {
			stage_date(&lc, "completed", today);
			out->events |= LC_COMPLETED;
		}
	}
	if (ret) {
		/* Nothing changes: the result describes the task as it is. */
		if (!out->old_status) {
			struct strbuf sb = STRBUF_INIT;

			value_format(&sb, field_value(task, "status"));
			out->old_status = strbuf_detach(&sb, NULL);
		}
		out->new_status = xstrdup(out->old_status);
		out->decision = d;
		out->rule = NULL;
		out->channel = config_channel(cfg, field_string(task, "channel"));
		out->to = field_string(task, "to");
		out->follow_up = 0;
	} else {
		if (!strcmp(lc.status, "waiting"))
			check_due(&lc);
		emit_changes(&lc);
		out->new_status = xstrdup(lc.status);
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
