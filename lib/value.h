/* value.h: typed values of front-matter fields and rule expressions, and
 * sets of named fields. */
#ifndef DLG_VALUE_H
#define DLG_VALUE_H

#include <stddef.h>

#include "lib/date.h"
#include "lib/util.h"

enum value_type {
	VALUE_UNKNOWN = 0, /* absent, null, or the result of using an unknown */
	VALUE_BOOL,
	VALUE_NUMBER,
	VALUE_DATE,
	VALUE_STRING,
	VALUE_LIST,
	VALUE_MAP, /* a nested mapping: kept in the file, opaque to dlg */
};

struct value {
	/* 40 bytes: a task read from the cache has a dozen of them */
	enum value_type type : 8;
	unsigned boolean : 1;
	int date; /* days since 1970-01-01 */
	double number;
	char *string;        /* VALUE_STRING: owned. Another type read from text
	                        (a quoted date, "a, b" tags) keeps the text as
	                        written here, or NULL */
	struct value *items; /* VALUE_LIST: owned */
	size_t n;
};
#define VALUE_INIT                                                                                 \
	{                                                                                          \
		VALUE_UNKNOWN, 0, 0, 0, NULL, NULL, 0                                              \
	}

/* Frees what v holds and leaves it VALUE_UNKNOWN. Accepts NULL. */
void value_free(struct value *v);
/* Deep copy; dst is overwritten (not freed first). */
void value_copy(struct value *dst, const struct value *src);
void value_set_bool(struct value *v, int b);
void value_set_number(struct value *v, double n);
void value_set_date(struct value *v, int days);
void value_set_string(struct value *v, const char *s);
/* Append a copy of item to a VALUE_LIST (v becomes a list if unknown). */
void value_list_push(struct value *v, const struct value *item);

/* Type the text of a plain (unquoted) YAML scalar as DESIGN.md says:
 * null/~/"" -> unknown; yes/no/true/false/on/off (any case) -> bool;
 * decimal number -> number; YYYY-MM-DD -> date; else string. */
void value_from_plain(struct value *out, const char *text);
/* The same, a string being text itself (not a copy): for values whose
 * strings something else owns, never given to value_free. */
void value_from_plain_kept(struct value *out, char *text);

/* yes/true, non-zero numbers, non-empty strings and lists, any date. */
int value_truthy(const struct value *v);
/* Deep equality; numbers compare numerically. */
int value_equal(const struct value *a, const struct value *b);
const char *value_type_name(enum value_type t);
/* Human form: yes/no, 3, 2.5, 2026-11-22, the text, [a, b]; unknown is "?". */
void value_format(struct strbuf *sb, const struct value *v);
/* Number in its shortest form: 3, 2.5, 1e+20. */
void number_format(struct strbuf *sb, double n);
/* Money and hours: a whole number as such, else up to two decimals: 360,
 * 12.5, 33.33 (never "-0"). */
void amount_format(struct strbuf *sb, double x);

/* A set of named values in file order (front-matter fields, [me], changes). */
struct field {
	char *key;
	struct value val;
	int line, col; /* where the value is in its file; 0 when it is not from one */
};
struct fields {
	struct field *v;
	size_t n;
	size_t alloc;
};
#define FIELDS_INIT                                                                                \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}
/* Borrowed pointer, or NULL when absent. */
const struct value *fields_get(const struct fields *f, const char *key);
/* Set key to a copy of val (replacing an existing value). */
void fields_set(struct fields *f, const char *key, const struct value *val);
void fields_set_string(struct fields *f, const char *key, const char *s);
/* Append key, which f must not hold yet (no lookup), taking val's content
 * (val is left empty); for building fields from known-distinct keys. */
void fields_add(struct fields *f, const char *key, struct value *val);
void fields_add_string(struct fields *f, const char *key, const char *s);
void fields_add_date(struct fields *f, const char *key, int days);
void fields_set_date(struct fields *f, const char *key, int days);
void fields_clear(struct fields *f);

/* Typed getters (f may be NULL). The value of key when it is set to
 * something (absent and unknown count as unset), else NULL. */
const struct value *fields_value(const struct fields *f, const char *key);
/* The text of key when it holds a string, else NULL. */
const char *fields_string(const struct fields *f, const char *key);
/* 1 with *out set when key holds a date (a number), else 0. */
int fields_date(const struct fields *f, const char *key, int *out);
int fields_number(const struct fields *f, const char *key, double *out);

#endif
