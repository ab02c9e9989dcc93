/* sync_remote.c: the sync engine's side of [sync] remote: fetch, the merge
 * and its commit, a merge left waiting for conflicts to be fixed, and the
 * push with its retries (see sync_priv.h).
 *
 * A merge that stops on conflicts is kept in GITDIR/dlg/merge, not in
 * git's MERGE_HEAD: dlg sync refuses to work during git's own merges, and
 * git's would make `git commit` take files with markers. The file says
 * which commit is being merged into which, and which files hold markers
 * the person is to fix; the next sync finishes the merge commit once none
 * holds markers. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/sync_priv.h"
#include "lib/fault.h"

/* Pushes refused because someone pushed meanwhile, before giving up. */
#define PUSH_TRIES 4

struct sync_remote_run {
	const char *remote;
	struct strbuf branch; /* the remote's branch */
	struct strbuf local;  /* ours */
	struct strbuf label;  /* "origin/main" */
	struct strbuf state;  /* GITDIR/dlg/merge */
	int fetched, found, refused;
	struct repo_oid theirs;
	struct sync_opts opts; /* r->opts, with dlg.ini as merged */
	struct config *cfg;
};

void sync_remote_result_release(struct sync_remote_result *rr)
{
	free(rr->name);
	free(rr->unreachable);
	free(rr->unpushed);
	free(rr->refused);
	free(rr->finished.subject);
	free(rr->merge.subject);
	free(rr->merged);
	diags_clear(&rr->conflicts);
	memset(rr, 0, sizeof(*rr));
}

void sync_remote_end(struct run *r)
{
	struct sync_remote_run *rr = r->remote;

	if (!rr)
		return;
	strbuf_release(&rr->branch);
	strbuf_release(&rr->local);
	strbuf_release(&rr->label);
	strbuf_release(&rr->state);
	config_free(rr->cfg);
	free(rr);
	r->remote = NULL;
}

/* ---- the state of a merge left waiting ---- */

struct state {
	struct repo_oid theirs, ours;
	int has_ours;
	int waiting; /* 0: the files were being written; 1: conflicts to fix */
	struct strlist conflicts;
};

static int hex_oid(struct repo_oid *out, const char *hex)
{
	for (int i = 0; i < 20; i++) {
		unsigned v;

		if (sscanf(hex + 2 * i, "%2x", &v) != 1)
			return -1;
		out->raw[i] = (unsigned char)v;
	}
	return strlen(hex) >= 40 ? 0 : -1;
}

static int state_read(struct state *s, const char *file)
{
	struct strbuf sb = STRBUF_INIT;
	int ok = 0;

	memset(s, 0, sizeof(*s));
	if (strbuf_read_file(&sb, file) < 0)
		return errno == ENOENT ? 0 : -1;
	for (char *line = sb.buf, *nl; line && *line; line = nl ? nl + 1 : NULL) {
		nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		if (starts_with(line, "theirs "))
			ok |= hex_oid(&s->theirs, line + 7) == 0;
		else if (starts_with(line, "ours "))
			s->has_ours = hex_oid(&s->ours, line + 5) == 0;
		else if (!strcmp(line, "waiting"))
			s->waiting = 1;
		else if (starts_with(line, "conflict "))
			strlist_push(&s->conflicts, line + 9);
	}
	strbuf_release(&sb);
	return ok ? 1 : -1;
}

static int state_write(const char *file, const struct repo_merge *m, int waiting,
                       struct dlg_err *err)
{
	struct strbuf sb = STRBUF_INIT;
	char hex[REPO_HEX_SIZE];
	int rc;

	repo_oid_hex(hex, &m->theirs);
	strbuf_addf(&sb, "dlg merge\ntheirs %s\n", hex);
	if (m->has_ours) {
		repo_oid_hex(hex, &m->ours);
		strbuf_addf(&sb, "ours %s\n", hex);
	}
	if (waiting)
		strbuf_addstr(&sb, "waiting\n");
	for (size_t i = 0; i < m->n; i++)
		if (m->v[i].conflict || m->v[i].resolved)
			strbuf_addf(&sb, "conflict %s\n", m->v[i].path);
	rc = file_write_atomic(file, sb.buf, sb.len, err);
	strbuf_release(&sb);
	return rc;
}

static void state_remove(const char *file)
{
	if (unlink(file) < 0 && errno != ENOENT)
		return;
}

/* ---- the merge commit's message ---- */

struct words {
	size_t tasks, people, ini, other, both, same, conflicts;
};

static void count(struct words *w, const struct repo_merge *m)
{
	memset(w, 0, sizeof(*w));
	for (size_t i = 0; i < m->n; i++) {
		const struct repo_merge_file *f = &m->v[i];

		if (!f->theirs)
			continue;
		if (starts_with(f->path, "tasks/"))
			w->tasks++;
		else if (starts_with(f->path, "people/"))
			w->people++;
		else if (!strcmp(f->path, "dlg.ini"))
			w->ini++;
		else
			w->other++;
		w->both += f->both && !f->same && !f->conflict && !f->resolved;
		w->same += f->same;
		w->conflicts += f->conflict || f->resolved;
	}
}

/* "3 tasks, 1 person and dlg.ini" */
static void what_came(struct strbuf *sb, const struct words *w)
{
	char *part[4];
	size_t k = 0;

	if (w->tasks)
		part[k++] = xstrfmt("%zu task%s", w->tasks, w->tasks == 1 ? "" : "s");
	if (w->people)
		part[k++] = xstrfmt("%zu %s", w->people, w->people == 1 ? "person" : "people");
	if (w->ini)
		part[k++] = xstrdup("dlg.ini");
	if (w->other)
		part[k++] = xstrfmt("%zu other file%s", w->other, w->other == 1 ? "" : "s");
	for (size_t i = 0; i < k; i++) {
		strbuf_addf(sb, "%s%s", i == 0 ? "" : i + 1 == k ? " and " : ", ", part[i]);
		free(part[i]);
	}
}

/* "3 tasks from origin: 2 edited by both sides, merged per field" */
static char *merged_words(const struct sync_remote_run *rr, const struct repo_merge *m)
{
	struct strbuf sb = STRBUF_INIT;
	struct words w;
	const char *from = strcmp(rr->branch.buf, rr->local.buf) ? rr->label.buf : rr->remote;

	count(&w, m);
	what_came(&sb, &w);
	strbuf_addf(&sb, "%sfrom %s", sb.len ? " " : "", from);
	if (w.both)
		strbuf_addf(&sb, ": %zu edited by both sides, merged per field", w.both);
	if (w.conflicts)
		strbuf_addf(&sb, "%s%zu with conflicts fixed by hand", w.both ? "; " : ": ",
		            w.conflicts);
	return strbuf_detach(&sb, NULL);
}

static void file_line(struct strbuf *sb, const struct sync_remote_run *rr,
                      const struct repo_merge_file *f)
{
	char *id = task_id_from_path(f->path);
	const char *name = id ? id : f->path;

	if (starts_with(f->path, "people/") && ends_with(f->path, ".md"))
		strbuf_addf(sb, "person %.*s: ", (int)(strlen(f->path) - 10), f->path + 7);
	else
		strbuf_addf(sb, "%s: ", name);
	if (f->resolved || f->conflict) {
		strbuf_addstr(sb, "conflict");
		for (size_t i = 0; i < f->res.nconflicts; i++) {
			const struct merge_conflict *c = &f->res.conflicts[i];

			if (c->key)
				strbuf_addf(sb, "%s '%s' (%s here, %s on %s)", i ? "," : " in",
				            c->key, c->ours ? c->ours : "deleted",
				            c->theirs ? c->theirs : "deleted", rr->label.buf);
			else
				strbuf_addf(sb, "%s the %s", i ? "," : " in",
				            c->ours && c->theirs ? "body" : "file");
		}
		strbuf_addstr(sb, ", fixed by hand\n");
	} else if (f->same) {
		strbuf_addstr(sb, "the same change on both sides\n");
	} else if (f->both) {
		strbuf_addstr(sb, "edited by both sides, merged per field\n");
	} else {
		strbuf_addf(sb, "%s on %s\n",
		            f->status == 'A'   ? "added"
		            : f->status == 'D' ? "deleted"
		                               : "changed",
		            rr->label.buf);
	}
	free(id);
}

struct message {
	const struct sync_remote_run *rr;
	const struct repo_merge *m;
	char *subject;
};

static char *merge_message(const struct repo_changes *changes, void *payload)
{
	struct message *msg = payload;
	struct strbuf sb = STRBUF_INIT;
	char *words = merged_words(msg->rr, msg->m);

	(void)changes;
	strbuf_addf(&sb, "Merge %s\n\n", words);
	msg->subject = xstrfmt("Merge %s", words);
	for (size_t i = 0; i < msg->m->n; i++)
		if (msg->m->v[i].theirs || msg->m->v[i].resolved || msg->m->v[i].conflict)
			file_line(&sb, msg->rr, &msg->m->v[i]);
	strbuf_addf(&sb, "\nDlg-Merge: %s\n", msg->rr->label.buf);
	free(words);
	return strbuf_detach(&sb, NULL);
}

/* ---- conflicts, as the person is told them ---- */

static void report_conflicts(struct run *r, const struct repo_merge *m)
{
	struct sync_remote_result *res = &r->out->remote;
	const char *label = r->remote->label.buf;

	for (size_t i = 0; i < m->n; i++) {
		const struct repo_merge_file *f = &m->v[i];

		for (size_t k = 0; f->conflict && !f->resolved && k < f->res.nconflicts; k++) {
			const struct merge_conflict *c = &f->res.conflicts[k];

			if (c->key)
				diags_add(&res->conflicts, f->path, c->line, 0, 0,
				          "'%s' is %s here, %s on %s: keep one, remove the marker "
				          "lines, then run dlg sync",
				          c->key, c->ours ? c->ours : "deleted",
				          c->theirs ? c->theirs : "deleted", label);
			else if (c->ours && c->theirs)
				diags_add(&res->conflicts, f->path, c->line, 0, 0,
				          "%s edited the same lines here and on %s: fix them, "
				          "remove the marker lines, then run dlg sync",
				          m->v[i].res.as_text ? "the file was" : "the body was",
				          label);
			else
				diags_add(
				    &res->conflicts, f->path, c->line, 0, 0,
				    "deleted %s%s, edited %s%s: delete the file to take the "
				    "deletion, or remove the marker lines to keep it, then run "
				    "dlg sync",
				    c->ours ? "on " : "here", c->ours ? label : "",
				    c->ours ? "here" : "on ", c->ours ? "" : label);
		}
	}
	if (m->raced)
		diags_add(
		    &res->conflicts, "", 0, 0, 1,
		    "a file changed while dlg merged %s: the next dlg sync finishes the merge",
		    label);
	res->waiting = 1;
}

/* ---- dlg.ini as merged ---- */

static int reload_config(struct run *r, const struct repo_merge *m)
{
	struct sync_remote_run *rr = r->remote;
	struct diags d = DIAGS_INIT;
	struct config *cfg = NULL;
	char *file;
	int changed = 0;

	for (size_t i = 0; i < m->n; i++)
		changed |= m->v[i].changes && !strcmp(m->v[i].path, "dlg.ini");
	if (!changed)
		return 0;
	file = xstrfmt("%s/dlg.ini", r->opts->root);
	if (config_load(&cfg, file, "dlg.ini", &d)) {
		for (size_t i = 0; i < d.n; i++)
			diags_add(&r->out->invalid, d.v[i].path, d.v[i].line, d.v[i].col,
			          d.v[i].warning, "%s (dlg.ini as merged from %s)", d.v[i].msg,
			          rr->label.buf);
		config_free(cfg);
		r->out->remote.waiting = 1;
	} else {
		config_free(rr->cfg);
		rr->cfg = cfg;
		rr->opts = *r->opts;
		rr->opts.cfg = cfg;
		r->opts = &rr->opts;
	}
	diags_clear(&d);
	free(file);
	return 0;
}

/* ---- merging ---- */

static void refused(struct run *r, const char *why)
{
	free(r->out->remote.refused);
	r->out->remote.refused = xstrdup(why);
	r->remote->refused = 1;
}

/* Write the merge into the work tree and commit it; a conflict leaves it
 * waiting in the state file. into: where the commit is told. */
static int merge_and_commit(struct run *r, struct repo_merge *m, struct sync_commit *into,
                            int *changed, struct dlg_err *err)
{
	struct sync_remote_run *rr = r->remote;
	struct merge_labels labels = { "HEAD", rr->label.buf };
	struct repo_commit_result res = REPO_COMMIT_RESULT_INIT;
	struct message msg = { rr, m, NULL };
	char *reflog;
	int resolved = 0, rc;

	/* the fixes made by hand stay the person's, should this stop */
	for (size_t i = 0; i < m->n; i++)
		resolved |= m->v[i].resolved;
	rc = state_write(rr->state.buf, m, resolved, err);

	if (rc == 0)
		rc = repo_merge_checkout(r->repo, m, &labels, err);
	if (rc == DLG_ESTATE && m->refusal) {
		state_remove(rr->state.buf);
		refused(r, m->refusal);
		err_clear(err);
		return 0;
	}
	if (rc < 0)
		return rc;
	*changed = 1;
	r->out->changed = 1;
	if (m->nconflicts || m->raced) {
		report_conflicts(r, m);
		return state_write(rr->state.buf, m, 1, err);
	}
	reflog = m->kind == REPO_MERGE_FAST_FORWARD
	             ? xstrfmt("merge %s: Fast-forward", rr->label.buf)
	             : xstrfmt("merge %s: Merge made by dlg", rr->label.buf);
	rc = repo_merge_commit(&res, r->repo, m, reflog, merge_message, &msg, err);
	free(reflog);
	if (rc == 0 && res.committed) {
		r->head = res.id;
		r->has_head = 1;
		memcpy(into->short_id, res.short_id, sizeof(into->short_id));
		free(into->subject);
		into->subject = msg.subject ? msg.subject : merged_words(rr, m);
		msg.subject = NULL;
		r->out->remote.fast_forward = res.fast_forwarded;
		free(r->out->remote.merged);
		r->out->remote.merged = merged_words(rr, m);
		state_remove(rr->state.buf);
		rc = reload_config(r, m);
	}
	free(msg.subject);
	repo_commit_result_clear(&res);
	return rc;
}

static int prepare(struct run *r, struct repo_merge *m, const struct repo_oid *theirs,
                   struct dlg_err *err)
{
	struct merge_labels labels = { "HEAD", r->remote->label.buf };
	int rc =
	    repo_merge_prepare(m, r->repo, r->has_head ? &r->head : NULL, theirs, &labels, err);

	if (rc == DLG_ESTATE && m->refusal) {
		refused(r, m->refusal);
		err_clear(err);
		return 1;
	}
	return rc < 0 ? rc : m->kind == REPO_MERGE_UP_TO_DATE;
}

/* A merge an earlier sync left: still waiting for fixes, or finished now. */
static int finish_waiting(struct run *r, struct dlg_err *err)
{
	struct sync_remote_run *rr = r->remote;
	struct repo_merge m;
	struct state s;
	int rc = state_read(&s, rr->state.buf), changed = 0;

	if (rc <= 0) {
		if (rc < 0)
			state_remove(rr->state.buf);
		return 0;
	}
	for (size_t i = 0; s.waiting && i < s.conflicts.n; i++) {
		struct strbuf sb = STRBUF_INIT;
		char *full = xstrfmt("%s/%s", r->opts->root, s.conflicts.v[i]);
		int line = strbuf_read_file(&sb, full) == 0 ? merge_marker_line(sb.buf, sb.len) : 0;

		if (line)
			diags_add(
			    &r->out->remote.conflicts, s.conflicts.v[i], line, 0, 0,
			    "unresolved merge conflict with %s: keep what should stay, remove "
			    "the marker lines, then run dlg sync",
			    rr->label.buf);
		strbuf_release(&sb);
		free(full);
	}
	if (r->out->remote.conflicts.n) {
		r->out->remote.waiting = 1;
		strlist_clear(&s.conflicts);
		return 0;
	}
	rc = prepare(r, &m, &s.theirs, err);
	if (rc == 1) {
		/* merged already (by git), or refused */
		if (!rr->refused)
			state_remove(rr->state.buf);
	} else if (rc == 0) {
		for (size_t i = 0; s.waiting && i < m.n; i++)
			m.v[i].resolved = strlist_has(&s.conflicts, m.v[i].path);
		rc = merge_and_commit(r, &m, &r->out->remote.finished, &changed, err);
	}
	repo_merge_release(&m);
	strlist_clear(&s.conflicts);
	return rc < 0 ? rc : 0;
}

static int fetch(struct run *r)
{
	struct sync_remote_run *rr = r->remote;
	struct dlg_err ferr = DLG_ERR_INIT;

	rr->fetched =
	    repo_fetch(&rr->theirs, &rr->found, r->repo, rr->remote, rr->branch.buf, &ferr) == 0;
	if (!rr->fetched) {
		free(r->out->remote.unreachable);
		r->out->remote.unreachable = ferr.msg ? xstrdup(ferr.msg) : xstrdup("fetch failed");
	}
	err_clear(&ferr);
	return rr->fetched;
}

int sync_remote_begin(struct run *r, struct dlg_err *err)
{
	const struct sync_opts *o = r->opts;
	struct sync_remote_run *rr;
	struct dlg_err derr = DLG_ERR_INIT;
	int rc;

	if (!o->cfg || !o->cfg->remote || o->dry_run)
		return 0;
	rr = xcalloc(1, sizeof(*rr));
	r->remote = rr;
	rr->remote = o->cfg->remote;
	strbuf_init(&rr->branch, 0);
	strbuf_init(&rr->local, 0);
	strbuf_init(&rr->label, 0);
	strbuf_init(&rr->state, 0);
	rc = repo_sync_branch(&rr->branch, r->repo, rr->remote, o->cfg->branch, err);
	if (rc == 0)
		rc = repo_branch(&rr->local, r->repo, err);
	if (rc < 0)
		return rc;
	strbuf_addf(&rr->label, "%s/%s", rr->remote, rr->branch.buf);
	strbuf_addf(&rr->state, "%sdlg/merge", repo_gitdir(r->repo));
	r->out->remote.name = xstrdup(rr->label.buf);
	if (repo_register_merge_driver(r->repo, &derr))
		diags_add(&r->out->warnings, "", 0, 0, 1, "%s", derr.msg);
	err_clear(&derr);
	rc = finish_waiting(r, err);
	if (rc < 0 || r->out->remote.waiting || o->offline)
		return rc;
	fetch(r);
	return 0;
}

static int merge_fetched(struct run *r, int *changed, struct dlg_err *err)
{
	struct sync_remote_run *rr = r->remote;
	struct repo_merge m;
	int rc;

	if (!rr || !rr->fetched || !rr->found || rr->refused)
		return 0;
	rc = prepare(r, &m, &rr->theirs, err);
	if (rc == 0)
		rc = merge_and_commit(r, &m, &r->out->remote.merge, changed, err);
	repo_merge_release(&m);
	return rc < 0 ? rc : 0;
}

int sync_remote_pending(const struct run *r)
{
	const struct sync_remote_run *rr = r->remote;

	return rr && rr->fetched && rr->found && !rr->refused &&
	       !(r->has_head && repo_oid_equal(&r->head, &rr->theirs));
}

int sync_remote_merge(struct run *r, int *changed, struct dlg_err *err)
{
	*changed = 0;
	return merge_fetched(r, changed, err);
}

int sync_remote_push(struct run *r, struct dlg_err *err)
{
	struct sync_remote_run *rr = r->remote;
	struct sync_remote_result *res = &r->out->remote;

	if (!rr || !rr->fetched || rr->refused || res->waiting || r->opts->no_push)
		return 0;
	for (int attempt = 0; attempt < PUSH_TRIES; attempt++) {
		struct dlg_err perr = DLG_ERR_INIT;
		int rc, changed = 0;

		if (!r->has_head || (rr->found && repo_oid_equal(&r->head, &rr->theirs)))
			return 0; /* the remote has it all */
		fault_point("push");
		rc = repo_push(r->repo, rr->remote, rr->local.buf, rr->branch.buf, &perr);
		if (rc == 0) {
			res->pushed = 1;
			err_clear(&perr);
			return 0;
		}
		if (rc < 0) {
			res->unpushed = xstrdup(perr.msg ? perr.msg : "push failed");
			err_clear(&perr);
			return 0;
		}
		err_clear(&perr);
		res->retries++;
		if (!fetch(r)) {
			res->unpushed = res->unreachable;
			res->unreachable = NULL;
			return 0;
		}
		rc = merge_fetched(r, &changed, err);
		if (rc < 0 || res->waiting || rr->refused)
			return rc;
	}
	res->unpushed = xstrfmt("%s moved %d times while dlg pushed (others are pushing too): your "
	                        "work is committed here; run dlg sync again",
	                        rr->label.buf, res->retries);
	return 0;
}
