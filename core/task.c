/* task.c: find, load and save the task and person files of a repository. */
#include "core/task.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "core/model.h"
#include "core/task_scan.h"
#include "formats/markdown.h"

const char *task_id_in_path(const char *path, size_t *len)
{
	size_t n = strlen(path);

	if (!starts_with(path, "tasks/") || n <= 6 + 3 || !ends_with(path, ".md"))
		return NULL;
	*len = n - 6 - 3;
	return path + 6;
}

char *task_id_from_path(const char *path)
{
	size_t len;
	const char *id = task_id_in_path(path, &len);

	return id ? xstrndup(id, len) : NULL;
}

/* A task or person file larger than this is not read: nobody writes one
 * by hand, and reading it whole would cost memory for nothing. */
#define MAX_FILE_SIZE (16 << 20)

/* Read a file into a parsed document; sets valid/why for bad content and
 * *hash and *len to what was read (both may be NULL). */
static int load_doc(const char *root, const char *path, struct fm_doc **doc, int *valid,
                    struct dlg_err *why, unsigned long long *hash, size_t *len, struct dlg_err *err)
{
	struct strbuf full = STRBUF_INIT, data = STRBUF_INIT;
	struct stat st;
	int ret = 0;

	strbuf_addf(&full, "%s/%s", root, path);
	if (lstat(full.buf, &st) == 0 && S_ISLNK(st.st_mode)) {
		err_set(why, 0, 0, "a symbolic link; dlg does not follow links");
		*valid = 0;
		goto out;
	}
	if (lstat(full.buf, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > MAX_FILE_SIZE) {
		err_set(why, 1, 1, "the file is larger than 16 MiB; dlg reads at most 16 MiB");
		*valid = 0;
		goto out;
	}
	if (strbuf_read_file(&data, full.buf) < 0) {
		ret = err_set(err, 0, 0, "%s: cannot read: %s", path, strerror(errno));
		goto out;
	}
	if (hash)
		*hash = hash_bytes(data.buf, data.len);
	if (len)
		*len = data.len;
	if (memchr(data.buf, '\0', data.len)) {
		err_set(why, 1, 1, "not a text file (it holds a NUL byte)");
		*valid = 0;
		goto out;
	}
	*valid = !fm_parse(doc, data.buf, data.len, why);
out:
	strbuf_release(&full);
	strbuf_release(&data);
	return ret;
}

static char *field_text(const struct fields *f, const char *key)
{
	const struct value *v = fields_get(f, key);
	struct strbuf sb = STRBUF_INIT;

	if (!v || v->type == VALUE_UNKNOWN || v->type == VALUE_LIST || v->type == VALUE_MAP)
		return NULL;
	value_format(&sb, v);
	if (!sb.len) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb, NULL);
}

/* Title from a field, else the body's first heading, else the id. */
static char *read_title(const struct fm_doc *doc, const struct fields *f, const char *key,
                        const char *id, unsigned flags, int *done, int *total)
{
	char *title = field_text(f, key);
	struct md_info info = MD_INFO_INIT;
	size_t len;
	const char *bytes;

	if (!(flags & TASKSET_BODY) && title)
		return title;
	if (flags & TASKSET_BODY) {
		bytes = fm_bytes(doc, &len);
		md_scan(&info, bytes + fm_body_offset(doc), len - fm_body_offset(doc));
		if (done) {
			*done = info.checks_done;
			*total = info.checks_total;
		}
		if (!title && info.title) {
			title = info.title;
			info.title = NULL;
		}
		md_info_release(&info);
	}
	return title ? title : xstrdup(id);
}

int task_load(struct task *t, const char *root, const char *path, unsigned flags,
              struct dlg_err *err)
{
	memset(t, 0, sizeof(*t));
	t->path = xstrdup(path);
	t->id = task_id_from_path(path);
	if (!t->id)
		t->id = xstrdup(path);
	if (load_doc(root, path, &t->doc, &t->valid, &t->err, &t->read_hash, &t->read_len, err))
		return DLG_ERROR;
	if (!t->valid) {
		t->title = xstrdup(t->id);
		return 0;
	}
	fm_fields(t->doc, &t->fields);
	t->field_errors = model_read_task(&t->fields, t->path, &t->problems);
	t->title = read_title(t->doc, &t->fields, "title", t->id, flags, &t->checks_done,
	                      &t->checks_total);
	if (flags & TASKSET_NO_DOC) {
		fm_free(t->doc);
		t->doc = NULL;
	}
	return 0;
}

int task_usable(const struct task *t)
{
	return t->valid && !t->field_errors;
}

void task_problems(const struct task *t, struct diags *d)
{
	if (!t->valid) {
		diags_add_err(d, t->path, &t->err);
		return;
	}
	for (size_t i = 0; i < t->problems.n; i++) {
		const struct diag *p = &t->problems.v[i];

		diags_add(d, p->path, p->line, p->col, p->warning, "%s", p->msg);
	}
}

void person_problems(const struct person *p, struct diags *d)
{
	if (!p->valid) {
		diags_add_err(d, p->path, &p->err);
		return;
	}
	for (size_t i = 0; i < p->problems.n; i++) {
		const struct diag *q = &p->problems.v[i];

		diags_add(d, q->path, q->line, q->col, q->warning, "%s", q->msg);
	}
}

void task_release(struct task *t)
{
	if (!t)
		return;
	if (!t->borrowed) {
		free(t->id);
		free(t->path);
		fields_clear(&t->fields);
		free(t->title);
	}
	fm_free(t->doc);
	err_clear(&t->err);
	diags_clear(&t->problems);
	memset(t, 0, sizeof(*t));
}

int person_load(struct person *p, const char *root, const char *path, unsigned flags,
                struct dlg_err *err)
{
	const char *base = strrchr(path, '/');

	memset(p, 0, sizeof(*p));
	base = base ? base + 1 : path;
	p->path = xstrdup(path);
	p->id = xstrndup(base, ends_with(base, ".md") ? strlen(base) - 3 : strlen(base));
	if (load_doc(root, path, &p->doc, &p->valid, &p->err, NULL, NULL, err))
		return DLG_ERROR;
	if (!p->valid) {
		p->name = xstrdup(p->id);
		return 0;
	}
	fm_fields(p->doc, &p->fields);
	p->field_errors = model_read_person(&p->fields, p->path, &p->problems);
	p->name = read_title(p->doc, &p->fields, "name", p->id, flags, NULL, NULL);
	return 0;
}

void person_release(struct person *p)
{
	if (!p)
		return;
	free(p->id);
	free(p->path);
	fm_free(p->doc);
	fields_clear(&p->fields);
	err_clear(&p->err);
	diags_clear(&p->problems);
	free(p->name);
	memset(p, 0, sizeof(*p));
}

static int cmp_task(const void *a, const void *b)
{
	return strcmp(((const struct task *)a)->id, ((const struct task *)b)->id);
}

static int cmp_person(const void *a, const void *b)
{
	return strcmp(((const struct person *)a)->id, ((const struct person *)b)->id);
}

int taskset_load(struct taskset *ts, const char *root, unsigned flags, struct dlg_err *err)
{
	return taskset_load_skipping(ts, root, flags, NULL, NULL, err);
}

int taskset_load_skipping(struct taskset *ts, const char *root, unsigned flags,
                          taskset_skip_fn skip, void *payload, struct dlg_err *err)
{
	return taskset_load_stream(ts, root, flags, skip, NULL, payload, err);
}

/* What taskset_load_stream keeps while the walk goes. */
struct loading {
	struct taskset *ts;
	const char *root;
	unsigned flags;
	taskset_skip_fn skip;
	taskset_each_fn each;
	void *payload;
	size_t done; /* the paths found dealt with */
};

/* The task files found since last time: skipped, kept or handed over. */
static int load_found(struct scanned *found, void *arg, struct dlg_err *err)
{
	struct loading *ld = arg;
	struct taskset *ts = ld->ts;
	int ret = 0;

	for (; ld->done < found->paths.n && !ret; ld->done++) {
		size_t i = ld->done;
		struct task one, *t;

		if (ld->skip && ld->skip(found->paths.v[i], &found->stamps[i], ld->payload)) {
			if (ld->flags & TASKSET_FORGET_SKIPPED)
				continue;
			/* moved, not copied: at 100,000 files they are most of them */
			strlist_push_nodup(&ts->skipped, found->paths.v[i]);
			found->paths.v[i] = NULL;
			continue;
		}
		if (!ld->each)
			ALLOC_GROW(ts->tasks, ts->ntasks + 1, ts->tasks_alloc);
		t = ld->each ? &one : &ts->tasks[ts->ntasks];
		ret = task_load(t, ld->root, found->paths.v[i], ld->flags, err);
		if (ret)
			break;
		t->stamp = found->stamps[i];
		if (!ld->each) {
			ts->ntasks++;
			continue;
		}
		/* streamed: handed over, then dropped, so memory stays small */
		ts->nstreamed++;
		ret = ld->each(t, ld->payload, err);
		task_release(t);
	}
	return ret;
}

int taskset_load_stream(struct taskset *ts, const char *root, unsigned flags, taskset_skip_fn skip,
                        taskset_each_fn each, void *payload, struct dlg_err *err)
{
	struct loading ld = { ts, root, flags, skip, each, payload, 0 };
	struct diags people_warnings = DIAGS_INIT;
	struct scanned tasks, people;
	int ret;

	memset(ts, 0, sizeof(*ts));
	memset(&tasks, 0, sizeof(tasks));
	memset(&people, 0, sizeof(people));
	tasks.flags = people.flags = flags;
	tasks.warnings = &ts->warnings;
	/* said after the tasks' */
	people.warnings = &people_warnings;
	ts->root = xstrdup(root);
	/* people first: a task's hand-off needs them */
	ret = scan_dir(root, "people", 0, &people, err);
	if (ret)
		goto out;
	ts->people = xcalloc(people.paths.n + 1, sizeof(*ts->people));
	for (size_t i = 0; i < people.paths.n && !ret; i++) {
		ret = person_load(&ts->people[ts->npeople], root, people.paths.v[i], flags, err);
		if (!ret)
			ts->npeople++;
	}
	if (ret)
		goto out;
	qsort(ts->people, ts->npeople, sizeof(*ts->people), cmp_person);
	ts->pinfo = xcalloc(ts->npeople + 1, sizeof(*ts->pinfo));
	for (size_t i = 0; i < ts->npeople; i++) {
		ts->pinfo[i].id = ts->people[i].id;
		ts->pinfo[i].fields = &ts->people[i].fields;
	}
	/* a reader writes nothing: its tasks can be dealt with while the walk
	 * goes on (a sync sees the whole walk first: a folder it can't read
	 * stops it before it writes anything) */
	if (flags & TASKSET_OVERLAP) {
		tasks.found = load_found;
		tasks.found_arg = &ld;
	}
	ret = flags & TASKSET_PEOPLE_ONLY ? 0 : scan_dir(root, "tasks", 1, &tasks, err);
	if (ret)
		goto out;
	ts->nfound = tasks.paths.n;
	if (!each && !tasks.found) {
		ts->tasks = xcalloc(tasks.paths.n + 1, sizeof(*ts->tasks));
		ts->tasks_alloc = tasks.paths.n + 1;
	}
	if (skip && !(flags & TASKSET_FORGET_SKIPPED) && !tasks.found)
		ALLOC_RESERVE(ts->skipped.v, tasks.paths.n + 1, ts->skipped.alloc);
	ret = load_found(&tasks, &ld, err);
	if (!each)
		qsort(ts->tasks, ts->ntasks, sizeof(*ts->tasks), cmp_task);
	strlist_sort(&ts->skipped);
out:
	for (size_t i = 0; i < people_warnings.n; i++)
		diags_add(&ts->warnings, people_warnings.v[i].path, people_warnings.v[i].line,
		          people_warnings.v[i].col, people_warnings.v[i].warning, "%s",
		          people_warnings.v[i].msg);
	diags_clear(&people_warnings);
	strlist_clear(&tasks.paths);
	strlist_clear(&people.paths);
	free(tasks.stamps);
	free(people.stamps);
	return ret;
}

void taskset_release(struct taskset *ts)
{
	if (!ts)
		return;
	for (size_t i = 0; i < ts->ntasks; i++)
		task_release(&ts->tasks[i]);
	for (size_t i = 0; i < ts->npeople; i++)
		person_release(&ts->people[i]);
	free(ts->tasks);
	free(ts->people);
	free(ts->pinfo);
	free(ts->root);
	strlist_clear(&ts->skipped);
	diags_clear(&ts->warnings);
	arena_release(&ts->arena);
	if (ts->mapped)
		munmap(ts->mapped, ts->mapped_len);
	memset(ts, 0, sizeof(*ts));
}

struct task *taskset_find(struct taskset *ts, const char *id)
{
	struct task key;

	memset(&key, 0, sizeof(key));
	key.id = (char *)id;
	return ts->ntasks ? bsearch(&key, ts->tasks, ts->ntasks, sizeof(key), cmp_task) : NULL;
}

struct person *taskset_person(struct taskset *ts, const char *id)
{
	struct person key;

	memset(&key, 0, sizeof(key));
	key.id = (char *)id;
	return ts->npeople ? bsearch(&key, ts->people, ts->npeople, sizeof(key), cmp_person) : NULL;
}

void taskset_task_ids(const struct taskset *ts, struct strlist *out)
{
	for (size_t i = 0; i < ts->ntasks; i++)
		strlist_push(out, ts->tasks[i].id);
}

void taskset_person_ids(const struct taskset *ts, struct strlist *out)
{
	for (size_t i = 0; i < ts->npeople; i++)
		strlist_push(out, ts->people[i].id);
}

struct people_info taskset_people_info(const struct taskset *ts)
{
	struct people_info pi;

	pi.v = ts->pinfo;
	pi.n = ts->npeople;
	return pi;
}

/* The key as the file spells it: a field dlg knows may be written in
 * another case ("Status"), and an edit goes to that key, never to a twin. */
static const char *file_key(const struct fm_doc *doc, const char *key)
{
	const char *known = model_known_key(key);

	if (!known || fm_find(doc, key))
		return key;
	for (size_t i = 0; i < fm_count(doc); i++) {
		const struct fm_entry *e = fm_entry_at(doc, i);

		if (!strcasecmp(e->key, key))
			return e->key;
	}
	return key;
}

int task_apply(struct task *t, const struct fields *changes, struct dlg_err *err)
{
	size_t before_len, now_len;
	const char *bytes;
	char *before;
	int ret = 0;

	if (!t->doc)
		return err_set(err, 0, 0, "%s: cannot change an invalid file", t->path);
	bytes = fm_bytes(t->doc, &before_len);
	before = xstrndup(bytes, before_len);
	for (size_t i = 0; i < changes->n && !ret; i++) {
		ret = fm_set(t->doc, file_key(t->doc, changes->v[i].key), &changes->v[i].val, err);
		if (ret)
			err_prefix(err, "%s", t->path);
	}
	if (ret) {
		/* all or nothing: put the file's bytes back as they were */
		fm_free(t->doc);
		if (fm_parse(&t->doc, before, before_len, NULL))
			die("%s: could not restore after a failed edit", t->path);
	}
	bytes = fm_bytes(t->doc, &now_len);
	t->dirty |= now_len != before_len || memcmp(bytes, before, now_len);
	fm_fields(t->doc, &t->fields);
	diags_clear(&t->problems);
	t->field_errors = model_read_task(&t->fields, t->path, &t->problems);
	free(before);
	return ret;
}

/* What the task's file held when it was read. */
static void expect_of(struct atomic_expect *out, const struct task *t)
{
	out->exists = !t->is_new;
	out->hash = t->read_hash;
	out->len = t->read_len;
}

/* What became of each file of a batch: the paths replaced go to written,
 * the others to unwritten with why. */
void task_batch_outcome(const struct atomic_batch *b, size_t root_len, struct strlist *written,
                        struct diags *unwritten)
{
	for (size_t i = 0; i < b->n; i++) {
		const struct atomic_file *f = &b->v[i];
		const char *rel = f->path + root_len + 1;

		if (f->state == ATOMIC_DONE)
			strlist_push(written, rel);
		else if (f->state == ATOMIC_CHANGED)
			diags_add(unwritten, rel, 0, 0, 1,
			          "changed while dlg was syncing; left as you wrote it (the next "
			          "sync takes it)");
		else
			diags_add(unwritten, rel, 0, 0, 0, "%s",
			          f->error ? f->error : "cannot write");
	}
}

int task_stage(struct atomic_batch *b, const struct task *t, const char *root)
{
	struct atomic_expect ex;
	const char *bytes;
	size_t len;
	char *full;
	int ret;

	if (!b->within)
		b->within = realpath(root, NULL);
	bytes = fm_bytes(t->doc, &len);
	full = xstrfmt("%s/%s", root, t->path);
	expect_of(&ex, t);
	ret = atomic_batch_add(b, full, bytes, len, &ex);
	free(full);
	return ret;
}

int tasks_save(struct task *const *tasks, size_t n, const char *root, struct strlist *written,
               struct diags *unwritten, struct dlg_err *err)
{
	struct atomic_batch b = ATOMIC_BATCH_INIT;
	struct strbuf full = STRBUF_INIT;
	int ret = 0;

	b.within = realpath(root, NULL);
	for (size_t i = 0; i < n; i++) {
		struct atomic_expect ex;
		const char *bytes;
		size_t len;

		bytes = fm_bytes(tasks[i]->doc, &len);
		strbuf_reset(&full);
		strbuf_addf(&full, "%s/%s", root, tasks[i]->path);
		expect_of(&ex, tasks[i]);
		atomic_batch_add(&b, full.buf, bytes, len, &ex);
	}
	if (atomic_batch_commit(&b, err) < 0)
		ret = DLG_ERROR;
	else
		task_batch_outcome(&b, strlen(root), written, unwritten);
	for (size_t i = 0; i < n; i++)
		tasks[i]->dirty = 0;
	atomic_batch_clear(&b);
	strbuf_release(&full);
	return ret;
}

int task_save(struct task *t, const char *root, struct strlist *written, struct diags *unwritten,
              struct dlg_err *err)
{
	if (!t->dirty || !t->doc)
		return 0;
	return tasks_save(&t, 1, root, written, unwritten, err);
}

int taskset_save(struct taskset *ts, struct strlist *written, struct diags *unwritten,
                 struct dlg_err *err)
{
	struct task **dirty = xcalloc(ts->ntasks + 1, sizeof(*dirty));
	size_t n = 0;
	int ret;

	for (size_t i = 0; i < ts->ntasks; i++)
		if (ts->tasks[i].dirty && ts->tasks[i].doc)
			dirty[n++] = &ts->tasks[i];
	ret = n ? tasks_save(dirty, n, ts->root, written, unwritten, err) : 0;
	free(dirty);
	return ret;
}
