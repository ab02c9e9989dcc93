/* json.h: JSON built with jansson: values, dates and fields as JSON, and
 * writing a document out. Shared by every command with --json (list, agenda,
 * people, report) so they agree on types.
 *
 * Values (json_from_value): unknown/absent -> null; yes/no -> true/false;
 * numbers -> integers when whole (3), else reals (2.5); dates -> strings
 * "YYYY-MM-DD"; text -> strings (invalid UTF-8 is repaired with U+FFFD);
 * lists -> arrays; a nested mapping (kept in the file, opaque to dlg) -> null.
 *
 * Every function returns a new reference the caller owns (json_decref), and
 * never NULL.
 */
#ifndef DLG_JSON_H
#define DLG_JSON_H

#include <jansson.h>
#include <stdio.h>

#include "lib/value.h"

/* A string; NULL gives null. */
json_t *json_from_str(const char *s);
/* An integer when n is whole (and exactly representable), else a real;
 * null for NaN and infinities. */
json_t *json_from_number(double n);
/* "YYYY-MM-DD" for days since 1970-01-01. */
json_t *json_from_date(int days);
/* v as described above; NULL gives null. */
json_t *json_from_value(const struct value *v);
/* v as its file wrote it: the text, when a value was read from text as
 * another type (a quoted date, "a, b" tags); else as json_from_value. */
json_t *json_from_written(const struct value *v);
/* An object of every field, in order, each as written. */
json_t *json_from_fields(const struct fields *f);

/* Write j to fp indented by 2, keys in insertion order, reals with 15
 * significant digits, and a final newline. 0, or -1 when writing failed
 * (errno set). Does not take j's reference. */
int json_write(FILE *fp, const json_t *j);

#endif
