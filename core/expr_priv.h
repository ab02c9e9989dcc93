/* expr_priv.h: what the parser (expr.c) and the evaluator (expr_eval.c)
 * share: tokens, the AST's nodes, and error reporting. */
#ifndef DLG_EXPR_PRIV_H
#define DLG_EXPR_PRIV_H

#include "core/expr.h"

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
	int uses_today; /* reads `today`: its value changes with the day */
};

/* Report an error at col; returns DLG_EINVALID. */
int expr_fail(struct dlg_err *err, int col, const char *fmt, ...) DLG_PRINTF(3, 4);
/* How strongly a binary operator binds (PREC_*), 0 for other tokens. */
int expr_binary_prec(enum tok kind);
/* The text of an operator token: "+", "and". */
const char *expr_op_text(enum tok kind);

#endif
