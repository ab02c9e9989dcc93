/* sync_commit.c: step 6 of a sync (journal, write, commit dlg's changes)
 * and finishing a sync that was killed half-way. */
#include <stdlib.h>
#include <string.h>

#include "core/journal.h"
#include "core/sync_message.h"
#include "core/sync_priv.h"
#include "lib/fault.h"

static int changes_file(enum sync_event_kind k)
{
	return k == SYNC_DECIDED || k == SYNC_HANDED || k == SYNC_COMPLETED || k == SYNC_REPEATED;
}

static char *journal_file_of(const struct run *r)
{
	return xstrfmt("%sdlg/journal", repo_gitdir(r->repo));
}

/* A task whose file was left as it was did not change: drop what its
 * events said it would become. */
static void forget_unwritten(struct run *r)
{
	struct sync_result *out = r->out;
	struct strset gone = STRSET_INIT;
	size_t k = 0;

	if (!out->unwritten.n)
		return;
	for (size_t i = 0; i < out->unwritten.n; i++) {
		char *id = task_id_from_path(out->unwritten.v[i].path);

		if (id)
			strset_add(&gone, id);
		free(id);
	}
	for (size_t i = 0; i < out->nevents; i++) {
		struct sync_event *e = &out->events[i];

		if (changes_file(e->kind) && strset_has(&gone, e->id)) {
			out->decided -= e->kind == SYNC_DECIDED;
			out->handed -= e->kind == SYNC_HANDED;
			out->completed -= e->kind == SYNC_COMPLETED;
			out->repeated -= e->kind == SYNC_REPEATED;
			sync_event_release(e);
			continue;
		}
		r->order[k] = r->order[i];
		out->events[k++] = *e;
	}
	out->nevents = k;
	strset_clear(&gone);
}

/* What each changed file becomes, with its lines of the commit message. */
static size_t plan_journal(struct journal *j, const struct run *r)
{
	j->today = r->opts->today;
	for (size_t i = 0; i < r->nparsed; i++) {
		const struct parsed *p = &r->parsed[i];

		if (p->dirty)
			journal_lend(j, p->path, p->hash, p->len, p->kinds, p->lines);
	}
	return j->n;
}

/* The lines of dlg's message each file had, for the journal: their
 * length is what the message will take. */
static void drop_lines(struct run *r)
{
	for (size_t i = 0; i < r->nparsed; i++) {
		if (r->parsed[i].lines) {
			r->lines_len += strlen(r->parsed[i].lines);
			free(r->parsed[i].lines);
			r->parsed[i].lines = NULL;
		}
	}
}

static char *given_message(const struct repo_changes *changes, void *payload)
{
	(void)changes;
	return xstrdup(payload);
}

/* dlg's commit message, made when repo_commit_paths asks for it (once
 * each time it tries): at 100,000 tasks it is megabytes, so there is one
 * copy of it, made at about its size, which the commit takes. */
static char *dlg_message(const struct repo_changes *changes, void *payload)
{
	const struct run *r = payload;
	struct strbuf msg = STRBUF_INIT;

	(void)changes;
	strbuf_grow(&msg, 256 + strlen(r->out->dlg.subject) + r->lines_len);
	strbuf_addf(&msg, "%s\n\n", r->out->dlg.subject);
	sync_task_lines(&msg, r->out->events, r->out->nevents);
	sync_dlg_trailer(&msg, NULL, r->opts->today);
	return strbuf_detach(&msg, NULL);
}

static int commit_written(struct run *r, struct dlg_err *err)
{
	struct sync_counts c = { r->out->decided, r->out->handed, r->out->completed,
		                 r->out->repeated };
	int ret;

	r->out->dlg.subject = sync_dlg_subject(&c, r->written.n);
	if (r->opts->dry_run)
		return 0;
	ret = sync_commit_paths(r, &r->out->dlg, &r->written, dlg_message, r, err);
	if (!r->out->dlg.short_id[0]) {
		/* what dlg wrote stores as it was: there was nothing to commit */
		free(r->out->dlg.subject);
		r->out->dlg.subject = NULL;
	}
	return ret;
}

int sync_write_and_commit(struct run *r, struct dlg_err *err)
{
	struct journal j = JOURNAL_INIT;
	char *file = NULL;
	int ret = 0;

	if (r->opts->dry_run) {
		strlist_sort(&r->written);
		return r->written.n ? commit_written(r, err) : 0;
	}
	if (!plan_journal(&j, r))
		goto out;
	file = journal_file_of(r);
	ret = journal_write(&j, file, err);
	/* it is on disk: its copy of every path and line can go, and the
	 * lines themselves (the message is made from the events) */
	journal_release(&j);
	drop_lines(r);
	if (ret)
		goto out;
	fault_point("journal");
	/* the new bytes were staged as each task was read: in place now */
	if (atomic_batch_commit(&r->batch, err) < 0)
		ret = DLG_ERROR;
	else
		task_batch_outcome(&r->batch, strlen(r->opts->root), &r->written,
		                   &r->out->unwritten);
	/* what it said is in r->written and r->out->unwritten now; what it
	 * holds of every file (and any temporary file left) can go */
	atomic_batch_clear(&r->batch);
	strlist_sort(&r->written);
	if (r->written.n)
		r->out->changed = 1;
	if (ret)
		goto out;
	forget_unwritten(r);
	if (r->written.n)
		ret = commit_written(r, err);
	/* committed, or nothing of it written: the journal has done its job */
	if (!ret)
		ret = journal_remove(file, err);
out:
	journal_release(&j);
	free(file);
	return ret;
}

/* ---- finishing an interrupted sync ---- */

/* Whether the bytes of path in the work tree (in_tree) and in HEAD
 * (in_head) are those dlg was writing. */
static void where_is(struct run *r, const struct journal_file *f, int *in_tree, int *in_head)
{
	struct strbuf sb = STRBUF_INIT;
	struct dlg_err err = DLG_ERR_INIT;
	char *full = xstrfmt("%s/%s", r->opts->root, f->path);

	*in_tree = strbuf_read_file(&sb, full) == 0 && sb.len == f->len &&
	           hash_bytes(sb.buf, sb.len) == f->hash;
	strbuf_reset(&sb);
	*in_head = r->has_head && repo_read_blob(&sb, r->repo, &r->head, f->path, &err) == 0 &&
	           sb.len == f->len && hash_bytes(sb.buf, sb.len) == f->hash;
	err_clear(&err);
	strbuf_release(&sb);
	free(full);
}

int sync_recover(struct run *r, struct dlg_err *err)
{
	struct journal j = JOURNAL_INIT;
	struct strlist paths = STRLIST_INIT, others = STRLIST_INIT;
	struct sync_counts c = { 0, 0, 0, 0 };
	struct strbuf body = STRBUF_INIT;
	char *file = journal_file_of(r), *msg = NULL;
	int interrupted = 0;
	int ret = repo_recover(r->repo, &interrupted, err);

	if (!ret)
		ret = journal_read(&j, file, err);
	if (ret == DLG_ENOTFOUND || ret == DLG_EINVALID) {
		/* none, or one no sync could have left: nothing was renamed
		 * before its journal was whole */
		err_clear(err);
		ret = journal_remove(file, err);
		goto out;
	}
	if (ret)
		goto out;
	for (size_t i = 0; i < j.n; i++) {
		const struct journal_file *f = &j.v[i];
		int in_tree, in_head;

		where_is(r, f, &in_tree, &in_head);
		if (in_tree && !in_head) {
			strlist_push(&paths, f->path);
			strbuf_addstr(&body, f->lines);
			c.decided += !!(f->kinds & (1u << SYNC_DECIDED));
			c.handed += !!(f->kinds & (1u << SYNC_HANDED));
			c.completed += !!(f->kinds & (1u << SYNC_COMPLETED));
			c.repeated += !!(f->kinds & (1u << SYNC_REPEATED));
		} else {
			strlist_push(&others, f->path);
		}
	}
	if (paths.n) {
		r->out->recovered.subject = sync_dlg_subject(&c, paths.n);
		msg = sync_dlg_message(
		    r->out->recovered.subject, body.buf,
		    "Written by a sync that was interrupted; committed by the next.", j.today);
		ret = sync_commit_paths(r, &r->out->recovered, &paths, given_message, msg, err);
	}
	if (!ret && others.n)
		ret = repo_index_reset(r->repo, &others, err);
	if (!ret)
		ret = journal_remove(file, err);
out:
	journal_release(&j);
	strlist_clear(&paths);
	strlist_clear(&others);
	strbuf_release(&body);
	free(msg);
	free(file);
	return ret;
}
