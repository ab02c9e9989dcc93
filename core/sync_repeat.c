/* sync_repeat.c: where a sync writes a new task file: the next occurrence
 * of a done task that repeats (core/repeat.h). The new task is decided by
 * the rules in the same sync, written only where no file is (never over
 * one, lib/atomic.c), before the done task's `next:` is, and committed
 * with dlg's other changes, through the journal like them. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/model.h"
#include "core/repeat.h"
#include "core/sync_priv.h"

/* Whether a task file is at path already, or is being made by this sync. */
static int taken(const struct run *r, const char *path)
{
	struct stat st;
	char *full = xstrfmt("%s/%s", r->opts->root, path);
	int there = lstat(full, &st) == 0;

	free(full);
	for (size_t i = 0; !there && i < r->nborn; i++)
		there = !strcmp(r->born[i]->path, path);
	return there;
}

/* A task from bytes not yet on disk: read as task_load reads a file. */
static struct task *task_from_bytes(const char *path, const struct strbuf *bytes, const char *title,
                                    struct dlg_err *err)
{
	struct task *t = xcalloc(1, sizeof(*t));

	t->path = xstrdup(path);
	t->id = task_id_from_path(path);
	if (fm_parse(&t->doc, bytes->buf, bytes->len, err)) {
		task_release(t);
		free(t);
		return NULL;
	}
	t->valid = 1;
	fm_fields(t->doc, &t->fields);
	t->field_errors = model_read_task(&t->fields, t->path, &t->problems);
	t->title = xstrdup(title);
	t->is_new = 1;
	t->dirty = 1; /* to be written, whatever the lifecycle changes */
	return t;
}

/* The next occurrence of done, due due, at path: made and decided. */
static int make_next(struct run *r, const struct task *done, const char *path, int due,
                     struct dlg_err *err)
{
	struct strbuf bytes = STRBUF_INIT;
	const char *old;
	size_t len;
	struct task *t;
	int ret;

	old = fm_bytes(done->doc, &len);
	ret = repeat_next_file(&bytes, old, len, due, err);
	if (!ret && !(t = task_from_bytes(path, &bytes, done->title, err)))
		ret = DLG_ERROR;
	if (!ret) {
		ALLOC_GROW(r->born, r->nborn + 1, r->born_alloc);
		r->born[r->nborn++] = t;
		ret = sync_lifecycle_task(r, t, err);
	}
	if (ret)
		err_prefix(err, "%s: its next occurrence", done->path);
	strbuf_release(&bytes);
	return ret;
}

int sync_repeat(struct run *r, struct task *done, int next_due, struct dlg_err *err)
{
	char *id = repeat_next_id(done->id, next_due);
	char *path = xstrfmt("tasks/%s.md", id);
	struct fields changes = FIELDS_INIT;
	struct sync_event *e;
	int ret = 0;

	/* a file of that id: made by a sync that was stopped before it could
	 * note it in the done task (or yours): it is the next one */
	if (!taken(r, path))
		ret = make_next(r, done, path, next_due, err);
	if (!ret) {
		fields_set_string(&changes, "next", id);
		ret = task_apply(done, &changes, err);
	}
	if (!ret) {
		e = sync_add_event(r, SYNC_REPEATED, done->id);
		e->next = xstrdup(id);
		e->date = next_due;
		e->period = xstrdup(fields_string(&done->fields, "repeat"));
		r->out->repeated++;
	}
	fields_clear(&changes);
	free(path);
	free(id);
	return ret;
}

void sync_repeat_release(struct run *r)
{
	for (size_t i = 0; i < r->nborn; i++) {
		task_release(r->born[i]);
		free(r->born[i]);
	}
	free(r->born);
	r->born = NULL;
	r->nborn = r->born_alloc = 0;
}
