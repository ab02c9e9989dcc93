/* sync.c: the sync engine: lock, the person's commit, the lifecycle over
 * every task, dlg's writes and commit, the cache (see sync.h). */
#include "core/sync.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/model.h"
#include "core/sync_message.h"
#include "core/sync_priv.h"
#include "lib/fault.h"

/* ---- events ---- */

void sync_event_release(struct sync_event *e)
{
	free(e->id);
	free(e->rating);
	free(e->message);
	free(e->next);
	free(e->period);
}

static struct sync_event *add_event(struct run *r, enum sync_event_kind kind, const char *id)
{
	struct sync_result *out = r->out;
	struct sync_event *e;

	ALLOC_GROW(out->events, out->nevents + 1, out->alloc);
	ALLOC_GROW(r->order, out->nevents + 1, r->order_alloc);
	r->order[out->nevents] = r->seq++;
	e = &out->events[out->nevents++];
	memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->id = xstrdup(id);
	return e;
}

struct sync_event *sync_add_event(struct run *r, enum sync_event_kind kind, const char *id)
{
	return add_event(r, kind, id);
}

static const char *name(struct run *r, const char *s)
{
	return strset_intern(&r->out->names, s);
}

/* The field as written ("5"), or NULL when absent. */
static char *field_text(const struct fields *f, const char *key)
{
	const struct value *v = fields_value(f, key);
	struct strbuf sb = STRBUF_INIT;

	if (!v)
		return NULL;
	value_format(&sb, v);
	return strbuf_detach(&sb, NULL);
}

void sync_record_undone(struct run *r, const char *id, char *message)
{
	add_event(r, SYNC_UNDONE, id)->message = message;
}

void sync_record(struct run *r, const char *id, const char *path, const struct fields *task,
                 const struct lc_result *lc)
{
	struct sync_result *out = r->out;
	struct sync_event *e;

	if (lc->events & LC_DECIDED) {
		e = add_event(r, SYNC_DECIDED, id);
		e->decision = lc->decision;
		e->rule = lc->rule ? name(r, lc->rule->name) : NULL;
		e->because = lc->rule ? name(r, lc->rule->because) : NULL;
		e->channel = lc->channel ? name(r, lc->channel->name) : NULL;
		e->to = name(r, lc->to);
		e->old_status = name(r, lc->old_status);
		out->decided++;
	}
	if (lc->events & LC_HANDED) {
		e = add_event(r, SYNC_HANDED, id);
		e->to = name(r, lc->to);
		e->follow_up = lc->follow_up;
		e->old_status = name(r, lc->old_status);
		out->handed++;
	}
	if (lc->events & LC_COMPLETED) {
		int date = r->opts->today;

		fields_date(&lc->changes, "completed", &date);
		e = add_event(r, SYNC_COMPLETED, id);
		e->rating = field_text(task, "rating");
		e->date = date;
		out->completed++;
	}
	if (lc->events & LC_NEEDS_SOMEONE) {
		e = add_event(r, SYNC_NEEDS, id);
		e->decision = lc->decision;
		e->channel = lc->channel ? name(r, lc->channel->name) : NULL;
		out->needs++;
	}
	if (lc->events & LC_DUE) {
		e = add_event(r, SYNC_DUE, id);
		e->to = name(r, lc->to);
		e->follow_up = lc->follow_up;
		e->days_late = lc->days_late;
	}
	if (lc->events & LC_UNDECIDED) {
		e = add_event(r, SYNC_UNDECIDED, id);
		e->message = xstrdup(lc->message ? lc->message : "no rule decided");
		out->undecided++;
	}
	if (lc->events & LC_ERROR)
		diags_add(&out->errors, path, 0, 0, 0, "%s", lc->message ? lc->message : "error");
}

void sync_sort_events(struct run *r)
{
	struct sync_result *out = r->out;

	/* insertion by (id, order): short runs, already nearly sorted */
	for (size_t i = 1; i < out->nevents; i++) {
		struct sync_event e = out->events[i];
		size_t o = r->order[i], j = i;

		while (j > 0) {
			int c = strcmp(out->events[j - 1].id, e.id);

			if (c < 0 || (c == 0 && r->order[j - 1] < o))
				break;
			out->events[j] = out->events[j - 1];
			r->order[j] = r->order[j - 1];
			j--;
		}
		out->events[j] = e;
		r->order[j] = o;
	}
}

/* ---- step 3: a command's own edit ---- */

/* 1 when the edit had nothing to change. The task is read on its own, under
 * the lock, before the tree is: what the walk reads next is the edit. */
static int command_edit(struct run *r, struct dlg_err *err)
{
	const struct sync_opts *o = r->opts;
	struct fields changes = FIELDS_INIT;
	struct strlist written = STRLIST_INIT;
	struct taskset people = TASKSET_INIT;
	struct people_info pi;
	struct task t;
	int ret;

	memset(&t, 0, sizeof(t));
	ret = task_load(&t, o->root, o->task_path, 0, err);
	if (!ret && !t.valid && t.err.msg && strstr(t.err.msg, "cannot read"))
		ret = err_set(err, 0, 0, "%s: no such task any more", o->task_path);
	if (!ret && !t.valid)
		ret = err_set(err, t.err.line, t.err.col,
		              "%s:%d:%d: %s (fix it first; dlg changes no invalid file)", t.path,
		              t.err.line, t.err.col, t.err.msg);
	if (!ret)
		ret = taskset_load(&people, o->root, TASKSET_PEOPLE_ONLY, err);
	if (ret)
		goto out;
	pi = taskset_people_info(&people);
	ret = o->edit(&changes, &t, &pi, o->edit_payload, err);
	if (ret == 0 && changes.n) {
		ret = task_apply(&t, &changes, err);
		if (!ret && !o->dry_run)
			ret = task_save(&t, o->root, &written, &r->out->unwritten, err);
		if (!ret && !o->dry_run && !written.n)
			ret = err_set(err, 0, 0, "%s: %s", t.path,
			              r->out->unwritten.n ? r->out->unwritten.v[0].msg
			                                  : "cannot write");
		if (!ret && written.n)
			r->out->changed = 1;
		if (!ret && o->edit_note)
			r->out->edit_note = o->edit_note(&t, o->edit_payload);
	}
out:
	task_release(&t);
	taskset_release(&people);
	strlist_clear(&written);
	fields_clear(&changes);
	return ret;
}

/* ---- step 4: the person's edits ---- */

struct edits_msg {
	struct sync_result *out;
	const char *id; /* the task a command edited, or NULL */
};

static char *edits_message(const struct repo_changes *changes, void *payload)
{
	struct edits_msg *m = payload;

	free(m->out->edits.subject); /* asked again when built anew */
	m->out->edits.subject = sync_edits_subject(changes);
	return sync_edits_message(m->out->edits.subject, changes, m->id, m->out->edit_note);
}

int sync_commit_paths(struct run *r, struct sync_commit *c, const struct strlist *paths,
                      repo_message_fn message, void *payload, struct dlg_err *err)
{
	struct repo_commit_opts co = REPO_COMMIT_OPTS_INIT;
	struct repo_commit_result res;
	int ret;

	co.parent = r->has_head ? &r->head : NULL;
	co.paths = paths;
	co.message = message;
	co.payload = payload;
	co.dry_run = r->opts->dry_run;
	/* once dlg's files are written, its commit must land: wait for git
	 * (a `git commit` holding index.lock) longer than before anything */
	if (r->written.n)
		co.index_timeout_ms =
		    r->opts->lock_timeout_ms > 10000 ? r->opts->lock_timeout_ms : 10000;
	ret = repo_commit_paths(&res, r->repo, &co, err);
	/* a commit made meanwhile that touched none of these paths (git commit
	 * of another file): build on it instead, a few times at most */
	for (int tries = 0; ret == DLG_ESTATE && r->has_head && tries < 5; tries++) {
		struct repo_oid tip;
		struct dlg_err why = DLG_ERR_INIT;

		if (repo_moved_aside(&tip, r->repo, &r->head, paths, &why) != 1) {
			err_clear(&why);
			break;
		}
		err_clear(err);
		repo_commit_result_clear(&res);
		r->head = tip;
		ret = repo_commit_paths(&res, r->repo, &co, err);
	}
	if (res.committed) {
		r->out->changed = 1;
		r->head = res.id;
		r->has_head = 1;
		memcpy(c->short_id, res.short_id, sizeof(c->short_id));
	}
	repo_commit_result_clear(&res);
	return ret;
}

static int commit_own_edits(struct run *r, struct dlg_err *err)
{
	struct strlist paths = STRLIST_INIT;
	char *id = r->opts->task_path ? task_id_from_path(r->opts->task_path) : NULL;
	struct edits_msg m = { r->out, id };
	int ret = r->fast ? sync_changed_paths(r, &paths)
	                  : repo_changed_paths_ext(
	                        &paths, r->repo, r->opts->dry_run ? REPO_STATUS_READ_ONLY : 0, err);

	if (!ret && paths.n)
		ret = sync_commit_paths(r, &r->out->edits, &paths, edits_message, &m, err);
	strlist_clear(&paths);
	free(id);
	return ret;
}

/* ---- the remote: seams for fetch, merge and push (core/sync_remote.c) ---- */

/* Step 2: with [sync] remote, finish a merge an earlier sync left, fetch,
 * and merge what came: the person's edits are committed first (step 4,
 * early), so that the merge never takes them in; then the sync reads the
 * tree as merged. */
static int sync_fetch_merge(struct run *r, struct dlg_err *err)
{
	int changed = 0;
	int ret = sync_remote_begin(r, err);

	if (!ret && !r->out->remote.waiting && sync_remote_pending(r))
		ret = commit_own_edits(r, err);
	if (!ret && !r->out->remote.waiting)
		ret = sync_remote_merge(r, &changed, err);
	return ret;
}

/* Step 7: publish the commits ([sync] remote). */
static int sync_push(struct run *r, struct dlg_err *err)
{
	return sync_remote_push(r, err);
}

/* ---- the whole sync ---- */

/* Step 9: the caller's hook; what fails there is a warning. */
static void run_after(struct run *r)
{
	struct dlg_err err = DLG_ERR_INIT;

	if (r->opts->after && !r->opts->dry_run && r->opts->after(r->opts->after_payload, &err))
		diags_add(&r->out->warnings, "", 0, 0, 1, "%s", err.msg ? err.msg : "failed");
	err_clear(&err);
}

/* The commit the sync builds on; none on an unborn branch. */
static int read_head(struct run *r, struct dlg_err *err)
{
	if (repo_head(&r->head, r->repo, err) == 0)
		r->has_head = 1;
	else if (!repo_is_unborn(r->repo))
		return DLG_ERROR;
	err_clear(err);
	return 0;
}

int sync_run(struct sync_result *out, struct repo *repo, const struct sync_opts *opts,
             struct dlg_err *err)
{
	struct repo_lock *lock = NULL;
	struct run r;
	int ret;

	memset(out, 0, sizeof(*out));
	memset(&r, 0, sizeof(r));
	r.opts = opts;
	r.repo = repo;
	r.out = out;
	ret = repo_check_state(repo, err);
	if (!ret && !opts->dry_run)
		ret = repo_lock(&lock, repo, opts->lock_timeout_ms, err);
	if (!ret) {
		fault_point("locked");
		ret = read_head(&r, err);
	}
	if (!ret && !opts->dry_run)
		ret = sync_recover(&r, err);
	if (!ret)
		ret = sync_fetch_merge(&r, err);
	if (ret || out->remote.waiting)
		goto out;
	if (opts->edit) {
		ret = command_edit(&r, err);
		if (ret == 1) {
			out->stopped = 1;
			ret = 0;
			goto out;
		}
		if (ret)
			goto out;
	}
	ret = sync_load(&r, err);
	fault_point("parsed");
	if (!ret)
		ret = commit_own_edits(&r, err);
	if (!ret)
		ret = sync_lifecycle(&r, err);
	if (!ret) {
		sync_sort_events(&r);
		ret = sync_write_and_commit(&r, err);
	}
	if (!ret)
		ret = sync_push(&r, err);
	if (!ret)
		sync_save_cache(&r);
	if (!ret)
		run_after(&r);
	out->parsed = r.nparsed;
	out->cached = r.ts.skipped.n - r.nafter;
	out->fast = r.fast;
out:
	sync_remote_end(&r);
	repo_unlock(lock);
	sync_run_release(&r);
	return ret;
}

void sync_result_release(struct sync_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nevents; i++)
		sync_event_release(&r->events[i]);
	free(r->events);
	strset_clear(&r->names);
	diags_clear(&r->unwritten);
	diags_clear(&r->invalid);
	diags_clear(&r->errors);
	diags_clear(&r->warnings);
	free(r->recovered.subject);
	free(r->edits.subject);
	free(r->dlg.subject);
	free(r->edit_note);
	sync_remote_result_release(&r->remote);
	memset(r, 0, sizeof(*r));
}
