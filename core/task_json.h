/* task_json.h: a task as JSON, the same in every command; its field names
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
 * null unless it is a number. The value as written is always in "fields". */
#ifndef DLG_TASK_JSON_H
#define DLG_TASK_JSON_H

#include "core/task.h"
#include "formats/json.h"

/* The task object described above: a new reference the caller owns. */
json_t *task_json(const struct task *t);

#endif
