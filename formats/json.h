/* json.h: dlg's --json output, built with jansson: values, dates, fields and
 * tasks as JSON, and writing a document out. Shared by every command with
 * --json (list, agenda, people, report) so they agree on types.
 *
 * Values (json_from_value): unknown/absent -> null; yes/no -> true/false;
 * numbers -> integers when whole (3), else reals (2.5); dates -> strings
 * "YYYY-MM-DD"; text -> strings (invalid UTF-8 is repaired with U+FFFD);
 * lists -> arrays; a nested mapping (kept in the file, opaque to dlg) -> null.
 *
 * A task object (json_from_task), the same in every command; its field names
 * and types are stable:
 *
 *   id            string   path under tasks/ without .md: "home/clean-gutters"
 *   path          string   relative to the repository: "tasks/home/clean-gutters.md"
 *   title         string   title:, else the first # heading, else the id
 *   status        string   inbox (when absent), open, waiting, done, dropped
 *   decision      string   keep, delegate, outsource, drop; or null
 *   rule          string   the rule that decided, "manual"; or null
 *   because       string   the rule's reason; or null
 *   decided       date     or null
 *   channel       string   or null
 *   to            string   who has it (a people/ id); or null
 *   given         date     or null
 *   follow_up     date     or null
 *   due           date     or null
 *   completed     date     or null
 *   rating        number   or null
 *   hours         number   or null
 *   cost          number   or null
 *   tags          array    of values; [] when absent, [x] for a single `tags: x`
 *   checks_done   integer  checklist items ticked (0 when the body was not read)
 *   checks_total  integer  checklist items (0 when none)
 *   fields        object   every front-matter field as written, in file order,
 *                          typed as above (unknown keys included)
 *
 * Absent values are null. Text fields (status ... to) hold the value as text
 * when the file has a yes/no, number or date there, and null for a list or
 * mapping; date fields are null unless the value is a date; number fields
 * null unless it is a number. The value as written is always in "fields".
 *
 * Every function returns a new reference the caller owns (json_decref), and
 * never NULL.
 */
#ifndef DLG_JSON_H
#define DLG_JSON_H

#include <jansson.h>
#include <stdio.h>

#include "../core/task.h"
#include "../core/value.h"

/* A string; NULL gives null. */
json_t *json_from_str(const char *s);
/* An integer when n is whole (and exactly representable), else a real;
 * null for NaN and infinities. */
json_t *json_from_number(double n);
/* "YYYY-MM-DD" for days since 1970-01-01. */
json_t *json_from_date(int days);
/* v as described above; NULL gives null. */
json_t *json_from_value(const struct value *v);
/* An object of every field, in order. */
json_t *json_from_fields(const struct fields *f);
/* The task object described above. */
json_t *json_from_task(const struct task *t);

/* Write j to fp indented by 2, keys in insertion order, reals with 15
 * significant digits, and a final newline. 0, or -1 when writing failed
 * (errno set). Does not take j's reference. */
int json_write(FILE *fp, const json_t *j);

#endif
