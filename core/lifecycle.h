/* lifecycle.h: the life of a task as DESIGN.md's "The lifecycle" tells it:
 * its statuses, the named facts about its state that every command asks
 * (handed off, needs someone, follow-up due, due by a day), and the step
 * `dlg sync` applies to each task. Pure: fields, people, config and today
 * in; changes and events out. */
#ifndef DLG_LIFECYCLE_H
#define DLG_LIFECYCLE_H

#include "core/config.h"
#include "core/people.h"
#include "core/rules.h"
#include "lib/date.h"
#include "lib/value.h"

enum status {
	STATUS_INBOX = 0, /* new; also when `status` is absent */
	STATUS_OPEN,      /* decided, to be done */
	STATUS_WAITING,   /* handed to someone */
	STATUS_DONE,
	STATUS_DROPPED,
};
/* "inbox", "open", "waiting", "done", "dropped". */
const char *status_name(enum status s);
/* 0 and *out set when s names a status, else -1. Enumerated values
 * (statuses, decisions) are read without regard to ASCII case, here and in
 * decision_parse, the one rule every command follows. s may be NULL. */
int status_parse(const char *s, enum status *out);

/* The fields dlg writes (DESIGN.md "Fields dlg writes"), in the order the
 * lifecycle writes them. Of a task that is not in the inbox, the lifecycle
 * reads nothing else. */
#define LC_NFIELDS 10
extern const char *const lc_fields[LC_NFIELDS];

/* What the lifecycle reads of a task, typed. Strings are borrowed from the
 * fields; dates are DATE_NONE when absent or not a date. */
struct lc_state {
	enum status status;     /* STATUS_INBOX when absent */
	enum decision decision; /* DECISION_NONE when absent */
	const char *to;         /* NULL when absent or not text, likewise below */
	const char *channel;
	const char *rule;
	int follow_up;
	int due;
	int given;
	int decided;
	int completed;
};
/* Read the state of a task. -1 when its status or decision is not one dlg
 * knows (the rest is read all the same), with *why (the caller frees; why
 * may be NULL) saying so. */
int lc_state_read(struct lc_state *out, const struct fields *task, char **why);

/* The facts commands ask about a task, each defined once. */
int lc_hands_off(enum decision d);              /* delegate or outsource */
int lc_finished(const struct lc_state *s);      /* done or dropped */
int lc_needs_someone(const struct lc_state *s); /* open hand-off with no `to` */
/* Waiting, and its follow-up is today or past. */
int lc_follow_up_due(const struct lc_state *s, int today);
/* Not finished, and due on or before day. */
int lc_due_by(const struct lc_state *s, int day);
/* The last day the events the lifecycle gives a settled task (one it has
 * nothing to change in) stay the same: the day before its follow-up comes
 * due, else for ever (INT_MAX). What a cache may keep of its verdict. */
int lc_settled_until(const struct lc_state *s, int today);

/* The status alone, read as lc_state_read reads it: 0 with *out set
 * (STATUS_INBOX when absent), -1 when it is set to something that is not
 * a status (*out is then STATUS_INBOX). For commands that show a task as
 * it is, telling a status dlg doesn't know from the inbox. */
int lc_status_read(enum status *out, const struct fields *task);
/* In the inbox with no decision: for the rules of dlg.ini to decide. */
int lc_undecided(const struct lc_state *s);
/* Decided and not finished: open or waiting. */
int lc_in_progress(const struct lc_state *s);
/* Handed to someone: it has a `to`, and is waiting or done or has a
 * `given` date. */
int lc_handed(const struct lc_state *s);
/* Done by its due date (completed on or before it), or done with none. */
int lc_done_on_time(const struct lc_state *s);
/* Done after its due date, or waiting with its due date before today. A
 * done task with a due date but no completed date is neither late nor on
 * time. */
int lc_late(const struct lc_state *s, int today);

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
