/* value.c: typed values and field sets. */
#include "lib/value.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void value_free(struct value *v)
{
	if (!v)
		return;
	free(v->string);
	for (size_t i = 0; i < v->n; i++)
		value_free(&v->items[i]);
	free(v->items);
	memset(v, 0, sizeof(*v));
}

void value_copy(struct value *dst, const struct value *src)
{
	*dst = *src;
	dst->string = src->string ? xstrdup(src->string) : NULL;
	dst->items = NULL;
	if (src->n) {
		dst->items = xcalloc(src->n, sizeof(*dst->items));
		for (size_t i = 0; i < src->n; i++)
			value_copy(&dst->items[i], &src->items[i]);
	}
}

void value_set_bool(struct value *v, int b)
{
	value_free(v);
	v->type = VALUE_BOOL;
	v->boolean = !!b;
}

void value_set_number(struct value *v, double n)
{
	value_free(v);
	v->type = VALUE_NUMBER;
	v->number = n;
}

void value_set_date(struct value *v, int days)
{
	value_free(v);
	v->type = VALUE_DATE;
	v->date = days;
}

void value_set_string(struct value *v, const char *s)
{
	value_free(v);
	v->type = VALUE_STRING;
	v->string = xstrdup(s);
}

void value_list_push(struct value *v, const struct value *item)
{
	if (v->type != VALUE_LIST) {
		value_free(v);
		v->type = VALUE_LIST;
	}
	v->items = xrealloc(v->items, (v->n + 1) * sizeof(*v->items));
	value_copy(&v->items[v->n++], item);
}

static int parse_number(const char *s, double *out)
{
	const char *p = s;
	char *end;
	int digits = 0;

	if (*p == '+' || *p == '-')
		p++;
	while (*p >= '0' && *p <= '9')
		p++, digits++;
	if (*p == '.') {
		p++;
		while (*p >= '0' && *p <= '9')
			p++, digits++;
	}
	if (!digits)
		return -1;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!(*p >= '0' && *p <= '9'))
			return -1;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p)
		return -1;
	*out = strtod(s, &end);
	return *end || !isfinite(*out) ? -1 : 0;
}

/* text as value_from_plain types it; a string is text itself when keep,
 * else a copy */
static void from_plain(struct value *out, const char *text, int keep)
{
	static const char *const yes[] = { "yes", "true", "on" };
	static const char *const no[] = { "no", "false", "off" };
	double n;
	int d;

	memset(out, 0, sizeof(*out));
	if (!*text || !strcmp(text, "~") || str_ieq(text, "null"))
		return;
	for (size_t i = 0; i < 3; i++) {
		if (str_ieq(text, yes[i])) {
			value_set_bool(out, 1);
			return;
		}
		if (str_ieq(text, no[i])) {
			value_set_bool(out, 0);
			return;
		}
	}
	if (!parse_number(text, &n))
		value_set_number(out, n);
	else if (!date_parse(text, &d))
		value_set_date(out, d);
	else if (keep) {
		out->type = VALUE_STRING;
		out->string = (char *)text;
	} else {
		value_set_string(out, text);
	}
}

void value_from_plain(struct value *out, const char *text)
{
	from_plain(out, text, 0);
}

void value_from_plain_kept(struct value *out, char *text)
{
	from_plain(out, text, 1);
}

int value_truthy(const struct value *v)
{
	switch (v->type) {
	case VALUE_BOOL:
		return v->boolean;
	case VALUE_NUMBER:
		return v->number != 0;
	case VALUE_STRING:
		return v->string[0] != '\0';
	case VALUE_LIST:
		return v->n > 0;
	case VALUE_DATE:
	case VALUE_MAP:
		return 1;
	case VALUE_UNKNOWN:
		break;
	}
	return 0;
}

int value_equal(const struct value *a, const struct value *b)
{
	if (a->type != b->type)
		return 0;
	switch (a->type) {
	case VALUE_BOOL:
		return a->boolean == b->boolean;
	case VALUE_NUMBER:
		return a->number == b->number;
	case VALUE_DATE:
		return a->date == b->date;
	case VALUE_STRING:
		return !strcmp(a->string, b->string);
	case VALUE_LIST:
		if (a->n != b->n)
			return 0;
		for (size_t i = 0; i < a->n; i++)
			if (!value_equal(&a->items[i], &b->items[i]))
				return 0;
		return 1;
	case VALUE_UNKNOWN:
	case VALUE_MAP:
		break;
	}
	return 1;
}

const char *value_type_name(enum value_type t)
{
	switch (t) {
	case VALUE_UNKNOWN:
		return "unknown";
	case VALUE_BOOL:
		return "yes/no";
	case VALUE_NUMBER:
		return "number";
	case VALUE_DATE:
		return "date";
	case VALUE_STRING:
		return "text";
	case VALUE_LIST:
		return "list";
	case VALUE_MAP:
		return "mapping";
	}
	return "?";
}

void number_format(struct strbuf *sb, double n)
{
	if (n == (double)(long long)n && fabs(n) < 1e15)
		strbuf_addf(sb, "%lld", (long long)n);
	else
		strbuf_addf(sb, "%.15g", n);
}

void amount_format(struct strbuf *sb, double x)
{
	size_t start = sb->len;

	if (x == floor(x) && fabs(x) < 1e15) {
		strbuf_addf(sb, "%.0f", x == 0 ? 0.0 : x);
		return;
	}
	strbuf_addf(sb, "%.2f", x);
	while (sb->len > start && sb->buf[sb->len - 1] == '0')
		sb->len--;
	if (sb->len > start && sb->buf[sb->len - 1] == '.')
		sb->len--;
	sb->buf[sb->len] = '\0';
	if (!strcmp(sb->buf + start, "-0"))
		strbuf_splice(sb, start, 2, "0", 1);
}

void value_format(struct strbuf *sb, const struct value *v)
{
	char d[11];

	switch (v->type) {
	case VALUE_UNKNOWN:
		strbuf_addch(sb, '?');
		break;
	case VALUE_BOOL:
		strbuf_addstr(sb, v->boolean ? "yes" : "no");
		break;
	case VALUE_NUMBER:
		number_format(sb, v->number);
		break;
	case VALUE_DATE:
		date_format(v->date, d);
		strbuf_addstr(sb, d);
		break;
	case VALUE_STRING:
		strbuf_addstr(sb, v->string);
		break;
	case VALUE_LIST:
		strbuf_addch(sb, '[');
		for (size_t i = 0; i < v->n; i++) {
			if (i)
				strbuf_addstr(sb, ", ");
			value_format(sb, &v->items[i]);
		}
		strbuf_addch(sb, ']');
		break;
	case VALUE_MAP:
		strbuf_addstr(sb, "{…}");
		break;
	}
}

const struct value *fields_get(const struct fields *f, const char *key)
{
	/* most keys differ in their first letter: no call for those */
	for (size_t i = 0; i < f->n; i++)
		if (f->v[i].key[0] == key[0] && !strcmp(f->v[i].key, key))
			return &f->v[i].val;
	return NULL;
}

void fields_add(struct fields *f, const char *key, struct value *val)
{
	ALLOC_GROW(f->v, f->n + 1, f->alloc);
	f->v[f->n].key = xstrdup(key);
	f->v[f->n].val = *val;
	f->v[f->n].line = f->v[f->n].col = 0;
	f->n++;
	*val = (struct value)VALUE_INIT;
}

void fields_set(struct fields *f, const char *key, const struct value *val)
{
	struct value copy;

	value_copy(&copy, val);
	for (size_t i = 0; i < f->n; i++) {
		if (!strcmp(f->v[i].key, key)) {
			value_free(&f->v[i].val);
			f->v[i].val = copy;
			return;
		}
	}
	fields_add(f, key, &copy);
}

void fields_set_string(struct fields *f, const char *key, const char *s)
{
	struct value v = VALUE_INIT;

	value_set_string(&v, s);
	fields_set(f, key, &v);
	value_free(&v);
}

void fields_add_string(struct fields *f, const char *key, const char *s)
{
	struct value v = VALUE_INIT;

	value_set_string(&v, s);
	fields_add(f, key, &v);
}

void fields_add_date(struct fields *f, const char *key, int days)
{
	struct value v = VALUE_INIT;

	value_set_date(&v, days);
	fields_add(f, key, &v);
}

void fields_set_date(struct fields *f, const char *key, int days)
{
	struct value v = VALUE_INIT;

	value_set_date(&v, days);
	fields_set(f, key, &v);
}

void fields_clear(struct fields *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->v[i].key);
		value_free(&f->v[i].val);
	}
	free(f->v);
	f->v = NULL;
	f->n = f->alloc = 0;
}

const struct value *fields_value(const struct fields *f, const char *key)
{
	const struct value *v = f ? fields_get(f, key) : NULL;

	return v && v->type != VALUE_UNKNOWN ? v : NULL;
}

const char *fields_string(const struct fields *f, const char *key)
{
	const struct value *v = fields_value(f, key);

	return v && v->type == VALUE_STRING ? v->string : NULL;
}

int fields_date(const struct fields *f, const char *key, int *out)
{
	const struct value *v = fields_value(f, key);

	if (!v || v->type != VALUE_DATE)
		return 0;
	*out = v->date;
	return 1;
}

int fields_number(const struct fields *f, const char *key, double *out)
{
	const struct value *v = fields_value(f, key);

	if (!v || v->type != VALUE_NUMBER)
		return 0;
	*out = v->number;
	return 1;
}
