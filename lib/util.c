/* util.c: allocation that cannot fail, string lists and sets, and string
 * helpers. */
#include "lib/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

void die(const char *fmt, ...)
{
	va_list ap;

	fputs("dlg: fatal: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		die("out of memory (%zu bytes)", n);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		die("out of memory (%zu bytes)", n * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		die("out of memory (%zu bytes)", n);
	return q;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xstrfmt(const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	return strbuf_detach(&sb, NULL);
}

void *xgrow(void *p, size_t want, size_t *alloc, size_t elem)
{
	size_t n = *alloc;

	if (want <= n)
		return p;
	n = n < 8 ? 8 : n;
	while (n < want)
		n = n + n / 2;
	*alloc = n;
	return xrealloc(p, n * elem);
}

void *xreserve(void *p, size_t want, size_t *alloc, size_t elem)
{
	if (want <= *alloc)
		return p;
	*alloc = want;
	return xrealloc(p, want * elem);
}

void strlist_push_nodup(struct strlist *l, char *s)
{
	ALLOC_GROW(l->v, l->n + 1, l->alloc);
	l->v[l->n++] = s;
}

void strlist_push(struct strlist *l, const char *s)
{
	strlist_push_nodup(l, xstrdup(s));
}

int strlist_has(const struct strlist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i], s))
			return 1;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void strlist_sort(struct strlist *l)
{
	size_t i = 1;

	/* lists made in order (a walk of the tree) are common: don't sort them */
	while (i < l->n && strcmp(l->v[i - 1], l->v[i]) <= 0)
		i++;
	if (i < l->n)
		qsort(l->v, l->n, sizeof(*l->v), cmp_str);
}

void strlist_clear(struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->alloc = 0;
}

int starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && !strcmp(s + a - b, suffix);
}

int str_ieq(const char *a, const char *b)
{
	return !strcasecmp(a, b);
}

size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t *row, i, j, d;

	if (la > 64 || lb > 64)
		return (size_t)-1;
	row = xmalloc((lb + 1) * sizeof(*row));
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;

			d = diag + cost;
			if (up + 1 < d)
				d = up + 1;
			if (row[j - 1] + 1 < d)
				d = row[j - 1] + 1;
			row[j] = d;
			diag = up;
		}
	}
	d = row[lb];
	free(row);
	return d;
}

const char *closest_match(const char *word, const char *const *candidates, size_t n)
{
	const char *best = NULL;
	size_t best_d = (size_t)-1;
	size_t limit = strlen(word) <= 4 ? 1 : strlen(word) <= 8 ? 2 : 3;

	for (size_t i = 0; i < n; i++) {
		size_t d = edit_distance(word, candidates[i]);

		if (d < best_d) {
			best_d = d;
			best = candidates[i];
		}
	}
	return best_d <= limit ? best : NULL;
}

static size_t str_hash(const char *s)
{
	size_t h = 14695981039346656037ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

static char **strset_slot(const struct strset *set, const char *s)
{
	size_t mask = set->cap - 1, i = str_hash(s) & mask;

	while (set->slots[i] && strcmp(set->slots[i], s))
		i = (i + 1) & mask;
	return &set->slots[i];
}

int strset_has(const struct strset *set, const char *s)
{
	return set->cap && *strset_slot(set, s) != NULL;
}

/* Room for one more string: the table at most half full. */
static void strset_make_room(struct strset *set)
{
	struct strset bigger = { NULL, set->n, set->cap ? set->cap * 2 : 64 };

	if ((set->n + 1) * 2 <= set->cap)
		return;
	bigger.slots = xcalloc(bigger.cap, sizeof(*bigger.slots));
	for (size_t i = 0; i < set->cap; i++)
		if (set->slots[i])
			*strset_slot(&bigger, set->slots[i]) = set->slots[i];
	free(set->slots);
	*set = bigger;
}

const char *strset_intern(struct strset *set, const char *s)
{
	char **slot;

	if (!s)
		return NULL;
	strset_make_room(set);
	slot = strset_slot(set, s);
	if (!*slot) {
		*slot = xstrdup(s);
		set->n++;
	}
	return *slot;
}

int strset_add(struct strset *set, const char *s)
{
	size_t had = set->n;

	strset_intern(set, s);
	return set->n > had;
}

void strset_clear(struct strset *set)
{
	for (size_t i = 0; i < set->cap; i++)
		free(set->slots[i]);
	free(set->slots);
	set->slots = NULL;
	set->n = set->cap = 0;
}

int write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = EIO;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}
