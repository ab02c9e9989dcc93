/* expr.h: the rule expression language of dlg.ini (DESIGN.md, "Rule
 * expressions"): parsed once, evaluated many times, with Kleene's
 * three-valued logic for unknown (missing) fields. */
#ifndef DLG_EXPR_H
#define DLG_EXPR_H

#include "lib/util.h"
#include "lib/value.h"

struct expr; /* opaque, immutable after parsing */

/* Parse src. On error returns DLG_EINVALID with err->col set to the 1-based
 * column in src where the problem is (err->line 0) and a message such as
 * "expected ')' to close '(' at column 4". *out is NULL on error; the caller
 * frees it with expr_free. */
int expr_parse(struct expr **out, const char *src, struct dlg_err *err);
void expr_free(struct expr *e);

/* The names an expression reads, in order of first appearance, without
 * duplicates: task fields as "hours", [me] values as "me.hourly_rate".
 * Borrowed; valid while e lives. */
const struct strlist *expr_names(const struct expr *e);

/* Whether it reads `today`, so that its value can change with the day. */
int expr_uses_today(const struct expr *e);

/* What an expression sees. */
struct expr_env {
	const struct fields *task; /* the task's front-matter fields */
	const struct fields *me;   /* [me] of dlg.ini */
	int today;                 /* days since 1970-01-01 */
};

/* Evaluate. *out receives the result (VALUE_UNKNOWN when it depends on an
 * unknown name); the caller frees it with value_free. A type error (e.g.
 * "a" * 2, date + date, tags < 3) returns DLG_EINVALID with a message naming
 * the operator and the operand types ("cannot multiply text by number");
 * *out is then unknown. Pure: no I/O, no clock. */
int expr_eval(struct value *out, const struct expr *e, const struct expr_env *env,
              struct dlg_err *err);

/* Truth of a result for a rule's `if`: 1 true, 0 false, -1 unknown. */
int expr_truth(const struct value *v);

#endif
