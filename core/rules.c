/* rules.c: deciding a task by the rules of dlg.ini, and routing it. */
#include "core/rules.h"

#include <stdlib.h>
#include <string.h>

/* Record what cond reads, as it sees it: "hours" from the task, "me.x" from [me]. */
static void trial_record_names(struct trial *t, const struct expr *cond, const struct expr_env *env)
{
	static const struct value unknown = VALUE_INIT;
	const struct strlist *names = expr_names(cond);

	for (size_t i = 0; i < names->n; i++) {
		const char *n = names->v[i];
		const struct value *v = starts_with(n, "me.") ? fields_value(env->me, n + 3)
		                                              : fields_value(env->task, n);

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
	const int task_channel = fields_value(task, "channel") != NULL;

	memset(out, 0, sizeof(*out));
	if (d != DECISION_DELEGATE && d != DECISION_OUTSOURCE)
		return;
	out->to = fields_string(task, "to");
	if (!out->to && rule)
		out->to = rule->to;
	if (task_channel)
		out->channel = config_channel(cfg, fields_string(task, "channel"));
	else if (rule && rule->channel)
		out->channel = config_channel(cfg, rule->channel);
	else if (!out->to && !fields_value(task, "to"))
		route_by_channels(out, cfg, d, &env, trace);
	if (out->error)
		out->channel = NULL;
	else if (!out->to && !fields_value(task, "to") && out->channel)
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
