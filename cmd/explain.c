/* explain.c: `dlg explain ID`: every rule tried on a task, in order, with
 * the values each name had, which held, and the outcome; then the routing
 * the same way, and what `dlg sync` would change. */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/common.h"
#include "cmd/options.h"
#include "cmd/output.h"
#include "core/lifecycle.h"
#include "core/task.h"

static const char *truth_word(int truth)
{
	return truth > 0 ? "holds" : truth == 0 ? "does not hold" : "unknown";
}

/* "hours=3 me.hourly_rate=60 cost=(not set)" */
static void print_seen(const struct trial *tr)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < tr->seen.n; i++) {
		const struct value *v = &tr->seen.v[i].val;

		strbuf_addf(&sb, "%s%s=", i ? " " : "", tr->seen.v[i].key);
		if (v->type == VALUE_UNKNOWN)
			strbuf_addstr(&sb, "(not set)");
		else if (v->type == VALUE_STRING)
			strbuf_addf(&sb, "\"%s\"", v->string);
		else
			value_format(&sb, v);
	}
	printf("      saw %s\n", sb.len ? sb.buf : "nothing (no names)");
	strbuf_release(&sb);
}

static void print_trial(const struct dlg_ctx *ctx, size_t n, const struct trial *tr,
                        const char *if_src)
{
	const char *col = tr->error ? C_RED : tr->truth > 0 ? C_GREEN : C_DIM;

	printf("  %2zu. %s%s%s  if %s\n", n, color(ctx, C_BOLD), tr->name, color(ctx, C_RESET),
	       if_src ? if_src : "(always)");
	if (if_src)
		print_seen(tr);
	if (tr->error)
		printf("      %s→ error: %s%s\n", color(ctx, col), tr->error, color(ctx, C_RESET));
	else if (tr->truth < 0)
		printf("      %s→ unknown: a name it needs is not set, so it does not fire%s\n",
		       color(ctx, col), color(ctx, C_RESET));
	else
		printf("      %s→ %s%s\n", color(ctx, col), truth_word(tr->truth),
		       color(ctx, C_RESET));
}

static void explain_rules(const struct dlg_ctx *ctx, const struct decide_result *dr)
{
	const struct config *cfg = ctx->cfg;

	printf("Rules, in order; the first that holds decides:\n");
	for (size_t i = 0; i < dr->ntrials; i++) {
		const struct rule *r = config_rule(cfg, dr->trials[i].name);

		print_trial(ctx, i + 1, &dr->trials[i], r ? r->if_src : NULL);
		if (r && r == dr->rule)
			printf("      %s= %s%s, because %s\n", color(ctx, C_GREEN),
			       decision_name(r->then), color(ctx, C_RESET),
			       r->because ? r->because : "the rule holds");
	}
	if (dr->rule && dr->ntrials < cfg->nrules)
		printf("  The %zu rule%s after it %s not tried.\n", cfg->nrules - dr->ntrials,
		       cfg->nrules - dr->ntrials == 1 ? "" : "s",
		       cfg->nrules - dr->ntrials == 1 ? "is" : "are");
	if (!dr->rule && !dr->error)
		printf("  No rule holds.\n");
}

static void explain_route(const struct dlg_ctx *ctx, const struct task *t, enum decision d,
                          const struct rule *rule)
{
	struct route_result rr;

	memset(&rr, 0, sizeof(rr));
	rules_route(&rr, ctx->cfg, d, rule, &t->fields, ctx->today, 1);
	printf("\nRouting the %s decision:\n", decision_name(d));
	if (*field_str(&t->fields, "to") || *field_str(&t->fields, "channel")) {
		const char *to = field_str(&t->fields, "to"),
		           *ch = field_str(&t->fields, "channel");

		printf("  the task itself names %s%s%s%s%s\n", *to ? "to " : "", to,
		       *to && *ch ? " and " : "", *ch ? "channel " : "", ch);
	}
	if (rule && (rule->to || rule->channel))
		printf("  rule %s names %s%s%s%s\n", rule->name, rule->to ? "to " : "",
		       rule->to ? rule->to : "", rule->channel ? " channel " : "",
		       rule->channel ? rule->channel : "");
	for (size_t i = 0; i < rr.ntrials; i++) {
		const struct channel *c = config_channel(ctx->cfg, rr.trials[i].name);

		print_trial(ctx, i + 1, &rr.trials[i], c ? c->if_src : NULL);
	}
	if (rr.channel)
		printf("  %s= channel %s%s%s%s\n", color(ctx, C_GREEN), rr.channel->name,
		       rr.channel->about ? " (" : "", rr.channel->about ? rr.channel->about : "",
		       rr.channel->about ? ")" : "");
	else
		printf("  no channel applies\n");
	if (rr.to)
		printf("  = to %s%s\n", rr.to, color(ctx, C_RESET));
	else
		printf("  no one named yet%s\n", color(ctx, C_RESET));
	route_result_release(&rr);
}

static void explain_outcome(const struct dlg_ctx *ctx, const struct task *t,
                            const struct lc_result *lc)
{
	printf("\nWhat dlg sync would do:");
	if (lc->events & LC_ERROR) {
		printf(" nothing: %s\n", lc->message);
		return;
	}
	if (!lc->changes.n) {
		if (lc->events & LC_UNDECIDED)
			printf(" leave it in the inbox (%s)\n", lc->message);
		else if (lc->events & LC_NEEDS_SOMEONE)
			printf(
			    " nothing; it needs someone: add to: PERSON (or dlg give %s PERSON)\n",
			    t->id);
		else if (lc->events & LC_DUE)
			printf(" nothing, but its follow-up with %s is due (%d day%s late)\n",
			       lc->to ? lc->to : "them", lc->days_late,
			       lc->days_late == 1 ? "" : "s");
		else
			printf(" nothing\n");
		return;
	}
	printf("\n");
	for (size_t i = 0; i < lc->changes.n; i++) {
		const char *old = field_str(&t->fields, lc->changes.v[i].key);
		struct strbuf nv = STRBUF_INIT;

		value_format(&nv, &lc->changes.v[i].val);
		printf("  %-10s %s → %s\n", lc->changes.v[i].key, *old ? old : "(not set)", nv.buf);
		strbuf_release(&nv);
	}
	if (lc->events & LC_NEEDS_SOMEONE)
		printf("  then it needs someone: add to: PERSON (or dlg give %s PERSON)\n", t->id);
}

static int cmd_explain(int argc, char **argv, struct dlg_ctx *ctx)
{
	const struct option options[] = { OPT_END() };
	struct strlist args = STRLIST_INIT;
	struct taskset ts = TASKSET_INIT;
	struct decide_result dr;
	struct lc_result lc;
	struct people_info pi;
	struct task *t;
	const char *decision, *status;
	int ret;

	if ((ret = parse_options(ctx, argc, argv, options, &args)) != OPTIONS_OK ||
	    (ret = check_args(ctx, &args, 1, 1)) != OPTIONS_OK)
		return ret;
	if (load_taskset(&ts, ctx, TASKSET_BODY | TASKSET_NO_DOC) ||
	    !(t = resolve_task(&ts, args.v[0]))) {
		ret = EXIT_FATAL;
		goto out;
	}
	if (!t->valid) {
		error_msg("%s:%d:%d: %s", t->path, t->err.line, t->err.col, t->err.msg);
		ret = EXIT_PARTIAL;
		goto out;
	}
	printf("%s%s%s: %s\n", color(ctx, C_BOLD), t->id, color(ctx, C_RESET), t->title);
	decision = field_str(&t->fields, "decision");
	status = field_str(&t->fields, "status");
	if (*decision)
		printf(
		    "Already decided: %s (rule %s%s%s), status %s.\n"
		    "Below is what the rules would decide today.\n",
		    decision, *field_str(&t->fields, "rule") ? field_str(&t->fields, "rule") : "?",
		    *field_str(&t->fields, "decided") ? ", on " : "",
		    field_str(&t->fields, "decided"), *status ? status : status_name(STATUS_INBOX));
	printf("\n");
	memset(&dr, 0, sizeof(dr));
	rules_decide(&dr, ctx->cfg, &t->fields, ctx->today, 1);
	explain_rules(ctx, &dr);
	if (dr.error)
		printf("  %s%s%s\n", color(ctx, C_RED), dr.error, color(ctx, C_RESET));
	{
		enum decision d = dr.decision;
		const struct rule *rule = dr.rule;

		if (!decision_parse(fields_string(&t->fields, "decision"), &d))
			rule = config_rule(ctx->cfg, field_str(&t->fields, "rule"));
		if (lc_hands_off(d))
			explain_route(ctx, t, d, rule);
	}
	pi = taskset_people_info(&ts);
	memset(&lc, 0, sizeof(lc));
	lifecycle_apply(&lc, ctx->cfg, &pi, &t->fields, ctx->today);
	explain_outcome(ctx, t, &lc);
	ret = (lc.events & LC_ERROR) || dr.error ? EXIT_PARTIAL : EXIT_OK;
	lc_result_release(&lc);
	decide_result_release(&dr);
out:
	taskset_release(&ts);
	strlist_clear(&args);
	return ret;
}

const struct command cmd_explain_def = {
	"explain",
	cmd_explain,
	NEED_ROOT | NEED_CONFIG,
	"ID",
	"show how the rules decide a task, step by step",
	"Tries every rule of dlg.ini on the task, in order, showing the value each name\n"
	"had (\"(not set)\" when the task doesn't say), whether the rule held, and the\n"
	"outcome; then how a delegate or outsource decision is routed to a channel or\n"
	"person, and what dlg sync would change in the file.",
};
