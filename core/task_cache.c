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
	uint32_t cursor;               /* the record after the last one found */
	const struct cache_rec **recs; /* of the files left unparsed, in turn */
	size_t nrecs, alloc;
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
	const struct cache *c = &th->cache;
	const struct cache_rec *rec;

	/* the walk goes in the cache's order: most often the next record */
	rec = th->cursor < c->n && !strcmp(cache_str(c, c->recs[th->cursor].path), path)
	          ? &c->recs[th->cursor]
	          : cache_find(c, path);
	if (!rec)
		return 0;
	th->cursor = (uint32_t)(rec - c->recs) + 1;
	if (!usable_record(th, rec) ||
	    !(cache_fresh(c, rec, stamp) || same_bytes(th->root, path, rec)))
		return 0;
	ALLOC_GROW(th->recs, th->nrecs + 1, th->alloc);
	th->recs[th->nrecs++] = rec;
	return 1;
}

/* Fields built in the task set's arena: the array at its size, keys that
 * are the literals, strings and list items copied into it. */
struct built {
	struct arena *arena;
	struct fields *f;
};

static struct value *add(struct built *b, const char *key)
{
	struct field *fd = &b->f->v[b->f->n++];

	fd->key = (char *)key; /* never freed: the task is borrowed */
	return &fd->val;
}

static void add_str(struct built *b, const char *key, const char *s)
{
	struct value *v;

	if (!s)
		return;
	v = add(b, key);
	v->type = VALUE_STRING;
	v->string = arena_strdup(b->arena, s);
}

static void add_date(struct built *b, const char *key, int32_t d)
{
	if (d != DATE_NONE)
		value_set_date(add(b, key), d);
}

static void add_number(struct built *b, const char *key, double n)
{
	value_set_number(add(b, key), n);
}

/* tags as one string, "\x1f" between them, each read as a plain scalar */
static void add_tags(struct built *b, const char *tags)
{
	struct value *list;
	size_t n = 1, k = 0;

	if (!tags)
		return;
	for (const char *p = tags; *p; p++)
		n += *p == '\x1f';
	list = add(b, "tags");
	list->type = VALUE_LIST;
	list->items = *tags ? arena_alloc(b->arena, n * sizeof(*list->items)) : NULL;
	while (*tags) {
		const char *end = strchr(tags, '\x1f');
		size_t len = end ? (size_t)(end - tags) : strlen(tags);
		struct value *item = &list->items[k++];
		char *s = arena_strndup(b->arena, tags, len);

		value_from_plain(item, s);
		if (item->type == VALUE_STRING) {
			/* its copy, malloc'd, for the arena's */
			free(item->string);
			item->string = s;
		}
		tags += len + (end != NULL);
	}
	list->n = k;
}

/* How many fields a record gives its task, at most. */
#define RECORD_FIELDS 16

/* A task as its record tells it: the fields commands read of it, in the
 * task set's arena (the task is borrowed). */
static void from_record(struct task *t, struct arena *arena, const struct cache *c,
                        const struct cache_rec *rec)
{
	const char *path = cache_str(c, rec->path), *msg = cache_str(c, rec->message);
	const char *st = cache_str(c, rec->status_text), *dt = cache_str(c, rec->decision_text);
	size_t len = strlen(path);
	struct field v[RECORD_FIELDS];
	struct fields made = { v, 0, RECORD_FIELDS };
	struct built b = { arena, &made };

	memset(v, 0, sizeof(v));
	memset(t, 0, sizeof(*t));
	t->borrowed = 1;
	t->path = arena_strndup(arena, path, len);
	t->id = starts_with(path, "tasks/") && len > 6 + 3 && ends_with(path, ".md")
	            ? arena_strndup(arena, path + 6, len - 6 - 3)
	            : t->path;
	t->valid = 1;
	t->title = cache_str(c, rec->title) ? arena_strdup(arena, cache_str(c, rec->title)) : t->id;
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
	/* the order and spelling cache_rec_fields gives the lifecycle */
	if (st)
		add_str(&b, "status", st);
	else if (rec->status != STATUS_INBOX)
		add_str(&b, "status", status_name((enum status)rec->status));
	if (dt)
		add_str(&b, "decision", dt);
	else if (rec->decision != DECISION_NONE)
		add_str(&b, "decision", decision_name((enum decision)rec->decision));
	add_str(&b, "rule", cache_str(c, rec->rule));
	add_str(&b, "because", cache_str(c, rec->because));
	add_date(&b, "decided", rec->decided);
	add_str(&b, "channel", cache_str(c, rec->channel));
	add_str(&b, "to", cache_str(c, rec->to));
	add_date(&b, "given", rec->given);
	add_date(&b, "follow_up", rec->follow_up);
	add_date(&b, "completed", rec->completed);
	add_date(&b, "due", rec->due);
	if (rec->flags & CACHE_F_HOURS)
		add_number(&b, "hours", rec->hours);
	if (rec->flags & CACHE_F_COST)
		add_number(&b, "cost", rec->cost);
	if (rec->rating)
		add_number(&b, "rating", rec->rating);
	add_tags(&b, cache_str(c, rec->tags));
	add_str(&b, "title", cache_str(c, rec->title));
	/* at its size: nothing is added to a borrowed task */
	t->fields.v = arena_memdup(arena, v, made.n * sizeof(*v));
	t->fields.n = t->fields.alloc = made.n;
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
	if (!ret && th.nrecs) {
		/* each file left unparsed has its record, in th.recs */
		n = ts->ntasks + th.nrecs;
		ts->tasks = xrealloc(ts->tasks, (n + 1) * sizeof(*ts->tasks));
		for (size_t i = 0; i < th.nrecs; i++) {
			from_record(&ts->tasks[ts->ntasks++], &ts->arena, &th.cache, th.recs[i]);
			if (i % 16384 == 16383)
				cache_trim(&th.cache);
		}
		/* the records came in path order, which is most often id order */
		for (size_t i = 1; i < ts->ntasks; i++) {
			if (cmp_task_id(&ts->tasks[i - 1], &ts->tasks[i]) > 0) {
				qsort(ts->tasks, ts->ntasks, sizeof(*ts->tasks), cmp_task_id);
				break;
			}
		}
	}
	strlist_clear(&ts->skipped);
	free(th.recs);
	cache_release(&th.cache);
	return ret;
}
