/* sync_cache.c: the engine and its cache: one walk of the tree that reads
 * only the files the cache doesn't vouch for, the lifecycle over parsed and
 * cached tasks alike, and the cache left for the next sync. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "core/model.h"
#include "core/sync_priv.h"

static char *cache_file(const struct run *r)
{
	return xstrfmt("%sdlg/cache", repo_gitdir(r->repo));
}

/* ---- the walk ---- */

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

/* The file's bytes still hash as the record says (its stamp changed:
 * touched, copied back, checked out again). */
static int same_bytes(const struct run *r, const char *path, const struct cache_rec *rec)
{
	struct strbuf sb = STRBUF_INIT;
	char *full = xstrfmt("%s/%s", r->opts->root, path);
	int same = strbuf_read_file(&sb, full) == 0 && (int64_t)sb.len == rec->size &&
	           hash_bytes(sb.buf, sb.len) == rec->hash;

	strbuf_release(&sb);
	free(full);
	return same;
}

/* path's record: walks go in the cache's order, so it is most often the
 * one after the last found. */
static const struct cache_rec *next_record(struct run *r, const char *path)
{
	const struct cache_rec *rec;

	if (r->cursor < r->cache.n &&
	    !strcmp(cache_str(&r->cache, r->cache.recs[r->cursor].path), path))
		rec = &r->cache.recs[r->cursor];
	else
		rec = cache_find(&r->cache, path);
	if (rec)
		r->cursor = (uint32_t)(rec - r->cache.recs) + 1;
	return rec;
}

/* Leave a task file unparsed when the cache vouches for it, and never read
 * one git leaves out of the person's tree. */
static int skip_cached(const char *path, const struct file_stamp *stamp, void *payload)
{
	struct run *r = payload;
	const struct cache_rec *rec;

	if (r->excluded.n && excluded(&r->excluded, path))
		return 1;
	if (r->opts->task_path && !strcmp(path, r->opts->task_path))
		return 0;
	rec = next_record(r, path);
	if (!rec)
		return 0;
	if (cache_fresh(&r->cache, rec, stamp))
		return 1;
	if (!same_bytes(r, path, rec))
		return 0;
	ALLOC_GROW(r->touched, r->ntouched + 1, r->touched_alloc);
	r->touched[r->ntouched].path = xstrdup(path);
	r->touched[r->ntouched++].stamp = *stamp;
	r->cache_dirty = 1;
	return 1;
}

/* Git's index as it is: the cache vouches for managed paths only while it
 * is the one the cache saw. */
static void index_stamp(const struct run *r, int64_t *size, int64_t *sec, int32_t *nsec,
                        uint64_t *ino)
{
	char *path = xstrfmt("%sindex", repo_gitdir(r->repo));
	struct stat st;

	if (lstat(path, &st) < 0)
		memset(&st, 0, sizeof(st));
	*size = st.st_size;
	*sec = st.st_mtim.tv_sec;
	*nsec = (int32_t)st.st_mtim.tv_nsec;
	*ino = st.st_ino;
	free(path);
}

static int same_index_file(const struct cache_head *a, const struct cache_head *b)
{
	return a->index_size == b->index_size && a->index_mtime_sec == b->index_mtime_sec &&
	       a->index_mtime_nsec == b->index_mtime_nsec && a->index_ino == b->index_ino;
}

/* Whether the cache's view of git still holds: the same HEAD, and git's
 * index the file the cache saw or one holding the same entries for dlg's
 * paths (git status rewrites the index with refreshed stat data; a git add
 * or rm of a task changes an entry). What the index's digest is, and of
 * which file, goes in r->digested for sync_save_cache; r->cache_dirty is
 * set when the cache is to be saved again with the index as it is now. */
static int vouches(struct run *r)
{
	const struct cache_head *h = &r->cache.h;
	struct cache_head *now = &r->digested;
	struct dlg_err err = DLG_ERR_INIT;

	if (!r->cache.data || !h->clean || h->has_head != (uint32_t)r->has_head ||
	    (r->has_head && memcmp(h->head, r->head.raw, sizeof(h->head))))
		return 0;
	index_stamp(r, &now->index_size, &now->index_mtime_sec, &now->index_mtime_nsec,
	            &now->index_ino);
	if (same_index_file(now, h)) {
		now->index_digest = h->index_digest;
		r->has_digest = 1;
		return 1;
	}
	r->has_digest = repo_index_digest(&now->index_digest, r->repo, &err) == 0;
	err_clear(&err);
	if (!r->has_digest || now->index_digest != h->index_digest)
		return 0;
	r->cache_dirty = 1;
	return 1;
}

static int stream_task(struct task *t, void *payload, struct dlg_err *err)
{
	return sync_stream_task(payload, t, err);
}

int sync_load(struct run *r, struct dlg_err *err)
{
	char *file = cache_file(r);
	int ret = 0;

	cache_load(&r->cache, file, cache_key(r->opts->root));
	cache_builder_base(&r->next, &r->cache);
	r->fast = vouches(r);
	/* git's index is the one the cache saw: so is what it leaves out */
	if (r->fast) {
		const char *ex = cache_str(&r->cache, r->cache.h.excluded);

		while (ex && *ex) {
			const char *nl = strchr(ex, '\n');

			strlist_push_nodup(&r->excluded,
			                   xstrndup(ex, nl ? (size_t)(nl - ex) : strlen(ex)));
			ex = nl ? nl + 1 : ex + strlen(ex);
		}
	} else if (repo_excluded_paths(&r->excluded, r->repo, err)) {
		ret = DLG_ERROR;
		goto out;
	}
	strlist_sort(&r->excluded);
	/* the body too: the checklist counts and a title from a heading go in
	 * the cache, for the commands that read through it */
	if (taskset_load_stream(&r->ts, r->opts->root,
	                        TASKSET_BODY | (r->opts->dry_run ? 0 : TASKSET_CLEAN_TEMP),
	                        skip_cached, stream_task, r, err)) {
		ret = DLG_ERROR;
		goto out;
	}
	for (size_t i = 0; i < r->ts.warnings.n; i++)
		diags_add(&r->out->warnings, r->ts.warnings.v[i].path, 0, 0, 1, "%s",
		          r->ts.warnings.v[i].msg);
	if (r->nparsed || r->cache.n != r->ts.skipped.n || !r->fast)
		r->cache_dirty = 1;
out:
	free(file);
	return ret;
}

const struct parsed *sync_find_parsed(const struct run *r, const char *path)
{
	for (size_t i = 0; i < r->nparsed; i++)
		if (!strcmp(r->parsed[i].path, path))
			return &r->parsed[i];
	return NULL;
}

int sync_changed_paths(struct run *r, struct strlist *out)
{
	struct strset read = STRSET_INIT;
	size_t k = 0;

	for (size_t i = 0; i < r->nparsed; i++) {
		strlist_push(out, r->parsed[i].path);
		strset_add(&read, r->parsed[i].path);
	}
	/* gone since: a deletion (the skipped, in order, are the files found
	 * unchanged: one walk along both) */
	for (uint32_t i = 0; i < r->cache.n; i++) {
		const char *path = cache_str(&r->cache, r->cache.recs[i].path);
		int c = 1;

		while (k < r->ts.skipped.n && (c = strcmp(r->ts.skipped.v[k], path)) < 0)
			k++;
		if (c && !strset_has(&read, path))
			strlist_push(out, path);
	}
	strset_clear(&read);
	strlist_sort(out);
	return 0;
}

/* ---- the lifecycle ---- */

/* Read a task the cache knew after all: its verdict ran out, or changed. */
static int read_after_all(struct run *r, const struct cache_rec *rec, struct dlg_err *err)
{
	struct task t;
	int ret = task_load(&t, r->opts->root, cache_str(&r->cache, rec->path), TASKSET_BODY, err);

	if (!ret) {
		cache_rec_stamp(rec, &t.stamp);
		r->nafter++;
		r->cache_dirty = 1;
		ret = sync_stream_task(r, &t, err);
	}
	task_release(&t);
	return ret;
}

/* The events a record's verdict says, as the lifecycle gave them. */
static void record_cached(struct run *r, const char *id, const char *path,
                          const struct cache_rec *rec)
{
	const struct sync_opts *o = r->opts;
	struct lc_result lc;

	memset(&lc, 0, sizeof(lc));
	lc.events = rec->events & (LC_DUE | LC_NEEDS_SOMEONE);
	lc.decision = (enum decision)rec->decision;
	lc.channel = config_channel(o->cfg, cache_str(&r->cache, rec->channel));
	lc.to = cache_str(&r->cache, rec->to);
	lc.follow_up = rec->follow_up;
	lc.days_late = rec->follow_up != DATE_NONE ? o->today - rec->follow_up : 0;
	if (lc.events)
		sync_record(r, id, path, NULL, &lc);
}

/* A task the cache vouches for: its verdict while it holds, else the
 * lifecycle again on what the record keeps; should that change anything,
 * the file is read and taken like any other. */
static int lifecycle_cached(struct run *r, const struct cache_rec *rec, struct dlg_err *err)
{
	const struct sync_opts *o = r->opts;
	const char *path = cache_str(&r->cache, rec->path);
	char *id = task_id_from_path(path);
	struct fields f = FIELDS_INIT;
	struct lc_result lc;
	int ret = 0;

	if (rec->kind == CACHE_INVALID) {
		sync_problems_from_text(&r->out->invalid, path, cache_str(&r->cache, rec->message));
	} else if (rec->kind == CACHE_UNDECIDED && o->today <= rec->valid_until) {
		memset(&lc, 0, sizeof(lc));
		lc.events = LC_UNDECIDED;
		lc.message = (char *)cache_str(&r->cache, rec->message);
		sync_record(r, id ? id : path, path, NULL, &lc);
	} else if (rec->kind == CACHE_SETTLED && o->today <= rec->valid_until) {
		record_cached(r, id ? id : path, path, rec);
	} else if (rec->kind == CACHE_SETTLED) {
		cache_rec_fields(&r->cache, rec, &f);
		lifecycle_apply(&lc, o->cfg, &r->people, &f, o->today);
		if (!lc.changes.n && !(lc.events & (LC_ERROR | LC_UNDECIDED | LC_REPEATED))) {
			sync_record(r, id ? id : path, path, &f, &lc);
			r->cache_dirty = 1; /* a new verdict to keep */
		} else {
			ret = read_after_all(r, rec, err);
		}
		lc_result_release(&lc);
		fields_clear(&f);
	} else {
		ret = read_after_all(r, rec, err);
	}
	free(id);
	return ret;
}

int sync_lifecycle(struct run *r, struct dlg_err *err)
{
	int ret = 0;

	for (size_t i = 0; i < r->ts.npeople; i++)
		person_problems(&r->ts.people[i], &r->out->invalid);
	r->cursor = 0;
	for (size_t i = 0; i < r->ts.skipped.n && !ret; i++) {
		const struct cache_rec *rec = next_record(r, r->ts.skipped.v[i]);

		if (rec)
			ret = lifecycle_cached(r, rec, err);
	}
	return ret;
}

static int cmp_touched(const void *a, const void *b)
{
	return strcmp(((const struct touched *)a)->path, ((const struct touched *)b)->path);
}

static int read_after(const struct run *r, const char *path)
{
	/* the few read after all come last */
	for (size_t i = r->nparsed - r->nafter; i < r->nparsed; i++)
		if (!strcmp(r->parsed[i].path, path))
			return 1;
	return 0;
}

static void add_cached(struct run *r)
{
	if (r->ntouched > 1)
		qsort(r->touched, r->ntouched, sizeof(*r->touched), cmp_touched);
	r->cursor = 0;
	for (size_t i = 0; i < r->ts.skipped.n; i++) {
		const char *path = r->ts.skipped.v[i];
		const struct cache_rec *rec = next_record(r, path);
		struct touched key = { (char *)path, { 0 } }, *t;
		struct lc_state s;
		struct fields f = FIELDS_INIT;

		if (!rec || read_after(r, path))
			continue; /* read after all: the parsed record stands for it */
		t = r->ntouched ? bsearch(&key, r->touched, r->ntouched, sizeof(key), cmp_touched)
		                : NULL;
		cache_builder_copy(&r->next, &r->cache, rec, t ? &t->stamp : NULL);
		if (rec->kind == CACHE_SETTLED && r->opts->today > rec->valid_until) {
			struct cache_rec *copy = &r->next.recs[r->next.n - 1];

			cache_rec_fields(&r->cache, rec, &f);
			lc_state_read(&s, &f, NULL);
			copy->valid_until = lc_settled_until(&s, r->opts->today);
			copy->events = lc_follow_up_due(&s, r->opts->today) ? LC_DUE : 0;
			copy->events |= lc_needs_someone(&s) ? LC_NEEDS_SOMEONE : 0;
			fields_clear(&f);
		}
	}
}

void sync_save_cache(struct run *r)
{
	struct dlg_err err = DLG_ERR_INIT;
	struct cache_head h;
	struct timespec now;
	char *file;

	if (r->opts->dry_run || !r->cache_dirty)
		return; /* the cache as it is says it all */
	sync_settle_written(r);
	add_cached(r);
	memset(&h, 0, sizeof(h));
	h.key = cache_key(r->opts->root);
	h.has_head = (uint32_t)r->has_head;
	if (r->has_head)
		memcpy(h.head, r->head.raw, sizeof(h.head));
	index_stamp(r, &h.index_size, &h.index_mtime_sec, &h.index_mtime_nsec, &h.index_ino);
	/* the digest known at the start holds while the index is that file */
	if (r->has_digest && same_index_file(&h, &r->digested))
		h.index_digest = r->digested.index_digest;
	else if (repo_index_digest(&h.index_digest, r->repo, &err) < 0) {
		err_clear(&err);
		return; /* no cache is better than one that can't be checked */
	}
	clock_gettime(CLOCK_REALTIME, &now);
	h.saved_sec = now.tv_sec;
	h.saved_nsec = (int32_t)now.tv_nsec;
	/* a file left as it was because it changed or went during the sync:
	 * the cache may not know what git's index has for it (a file deleted
	 * then is in the index and in no record), so the next sync asks git */
	h.clean = r->out->unwritten.n == 0;
	h.excluded = CACHE_NONE;
	if (r->excluded.n) {
		struct strbuf ex = STRBUF_INIT;

		for (size_t i = 0; i < r->excluded.n; i++)
			strbuf_addf(&ex, "%s\n", r->excluded.v[i]);
		h.excluded = cache_builder_str(&r->next, ex.buf);
		strbuf_release(&ex);
	}
	file = cache_file(r);
	if (cache_write(&r->next, file, &h, &err))
		diags_add(&r->out->warnings, "", 0, 0, 1, "%s (the next sync will be slower)",
		          err.msg);
	free(file);
	err_clear(&err);
}

void sync_run_release(struct run *r)
{
	for (size_t i = 0; i < r->nparsed; i++) {
		free(r->parsed[i].path);
		free(r->parsed[i].lines);
	}
	free(r->parsed);
	atomic_batch_clear(&r->batch);
	taskset_release(&r->ts);
	cache_release(&r->cache);
	cache_builder_release(&r->next);
	strlist_clear(&r->written);
	strlist_clear(&r->excluded);
	for (size_t i = 0; i < r->ntouched; i++)
		free(r->touched[i].path);
	free(r->touched);
	free(r->order);
}
