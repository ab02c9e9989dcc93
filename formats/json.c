/* json.c: values and fields as jansson JSON, and writing it out. */
#include "formats/json.h"

#include "lib/utf8.h"

#include <errno.h>
#include <math.h>
#include <string.h>

json_t *json_from_str(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	const unsigned char *p = (const unsigned char *)s;
	size_t n, len;
	json_t *j;

	if (!s)
		return json_null();
	j = json_string(s);
	if (j)
		return j;
	/* Not valid UTF-8: replace each bad byte with U+FFFD. */
	len = strlen(s);
	for (size_t i = 0; i < len; i += n ? n : 1) {
		n = utf8_seq(p + i, len - i);
		if (n)
			strbuf_add(&sb, p + i, n);
		else
			strbuf_addstr(&sb, "\xef\xbf\xbd");
	}
	j = json_string(sb.buf);
	strbuf_release(&sb);
	return j ? j : json_null();
}

json_t *json_from_number(double n)
{
	json_t *j;

	if (n == floor(n) && fabs(n) <= 9007199254740992.0)
		return json_integer((json_int_t)n);
	j = json_real(n);
	return j ? j : json_null();
}

json_t *json_from_date(int days)
{
	char buf[11];

	date_format(days, buf);
	return json_string(buf);
}

json_t *json_from_value(const struct value *v)
{
	json_t *a;

	if (!v)
		return json_null();
	switch (v->type) {
	case VALUE_BOOL:
		return json_boolean(v->boolean);
	case VALUE_NUMBER:
		return json_from_number(v->number);
	case VALUE_DATE:
		return json_from_date(v->date);
	case VALUE_STRING:
		return json_from_str(v->string);
	case VALUE_LIST:
		a = json_array();
		for (size_t i = 0; i < v->n; i++)
			json_array_append_new(a, json_from_value(&v->items[i]));
		return a;
	case VALUE_UNKNOWN:
	case VALUE_MAP:
		break;
	}
	return json_null();
}

json_t *json_from_written(const struct value *v)
{
	if (v && v->string && v->type != VALUE_STRING)
		return json_from_str(v->string);
	return json_from_value(v);
}

json_t *json_from_fields(const struct fields *f)
{
	json_t *o = json_object();

	for (size_t i = 0; i < f->n; i++) {
		json_t *key = json_from_str(f->v[i].key);

		/* keys are text from the file: repaired like any string */
		json_object_set_new(o, json_string_value(key), json_from_written(&f->v[i].val));
		json_decref(key);
	}
	return o;
}

int json_write(FILE *fp, const json_t *j)
{
	size_t flags =
	    JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY | JSON_REAL_PRECISION(15);

	errno = 0;
	if (json_dumpf(j, fp, flags) < 0 || fputc('\n', fp) == EOF) {
		if (!errno)
			errno = EIO;
		return -1;
	}
	return 0;
}
