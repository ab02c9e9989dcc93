/* arena.h: memory handed out in blocks and given back all at once, for the
 * many small things that live and die together (the tasks a read command
 * builds from the cache: a malloc each would cost more than the work). */
#ifndef DLG_ARENA_H
#define DLG_ARENA_H

#include <stddef.h>

struct arena_block;
struct arena {
	struct arena_block *blocks; /* the newest first */
	char *next;                 /* free space in the newest */
	size_t left;
};
/* clang-format off */
#define ARENA_INIT { NULL, NULL, 0 }
/* clang-format on */

/* n bytes aligned for pointers and doubles, zeroed; never NULL (dies when out of memory). */
void *arena_alloc(struct arena *a, size_t n);
/* A copy of n bytes of data, aligned as arena_alloc's. */
void *arena_memdup(struct arena *a, const void *data, size_t n);
/* A copy of s (NULL for NULL). */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* Give back every block. */
void arena_release(struct arena *a);

#endif
