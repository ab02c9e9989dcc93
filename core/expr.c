/* expr.c: the rule expression language: a lexer and a precedence-climbing
 * parser that builds an immutable AST once (evaluation: expr_eval.c). */
#include "core/expr.h"

#include "core/expr_priv.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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

int expr_fail(struct dlg_err *err, int col, const char *fmt, ...)
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
		return expr_fail(p->err, p->col, "unknown operator '=' (did you mean '=='?)");
	if (*s == '!')
		return expr_fail(p->err, p->col, "unknown operator '!' (use 'not')");
	if (*s == '&')
		return expr_fail(p->err, p->col, "unknown character '&' (use 'and')");
	if (*s == '|')
		return expr_fail(p->err, p->col, "unknown character '|' (use 'or')");
	if (*s == '.' && is_digit(s[1])) {
		for (n = 1; is_digit(s[n]); n++)
			;
		return expr_fail(p->err, p->col, "'%.*s' is not a number: write 0%.*s", (int)n,
		                 (const char *)s, (int)n, (const char *)s);
	}
	if (*s < 0x20 || *s == 0x7F || !n)
		return expr_fail(p->err, p->col, "unknown character '\\x%02x'", *s);
	return expr_fail(p->err, p->col, "unknown character '%.*s'", (int)n, (const char *)s);
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
			return expr_fail(p->err, p->col, "'%s' is not a real date", buf);
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
		return expr_fail(p->err, p->col, "'%.*s' is not a number", (int)n, s);
	}
	p->tok.number = strtod(s, NULL);
	if (!isfinite(p->tok.number))
		return expr_fail(p->err, p->col, "number '%.*s' is too large", (int)n, s);
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
			return expr_fail(p->err, col, "unterminated string");
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
			return expr_fail(p->err, col, "unterminated string");
		} else {
			size_t n = utf8_len((const unsigned char *)s + i + 1);

			advance(p, i);
			return expr_fail(
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
		return expr_fail(p->err, p->col, "only 'me.' names may contain a dot");
	for (k = n + 1; is_name_char(s[k]); k++)
		;
	if (!is_name_start(s[n + 1])) {
		advance(p, n + 1);
		return expr_fail(p->err, p->col, "expected a name after 'me.'");
	}
	if (s[k] == '.') {
		advance(p, k);
		return expr_fail(p->err, p->col, "only one dot is allowed in a name, after 'me'");
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

const char *expr_op_text(enum tok kind)
{
	for (size_t i = 0; i < ARRAY_SIZE(operators); i++)
		if (operators[i].kind == kind)
			return operators[i].text;
	return "?";
}

int expr_binary_prec(enum tok kind)
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
		return expr_fail(p->err, col, "expression nested too deeply");
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
		return expr_fail(p->err, 1, "empty expression");
	if (after && (after->kind != T_LPAREN || t->kind == T_EOF))
		return expr_fail(p->err, t->col, "expected an operand after '%.*s'",
		                 (int)after->len, p->src + after->off);
	return expr_fail(p->err, t->col, "unexpected '%.*s'", (int)t->len, p->src + t->off);
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
		return expr_fail(p->err, p->tok.col, "expected ')' to close '(' at column %d",
		                 open.col);
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
		p->e->uses_today = 1;
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
	return expr_binary_prec(kind) == PREC_CMP;
}

/* Precedence climbing: operators binding at least as tight as min_prec. */
static int parse_expr(struct parser *p, int min_prec, const struct token *after, size_t *out)
{
	size_t lhs, rhs;
	int prec, ret;

	if (++p->depth > MAX_DEPTH) {
		ret = expr_fail(p->err, p->tok.col, "expression nested too deeply");
		goto out;
	}
	if ((ret = parse_prefix(p, after, &lhs)))
		goto out;
	while ((prec = expr_binary_prec(p->tok.kind)) && prec >= min_prec) {
		struct token op = p->tok;

		if ((ret = next(p)) || (ret = parse_expr(p, prec + 1, &op, &rhs)) ||
		    (ret = node_op(p, &lhs, N_BINARY, op.kind, op.col, lhs, rhs)))
			goto out;
		if (is_comparison(op.kind) && is_comparison(p->tok.kind)) {
			ret = expr_fail(p->err, p->tok.col,
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
			ret = expr_fail(p.err, p.tok.col, "unexpected ')'");
		else
			ret = expr_fail(p.err, p.tok.col,
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

int expr_uses_today(const struct expr *e)
{
	return e && e->uses_today;
}

const struct strlist *expr_names(const struct expr *e)
{
	return &e->names;
}
