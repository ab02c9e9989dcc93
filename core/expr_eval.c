/* expr_eval.c: evaluating a parsed expression with Kleene's three-valued
 * logic: unknown in, unknown out, type errors with their column. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/expr.h"
#include "core/expr_priv.h"

/* Evaluation. Every function leaves *out valid (unknown on error). */

static int eval_node(struct value *out, const struct expr *e, size_t i, const struct expr_env *env,
                     struct dlg_err *err);

static void eval_lookup(struct value *out, const struct fields *f, const char *key)
{
	const struct value *v = f ? fields_get(f, key) : NULL;

	if (v)
		value_copy(out, v);
}

/* date + n days, within years 0000-9999. */
static int date_add(struct value *out, int date, double n, int col, struct dlg_err *err)
{
	static const double lo = -719528, hi = 2932896; /* 0000-01-01, 9999-12-31 */
	struct strbuf sb = STRBUF_INIT;
	double r = (double)date + n;

	if (n != floor(n)) {
		number_format(&sb, n);
		expr_fail(err, col, "cannot move a date by %s days: not a whole number", sb.buf);
		strbuf_release(&sb);
		return DLG_EINVALID;
	}
	if (r < lo || r > hi)
		return expr_fail(err, col, "date out of range");
	value_set_date(out, (int)r);
	return 0;
}

static int arith_numbers(struct value *out, enum tok op, double x, double y, int col,
                         struct dlg_err *err)
{
	double r;

	switch (op) {
	case T_PLUS:
		r = x + y;
		break;
	case T_MINUS:
		r = x - y;
		break;
	case T_STAR:
		r = x * y;
		break;
	default:
		if (y == 0)
			return expr_fail(err, col, "division by zero");
		r = x / y;
		break;
	}
	if (!isfinite(r))
		return expr_fail(err, col, "the result of '%s' is too large", expr_op_text(op));
	value_set_number(out, r);
	return 0;
}

static int arith(struct value *out, enum tok op, const struct value *a, const struct value *b,
                 int col, struct dlg_err *err)
{
	const char *ta = value_type_name(a->type), *tb = value_type_name(b->type);

	if (a->type == VALUE_UNKNOWN || b->type == VALUE_UNKNOWN)
		return 0;
	if (a->type == VALUE_NUMBER && b->type == VALUE_NUMBER)
		return arith_numbers(out, op, a->number, b->number, col, err);
	if (op == T_PLUS && a->type == VALUE_DATE && b->type == VALUE_NUMBER)
		return date_add(out, a->date, b->number, col, err);
	if (op == T_PLUS && a->type == VALUE_NUMBER && b->type == VALUE_DATE)
		return date_add(out, b->date, a->number, col, err);
	if (op == T_MINUS && a->type == VALUE_DATE && b->type == VALUE_NUMBER)
		return date_add(out, a->date, -b->number, col, err);
	if (op == T_MINUS && a->type == VALUE_DATE && b->type == VALUE_DATE) {
		value_set_number(out, (double)a->date - b->date);
		return 0;
	}
	switch (op) {
	case T_PLUS:
		return expr_fail(err, col, "cannot add %s to %s", ta, tb);
	case T_MINUS:
		return expr_fail(err, col, "cannot subtract %s from %s", tb, ta);
	case T_STAR:
		return expr_fail(err, col, "cannot multiply %s by %s", ta, tb);
	default:
		return expr_fail(err, col, "cannot divide %s by %s", ta, tb);
	}
}

static int compare(struct value *out, enum tok op, const struct value *a, const struct value *b,
                   int col, struct dlg_err *err)
{
	int c;

	if (a->type == VALUE_UNKNOWN || b->type == VALUE_UNKNOWN)
		return 0;
	if (op == T_EQ || op == T_NE) {
		value_set_bool(out, value_equal(a, b) == (op == T_EQ));
		return 0;
	}
	if (a->type != b->type ||
	    (a->type != VALUE_NUMBER && a->type != VALUE_DATE && a->type != VALUE_STRING))
		return expr_fail(err, col, "cannot compare %s with %s", value_type_name(a->type),
		                 value_type_name(b->type));
	if (a->type == VALUE_NUMBER)
		c = (a->number > b->number) - (a->number < b->number);
	else if (a->type == VALUE_DATE)
		c = (a->date > b->date) - (a->date < b->date);
	else
		c = strcmp(a->string, b->string);
	switch (op) {
	case T_LT:
		value_set_bool(out, c < 0);
		break;
	case T_LE:
		value_set_bool(out, c <= 0);
		break;
	case T_GT:
		value_set_bool(out, c > 0);
		break;
	default:
		value_set_bool(out, c >= 0);
		break;
	}
	return 0;
}

/* x in list, or x in "text" as if the text were a list of one. */
static int member(struct value *out, const struct value *x, const struct value *l, int col,
                  struct dlg_err *err)
{
	int found = 0;

	if (x->type == VALUE_UNKNOWN || l->type == VALUE_UNKNOWN)
		return 0;
	if (l->type == VALUE_STRING) {
		found = value_equal(x, l);
	} else if (l->type == VALUE_LIST) {
		for (size_t i = 0; i < l->n && !found; i++)
			found = value_equal(x, &l->items[i]);
	} else {
		return expr_fail(err, col, "'in' needs a list or text on its right, not %s",
		                 value_type_name(l->type));
	}
	value_set_bool(out, found);
	return 0;
}

/* Kleene's and/or: the left side alone may decide. */
static int eval_logic(struct value *out, const struct expr *e, const struct node *nd,
                      const struct expr_env *env, struct dlg_err *err)
{
	struct value a = VALUE_INIT, b = VALUE_INIT;
	int decisive = nd->op == T_OR; /* the truth value that decides alone */
	int ta, tb, ret;

	if ((ret = eval_node(&a, e, nd->a, env, err)))
		return ret;
	ta = expr_truth(&a);
	value_free(&a);
	if (ta == decisive) {
		value_set_bool(out, decisive);
		return 0;
	}
	if ((ret = eval_node(&b, e, nd->b, env, err)))
		return ret;
	tb = expr_truth(&b);
	value_free(&b);
	if (tb == decisive)
		value_set_bool(out, decisive);
	else if (ta < 0 || tb < 0)
		value_free(out);
	else
		value_set_bool(out, !decisive);
	return 0;
}

static int eval_unary(struct value *out, const struct expr *e, const struct node *nd,
                      const struct expr_env *env, struct dlg_err *err)
{
	struct value a = VALUE_INIT;
	int ret;

	if ((ret = eval_node(&a, e, nd->a, env, err)))
		return ret;
	if (a.type == VALUE_UNKNOWN)
		ret = 0;
	else if (nd->kind == N_NOT)
		value_set_bool(out, !value_truthy(&a));
	else if (a.type == VALUE_NUMBER)
		value_set_number(out, -a.number);
	else
		ret = expr_fail(err, nd->col, "cannot negate %s", value_type_name(a.type));
	value_free(&a);
	return ret;
}

static int eval_binary(struct value *out, const struct expr *e, const struct node *nd,
                       const struct expr_env *env, struct dlg_err *err)
{
	struct value a = VALUE_INIT, b = VALUE_INIT;
	int ret;

	if (nd->op == T_AND || nd->op == T_OR)
		return eval_logic(out, e, nd, env, err);
	if ((ret = eval_node(&a, e, nd->a, env, err)) || (ret = eval_node(&b, e, nd->b, env, err)))
		goto out;
	if (nd->op == T_IN)
		ret = member(out, &a, &b, nd->col, err);
	else if (expr_binary_prec(nd->op) == PREC_CMP)
		ret = compare(out, nd->op, &a, &b, nd->col, err);
	else
		ret = arith(out, nd->op, &a, &b, nd->col, err);
out:
	value_free(&b);
	value_free(&a);
	return ret;
}

static int eval_node(struct value *out, const struct expr *e, size_t i, const struct expr_env *env,
                     struct dlg_err *err)
{
	const struct node *nd = &e->nodes[i];
	int ret = 0;

	switch (nd->kind) {
	case N_LITERAL:
		value_copy(out, &nd->lit);
		break;
	case N_FIELD:
		eval_lookup(out, env->task, nd->name);
		break;
	case N_ME:
		eval_lookup(out, env->me, nd->name);
		break;
	case N_TODAY:
		value_set_date(out, env->today);
		break;
	case N_NOT:
	case N_NEG:
		ret = eval_unary(out, e, nd, env, err);
		break;
	case N_BINARY:
		ret = eval_binary(out, e, nd, env, err);
		break;
	}
	if (ret)
		value_free(out);
	return ret;
}

int expr_eval(struct value *out, const struct expr *e, const struct expr_env *env,
              struct dlg_err *err)
{
	memset(out, 0, sizeof(*out));
	return eval_node(out, e, e->root, env, err);
}

int expr_truth(const struct value *v)
{
	if (v->type == VALUE_UNKNOWN)
		return -1;
	return value_truthy(v);
}
