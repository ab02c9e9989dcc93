/* cache.c: the sync cache, one line per settled task file. */
#include "core/cache.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define CACHE_MAGIC "dlg-cache 1"

static unsigned long long fnv(unsigned long long h, const void *data, size_t len)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static int cmp_cstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char *cache_key(const char *root)
{
	unsigned long long h = 14695981039346656037ULL;
	struct strbuf sb = STRBUF_INIT;
	struct strlist names = STRLIST_INIT;
	struct dirent *de;
	DIR *d;

	h = fnv(h, DLG_VERSION, strlen(DLG_VERSION));
	strbuf_addf(&sb, "%s/dlg.ini", root);
	{
		struct strbuf ini = STRBUF_INIT;

		if (strbuf_read_file(&ini, sb.buf) == 0)
			h = fnv(h, ini.buf, ini.len);
		strbuf_release(&ini);
	}
	strbuf_reset(&sb);
	strbuf_addf(&sb, "%s/people", root);
	d = opendir(sb.buf);
	while (d && (de = readdir(d)))
		if (de->d_name[0] != '.' && ends_with(de->d_name, ".md"))
			strlist_push(&names, de->d_name);
	if (d)
		closedir(d);
	if (names.n > 1)
		qsort(names.v, names.n, sizeof(*names.v), cmp_cstr);
	for (size_t i = 0; i < names.n; i++) {
		struct file_stamp st;

		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s/people/%s", root, names.v[i]);
		memset(&st, 0, sizeof(st));
		file_stamp_of(&st, sb.buf);
		h = fnv(h, names.v[i], strlen(names.v[i]) + 1);
		h = fnv(h, &st, sizeof(st));
	}
	strlist_clear(&names);
	strbuf_release(&sb);
	return xstrfmt("%016llx", h);
}

static void entry_release(struct cache_entry *e)
{
	free(e->path);
	free(e->status);
	free(e->decision);
	free(e->to);
	free(e->channel);
}

void cache_release(struct cache *c)
{
	for (size_t i = 0; i < c->n; i++)
		entry_release(&c->v[i]);
	free(c->v);
	c->v = NULL;
	c->n = c->alloc = 0;
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct cache_entry *)a)->path, ((const struct cache_entry *)b)->path);
}

/* Split line at tabs into at most max fields; returns how many. */
static size_t split_tabs(char *line, char **fields, size_t max)
{
	size_t n = 0;

	fields[n++] = line;
	for (char *p = line; *p && n < max; p++) {
		if (*p == '\t') {
			*p = '\0';
			fields[n++] = p + 1;
		}
	}
	return n;
}

static int parse_entry(struct cache_entry *e, char *line)
{
	char *f[10];
	char *end;

	if (split_tabs(line, f, 10) != 10)
		return -1;
	memset(e, 0, sizeof(*e));
	e->stamp.size = strtoll(f[1], &end, 10);
	e->stamp.mtime_sec = strtoll(f[2], &end, 10);
	e->stamp.mtime_nsec = strtol(f[3], &end, 10);
	e->stamp.ino = strtoull(f[4], &end, 10);
	if (*f[9]) {
		if (date_parse(f[9], &e->follow_up))
			return -1;
		e->has_follow_up = 1;
	}
	e->path = xstrdup(f[0]);
	e->status = xstrdup(f[5]);
	e->decision = xstrdup(f[6]);
	e->to = xstrdup(f[7]);
	e->channel = xstrdup(f[8]);
	return 0;
}

void cache_load(struct cache *c, const char *file, const char *key)
{
	struct strbuf data = STRBUF_INIT;
	char *line, *next, *want = xstrfmt("%s %s", CACHE_MAGIC, key);
	int ok = 1;

	memset(c, 0, sizeof(*c));
	if (strbuf_read_file(&data, file) < 0 || !data.len) {
		free(want);
		strbuf_release(&data);
		return;
	}
	line = data.buf;
	next = strchr(line, '\n');
	if (!next)
		ok = 0;
	else
		*next++ = '\0';
	if (ok && strcmp(line, want))
		ok = 0; /* stale: dlg.ini, people/ or dlg changed */
	for (line = next; ok && line && *line; line = next) {
		struct cache_entry e;

		next = strchr(line, '\n');
		if (!next) {
			ok = 0; /* cut short */
			break;
		}
		*next++ = '\0';
		if (parse_entry(&e, line)) {
			ok = 0;
			break;
		}
		cache_add_entry(c, &e);
		entry_release(&e);
	}
	if (!ok)
		cache_release(c);
	else if (c->n > 1)
		qsort(c->v, c->n, sizeof(*c->v), cmp_entry);
	free(want);
	strbuf_release(&data);
}

void cache_sort(struct cache *c)
{
	if (c->n > 1)
		qsort(c->v, c->n, sizeof(*c->v), cmp_entry);
}

const struct cache_entry *cache_find_path(const struct cache *c, const char *path)
{
	struct cache_entry key;

	if (!c->n)
		return NULL;
	memset(&key, 0, sizeof(key));
	key.path = (char *)path;
	return bsearch(&key, c->v, c->n, sizeof(key), cmp_entry);
}

const struct cache_entry *cache_lookup(const struct cache *c, const char *path,
                                       const struct file_stamp *stamp)
{
	const struct cache_entry *e = cache_find_path(c, path);

	if (!e || e->stamp.size != stamp->size || e->stamp.mtime_sec != stamp->mtime_sec ||
	    e->stamp.mtime_nsec != stamp->mtime_nsec || e->stamp.ino != stamp->ino)
		return NULL;
	return e;
}

void cache_add_entry(struct cache *c, const struct cache_entry *e)
{
	struct cache_entry *n;

	ALLOC_GROW(c->v, c->n + 1, c->alloc);
	n = &c->v[c->n++];
	*n = *e;
	n->path = xstrdup(e->path);
	n->status = xstrdup(e->status);
	n->decision = xstrdup(e->decision);
	n->to = xstrdup(e->to);
	n->channel = xstrdup(e->channel);
}

/* A field as cache text, or NULL when it can't be cached (tabs, newlines). */
static char *text_of(const struct fields *f, const char *key)
{
	const struct value *v = fields_get(f, key);
	struct strbuf sb = STRBUF_INIT;

	if (v && v->type != VALUE_UNKNOWN)
		value_format(&sb, v);
	if (strpbrk(sb.buf, "\t\n\r")) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb, NULL);
}

void cache_add(struct cache *c, const char *path, const struct file_stamp *stamp,
               const struct fields *task)
{
	const struct value *fu = fields_get(task, "follow_up");
	struct cache_entry e;

	if (strpbrk(path, "\t\n\r"))
		return;
	memset(&e, 0, sizeof(e));
	e.path = (char *)path;
	e.stamp = *stamp;
	e.status = text_of(task, "status");
	e.decision = text_of(task, "decision");
	e.to = text_of(task, "to");
	e.channel = text_of(task, "channel");
	if (fu && fu->type == VALUE_DATE) {
		e.has_follow_up = 1;
		e.follow_up = fu->date;
	} else if (fu && fu->type != VALUE_UNKNOWN) {
		e.path = NULL; /* not a date: let the lifecycle see it each time */
	}
	if (e.path && e.status && e.decision && e.to && e.channel)
		cache_add_entry(c, &e);
	e.path = NULL;
	entry_release(&e);
}

int cache_save(struct cache *c, const char *file, const char *key, long long now_sec,
               struct dlg_err *err)
{
	struct strbuf sb = STRBUF_INIT;
	char *dir = xstrdup(file), *slash = strrchr(dir, '/');
	int ret;

	if (slash) {
		*slash = '\0';
		if (mkdir(dir, 0777) < 0 && errno != EEXIST) {
			ret = err_set(err, 0, 0, "cannot make %s: %s", dir, strerror(errno));
			free(dir);
			return ret;
		}
	}
	free(dir);
	if (c->n > 1)
		qsort(c->v, c->n, sizeof(*c->v), cmp_entry);
	strbuf_addf(&sb, "%s %s\n", CACHE_MAGIC, key);
	for (size_t i = 0; i < c->n; i++) {
		const struct cache_entry *e = &c->v[i];
		char date[11] = "";

		if (e->stamp.mtime_sec >= now_sec - 1)
			continue; /* racily clean: look at it again next time */
		if (e->has_follow_up)
			date_format(e->follow_up, date);
		strbuf_addf(&sb, "%s\t%lld\t%lld\t%ld\t%llu\t%s\t%s\t%s\t%s\t%s\n", e->path,
		            e->stamp.size, e->stamp.mtime_sec, e->stamp.mtime_nsec, e->stamp.ino,
		            e->status, e->decision, e->to, e->channel, date);
	}
	ret = file_write_atomic(file, sb.buf, sb.len, err);
	strbuf_release(&sb);
	return ret;
}
