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
	free(e->rule);
	free(e->because);
	free(e->channel);
	free(e->to);
	free(e->old_status);
	free(e->rating);
	free(e->message);
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

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
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

/* The events of one lifecycle step, for parsed and cached tasks alike. */
static void record(struct run *r, const char *id, const char *path, const struct fields *task,
                   const struct lc_result *lc)
{
	struct sync_result *out = r->out;
	struct sync_event *e;

	if (lc->events & LC_DECIDED) {
		e = add_event(r, SYNC_DECIDED, id);
		e->decision = lc->decision;
		e->rule = lc->rule ? xstrdup(lc->rule->name) : NULL;
		e->because = lc->rule ? dup_or_null(lc->rule->because) : NULL;
		e->channel = lc->channel ? xstrdup(lc->channel->name) : NULL;
		e->to = dup_or_null(lc->to);
		e->old_status = dup_or_null(lc->old_status);
		out->decided++;
	}
	if (lc->events & LC_HANDED) {
		e = add_event(r, SYNC_HANDED, id);
		e->to = dup_or_null(lc->to);
		e->follow_up = lc->follow_up;
		e->old_status = dup_or_null(lc->old_status);
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
		e->channel = lc->channel ? xstrdup(lc->channel->name) : NULL;
		out->needs++;
	}
	if (lc->events & LC_DUE) {
		e = add_event(r, SYNC_DUE, id);
		e->to = dup_or_null(lc->to);
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

static struct task *find_task_by_path(struct taskset *ts, const char *path)
{
	for (size_t i = 0; i < ts->ntasks; i++)
		if (!strcmp(ts->tasks[i].path, path))
			return &ts->tasks[i];
	return NULL;
}

/* 1 when the edit had nothing to change. */
static int command_edit(struct run *r, struct dlg_err *err)
{
	const struct sync_opts *o = r->opts;
	struct fields changes = FIELDS_INIT;
	struct task *t = find_task_by_path(&r->ts, o->task_path);
	struct strlist written = STRLIST_INIT;
	const char *bytes;
	char *full;
	int ret;

	if (!t)
		return err_set(err, 0, 0, "%s: no such task any more", o->task_path);
	if (!t->valid)
		return err_set(err, t->err.line, t->err.col,
		               "%s:%d:%d: %s (fix it first; dlg changes no invalid file)", t->path,
		               t->err.line, t->err.col, t->err.msg);
	ret = o->edit(&changes, t, &r->people, o->edit_payload, err);
	if (ret == 0 && changes.n) {
		ret = task_apply(t, &changes, err);
		if (!ret && !o->dry_run)
			ret = task_save(t, o->root, &written, &r->out->unwritten, err);
		if (!ret && !o->dry_run && !written.n)
			ret = err_set(err, 0, 0, "%s: %s", t->path,
			              r->out->unwritten.n ? r->out->unwritten.v[0].msg
			                                  : "cannot write");
		if (!ret && written.n) {
			r->out->changed = 1;
			/* what it holds now is what the sync reads */
			full = xstrfmt("%s/%s", o->root, t->path);
			file_stamp_of(&t->stamp, full);
			free(full);
			bytes = fm_bytes(t->doc, &t->read_len);
			t->read_hash = hash_bytes(bytes, t->read_len);
		}
	}
	strlist_clear(&written);
	fields_clear(&changes);
	return ret;
}

/* ---- step 4: the person's edits ---- */

struct edits_msg {
	struct sync_result *out;
};

static char *edits_message(const struct repo_changes *changes, void *payload)
{
	struct edits_msg *m = payload;

	free(m->out->edits.subject); /* asked again when built anew */
	m->out->edits.subject = sync_edits_subject(changes);
	return sync_edits_message(m->out->edits.subject, changes);
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

/* What an edit of path took back of dlg's hand-off, compared with HEAD:
 * `to` or `given` gone from a waiting task, or its status put back. A
 * stale editor buffer saved over dlg's writes looks like this, and must not
 * pass unnoticed. */
static void check_undone(struct run *r, const char *path)
{
	struct strbuf head = STRBUF_INIT, what = STRBUF_INIT;
	struct dlg_err err = DLG_ERR_INIT;
	struct fm_doc *doc = NULL;
	struct fields was = FIELDS_INIT;
	struct diags ignore = DIAGS_INIT;
	struct task *now = find_task_by_path(&r->ts, path);
	struct lc_state a, b;
	static const char *const keys[] = { "to", "given", "decision" };

	if (!now || !task_usable(now) || !r->has_head ||
	    repo_read_blob(&head, r->repo, &r->head, path, &err) ||
	    fm_parse(&doc, head.buf, head.len, &err))
		goto out;
	fm_fields(doc, &was);
	model_read_task(&was, path, &ignore);
	lc_state_read(&a, &was, NULL);
	lc_state_read(&b, &now->fields, NULL);
	if (a.status != STATUS_WAITING && !(a.status == STATUS_OPEN && b.status == STATUS_INBOX))
		goto out;
	if (b.status < a.status)
		strbuf_addf(&what, "status %s → %s", status_name(a.status), status_name(b.status));
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		const struct value *v = fields_value(&was, keys[i]);

		if (v && !fields_value(&now->fields, keys[i])) {
			strbuf_addf(&what, "%s%s ", what.len ? ", " : "", keys[i]);
			value_format(&what, v);
			strbuf_addstr(&what, " → (none)");
		}
	}
	if (what.len)
		add_event(r, SYNC_UNDONE, now->id)->message =
		    xstrfmt("your edit took back dlg's hand-off: %s (undo it with git, or say so "
		            "again)",
		            what.buf);
out:
	fm_free(doc);
	fields_clear(&was);
	diags_clear(&ignore);
	strbuf_release(&head);
	strbuf_release(&what);
	err_clear(&err);
}

static int commit_own_edits(struct run *r, struct dlg_err *err)
{
	struct strlist paths = STRLIST_INIT;
	struct edits_msg m = { r->out };
	int ret = repo_changed_paths_ext(&paths, r->repo,
	                                 r->opts->dry_run ? REPO_STATUS_READ_ONLY : 0, err);

	for (size_t i = 0; !ret && i < paths.n; i++)
		if (starts_with(paths.v[i], "tasks/"))
			check_undone(r, paths.v[i]);
	if (!ret && paths.n)
		ret = sync_commit_paths(r, &r->out->edits, &paths, edits_message, &m, err);
	strlist_clear(&paths);
	return ret;
}

/* ---- step 5: the lifecycle ---- */

/* Whether path is one of the excluded paths or below one. */
static int excluded(const struct strlist *ex, const char *path)
{
	size_t lo = 0, hi = ex->n;

	/* the last entry <= path is the only one that can be its prefix */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(ex->v[mid], path) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i-- > 0;) {
		size_t n = strlen(ex->v[i]);

		if (!strncmp(ex->v[i], path, n) && (path[n] == '\0' || path[n] == '/'))
			return 1;
		if (strncmp(ex->v[i], path, 1))
			break;
	}
	return 0;
}

/* Leave a task file unparsed when the cache knows it and it is unchanged,
 * and never read one git leaves out of the person's tree. */
static int skip_cached(const char *path, const struct file_stamp *stamp, void *payload)
{
	struct run *r = payload;

	if (r->excluded.n && excluded(&r->excluded, path))
		return 1;

	if (r->opts->task_path && !strcmp(path, r->opts->task_path))
		return 0;
	return cache_lookup(&r->cache, path, stamp) != NULL;
}

static int lifecycle_task(struct run *r, struct task *t, struct dlg_err *err)
{
	const struct sync_opts *o = r->opts;
	struct lc_result lc;
	int ret = 0;

	struct model_refs refs = { o->cfg, &r->people };

	/* a field dlg can't read is never taken for a missing one: the task
	 * is reported and left as it is */
	task_problems(t, &r->out->invalid);
	if (!t->valid || model_check_refs(&t->fields, t->path, &refs, &r->out->invalid) ||
	    !task_usable(t))
		return 0;
	lifecycle_apply(&lc, o->cfg, &r->people, &t->fields, o->today);
	/* before task_apply: lc borrows from the task's fields */
	record(r, t->id, t->path, &t->fields, &lc);
	if (!lc.changes.n && !(lc.events & (LC_ERROR | LC_UNDECIDED)))
		cache_add(&r->settled, t->path, &t->stamp, &t->fields);
	if (lc.changes.n)
		ret = task_apply(t, &lc.changes, err);
	if (!ret && o->dry_run && t->dirty)
		strlist_push(&r->written, t->path);
	lc_result_release(&lc);
	return ret;
}

/* A settled task the cache remembers goes through the same lifecycle, on
 * the fields the cache kept. Should that change anything after all, the
 * file is read and taken like any other. */
static int lifecycle_cached(struct run *r, const struct cache_entry *e, struct dlg_err *err)
{
	const struct sync_opts *o = r->opts;
	struct lc_result lc;
	char *id = task_id_from_path(e->path);
	int ret = 0;

	lifecycle_apply(&lc, o->cfg, &r->people, &e->fields, o->today);
	if (!lc.changes.n && !(lc.events & (LC_ERROR | LC_UNDECIDED))) {
		record(r, id ? id : e->path, e->path, &e->fields, &lc);
		cache_add_entry(&r->settled, e);
	} else {
		struct task *t;

		ALLOC_GROW(r->extra, r->nextra + 1, r->extra_alloc);
		t = &r->extra[r->nextra];
		ret = task_load(t, o->root, e->path, 0, err);
		if (!ret) {
			r->nextra++;
			t->stamp = e->stamp;
			ret = lifecycle_task(r, t, err);
		} else {
			task_release(t);
		}
	}
	lc_result_release(&lc);
	free(id);
	return ret;
}

static int run_lifecycle(struct run *r, struct dlg_err *err)
{
	int ret = 0;

	for (size_t i = 0; i < r->ts.npeople; i++)
		person_problems(&r->ts.people[i], &r->out->invalid);
	for (size_t i = 0; i < r->ts.ntasks && !ret; i++)
		ret = lifecycle_task(r, &r->ts.tasks[i], err);
	for (size_t i = 0; i < r->ts.skipped.n && !ret; i++) {
		const struct cache_entry *e = cache_find_path(&r->cache, r->ts.skipped.v[i]);

		if (e)
			ret = lifecycle_cached(r, e, err);
	}
	return ret;
}

/* ---- the remote: seams for fetch, merge and push (core/sync_remote.c) ---- */

/* Step 2: with [sync] remote, finish a merge an earlier sync left, and
 * fetch; after step 4 (phase 1), merge what was fetched and read the
 * files it changed again. */
static int sync_fetch_merge(struct run *r, int phase, struct dlg_err *err)
{
	int changed = 0, ret;

	if (phase == 0)
		return sync_remote_begin(r, err);
	ret = sync_remote_merge(r, &changed, err);
	if (ret || !changed)
		return ret;
	taskset_release(&r->ts);
	memset(&r->ts, 0, sizeof(r->ts));
	if (taskset_load_skipping(&r->ts, r->opts->root, TASKSET_CLEAN_TEMP, skip_cached, r, err))
		return DLG_ERROR;
	r->people = taskset_people_info(&r->ts);
	return 0;
}

/* Step 7: publish the commits ([sync] remote). */
static int sync_push(struct run *r, struct dlg_err *err)
{
	return sync_remote_push(r, err);
}

/* ---- the whole sync ---- */

static void save_cache(struct run *r, const char *file, const char *key)
{
	struct dlg_err err = DLG_ERR_INIT;

	/* parsed nothing and settled what the cache had: it is up to date */
	if (r->opts->dry_run || (!r->ts.ntasks && r->settled.n == r->cache.n && !r->written.n))
		return;
	if (cache_save(&r->settled, file, key, time(NULL), &err))
		diags_add(&r->out->warnings, "", 0, 0, 1, "%s (the next sync will be slower)",
		          err.msg);
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

static int load(struct run *r, const char *cache_file, const char *key, struct dlg_err *err)
{
	if (repo_excluded_paths(&r->excluded, r->repo, err))
		return DLG_ERROR;
	strlist_sort(&r->excluded);
	cache_load(&r->cache, cache_file, key);
	if (taskset_load_skipping(&r->ts, r->opts->root, r->opts->dry_run ? 0 : TASKSET_CLEAN_TEMP,
	                          skip_cached, r, err))
		return DLG_ERROR;
	for (size_t i = 0; i < r->ts.warnings.n; i++)
		diags_add(&r->out->warnings, r->ts.warnings.v[i].path, 0, 0, 1, "%s",
		          r->ts.warnings.v[i].msg);
	r->people = taskset_people_info(&r->ts);
	return 0;
}

int sync_run(struct sync_result *out, struct repo *repo, const struct sync_opts *opts,
             struct dlg_err *err)
{
	struct repo_lock *lock = NULL;
	struct run r;
	char *cache_file = NULL, *key = NULL;
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
		ret = sync_fetch_merge(&r, 0, err);
	if (ret || out->remote.waiting)
		goto out;
	cache_file = xstrfmt("%sdlg/cache", repo_gitdir(repo));
	key = cache_key(opts->root);
	ret = load(&r, cache_file, key, err);
	fault_point("parsed");
	if (!ret && opts->edit) {
		ret = command_edit(&r, err);
		if (ret == 1) {
			out->stopped = 1;
			ret = 0;
			goto out;
		}
	}
	if (!ret)
		ret = commit_own_edits(&r, err);
	if (!ret)
		ret = sync_fetch_merge(&r, 1, err);
	if (!ret && out->remote.waiting)
		goto out;
	if (!ret)
		ret = run_lifecycle(&r, err);
	if (!ret) {
		sync_sort_events(&r);
		ret = sync_write_and_commit(&r, err);
	}
	if (!ret)
		ret = sync_push(&r, err);
	if (!ret)
		save_cache(&r, cache_file, key);
out:
	sync_remote_end(&r);
	repo_unlock(lock);
	taskset_release(&r.ts);
	cache_release(&r.cache);
	cache_release(&r.settled);
	strlist_clear(&r.written);
	strlist_clear(&r.excluded);
	for (size_t i = 0; i < r.nextra; i++)
		task_release(&r.extra[i]);
	free(r.extra);
	free(r.order);
	free(cache_file);
	free(key);
	return ret;
}

void sync_result_release(struct sync_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nevents; i++)
		sync_event_release(&r->events[i]);
	free(r->events);
	diags_clear(&r->unwritten);
	diags_clear(&r->invalid);
	diags_clear(&r->errors);
	diags_clear(&r->warnings);
	free(r->recovered.subject);
	free(r->edits.subject);
	free(r->dlg.subject);
	sync_remote_result_release(&r->remote);
	memset(r, 0, sizeof(*r));
}
