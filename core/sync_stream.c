/* sync_stream.c: each task file a sync reads, as it is read: checked, put
 * through the lifecycle, its new bytes staged, its cache record made, and
 * dropped, so that a sync's memory grows with the number of tasks, never
 * with their size. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/model.h"
#include "core/sync_message.h"
#include "core/sync_priv.h"

char *sync_problems_text(const struct diags *d)
{
	struct strbuf sb = STRBUF_INIT;

	/* "LINE:COL:WARNING:MESSAGE", a line each */
	for (size_t i = 0; i < d->n; i++)
		if (!strchr(d->v[i].msg, '\n'))
			strbuf_addf(&sb, "%d:%d:%d:%s\n", d->v[i].line, d->v[i].col,
			            d->v[i].warning, d->v[i].msg);
	return strbuf_detach(&sb, NULL);
}

void sync_problems_from_text(struct diags *d, const char *path, const char *text)
{
	while (text && *text) {
		const char *nl = strchr(text, '\n');
		int line, col, warning, used = 0;

		if (!nl)
			break;
		if (sscanf(text, "%d:%d:%d:%n", &line, &col, &warning, &used) == 3 && used)
			diags_add(d, path, line, col, warning, "%.*s", (int)(nl - text - used),
			          text + used);
		text = nl + 1;
	}
}

/* What an edit took back of dlg's hand-off, against what the cache last saw
 * of the task: `to`, `given` or the decision gone from a waiting task, or
 * its status put back. A stale editor buffer saved over dlg's writes looks
 * like this, and must not pass unnoticed. */
static void check_undone(struct run *r, const struct task *t)
{
	const struct cache_rec *rec = cache_find(&r->cache, t->path);
	struct strbuf what = STRBUF_INIT;
	struct lc_state now;
	const char *to;

	if (!rec || rec->kind != CACHE_SETTLED || !task_usable(t))
		return;
	lc_state_read(&now, &t->fields, NULL);
	if (rec->status != STATUS_WAITING &&
	    !(rec->status == STATUS_OPEN && now.status == STATUS_INBOX))
		return;
	if (now.status < rec->status)
		strbuf_addf(&what, "status %s → %s", status_name((enum status)rec->status),
		            status_name(now.status));
	to = cache_str(&r->cache, rec->to);
	if (to && !now.to)
		strbuf_addf(&what, "%sto %s → (none)", what.len ? ", " : "", to);
	if (rec->given != DATE_NONE && now.given == DATE_NONE) {
		char d[11];

		date_format(rec->given, d);
		strbuf_addf(&what, "%sgiven %s → (none)", what.len ? ", " : "", d);
	}
	if (rec->decision != DECISION_NONE && now.decision == DECISION_NONE &&
	    !fields_value(&t->fields, "decision"))
		strbuf_addf(&what, "%sdecision %s → (none)", what.len ? ", " : "",
		            decision_name((enum decision)rec->decision));
	if (what.len)
		sync_record_undone(r, t->id,
		                   xstrfmt("your edit took back dlg's hand-off: %s (undo it with "
		                           "git, or say so again)",
		                           what.buf));
	strbuf_release(&what);
}

static void fill_from_task(struct cache_builder *b, struct cache_rec *rec, const struct task *t)
{
	const struct fields *f = &t->fields;
	const struct value *tags = fields_value(f, "tags");
	struct lc_state s;
	double n;

	const char *st = fields_string(f, "status"), *dt = fields_string(f, "decision");

	lc_state_read(&s, f, NULL);
	rec->status = (uint8_t)s.status;
	rec->decision = (uint8_t)s.decision;
	/* as written, when it is not dlg's spelling: commands show it so */
	if (st && strcmp(st, status_name(s.status)))
		rec->status_text = cache_builder_str(b, st);
	if (dt && strcmp(dt, decision_name(s.decision)))
		rec->decision_text = cache_builder_str(b, dt);
	rec->to = cache_builder_str(b, s.to);
	rec->channel = cache_builder_str(b, s.channel);
	rec->rule = cache_builder_str(b, s.rule);
	rec->because = cache_builder_str(b, fields_string(f, "because"));
	rec->title = cache_builder_str(b, t->title);
	rec->follow_up = s.follow_up;
	rec->due = s.due;
	rec->given = s.given;
	rec->decided = s.decided;
	rec->completed = s.completed;
	if (fields_number(f, "hours", &n)) {
		rec->hours = n;
		rec->flags |= CACHE_F_HOURS;
	}
	if (fields_number(f, "cost", &n)) {
		rec->cost = n;
		rec->flags |= CACHE_F_COST;
	}
	if (fields_number(f, "rating", &n))
		rec->rating = (int32_t)n;
	if (tags && tags->type == VALUE_LIST) {
		struct strbuf sb = STRBUF_INIT;

		for (size_t i = 0; i < tags->n; i++) {
			if (i)
				strbuf_addch(&sb, '\x1f');
			value_format(&sb, &tags->items[i]);
		}
		rec->tags = cache_builder_str(b, sb.buf);
		strbuf_release(&sb);
	}
}

/* The cache record of a task as it was read (dlg's new bytes, if any, get
 * their stamp once written). */
static size_t make_record(struct run *r, const struct task *t, int kind, unsigned events,
                          int valid_until, const char *message)
{
	struct cache_rec *rec = cache_builder_add(&r->next);

	rec->path = cache_builder_str(&r->next, t->path);
	rec->size = (int64_t)t->read_len;
	rec->mtime_sec = t->stamp.mtime_sec;
	rec->mtime_nsec = (int32_t)t->stamp.mtime_nsec;
	rec->ctime_sec = t->stamp.ctime_sec;
	rec->ctime_nsec = (int32_t)t->stamp.ctime_nsec;
	rec->ino = t->stamp.ino;
	rec->hash = t->read_hash;
	rec->kind = (uint8_t)kind;
	rec->events = events;
	rec->valid_until = valid_until;
	rec->message = cache_builder_str(&r->next, message);
	if (t->valid)
		fill_from_task(&r->next, rec, t);
	rec->checks_done = t->checks_done;
	rec->checks_total = t->checks_total;
	rec->flags |= CACHE_F_CHECKS;
	return r->next.n - 1;
}

static struct parsed *add_parsed(struct run *r, const struct task *t)
{
	struct parsed *p;

	/* with no cache, every file found is read: room for them all at once
	 * (growing leaves a third unused, megabytes at 100,000 tasks) */
	if (!r->cache.data && !r->parsed_alloc) {
		ALLOC_RESERVE(r->parsed, r->ts.nfound + 1, r->parsed_alloc);
		ALLOC_RESERVE(r->next.recs, r->ts.nfound + 1, r->next.alloc);
	}
	ALLOC_GROW(r->parsed, r->nparsed + 1, r->parsed_alloc);
	p = &r->parsed[r->nparsed++];
	memset(p, 0, sizeof(*p));
	p->path = xstrdup(t->path);
	p->rec = SIZE_MAX;
	return p;
}

/* A task no command may act on: said, and kept so in the cache. */
static void invalid_task(struct run *r, const struct task *t, const struct diags *mine)
{
	char *text = sync_problems_text(mine);

	for (size_t i = 0; i < mine->n; i++)
		diags_add(&r->out->invalid, mine->v[i].path, mine->v[i].line, mine->v[i].col,
		          mine->v[i].warning, "%s", mine->v[i].msg);
	add_parsed(r, t)->rec = make_record(r, t, CACHE_INVALID, 0, INT32_MAX, text);
	free(text);
}

/* The events the new bytes will get from the next sync's lifecycle: what
 * the cache keeps, so the next sync reads nothing. 0 when it would change
 * something yet (then the file is read next time). */
static int verdict_after(struct run *r, const struct task *t, unsigned *events, int *until)
{
	struct lc_result again;
	struct lc_state s;
	int ok;

	lifecycle_apply(&again, r->opts->cfg, &r->people, &t->fields, r->opts->today);
	ok = !again.changes.n && !(again.events & (LC_ERROR | LC_UNDECIDED | LC_REPEATED));
	*events = again.events;
	lc_result_release(&again);
	lc_state_read(&s, &t->fields, NULL);
	*until = lc_settled_until(&s, r->opts->today);
	return ok;
}

int sync_stream_task(struct run *r, struct task *t, struct dlg_err *err)
{
	const struct sync_opts *o = r->opts;
	struct model_refs refs;
	struct diags mine = DIAGS_INIT;
	struct lc_result lc;
	struct parsed *p;
	size_t first = r->out->nevents;
	unsigned events = 0;
	int until = INT32_MAX, kind = CACHE_SETTLED, ret = 0;

	r->people = taskset_people_info(&r->ts);
	refs.cfg = o->cfg;
	refs.people = &r->people;
	/* a field dlg can't read is never taken for a missing one: the task
	 * is reported and left as it is */
	task_problems(t, &mine);
	if (!t->valid || model_check_refs(&t->fields, t->path, &refs, &mine) || !task_usable(t)) {
		invalid_task(r, t, &mine);
		diags_clear(&mine);
		return 0;
	}
	for (size_t i = 0; i < mine.n; i++)
		diags_add(&r->out->invalid, mine.v[i].path, mine.v[i].line, mine.v[i].col,
		          mine.v[i].warning, "%s", mine.v[i].msg);
	diags_clear(&mine);
	check_undone(r, t);
	lifecycle_apply(&lc, o->cfg, &r->people, &t->fields, o->today);
	/* before task_apply: lc borrows from the task's fields */
	sync_record(r, t->id, t->path, &t->fields, &lc);
	if (lc.changes.n)
		ret = task_apply(t, &lc.changes, err);
	if (!ret && (lc.events & LC_REPEATED))
		ret = sync_repeat(r, t, lc.next_due, &first, err);
	p = add_parsed(r, t);
	if (ret)
		goto out;
	for (size_t i = first; i < r->out->nevents; i++)
		p->kinds |= 1u << r->out->events[i].kind;
	if (t->dirty) {
		const char *bytes = fm_bytes(t->doc, &p->len);
		struct strbuf lines = STRBUF_INIT;

		p->dirty = 1;
		p->hash = hash_bytes(bytes, p->len);
		sync_task_lines(&lines, r->out->events + first, r->out->nevents - first);
		p->lines = strbuf_detach(&lines, NULL);
		if (o->dry_run)
			strlist_push(&r->written, t->path);
		else
			task_stage(&r->batch, t, o->root);
	}
	if (lc.events & LC_UNDECIDED) {
		kind = CACHE_UNDECIDED;
		until = config_uses_today(o->cfg) ? o->today : INT32_MAX;
		p->rec = make_record(r, t, kind, LC_UNDECIDED, until, lc.message);
	} else if (!(lc.events & LC_ERROR) && verdict_after(r, t, &events, &until)) {
		p->rec = make_record(r, t, kind, events, until, NULL);
	}
out:
	lc_result_release(&lc);
	return ret;
}

static int in_written(const struct run *r, const char *path)
{
	size_t lo = 0, hi = r->written.n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(r->written.v[mid], path);

		if (!c)
			return 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

void sync_settle_written(struct run *r)
{
	for (size_t i = 0; i < r->nparsed; i++) {
		struct parsed *p = &r->parsed[i];
		struct cache_rec *rec;
		struct file_stamp st;
		char *full;

		if (!p->dirty || p->rec == SIZE_MAX)
			continue;
		rec = &r->next.recs[p->rec];
		full = xstrfmt("%s/%s", r->opts->root, p->path);
		/* dlg's own write: the stamp it left, the bytes it wrote; a file
		 * left as the person wrote it is read next time */
		if (!in_written(r, p->path) || file_stamp_of(&st, full) < 0) {
			rec->kind = 0;
		} else {
			rec->size = (int64_t)p->len;
			rec->hash = p->hash;
			rec->mtime_sec = st.mtime_sec;
			rec->mtime_nsec = (int32_t)st.mtime_nsec;
			rec->ctime_sec = st.ctime_sec;
			rec->ctime_nsec = (int32_t)st.ctime_nsec;
			rec->ino = st.ino;
		}
		free(full);
	}
}
