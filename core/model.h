/* model.h: one reading of every field dlg knows, the same for every
 * command: what type each field has, what makes it wrong, and its normal
 * form. `dlg check` reports exactly what this reports; sync, list, agenda,
 * people, report and new act only on tasks it finds nothing wrong with.
 *
 * The reading (DESIGN.md "A task file"):
 * - A key dlg knows written in another case ("Status", "DUE") is that
 *   field, and keeps its spelling in the file.
 * - Enumerated values (status, decision, skill, kind) and yes/no are read
 *   without regard to case.
 * - A date field holds YYYY-MM-DD, also quoted, or an ISO date-time (the
 *   date is its calendar day); anything else is an error at its column.
 * - Numbers are plain numbers: "1,200" and "2h" are errors, with a hint.
 * - tags written as "a, b" text is the list [a, b].
 * - to names a file in people/; channel names a [channel] of dlg.ini. */
#ifndef DLG_MODEL_H
#define DLG_MODEL_H

#include "core/config.h"
#include "core/people.h"
#include "lib/util.h"
#include "lib/value.h"

/* Bring a task's fields to their normal form (in place) and add every
 * problem to d as path:line:col: message. Returns the number of errors
 * (warnings don't count): a task with any is left as it is by every
 * command. */
int model_read_task(struct fields *f, const char *path, struct diags *d);
/* The same for a person's fields. */
int model_read_person(struct fields *f, const char *path, struct diags *d);

/* What references are checked against; either may be NULL (not checked). */
struct model_refs {
	const struct config *cfg;
	const struct people_info *people;
};
/* Check a task's (or person's) `to` and `channel` against people/ and
 * dlg.ini. Returns the number of errors added to d. */
int model_check_refs(const struct fields *f, const char *path, const struct model_refs *refs,
                     struct diags *d);

/* The spelling dlg knows for key, when key is a field of DESIGN.md's tables
 * in any case ("Status" -> "status"), else NULL. */
const char *model_known_key(const char *key);
/* What a task field holds, for a command line that types values itself. */
enum model_kind { MODEL_OTHER = 0, MODEL_DATE, MODEL_NUMBER, MODEL_LIST };
enum model_kind model_field_kind(const char *key);
/* Add every task field dlg knows to set. */
void model_add_known_keys(struct strset *set);
/* The same for the fields of a person file. */
const char *model_known_person_key(const char *key);

#endif
