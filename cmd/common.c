/* common.c: what several commands share: loading the task set and finding
 * a task or person from what the user typed. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/common.h"
#include "cmd/output.h"
#include "core/cache.h"
#include "core/model.h"
#include "core/task.h"

int load_taskset(struct taskset *ts, const struct dlg_ctx *ctx, unsigned flags)
{
	struct dlg_err err = DLG_ERR_INIT;

	if (taskset_load(ts, ctx->root, flags, &err)) {
		error_msg("%s", err.msg);
		err_clear(&err);
		return -1;
	}
	return 0;
}

int stream_taskset_cached(struct taskset *ts, const struct dlg_ctx *ctx, unsigned flags,
                          int (*each)(struct task *t, void *payload, struct dlg_err *err),
                          void *payload)
{
	struct dlg_err err = DLG_ERR_INIT;
	char *file = xstrfmt("%s/.git/dlg/cache", ctx->root);
	int ret = taskset_stream_cached(ts, ctx->root, file, flags, each, payload, &err);

	free(file);
	if (ret) {
		error_msg("%s", err.msg);
		err_clear(&err);
		return -1;
	}
	return 0;
}

int load_taskset_cached(struct taskset *ts, const struct dlg_ctx *ctx, unsigned flags)
{
	return stream_taskset_cached(ts, ctx, flags, NULL, NULL);
}

static const char *last_part(const char *id)
{
	const char *slash = strrchr(id, '/');

	return slash ? slash + 1 : id;
}

/* "tasks/a/b.md", "./tasks/a/b.md" or an absolute path, as an id. */
static char *id_from_path_arg(const char *root, const char *arg)
{
	char *abs = realpath(arg, NULL);
	size_t n = strlen(root);
	char *id = NULL;

	if (abs && !strncmp(abs, root, n) && abs[n] == '/')
		id = task_id_from_path(abs + n + 1);
	free(abs);
	if (!id)
		id = task_id_from_path(arg);
	return id;
}

struct task *resolve_task(struct taskset *ts, const char *arg)
{
	struct strlist ids = STRLIST_INIT;
	struct task *t = taskset_find(ts, arg), *only = NULL;
	const char *near;
	size_t matches = 0;
	char *id;

	if (t)
		return t;
	id = id_from_path_arg(ts->root, arg);
	if (id) {
		t = taskset_find(ts, id);
		free(id);
		if (t)
			return t;
	}
	for (size_t i = 0; i < ts->ntasks; i++) {
		if (!strcmp(last_part(ts->tasks[i].id), arg)) {
			only = &ts->tasks[i];
			matches++;
		}
	}
	if (matches == 1)
		return only;
	if (matches > 1) {
		error_msg("'%s' could be any of %zu tasks; give its whole id:", arg, matches);
		for (size_t i = 0; i < ts->ntasks; i++)
			if (!strcmp(last_part(ts->tasks[i].id), arg))
				fprintf(stderr, "  %s\n", ts->tasks[i].id);
		return NULL;
	}
	for (size_t i = 0; i < ts->ntasks; i++) {
		strlist_push(&ids, ts->tasks[i].id);
		if (strchr(ts->tasks[i].id, '/'))
			strlist_push(&ids, last_part(ts->tasks[i].id));
	}
	near = closest_match(arg, (const char *const *)ids.v, ids.n);
	if (near)
		error_msg("no task '%s' (did you mean '%s'?)", arg, near);
	else
		error_msg("no task '%s'; see dlg list --all", arg);
	strlist_clear(&ids);
	return NULL;
}

struct person *resolve_person(struct taskset *ts, const char *arg)
{
	struct strlist ids = STRLIST_INIT;
	struct person *p = taskset_person(ts, arg);
	const char *near;

	if (p)
		return p;
	if (starts_with(arg, "people/") && ends_with(arg, ".md")) {
		char *id = xstrndup(arg + 7, strlen(arg) - 10);

		p = taskset_person(ts, id);
		free(id);
		if (p)
			return p;
	}
	taskset_person_ids(ts, &ids);
	near = closest_match(arg, (const char *const *)ids.v, ids.n);
	if (near)
		error_msg("no person '%s' in people/ (did you mean '%s'?)", arg, near);
	else
		error_msg("no person '%s' in people/; add people/%s.md first", arg, arg);
	strlist_clear(&ids);
	return NULL;
}

const char *field_str(const struct fields *f, const char *key)
{
	static struct strbuf ring[8] = { STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT,
		                         STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT };
	static size_t next;
	struct strbuf *sb = &ring[next++ % ARRAY_SIZE(ring)];
	const struct value *v = fields_get(f, key);

	strbuf_reset(sb);
	if (v && v->type != VALUE_UNKNOWN)
		value_format(sb, v);
	return sb->buf;
}

int task_readable(const struct taskset *ts, const struct task *t, const struct dlg_ctx *ctx,
                  struct diags *out)
{
	struct people_info people = taskset_people_info(ts);
	struct model_refs refs = { ctx->cfg, &people };
	int ref_errors = 0;

	task_problems(t, out);
	if (t->valid)
		ref_errors = model_check_refs(&t->fields, t->path, &refs, out);
	return task_usable(t) && !ref_errors;
}

/* Problems on stderr, "... (left out)" after each error. */
static void say_left_out(const struct diags *d)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < d->n; i++) {
		strbuf_reset(&sb);
		diag_format(&sb, &d->v[i]);
		error_msg("%s%s", sb.buf, d->v[i].warning ? "" : " (left out)");
	}
	strbuf_release(&sb);
}

struct said_line {
	char *id;
	size_t seq; /* the order said */
	struct diag d;
};

void said_keep(struct said *said, const char *id, struct diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		ALLOC_GROW(said->v, said->n + 1, said->alloc);
		said->v[said->n].id = xstrdup(id);
		said->v[said->n].seq = said->n;
		said->v[said->n++].d = d->v[i];
	}
	/* its problems are said's now */
	free(d->v);
	memset(d, 0, sizeof(*d));
}

int task_readable_or_say(const struct taskset *ts, const struct task *t, const struct dlg_ctx *ctx)
{
	struct diags d = DIAGS_INIT;
	int ok = task_readable(ts, t, ctx, &d);

	say_left_out(&d);
	diags_clear(&d);
	return ok;
}

int task_readable_or_keep(const struct taskset *ts, const struct task *t, const struct dlg_ctx *ctx,
                          struct said *said)
{
	struct diags d = DIAGS_INIT;
	int ok = task_readable(ts, t, ctx, &d);

	said_keep(said, t->id, &d);
	return ok;
}

static int cmp_said(const void *a, const void *b)
{
	const struct said_line *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	return c ? c : x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* What said holds, in id order, as diags (said is left empty). */
static void said_take(struct said *said, struct diags *d)
{
	if (said->n)
		qsort(said->v, said->n, sizeof(*said->v), cmp_said);
	d->v = xcalloc(said->n + 1, sizeof(*d->v));
	d->alloc = said->n + 1;
	d->n = 0;
	for (size_t i = 0; i < said->n; i++) {
		d->v[d->n++] = said->v[i].d;
		free(said->v[i].id);
	}
	free(said->v);
	memset(said, 0, sizeof(*said));
}

size_t said_flush(struct said *said, int left_out)
{
	struct diags d;
	size_t errors;

	said_take(said, &d);
	if (left_out)
		say_left_out(&d);
	else
		print_diags(&d);
	errors = diags_errors(&d);
	diags_clear(&d);
	return errors;
}

void said_clear(struct said *said)
{
	struct diags d;

	said_take(said, &d);
	diags_clear(&d);
}
