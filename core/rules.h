/* rules.h: deciding a task with the rules of dlg.ini, routing a handed-off
 * task to a channel or person, and the lifecycle `dlg sync` applies
 * (DESIGN.md, "The lifecycle"). Pure: fields, people, config and today in,
 * changes out. `dlg explain` and `dlg sync` both go through here. */
#ifndef DLG_RULES_H
#define DLG_RULES_H

#include "config.h"
#include "value.h"

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

/* A person, as the lifecycle needs to know them. */
struct person_info {
	const char *id;
	const struct fields *fields; /* their front-matter */
};
struct people_info {
	const struct person_info *v;
	size_t n;
};
const struct person_info *people_find(const struct people_info *p, const char *id);

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

/* What happened to a task in one lifecycle step. */
enum lc_event {
	LC_NONE = 0,
	LC_DECIDED = 1 << 0,       /* a decision was made (by a rule or manual) */
	LC_HANDED = 1 << 1,        /* given to a person: status waiting */
	LC_COMPLETED = 1 << 2,     /* status done, completed date set */
	LC_DUE = 1 << 3,           /* waiting, follow_up today or past */
	LC_NEEDS_SOMEONE = 1 << 4, /* delegate/outsource with no `to` */
	LC_UNDECIDED = 1 << 5,     /* inbox, no rule held */
	LC_ERROR = 1 << 6,         /* a type error or bad field stopped it */
	LC_DROPPED = 1 << 7,       /* decided drop -> dropped */
};

struct lc_result {
	unsigned events;
	struct fields changes;   /* fields to set, in the order to write them */
	enum decision decision;  /* the task's decision after the step */
	const struct rule *rule; /* the rule that decided now, else NULL */
	const struct channel *channel;
	const char *to;   /* who has it, borrowed from task or config */
	int follow_up;    /* for LC_HANDED and LC_DUE: the date */
	int days_late;    /* for LC_DUE: today - follow_up */
	char *message;    /* LC_UNDECIDED: the hint; LC_ERROR: what went wrong */
	char *old_status; /* status before ("inbox" when absent) */
	char *new_status; /* status after */
};

/* Apply steps 1-6 of the lifecycle to one task. Never overrides a field the
 * task already has (except `status` moving along the lifecycle). */
void lifecycle_apply(struct lc_result *out, const struct config *cfg,
                     const struct people_info *people, const struct fields *task, int today);
void lc_result_release(struct lc_result *r);

#endif
