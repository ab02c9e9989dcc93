/* task_cache.c: the task set read through the cache, for the commands that
 * only read (list, agenda, people, report): one walk of the tree, and only
 * the files the cache doesn't vouch for are parsed. Nothing is written: the
 * answer is the one a full parse gives. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/cache.h"
#include "core/lifecycle.h"

struct through {
	const char *root;
	struct cache cache;
	unsigned flags;
};

static int same_bytes(const char *root, const char *path, const struct cache_rec *rec)
{
	struct strbuf sb = STRBUF_INIT;
	char *full = xstrfmt("%s/%s", root, path);
	int same = strbuf_read_file(&sb, full) == 0 && (int64_t)sb.len == rec->size &&
	           hash_bytes(sb.buf, sb.len) == rec->hash;

	strbuf_release(&sb);
	free(full);
	return same;
}

static int usable_record(const struct through *th, const struct cache_rec *rec)
{
	/* a count of checklist items needs the body read */
	return !(th->flags & TASKSET_BODY) || (rec->flags & CACHE_F_CHECKS) ||
	       rec->kind == CACHE_INVALID;
}

static int skip_known(const char *path, const struct file_stamp *stamp, void *payload)
{
	struct through *th = payload;
	const struct cache_rec *rec = cache_find(&th->cache, path);

	if (!rec || !usable_record(th, rec))
		return 0;
	return cache_fresh(&th->cache, rec, stamp) || same_bytes(th->root, path, rec);
}

static void set_str(struct fields *f, const char *key, const char *s)
{
	if (s)
		fields_add_string(f, key, s);
}

static void set_date(struct fields *f, const char *key, int32_t d)
{
	if (d != DATE_NONE)
		fields_add_date(f, key, d);
}

static void set_number(struct fields *f, const char *key, double n)
{
	struct value v = VALUE_INIT;

	value_set_number(&v, n);
	fields_add(f, key, &v);
}

static void set_tags(struct fields *f, const char *tags)
{
	struct value list = VALUE_INIT, item = VALUE_INIT;

	if (!tags)
		return;
	list.type = VALUE_LIST;
	while (*tags) {
		const char *end = strchr(tags, '\x1f');
		size_t len = end ? (size_t)(end - tags) : strlen(tags);
		char *s = xstrndup(tags, len);

		value_from_plain(&item, s);
		value_list_push(&list, &item);
		value_free(&item);
		free(s);
		tags += len + (end != NULL);
	}
	fields_add(f, "tags", &list);
}

/* A task as its record tells it: the fields commands read of it. */
static void from_record(struct task *t, const struct cache *c, const struct cache_rec *rec)
{
	const char *path = cache_str(c, rec->path), *msg = cache_str(c, rec->message);

	memset(t, 0, sizeof(*t));
	t->path = xstrdup(path);
	t->id = task_id_from_path(path);
	if (!t->id)
		t->id = xstrdup(path);
	t->valid = 1;
	t->title = xstrdup(cache_str(c, rec->title) ? cache_str(c, rec->title) : t->id);
	t->checks_done = rec->checks_done;
	t->checks_total = rec->checks_total;
	cache_rec_stamp(rec, &t->stamp);
	t->read_hash = rec->hash;
	t->read_len = (size_t)rec->size;
	if (rec->kind == CACHE_INVALID) {
		/* its problems as they were said; a parse error is one of them */
		while (msg && *msg) {
			const char *nl = strchr(msg, '\n');
			int line = 0, col = 0, warning = 0, used = 0;

			if (!nl)
				break;
			if (sscanf(msg, "%d:%d:%d:%n", &line, &col, &warning, &used) == 3 && used) {
				diags_add(&t->problems, path, line, col, warning, "%.*s",
				          (int)(nl - msg - used), msg + used);
				t->field_errors += !warning;
			}
			msg = nl + 1;
		}
		if (!t->field_errors)
			t->field_errors = 1;
		return;
	}
	cache_rec_fields(c, rec, &t->fields);
	set_date(&t->fields, "due", rec->due);
	if (rec->flags & CACHE_F_HOURS)
		set_number(&t->fields, "hours", rec->hours);
	if (rec->flags & CACHE_F_COST)
		set_number(&t->fields, "cost", rec->cost);
	if (rec->rating)
		set_number(&t->fields, "rating", rec->rating);
	set_tags(&t->fields, cache_str(c, rec->tags));
	set_str(&t->fields, "title", cache_str(c, rec->title));
}

static int cmp_task_id(const void *a, const void *b)
{
	return strcmp(((const struct task *)a)->id, ((const struct task *)b)->id);
}

int taskset_load_cached(struct taskset *ts, const char *root, const char *cache_file,
                        unsigned flags, struct dlg_err *err)
{
	struct through th;
	size_t n;
	int ret;

	memset(&th, 0, sizeof(th));
	th.root = root;
	th.flags = flags;
	cache_load(&th.cache, cache_file, cache_key(root));
	if (!th.cache.data)
		return taskset_load(ts, root, flags, err);
	ret = taskset_load_skipping(ts, root, flags, skip_known, &th, err);
	if (!ret && ts->skipped.n) {
		n = ts->ntasks + ts->skipped.n;
		ts->tasks = xrealloc(ts->tasks, (n + 1) * sizeof(*ts->tasks));
		for (size_t i = 0; i < ts->skipped.n; i++) {
			const struct cache_rec *rec = cache_find(&th.cache, ts->skipped.v[i]);

			if (rec)
				from_record(&ts->tasks[ts->ntasks++], &th.cache, rec);
		}
		qsort(ts->tasks, ts->ntasks, sizeof(*ts->tasks), cmp_task_id);
		strlist_clear(&ts->skipped);
	}
	cache_release(&th.cache);
	return ret;
}
