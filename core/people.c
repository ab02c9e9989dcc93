/* people.c: finding a person by id. */
#include "core/people.h"

#include <string.h>

const struct person_info *people_find(const struct people_info *p, const char *id)
{
	if (!p || !id)
		return NULL;
	for (size_t i = 0; i < p->n; i++)
		if (!strcmp(p->v[i].id, id))
			return &p->v[i];
	return NULL;
}
