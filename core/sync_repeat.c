/* sync_repeat.c: where a sync writes a new task file: the next occurrence
 * of a done task that repeats (core/repeat.h). The new task is streamed like
 * a task just read (decided by the rules, staged in the sync's batch, its
 * lines in dlg's commit and the journal), before the done task is staged:
 * the batch renames the new file into place first, and only where no file
 * is (lib/atomic.c), then the done task's `next:`. */
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
	int there = lstat(full, &st) == 0 || sync_find_parsed(r, path) != NULL;

	free(full);
	return there;
}

/* A task from bytes not yet on disk, read as task_load reads a file. */
static int task_from_bytes(struct task *t, const char *path, const struct strbuf *bytes,
                           const char *title, struct dlg_err *err)
{
	memset(t, 0, sizeof(*t));
	t->path = xstrdup(path);
	t->id = task_id_from_path(path);
	if (fm_parse(&t->doc, bytes->buf, bytes->len, err))
		return DLG_ERROR;
	t->valid = 1;
	fm_fields(t->doc, &t->fields);
	t->field_errors = model_read_task(&t->fields, t->path, &t->problems);
	t->title = xstrdup(title);
	t->is_new = 1;
	t->dirty = 1; /* to be written, whatever the lifecycle changes */
	return 0;
}

/* Move the events from `from` on before those from `first` on (events and
 * their order alike), so that a task's own events stay together last. */
static void rotate_events(struct run *r, size_t first, size_t from)
{
	struct sync_event *ev = r->out->events;
	size_t n = r->out->nevents;

	for (size_t k = from; k < n; k++) {
		struct sync_event e = ev[k];
		size_t o = r->order[k];

		memmove(&ev[first + 1], &ev[first], (k - first) * sizeof(*ev));
		memmove(&r->order[first + 1], &r->order[first], (k - first) * sizeof(*r->order));
		ev[first] = e;
		r->order[first] = o;
		first++;
	}
}

/* The next occurrence of done, due due, at path: made and streamed. */
static int make_next(struct run *r, const struct task *done, const char *path, int due,
                     struct dlg_err *err)
{
	struct strbuf bytes = STRBUF_INIT;
	const char *old;
	size_t len;
	struct task t;
	int ret;

	memset(&t, 0, sizeof(t));
	old = fm_bytes(done->doc, &len);
	ret = repeat_next_file(&bytes, old, len, due, err);
	if (!ret)
		ret = task_from_bytes(&t, path, &bytes, done->title, err);
	if (!ret)
		ret = sync_stream_task(r, &t, err);
	if (ret)
		err_prefix(err, "%s: its next occurrence", done->path);
	task_release(&t);
	strbuf_release(&bytes);
	return ret;
}

int sync_repeat(struct run *r, struct task *t, int next_due, size_t *first, struct dlg_err *err)
{
	char *id = repeat_next_id(t->id, next_due);
	char *path = xstrfmt("tasks/%s.md", id);
	struct fields changes = FIELDS_INIT;
	size_t before = r->out->nevents;
	struct sync_event *e;
	int ret = 0;

	/* a file of that id: made by a sync that was stopped before it could
	 * note it in the done task (or yours): it is the next one */
	if (!taken(r, path))
		ret = make_next(r, t, path, next_due, err);
	/* the new task's events before the done one's, which go on after */
	rotate_events(r, *first, before);
	*first += r->out->nevents - before;
	if (!ret) {
		fields_set_string(&changes, "next", id);
		ret = task_apply(t, &changes, err);
	}
	if (!ret) {
		e = sync_add_event(r, SYNC_REPEATED, t->id);
		e->next = xstrdup(id);
		e->date = next_due;
		e->period = xstrdup(fields_string(&t->fields, "repeat"));
		r->out->repeated++;
	}
	fields_clear(&changes);
	free(path);
	free(id);
	return ret;
}
