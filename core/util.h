/* util.h: allocation that cannot fail, growable strings, and error reports. */
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

DLG_NORETURN void die(const char *fmt, ...) DLG_PRINTF(1, 2);

/* A growable NUL-terminated byte buffer, after git's strbuf. buf is never
 * NULL; it may hold NUL bytes (len counts them). */
struct strbuf {
	char *buf;
	size_t len;
	size_t alloc;
};
extern char strbuf_empty[];
#define STRBUF_INIT                                                                                \
	{                                                                                          \
		strbuf_empty, 0, 0                                                                 \
	}

void strbuf_init(struct strbuf *sb, size_t hint);
void strbuf_release(struct strbuf *sb);
/* The caller owns the returned string; sb is left empty. */
char *strbuf_detach(struct strbuf *sb, size_t *len);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_setlen(struct strbuf *sb, size_t len);
#define strbuf_reset(sb) strbuf_setlen((sb), 0)
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) DLG_PRINTF(2, 3);
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
/* Replace len bytes at pos with data. */
void strbuf_splice(struct strbuf *sb, size_t pos, size_t len, const void *data, size_t dlen);
/* Append n spaces. */
void strbuf_addspaces(struct strbuf *sb, size_t n);
/* Read a whole file; -1 with errno set on failure (sb unchanged). */
int strbuf_read_file(struct strbuf *sb, const char *path);

/* An error report filled in by core/ and formats/ for cmd/ to print.
 * line and col are 1-based and 0 when they don't apply. */
struct dlg_err {
	char *msg;
	int line;
	int col;
};
#define DLG_ERR_INIT                                                                               \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

/* Set the error (replacing any earlier one); returns DLG_ERROR so callers
 * can write `return err_set(err, ...)`. err may be NULL. */
int err_set(struct dlg_err *err, int line, int col, const char *fmt, ...) DLG_PRINTF(4, 5);
int err_setv(struct dlg_err *err, int line, int col, const char *fmt, va_list ap);
/* Put "prefix: " in front of the message. */
void err_prefix(struct dlg_err *err, const char *fmt, ...) DLG_PRINTF(2, 3);
void err_clear(struct dlg_err *err);

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

/* Diagnostics: problems found in a file, to be printed as
 * path:line:col: message (line and col are left out when 0). */
struct diag {
	char *path;
	int line;
	int col;
	int warning; /* a warning does not make the input invalid */
	char *msg;
};
struct diags {
	struct diag *v;
	size_t n;
	size_t alloc;
};
#define DIAGS_INIT                                                                                 \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}
void diags_add(struct diags *d, const char *path, int line, int col, int warning, const char *fmt,
               ...) DLG_PRINTF(6, 7);
/* Add err (path:err->line:err->col: err->msg). */
void diags_add_err(struct diags *d, const char *path, const struct dlg_err *err);
size_t diags_errors(const struct diags *d); /* how many are not warnings */
/* "path:line:col: message", "path:line: message" or "path: message". */
void diag_format(struct strbuf *sb, const struct diag *dg);
void diags_clear(struct diags *d);

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
void strset_clear(struct strset *set);

int starts_with(const char *s, const char *prefix);
int ends_with(const char *s, const char *suffix);
int str_ieq(const char *a, const char *b);
/* Levenshtein distance, capped: used for "did you mean". */
size_t edit_distance(const char *a, const char *b);
/* The candidate closest to word, or NULL when none is close enough. */
const char *closest_match(const char *word, const char *const *candidates, size_t n);

#endif
