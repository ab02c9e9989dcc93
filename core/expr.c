/* expr.c: the rule expression language: a lexer, a precedence-climbing
 * parser that builds an immutable AST once, and a three-valued evaluator. */
#include "core/expr.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Deeper nesting than this is refused, so neither parsing nor evaluating
 * can exhaust the stack. */
#define MAX_DEPTH 200

enum tok {
	T_EOF,
	T_NUMBER,
	T_STRING,
	T_DATE,
	T_FIELD, /* a task field */
	T_ME,    /* me.KEY */
	T_TODAY,
	T_TRUE,
	T_FALSE,
	T_OR,
	T_AND,
	T_NOT,
	T_IN,
	T_EQ,
	T_NE,
	T_LT,
	T_LE,
	T_GT,
	T_GE,
	T_PLUS,
	T_MINUS,
	T_STAR,
	T_SLASH,
	T_LPAREN,
	T_RPAREN,
};

/* Binding strength of binary operators, loosest first; 0 is not binary. */
enum {
	PREC_OR = 1,
	PREC_AND,
	PREC_NOT,
	PREC_CMP,
	PREC_IN,
	PREC_ADD,
	PREC_MUL,
	PREC_NEG,
};

struct token {
	enum tok kind;
	size_t off, len; /* the token's bytes in the source */
	int col;
	double number;
	int date;
};

enum node_kind {
	N_LITERAL,
	N_FIELD,
	N_ME,
	N_TODAY,
	N_NOT,
	N_NEG,
	N_BINARY,
};

struct node {
	enum node_kind kind;
	enum tok op; /* N_BINARY */
	int col;     /* where the operator (or operand) is, for errors */
	int height;
	size_t a, b; /* operands: indexes into expr.nodes */
	struct value lit;
	char *name;
};

struct expr {
	struct node *nodes;
	size_t n, alloc;
	size_t root;
	struct strlist names;
};

struct parser {
	const char *src;
	size_t pos;
	int col; /* column of src[pos] */
	struct token tok;
	struct strbuf text; /* the current token's string or name */
	struct expr *e;
	struct dlg_err *err;
	int depth;
};

static const struct {
	const char *word;
	enum tok kind;
} keywords[] = {
	{ "and", T_AND },   { "or", T_OR },       { "not", T_NOT },
	{ "in", T_IN },     { "today", T_TODAY }, { "yes", T_TRUE },
	{ "true", T_TRUE }, { "no", T_FALSE },    { "false", T_FALSE },
};

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int is_name_start(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static int is_name_char(int c)
{
	return is_name_start(c) || is_digit(c);
}

/* Report an error at col; returns DLG_EINVALID. */
static int fail(struct dlg_err *err, int col, const char *fmt, ...) DLG_PRINTF(3, 4);

static int fail(struct dlg_err *err, int col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_setv(err, 0, col, fmt, ap);
	va_end(ap);
	return DLG_EINVALID;
}

/* Move past n bytes, counting columns in UTF-8 characters. */
static void advance(struct parser *p, size_t n)
{
	for (; n && p->src[p->pos]; n--, p->pos++)
		if (((unsigned char)p->src[p->pos] & 0xC0) != 0x80)
			p->col++;
}

/* The length of a valid UTF-8 sequence at s, or 0. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		n = 2;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		n = 3;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		n = 4;
	else
		return 0;
	for (i = 1; i < n; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	return n;
}

static int unknown_char(struct parser *p)
{
	const unsigned char *s = (const unsigned char *)p->src + p->pos;
	size_t n = utf8_len(s);

	if (*s == '=')
		return fail(p->err, p->col, "unknown operator '=' (did you mean '=='?)");
	if (*s == '!')
		return fail(p->err, p->col, "unknown operator '!' (use 'not')");
	if (*s == '&')
		return fail(p->err, p->col, "unknown character '&' (use 'and')");
	if (*s == '|')
		return fail(p->err, p->col, "unknown character '|' (use 'or')");
	if (*s == '.' && is_digit(s[1])) {
		for (n = 1; is_digit(s[n]); n++)
			;
		return fail(p->err, p->col, "'%.*s' is not a number: write 0%.*s", (int)n,
		            (const char *)s, (int)n, (const char *)s);
	}
	if (*s < 0x20 || *s == 0x7F || !n)
		return fail(p->err, p->col, "unknown character '\\x%02x'", *s);
	return fail(p->err, p->col, "unknown character '%.*s'", (int)n, (const char *)s);
}

/* Exactly YYYY-MM-DD, not followed by more of a word. */
static int looks_like_date(const char *s)
{
	for (int i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return 0;
		} else if (!is_digit(s[i])) {
			return 0;
		}
	}
	return !is_name_char(s[10]) && s[10] != '.';
}

static int lex_number(struct parser *p)
{
	const char *s = p->src + p->pos;
	size_t n = 0;
	char buf[11];

	if (looks_like_date(s)) {
		memcpy(buf, s, 10);
		buf[10] = '\0';
		if (date_parse(buf, &p->tok.date) < 0)
			return fail(p->err, p->col, "'%s' is not a real date", buf);
		p->tok.kind = T_DATE;
		advance(p, 10);
		return 0;
	}
	while (is_digit(s[n]))
		n++;
	if (s[n] == '.' && is_digit(s[n + 1])) {
		n++;
		while (is_digit(s[n]))
			n++;
	}
	if (is_name_char(s[n]) || s[n] == '.') {
		while (is_name_char(s[n]) || s[n] == '.')
			n++;
		return fail(p->err, p->col, "'%.*s' is not a number", (int)n, s);
	}
	p->tok.number = strtod(s, NULL);
	if (!isfinite(p->tok.number))
		return fail(p->err, p->col, "number '%.*s' is too large", (int)n, s);
	p->tok.kind = T_NUMBER;
	advance(p, n);
	return 0;
}

/* "..." knows the escapes \" \\ \n; '...' has none. */
static int lex_string(struct parser *p)
{
	const char *s = p->src + p->pos;
	char quote = s[0];
	int col = p->col;
	size_t i = 1;

	for (;; i++) {
		if (!s[i])
			return fail(p->err, col, "unterminated string");
		if (s[i] == quote)
			break;
		if (s[i] != '\\' || quote != '"') {
			strbuf_addch(&p->text, s[i]);
			continue;
		}
		if (s[i + 1] == '"' || s[i + 1] == '\\') {
			strbuf_addch(&p->text, s[++i]);
		} else if (s[i + 1] == 'n') {
			strbuf_addch(&p->text, '\n');
			i++;
		} else if (!s[i + 1]) {
			return fail(p->err, col, "unterminated string");
		} else {
			size_t n = utf8_len((const unsigned char *)s + i + 1);

			advance(p, i);
			return fail(
			    p->err, p->col,
			    "unknown escape '\\%.*s' in string (use '\\\\' for a backslash)",
			    n ? (int)n : 1, s + i + 1);
		}
	}
	p->tok.kind = T_STRING;
	advance(p, i + 1);
	return 0;
}

/* A task field, a keyword, or me.KEY. */
static int lex_name(struct parser *p)
{
	const char *s = p->src + p->pos;
	size_t n = 0, k;

	while (is_name_char(s[n]))
		n++;
	if (s[n] != '.') {
		strbuf_add(&p->text, s, n);
		p->tok.kind = T_FIELD;
		for (k = 0; k < ARRAY_SIZE(keywords); k++)
			if (str_ieq(p->text.buf, keywords[k].word))
				p->tok.kind = keywords[k].kind;
		advance(p, n);
		return 0;
	}
	if (n != 2 || memcmp(s, "me", 2))
		return fail(p->err, p->col, "only 'me.' names may contain a dot");
	for (k = n + 1; is_name_char(s[k]); k++)
		;
	if (!is_name_start(s[n + 1])) {
		advance(p, n + 1);
		return fail(p->err, p->col, "expected a name after 'me.'");
	}
	if (s[k] == '.') {
		advance(p, k);
		return fail(p->err, p->col, "only one dot is allowed in a name, after 'me'");
	}
	strbuf_add(&p->text, s + n + 1, k - n - 1);
	p->tok.kind = T_ME;
	advance(p, k);
	return 0;
}

static const struct {
	const char *text;
	enum tok kind;
} operators[] = {
	{ "==", T_EQ },  { "!=", T_NE },   { "<=", T_LE },    { ">=", T_GE },
	{ "<", T_LT },   { ">", T_GT },    { "+", T_PLUS },   { "-", T_MINUS },
	{ "*", T_STAR }, { "/", T_SLASH }, { "(", T_LPAREN }, { ")", T_RPAREN },
};

static int lex_operator(struct parser *p)
{
	const char *s = p->src + p->pos;

	for (size_t i = 0; i < ARRAY_SIZE(operators); i++) {
		size_t n = strlen(operators[i].text);

		if (!strncmp(s, operators[i].text, n)) {
			p->tok.kind = operators[i].kind;
			advance(p, n);
			return 0;
		}
	}
	return unknown_char(p);
}

/* Read the next token into p->tok. */
static int next(struct parser *p)
{
	const char *s;
	int ret;

	while (p->src[p->pos] == ' ' || p->src[p->pos] == '\t' || p->src[p->pos] == '\n' ||
	       p->src[p->pos] == '\r')
		advance(p, 1);
	s = p->src + p->pos;
	strbuf_reset(&p->text);
	memset(&p->tok, 0, sizeof(p->tok));
	p->tok.off = p->pos;
	p->tok.col = p->col;
	if (!*s) {
		p->tok.kind = T_EOF;
		return 0;
	}
	if (is_digit(*s))
		ret = lex_number(p);
	else if (*s == '"' || *s == '\'')
		ret = lex_string(p);
	else if (is_name_start(*s))
		ret = lex_name(p);
	else
		ret = lex_operator(p);
	p->tok.len = p->pos - p->tok.off;
	return ret;
}

/* The text of an operator token. */
static const char *op_text(enum tok kind)
{
	for (size_t i = 0; i < ARRAY_SIZE(operators); i++)
		if (operators[i].kind == kind)
			return operators[i].text;
	return "?";
}

static int binary_prec(enum tok kind)
{
	switch (kind) {
	case T_OR:
		return PREC_OR;
	case T_AND:
		return PREC_AND;
	case T_EQ:
	case T_NE:
	case T_LT:
	case T_LE:
	case T_GT:
	case T_GE:
		return PREC_CMP;
	case T_IN:
		return PREC_IN;
	case T_PLUS:
	case T_MINUS:
		return PREC_ADD;
	case T_STAR:
	case T_SLASH:
		return PREC_MUL;
	default:
		return 0;
	}
}

static size_t node_new(struct parser *p, enum node_kind kind, int col)
{
	struct expr *e = p->e;
	struct node *nd;

	ALLOC_GROW(e->nodes, e->n + 1, e->alloc);
	nd = &e->nodes[e->n];
	memset(nd, 0, sizeof(*nd));
	nd->kind = kind;
	nd->col = col;
	nd->height = 1;
	return e->n++;
}

/* A node over operands a (and b); refused when the tree grows too tall. */
static int node_op(struct parser *p, size_t *out, enum node_kind kind, enum tok op, int col,
                   size_t a, size_t b)
{
	int ha = p->e->nodes[a].height, hb = p->e->nodes[b].height;
	size_t i;

	if ((ha > hb ? ha : hb) >= MAX_DEPTH)
		return fail(p->err, col, "expression nested too deeply");
	i = node_new(p, kind, col);
	p->e->nodes[i].op = op;
	p->e->nodes[i].a = a;
	p->e->nodes[i].b = b;
	p->e->nodes[i].height = 1 + (ha > hb ? ha : hb);
	*out = i;
	return 0;
}

static void add_name(struct parser *p, const char *name)
{
	if (!strlist_has(&p->e->names, name))
		strlist_push(&p->e->names, name);
}

static int parse_expr(struct parser *p, int min_prec, const struct token *after, size_t *out);

/* An operand is expected at p->tok; after is the operator before it (NULL
 * at the start, or the opening parenthesis). */
static int missing_operand(struct parser *p, const struct token *after)
{
	const struct token *t = &p->tok;

	if (t->kind == T_EOF && !after)
		return fail(p->err, 1, "empty expression");
	if (after && (after->kind != T_LPAREN || t->kind == T_EOF))
		return fail(p->err, t->col, "expected an operand after '%.*s'", (int)after->len,
		            p->src + after->off);
	return fail(p->err, t->col, "unexpected '%.*s'", (int)t->len, p->src + t->off);
}

static int parse_literal(struct parser *p, size_t *out)
{
	size_t i = node_new(p, N_LITERAL, p->tok.col);
	struct value *v = &p->e->nodes[i].lit;

	switch (p->tok.kind) {
	case T_NUMBER:
		value_set_number(v, p->tok.number);
		break;
	case T_STRING:
		value_set_string(v, p->text.buf);
		break;
	case T_DATE:
		value_set_date(v, p->tok.date);
		break;
	default:
		value_set_bool(v, p->tok.kind == T_TRUE);
		break;
	}
	*out = i;
	return next(p);
}

static int parse_name(struct parser *p, size_t *out)
{
	int me = p->tok.kind == T_ME;
	size_t i = node_new(p, me ? N_ME : N_FIELD, p->tok.col);
	char *full = me ? xstrfmt("me.%s", p->text.buf) : xstrdup(p->text.buf);

	p->e->nodes[i].name = xstrdup(p->text.buf);
	add_name(p, full);
	free(full);
	*out = i;
	return next(p);
}

static int parse_group(struct parser *p, size_t *out)
{
	struct token open = p->tok;
	int ret;

	if ((ret = next(p)) || (ret = parse_expr(p, 0, &open, out)))
		return ret;
	if (p->tok.kind != T_RPAREN)
		return fail(p->err, p->tok.col, "expected ')' to close '(' at column %d", open.col);
	return next(p);
}

/* not X, -X, or a primary expression. */
static int parse_prefix(struct parser *p, const struct token *after, size_t *out)
{
	struct token op = p->tok;
	size_t operand;
	int ret;

	switch (p->tok.kind) {
	case T_NUMBER:
	case T_STRING:
	case T_DATE:
	case T_TRUE:
	case T_FALSE:
		return parse_literal(p, out);
	case T_FIELD:
	case T_ME:
		return parse_name(p, out);
	case T_TODAY:
		*out = node_new(p, N_TODAY, p->tok.col);
		return next(p);
	case T_LPAREN:
		return parse_group(p, out);
	case T_NOT:
	case T_MINUS:
		if ((ret = next(p)) ||
		    (ret = parse_expr(p, op.kind == T_NOT ? PREC_NOT : PREC_NEG, &op, &operand)))
			return ret;
		return node_op(p, out, op.kind == T_NOT ? N_NOT : N_NEG, op.kind, op.col, operand,
		               operand);
	default:
		return missing_operand(p, after);
	}
}

static int is_comparison(enum tok kind)
{
	return binary_prec(kind) == PREC_CMP;
}

/* Precedence climbing: operators binding at least as tight as min_prec. */
static int parse_expr(struct parser *p, int min_prec, const struct token *after, size_t *out)
{
	size_t lhs, rhs;
	int prec, ret;

	if (++p->depth > MAX_DEPTH) {
		ret = fail(p->err, p->tok.col, "expression nested too deeply");
		goto out;
	}
	if ((ret = parse_prefix(p, after, &lhs)))
		goto out;
	while ((prec = binary_prec(p->tok.kind)) && prec >= min_prec) {
		struct token op = p->tok;

		if ((ret = next(p)) || (ret = parse_expr(p, prec + 1, &op, &rhs)) ||
		    (ret = node_op(p, &lhs, N_BINARY, op.kind, op.col, lhs, rhs)))
			goto out;
		if (is_comparison(op.kind) && is_comparison(p->tok.kind)) {
			ret = fail(p->err, p->tok.col,
			           "comparisons cannot be chained: write 'a < b and b < c'");
			goto out;
		}
	}
	*out = lhs;
out:
	p->depth--;
	return ret;
}

int expr_parse(struct expr **out, const char *src, struct dlg_err *err)
{
	struct parser p = { 0 };
	int ret;

	*out = NULL;
	p.src = src;
	p.col = 1;
	p.err = err;
	strbuf_init(&p.text, 0);
	p.e = xcalloc(1, sizeof(*p.e));
	if (!(ret = next(&p)) && !(ret = parse_expr(&p, 0, NULL, &p.e->root)) &&
	    p.tok.kind != T_EOF) {
		if (p.tok.kind == T_RPAREN)
			ret = fail(p.err, p.tok.col, "unexpected ')'");
		else
			ret = fail(p.err, p.tok.col,
			           "unexpected '%.*s' after the end of the expression",
			           (int)p.tok.len, src + p.tok.off);
	}
	strbuf_release(&p.text);
	if (ret) {
		expr_free(p.e);
		return DLG_EINVALID;
	}
	*out = p.e;
	return 0;
}

void expr_free(struct expr *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < e->n; i++) {
		value_free(&e->nodes[i].lit);
		free(e->nodes[i].name);
	}
	free(e->nodes);
	strlist_clear(&e->names);
	free(e);
}

const struct strlist *expr_names(const struct expr *e)
{
	return &e->names;
}

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
		fail(err, col, "cannot move a date by %s days: not a whole number", sb.buf);
		strbuf_release(&sb);
		return DLG_EINVALID;
	}
	if (r < lo || r > hi)
		return fail(err, col, "date out of range");
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
			return fail(err, col, "division by zero");
		r = x / y;
		break;
	}
	if (!isfinite(r))
		return fail(err, col, "the result of '%s' is too large", op_text(op));
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
		return fail(err, col, "cannot add %s to %s", ta, tb);
	case T_MINUS:
		return fail(err, col, "cannot subtract %s from %s", tb, ta);
	case T_STAR:
		return fail(err, col, "cannot multiply %s by %s", ta, tb);
	default:
		return fail(err, col, "cannot divide %s by %s", ta, tb);
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
		return fail(err, col, "cannot compare %s with %s", value_type_name(a->type),
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
		return fail(err, col, "'in' needs a list or text on its right, not %s",
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
		ret = fail(err, nd->col, "cannot negate %s", value_type_name(a.type));
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
	else if (binary_prec(nd->op) == PREC_CMP)
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
