/* validate.h: what `dlg check` checks beyond parsing: field values of tasks
 * and people, references to people and channels, and names in rules that
 * nothing sets. Adds to diags; never prints. */
#ifndef DLG_VALIDATE_H
#define DLG_VALIDATE_H

#include "core/config.h"
#include "core/task.h"
#include "lib/util.h"

/* The fields DESIGN.md documents (written by people or by dlg). */
int validate_known_field(const char *name);

/* An invalid file's parse error, or its fields' problems: a status or
 * decision dlg doesn't know, a date field that is not a date, a rating
 * outside 1-5, a `to` naming no person, a `channel` naming no [channel]
 * (cfg may be NULL: channels are then not checked). */
void validate_task(const struct task *t, const struct config *cfg, const struct taskset *ts,
                   struct diags *d);
void validate_person(const struct person *p, const struct config *cfg, struct diags *d);
/* Warnings for names read by rules and channels that no task or person has
 * ever set and that DESIGN.md doesn't document, and for me.KEY that [me]
 * lacks. */
void validate_rule_names(const struct config *cfg, const char *ini_path, const struct taskset *ts,
                         struct diags *d);
/* The same over files seen one at a time (a streamed load): add each
 * task's and person's fields, then ask. */
struct validate_names {
	struct strset keys;  /* every key set */
	struct strset texts; /* every text value used */
};
/* clang-format off */
#define VALIDATE_NAMES_INIT { STRSET_INIT, STRSET_INIT }
/* clang-format on */
void validate_names_add(struct validate_names *n, const struct fields *f);
void validate_rule_names_from(const struct config *cfg, const char *ini_path,
                              struct validate_names *n, struct diags *d);
void validate_names_release(struct validate_names *n);

#endif
