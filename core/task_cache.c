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
	/* streamed: each task handed to each as the walk finds it */
	taskset_each_fn each;
	void *payload;
	int each_ret; /* what each returned, once it wasn't 0 */
	struct dlg_err *err;
	struct arena *arena;
	struct tag_memo *tags;
	struct strbuf id;
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

static void hand_record(struct through *th, const struct cache_rec *rec);

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
	if (th->each) {
		if (!th->each_ret)
			hand_record(th, rec);
		/* a page at a time: what was handed over is not read again */
		if (++th->nrecs % 16384 == 0)
			cache_trim(c);
		return 1;
	}
	ALLOC_GROW(th->recs, th->nrecs + 1, th->alloc);
	th->recs[th->nrecs++] = rec;
	return 1;
}

/* The tags of records, made once per text: thousands of tasks share a
 * few sets of tags. Open addressing on a hash of the text. */
struct tag_memo {
	struct tag_slot {
		const char *text; /* the cache's; NULL: a free slot */
		uint32_t hash, n;
		struct value *items;
	} * v;
	size_t n, alloc; /* alloc: a power of 2, or 0 */
};

static uint32_t text_hash(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static struct tag_slot *memo_slot(struct tag_memo *m, const char *text, uint32_t hash)
{
	size_t i = hash & (m->alloc - 1);

	while (m->v[i].text && (m->v[i].hash != hash || strcmp(m->v[i].text, text)))
		i = (i + 1) & (m->alloc - 1);
	return &m->v[i];
}

static void memo_grow(struct tag_memo *m)
{
	struct tag_memo bigger = { NULL, m->n, m->alloc ? 2 * m->alloc : 64 };

	bigger.v = xcalloc(bigger.alloc, sizeof(*bigger.v));
	for (size_t i = 0; i < m->alloc; i++)
		if (m->v[i].text)
			*memo_slot(&bigger, m->v[i].text, m->v[i].hash) = m->v[i];
	free(m->v);
	*m = bigger;
}

/* Fields built in the task set's arena: the array at its size, keys that
 * are the literals; strings are the cache's own, kept mapped for as long
 * as the task set (cache_str never moves). */
struct built {
	struct arena *arena;
	struct fields *f;
	struct tag_memo *tags;
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
	v->string = (char *)s; /* read only, as the task is */
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
	struct tag_slot *slot;
	struct value *list;
	size_t n = 1, k = 0;
	uint32_t hash;
	char *text;

	if (!tags)
		return;
	list = add(b, "tags");
	list->type = VALUE_LIST;
	if (2 * (b->tags->n + 1) > b->tags->alloc)
		memo_grow(b->tags);
	hash = text_hash(tags);
	slot = memo_slot(b->tags, tags, hash);
	if (slot->text) {
		list->items = slot->items;
		list->n = slot->n;
		return;
	}
	for (const char *p = tags; *p; p++)
		n += *p == '\x1f';
	text = arena_strdup(b->arena, tags);
	list->items = *text ? arena_alloc(b->arena, n * sizeof(*list->items)) : NULL;
	while (*text) {
		char *end = strchr(text, '\x1f');

		if (end)
			*end = '\0';
		value_from_plain_kept(&list->items[k++], text);
		text = end ? end + 1 : text + strlen(text);
	}
	list->n = k;
	slot->text = tags;
	slot->hash = hash;
	slot->items = list->items;
	slot->n = (uint32_t)k;
	b->tags->n++;
}

static void sink_str(void *b, const char *key, const char *s)
{
	add_str(b, key, s);
}

static void sink_date(void *b, const char *key, int32_t d)
{
	add_date(b, key, d);
}

/* How many fields a record gives its task, at most. */
#define RECORD_FIELDS 16

/* The id of a task file: "tasks/a/b.md" -> "a/b", in id (its bytes until
 * it is reset); else the path itself. */
static char *record_id(const char *path, struct strbuf *id)
{
	size_t len;
	const char *in = task_id_in_path(path, &len);

	if (!in)
		return (char *)path;
	strbuf_reset(id);
	strbuf_add(id, in, len);
	return id->buf;
}

/* A task as its record tells it: the fields commands read of it, in b's
 * array (RECORD_FIELDS of them), its strings the cache's and the id's
 * (the task is borrowed). */
static void from_record(struct task *t, struct built *b, const struct cache *c,
                        const struct cache_rec *rec, char *id)
{
	const char *path = cache_str(c, rec->path), *msg = cache_str(c, rec->message);
	const struct cache_rec_sink sink = { sink_str, sink_date, b };

	memset(b->f->v, 0, RECORD_FIELDS * sizeof(*b->f->v));
	b->f->n = 0;
	memset(t, 0, sizeof(*t));
	t->borrowed = 1;
	t->path = (char *)path;
	t->id = id;
	t->valid = 1;
	t->title = cache_str(c, rec->title) ? (char *)cache_str(c, rec->title) : t->id;
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
	/* first what the lifecycle reads, as sync reads it */
	cache_rec_lifecycle(c, rec, &sink);
	add_date(b, "due", rec->due);
	if (rec->flags & CACHE_F_HOURS)
		add_number(b, "hours", rec->hours);
	if (rec->flags & CACHE_F_COST)
		add_number(b, "cost", rec->cost);
	if (rec->rating)
		add_number(b, "rating", rec->rating);
	add_tags(b, cache_str(c, rec->tags));
	add_str(b, "title", cache_str(c, rec->title));
	t->fields = *b->f;
}

/* The task of a record, kept in ts (see taskset_keep). */
static void keep_record(struct taskset *ts, struct through *th, const struct cache_rec *rec)
{
	struct field v[RECORD_FIELDS];
	struct fields made = { v, 0, RECORD_FIELDS };
	struct built b = { th->arena, &made, th->tags };
	struct task t;

	from_record(&t, &b, &th->cache, rec, record_id(cache_str(&th->cache, rec->path), &th->id));
	taskset_keep(ts, &t);
}

/* The task of a record, handed to each and forgotten. */
static void hand_record(struct through *th, const struct cache_rec *rec)
{
	struct field v[RECORD_FIELDS];
	struct fields made = { v, 0, RECORD_FIELDS };
	struct built b = { th->arena, &made, th->tags };
	struct task t;

	from_record(&t, &b, &th->cache, rec, record_id(cache_str(&th->cache, rec->path), &th->id));
	th->each_ret = th->each(&t, th->payload, th->err);
	task_release(&t);
}

static int cmp_task_id(const void *a, const void *b)
{
	return strcmp(((const struct task *)a)->id, ((const struct task *)b)->id);
}

/* A task the cache couldn't vouch for, parsed, handed to each. */
static int hand_parsed(struct task *t, void *payload, struct dlg_err *err)
{
	struct through *th = payload;

	return th->each(t, th->payload, err);
}

/* The task a file found by the walk is, the cache's if it vouches for it:
 * handed to each when there is one, else kept in ts. */
static int load_through(struct taskset *ts, const char *root, const char *cache_file,
                        unsigned flags, taskset_each_fn each, void *payload, struct dlg_err *err)
{
	struct tag_memo tags = { NULL, 0, 0 };
	struct through th;
	int ret;

	memset(&th, 0, sizeof(th));
	th.root = root;
	th.flags = flags;
	th.each = each;
	th.payload = payload;
	th.err = err;
	th.tags = &tags;
	th.arena = &ts->arena;
	strbuf_init(&th.id, 0);
	cache_load(&th.cache, cache_file, cache_key(root));
	if (!th.cache.data)
		return taskset_load_stream(ts, root, flags | (each ? TASKSET_OVERLAP : 0), NULL,
		                           each, payload, err);
	ret = taskset_load_stream(ts, root,
	                          flags | (each ? TASKSET_FORGET_SKIPPED | TASKSET_OVERLAP : 0),
	                          skip_known, each ? hand_parsed : NULL, &th, err);
	if (!ret && th.each_ret)
		ret = th.each_ret;
	if (!ret && !each && th.nrecs) {
		/* each file left unparsed has its record, in th.recs */
		ALLOC_RESERVE(ts->tasks, ts->ntasks + th.nrecs + 1, ts->tasks_alloc);
		for (size_t i = 0; i < th.nrecs; i++) {
			keep_record(ts, &th, th.recs[i]);
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
	free(tags.v);
	strbuf_release(&th.id);
	/* the borrowed tasks' strings are in it */
	ts->mapped = th.cache.data;
	ts->mapped_len = th.cache.len;
	return ret;
}

int taskset_load_cached(struct taskset *ts, const char *root, const char *cache_file,
                        unsigned flags, struct dlg_err *err)
{
	return load_through(ts, root, cache_file, flags, NULL, NULL, err);
}

int taskset_stream_cached(struct taskset *ts, const char *root, const char *cache_file,
                          unsigned flags, taskset_each_fn each, void *payload, struct dlg_err *err)
{
	return load_through(ts, root, cache_file, flags, each, payload, err);
}

size_t taskset_keep(struct taskset *ts, struct task *t)
{
	struct task *kept;

	ALLOC_GROW(ts->tasks, ts->ntasks + 1, ts->tasks_alloc);
	kept = &ts->tasks[ts->ntasks];
	*kept = *t;
	if (t->borrowed) {
		/* its fields and id are the walk's, made again for the next
		 * record; its strings are the cache's, mapped until the end */
		kept->id = arena_strdup(&ts->arena, t->id);
		if (t->title == t->id)
			kept->title = kept->id;
		kept->fields.v =
		    arena_memdup(&ts->arena, t->fields.v, t->fields.n * sizeof(*t->fields.v));
		kept->fields.alloc = t->fields.n;
	}
	memset(t, 0, sizeof(*t));
	return ts->ntasks++;
}
