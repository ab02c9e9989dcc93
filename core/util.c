/* util.c: allocation, strbuf, strlist and error reports. */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

char strbuf_empty[1];

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

void strbuf_init(struct strbuf *sb, size_t hint)
{
	sb->buf = strbuf_empty;
	sb->len = sb->alloc = 0;
	if (hint)
		strbuf_grow(sb, hint);
}

void strbuf_release(struct strbuf *sb)
{
	if (sb->alloc)
		free(sb->buf);
	strbuf_init(sb, 0);
}

char *strbuf_detach(struct strbuf *sb, size_t *len)
{
	char *s;

	strbuf_grow(sb, 0);
	s = sb->buf;
	if (len)
		*len = sb->len;
	strbuf_init(sb, 0);
	return s;
}

void strbuf_grow(struct strbuf *sb, size_t extra)
{
	int fresh = !sb->alloc;

	if (sb->len + extra + 1 <= sb->alloc)
		return;
	if (fresh)
		sb->buf = NULL;
	ALLOC_GROW(sb->buf, sb->len + extra + 1, sb->alloc);
	if (fresh)
		sb->buf[0] = '\0';
}

void strbuf_setlen(struct strbuf *sb, size_t len)
{
	if (!sb->alloc) {
		if (len)
			die("strbuf_setlen beyond an empty buffer");
		return;
	}
	sb->len = len;
	sb->buf[len] = '\0';
}

void strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
	strbuf_grow(sb, len);
	if (len)
		memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}

void strbuf_addstr(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

void strbuf_addch(struct strbuf *sb, int c)
{
	char ch = (char)c;

	strbuf_add(sb, &ch, 1);
}

void strbuf_addspaces(struct strbuf *sb, size_t n)
{
	strbuf_grow(sb, n);
	memset(sb->buf + sb->len, ' ', n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		die("bad format string '%s'", fmt);
	strbuf_grow(sb, (size_t)n);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
}

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
}

void strbuf_splice(struct strbuf *sb, size_t pos, size_t len, const void *data, size_t dlen)
{
	if (pos > sb->len || len > sb->len - pos)
		die("strbuf_splice out of range");
	if (dlen > len)
		strbuf_grow(sb, dlen - len);
	memmove(sb->buf + pos + dlen, sb->buf + pos + len, sb->len - pos - len);
	if (dlen)
		memcpy(sb->buf + pos, data, dlen);
	sb->len = sb->len + dlen - len;
	if (sb->alloc)
		sb->buf[sb->len] = '\0';
}

int strbuf_read_file(struct strbuf *sb, const char *path)
{
	size_t old = sb->len;
	char chunk[65536];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		strbuf_add(sb, chunk, (size_t)n);
	}
	if (n < 0) {
		int e = errno;

		close(fd);
		strbuf_setlen(sb, old);
		errno = e;
		return -1;
	}
	close(fd);
	return 0;
}

int err_setv(struct dlg_err *err, int line, int col, const char *fmt, va_list ap)
{
	struct strbuf sb = STRBUF_INIT;

	if (!err)
		return DLG_ERROR;
	strbuf_vaddf(&sb, fmt, ap);
	free(err->msg);
	err->msg = strbuf_detach(&sb, NULL);
	err->line = line;
	err->col = col;
	return DLG_ERROR;
}

int err_set(struct dlg_err *err, int line, int col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_setv(err, line, col, fmt, ap);
	va_end(ap);
	return DLG_ERROR;
}

void err_prefix(struct dlg_err *err, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	if (!err)
		return;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	strbuf_addstr(&sb, ": ");
	strbuf_addstr(&sb, err->msg ? err->msg : "unknown error");
	free(err->msg);
	err->msg = strbuf_detach(&sb, NULL);
}

void err_clear(struct dlg_err *err)
{
	if (!err)
		return;
	free(err->msg);
	err->msg = NULL;
	err->line = err->col = 0;
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
	if (l->n > 1)
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

void diags_add(struct diags *d, const char *path, int line, int col, int warning, const char *fmt,
               ...)
{
	struct strbuf sb = STRBUF_INIT;
	struct diag *dg;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	ALLOC_GROW(d->v, d->n + 1, d->alloc);
	dg = &d->v[d->n++];
	dg->path = xstrdup(path ? path : "");
	dg->line = line;
	dg->col = col;
	dg->warning = warning;
	dg->msg = strbuf_detach(&sb, NULL);
}

void diags_add_err(struct diags *d, const char *path, const struct dlg_err *err)
{
	diags_add(d, path, err->line, err->col, 0, "%s", err->msg ? err->msg : "unknown error");
}

size_t diags_errors(const struct diags *d)
{
	size_t n = 0;

	for (size_t i = 0; i < d->n; i++)
		n += !d->v[i].warning;
	return n;
}

void diag_format(struct strbuf *sb, const struct diag *dg)
{
	if (*dg->path)
		strbuf_addstr(sb, dg->path);
	if (dg->line > 0) {
		strbuf_addf(sb, ":%d", dg->line);
		if (dg->col > 0)
			strbuf_addf(sb, ":%d", dg->col);
	}
	if (*dg->path || dg->line > 0)
		strbuf_addstr(sb, ": ");
	if (dg->warning)
		strbuf_addstr(sb, "warning: ");
	strbuf_addstr(sb, dg->msg);
}

void diags_clear(struct diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].path);
		free(d->v[i].msg);
	}
	free(d->v);
	d->v = NULL;
	d->n = d->alloc = 0;
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

int strset_add(struct strset *set, const char *s)
{
	char **slot;

	if ((set->n + 1) * 2 > set->cap) {
		struct strset bigger = { NULL, 0, set->cap ? set->cap * 2 : 64 };

		bigger.slots = xcalloc(bigger.cap, sizeof(*bigger.slots));
		for (size_t i = 0; i < set->cap; i++)
			if (set->slots[i])
				*strset_slot(&bigger, set->slots[i]) = set->slots[i];
		bigger.n = set->n;
		free(set->slots);
		*set = bigger;
	}
	slot = strset_slot(set, s);
	if (*slot)
		return 0;
	*slot = xstrdup(s);
	set->n++;
	return 1;
}

void strset_clear(struct strset *set)
{
	for (size_t i = 0; i < set->cap; i++)
		free(set->slots[i]);
	free(set->slots);
	set->slots = NULL;
	set->n = set->cap = 0;
}
