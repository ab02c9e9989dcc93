/* arena.c: blocks of memory given back together (see arena.h). */
#include "lib/arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"

#define ARENA_BLOCK (1u << 20)

struct arena_block {
	struct arena_block *next;
	max_align_t data[];
};

/* n bytes at a multiple of align (a power of two no larger than a block's
 * own alignment), not zeroed */
static void *take(struct arena *a, size_t n, size_t align)
{
	struct arena_block *b;
	size_t skip;
	void *p;

	if (n > ARENA_BLOCK / 4) {
		/* a large request gets a block of its own, kept behind the one
		 * in use, which goes on handing out its space */
		b = xmalloc(sizeof(*b) + n);
		if (a->blocks) {
			b->next = a->blocks->next;
			a->blocks->next = b;
		} else {
			b->next = NULL;
			a->blocks = b;
		}
		return b->data;
	}
	skip = (align - ((uintptr_t)a->next & (align - 1))) & (align - 1);
	if (!a->blocks || skip + n > a->left) {
		b = xmalloc(sizeof(*b) + ARENA_BLOCK);
		b->next = a->blocks;
		a->blocks = b;
		a->next = (char *)b->data;
		a->left = ARENA_BLOCK;
		skip = 0;
	}
	p = a->next + skip;
	a->next += skip + n;
	a->left -= skip + n;
	return p;
}

#define ALIGN (sizeof(void *) > sizeof(double) ? sizeof(void *) : sizeof(double))

void *arena_alloc(struct arena *a, size_t n)
{
	void *p = take(a, n, ALIGN);

	memset(p, 0, n);
	return p;
}

void *arena_memdup(struct arena *a, const void *data, size_t n)
{
	void *p = take(a, n, ALIGN);

	if (n)
		memcpy(p, data, n);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p;

	if (!s)
		return NULL;
	p = take(a, n + 1, 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

void arena_release(struct arena *a)
{
	while (a->blocks) {
		struct arena_block *b = a->blocks;

		a->blocks = b->next;
		free(b);
	}
	a->next = NULL;
	a->left = 0;
}
