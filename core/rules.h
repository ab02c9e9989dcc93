/* rules.h: deciding a task with the rules of dlg.ini, and routing a
 * handed-off task to a channel or person. Pure: fields, config and today in,
 * a verdict out. `dlg explain` and the lifecycle (lifecycle.h) both go
 * through here. */
#ifndef DLG_RULES_H
#define DLG_RULES_H

#include "core/config.h"
#include "lib/value.h"

/* What a rule or channel's `if` saw when tried on a task. */
struct trial {
	const char *name;   /* rule or channel name (borrowed from config) */
	struct fields seen; /* each name the `if` reads, with its value (unknown
	                       when missing), in order: "hours", "me.hourly_rate" */
	int truth;          /* 1 held, 0 did not, -1 unknown */
	char *error;        /* a type error while evaluating, else NULL */
};

struct decide_result {
	enum decision decision;  /* DECISION_NONE when no rule held */
	const struct rule *rule; /* the rule that decided, else NULL */
	struct trial *trials;    /* every rule tried, in order (with trace) */
	size_t ntrials;
	char *error; /* first type error, "rule 'x': cannot ..." */
};

/* Try the rules in order; the first whose `if` is true decides. A rule
 * whose `if` is unknown or raises a type error does not fire; a type error
 * is reported in out->error and stops the decision (the task stays
 * undecided). With trace, out->trials records every rule tried. */
void rules_decide(struct decide_result *out, const struct config *cfg, const struct fields *task,
                  int today, int trace);
void decide_result_release(struct decide_result *r);

struct route_result {
	const struct channel *channel; /* NULL when none */
	const char *to;                /* person id (borrowed), or NULL */
	struct trial *trials;          /* channels tried, with trace */
	size_t ntrials;
	char *error;
};
/* Route a delegate/outsource decision: the rule's own `to`/`channel`, else
 * the first channel whose `for` matches and whose `if` holds. */
void rules_route(struct route_result *out, const struct config *cfg, enum decision d,
                 const struct rule *rule, const struct fields *task, int today, int trace);
void route_result_release(struct route_result *r);

#endif
