/* util.h: what every file of dlg includes first: attributes, error codes,
 * allocation that cannot fail, string lists and sets, and string helpers.
 * It also brings in strbuf.h and diag.h, which nearly every file needs. */
#ifndef DLG_UTIL_H
#define DLG_UTIL_H

#include <stdarg.h>
#include <stddef.h>

#define DLG_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define DLG_NORETURN     __attribute__((noreturn))
#define ARRAY_SIZE(a)    (sizeof(a) / sizeof((a)[0]))

/* Error codes returned by core/ and formats/ (0 is success). */
enum {
	DLG_OK = 0,
	DLG_ERROR = -1, /* generic failure; the message says what */
	DLG_ENOTFOUND = -3,
	DLG_EINVALID = -4, /* input does not parse or validate */
	DLG_ELOCKED = -14,
	DLG_ESTATE = -15, /* repository is in a state we refuse to work in */
};

/* Allocation failure aborts with a message: callers never check. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xstrfmt(const char *fmt, ...) DLG_PRINTF(1, 2);
/* Grow *p (holding *alloc elements of size elem) to hold at least want. */
void *xgrow(void *p, size_t want, size_t *alloc, size_t elem);
#define ALLOC_GROW(p, want, alloc) ((p) = xgrow((p), (want), &(alloc), sizeof(*(p))))
/* Room for want at once, no more: for an array whose size is known (growing
 * by half leaves up to a third unused, megabytes at 100,000 tasks). */
void *xreserve(void *p, size_t want, size_t *alloc, size_t elem);
#define ALLOC_RESERVE(p, want, alloc) ((p) = xreserve((p), (want), &(alloc), sizeof(*(p))))

DLG_NORETURN void die(const char *fmt, ...) DLG_PRINTF(1, 2);

/* A list of owned strings. */
struct strlist {
	char **v;
	size_t n;
	size_t alloc;
};
#define STRLIST_INIT                                                                               \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}
void strlist_push(struct strlist *l, const char *s);
void strlist_push_nodup(struct strlist *l, char *s);
int strlist_has(const struct strlist *l, const char *s);
void strlist_sort(struct strlist *l);
void strlist_clear(struct strlist *l);

/* A set of strings (copies), for membership tests over many names. */
struct strset {
	char **slots;
	size_t n;
	size_t cap; /* a power of two, or 0 */
};
#define STRSET_INIT                                                                                \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}
/* 1 when s was added, 0 when it was there already. */
int strset_add(struct strset *set, const char *s);
int strset_has(const struct strset *set, const char *s);
/* The set's copy of s, added when it isn't there: a string many holders
 * share, stored once. NULL for NULL. Valid until the set is cleared. */
const char *strset_intern(struct strset *set, const char *s);
void strset_clear(struct strset *set);

int starts_with(const char *s, const char *prefix);
int ends_with(const char *s, const char *suffix);
int str_ieq(const char *a, const char *b);
/* Levenshtein distance, capped: used for "did you mean". */
size_t edit_distance(const char *a, const char *b);
/* The candidate closest to word, or NULL when none is close enough. */
const char *closest_match(const char *word, const char *const *candidates, size_t n);

#include "lib/diag.h"
#include "lib/strbuf.h"

/* Write all of data to fd, again after EINTR and short writes; -1 with
 * errno set (EIO for a write of nothing). */
int write_all(int fd, const void *data, size_t len);

#endif
