/* people.h: the people and services work is handed to, as the lifecycle
 * sees them: an id and the fields of their file in people/. */
#ifndef DLG_PEOPLE_H
#define DLG_PEOPLE_H

#include <stddef.h>

#include "lib/value.h"

struct person_info {
	const char *id;
	const struct fields *fields; /* their front-matter */
};
struct people_info {
	const struct person_info *v;
	size_t n;
};
/* The person with this id, borrowed from p; NULL when none (or p or id is
 * NULL). */
const struct person_info *people_find(const struct people_info *p, const char *id);

#endif
