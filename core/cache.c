/* cache.c: the sync cache, one line per settled task file. */
#include "core/cache.h"

#include "core/lifecycle.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define CACHE_MAGIC "dlg-cache 2"

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
	fields_clear(&e->fields);
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

/* "s" text, "d" date, "n" number, "b" yes/no, then the value. */
static int parse_value(struct value *out, const char *s)
{
	char *end;
	int days;

	switch (s[0]) {
	case 's':
		value_set_string(out, s + 1);
		return 0;
	case 'd':
		if (date_parse(s + 1, &days))
			return -1;
		value_set_date(out, days);
		return 0;
	case 'n':
		value_set_number(out, strtod(s + 1, &end));
		return *end || end == s + 1 ? -1 : 0;
	case 'b':
		if (strcmp(s + 1, "0") && strcmp(s + 1, "1"))
			return -1;
		value_set_bool(out, s[1] == '1');
		return 0;
	}
	return -1;
}

/* path, size, mtime, nanoseconds, inode, then key=value for each field. */
static int parse_entry(struct cache_entry *e, char *line)
{
	char *f[5 + LC_NFIELDS];
	size_t n = split_tabs(line, f, ARRAY_SIZE(f));
	char *end;

	memset(e, 0, sizeof(*e));
	if (n < 5)
		return -1;
	e->stamp.size = strtoll(f[1], &end, 10);
	e->stamp.mtime_sec = strtoll(f[2], &end, 10);
	e->stamp.mtime_nsec = strtol(f[3], &end, 10);
	e->stamp.ino = strtoull(f[4], &end, 10);
	for (size_t i = 5; i < n; i++) {
		char *eq = strchr(f[i], '=');
		struct value v = VALUE_INIT;

		if (!eq || parse_value(&v, eq + 1)) {
			fields_clear(&e->fields);
			return -1;
		}
		*eq = '\0';
		fields_set(&e->fields, f[i], &v);
		value_free(&v);
	}
	e->path = xstrdup(f[0]);
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
	memset(n, 0, sizeof(*n));
	n->path = xstrdup(e->path);
	n->stamp = e->stamp;
	for (size_t i = 0; i < e->fields.n; i++)
		fields_set(&n->fields, e->fields.v[i].key, &e->fields.v[i].val);
}

/* Whether v can be written on one cache line and read back the same. */
static int cacheable(const struct value *v)
{
	switch (v->type) {
	case VALUE_STRING:
		return !strpbrk(v->string, "\t\n\r");
	case VALUE_BOOL:
	case VALUE_DATE:
		return 1;
	case VALUE_NUMBER:
		return isfinite(v->number);
	default:
		return 0;
	}
}

void cache_add(struct cache *c, const char *path, const struct file_stamp *stamp,
               const struct fields *task)
{
	struct cache_entry e;

	if (strpbrk(path, "\t\n\r"))
		return;
	memset(&e, 0, sizeof(e));
	e.path = (char *)path;
	e.stamp = *stamp;
	for (size_t i = 0; i < LC_NFIELDS; i++) {
		const struct value *v = fields_get(task, lc_fields[i]);

		if (!v || v->type == VALUE_UNKNOWN)
			continue;
		if (!cacheable(v)) {
			fields_clear(&e.fields);
			return;
		}
		fields_set(&e.fields, lc_fields[i], v);
	}
	cache_add_entry(c, &e);
	fields_clear(&e.fields);
}

static void format_value(struct strbuf *sb, const struct value *v)
{
	char date[11];

	switch (v->type) {
	case VALUE_STRING:
		strbuf_addf(sb, "s%s", v->string);
		break;
	case VALUE_DATE:
		date_format(v->date, date);
		strbuf_addf(sb, "d%s", date);
		break;
	case VALUE_NUMBER:
		strbuf_addf(sb, "n%.17g", v->number);
		break;
	default:
		strbuf_addf(sb, "b%d", v->boolean ? 1 : 0);
		break;
	}
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

		if (e->stamp.mtime_sec >= now_sec - 1)
			continue; /* racily clean: look at it again next time */
		strbuf_addf(&sb, "%s\t%lld\t%lld\t%ld\t%llu", e->path, e->stamp.size,
		            e->stamp.mtime_sec, e->stamp.mtime_nsec, e->stamp.ino);
		for (size_t k = 0; k < e->fields.n; k++) {
			strbuf_addf(&sb, "\t%s=", e->fields.v[k].key);
			format_value(&sb, &e->fields.v[k].val);
		}
		strbuf_addch(&sb, '\n');
	}
	ret = file_write_atomic(file, sb.buf, sb.len, err);
	strbuf_release(&sb);
	return ret;
}
