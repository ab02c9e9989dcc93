/* undo.c: `dlg undo`: find the last sync at the tip of the branch, check it
 * can be taken back, and take it back with one commit (core/undo.h says
 * what the last sync is). */
#include "core/undo.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/date.h"

/* The lines core/sync_message.c ends its messages with; the tests of undo
 * fail when they drift apart. */
static const char edits_note[] = "As written by hand; dlg's own changes follow in the next commit.";
static const char recovered_note[] =
    "Written by a sync that was interrupted; committed by the next.";
static const char sync_trailer[] = "Dlg-Sync: ";
static const char undo_trailer[] = "Dlg-Undo: ";

/* A sync's commits are made one right after the other. */
#define RUN_GAP_SECS 600
/* How far below something committed on top to look for the sync. */
#define LOOK_BELOW 1000

enum kind { K_DLG = UNDO_DLG, K_EDITS = UNDO_EDITS, K_RECOVERED = UNDO_RECOVERED, K_UNDO, K_OTHER };

/* The last paragraph of a message (its trailers), and its length. */
static const char *last_paragraph(const char *msg, size_t *len)
{
	size_t n = strlen(msg);
	const char *p;

	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		n--;
	for (p = msg + n; p > msg && !(p[-1] == '\n' && p - 1 > msg && p[-2] == '\n'); p--)
		;
	*len = n - (size_t)(p - msg);
	return p;
}

/* Whether the text s (len bytes) has a line that is (exact) or starts with
 * (!exact) line. */
static int has_line(const char *s, size_t len, const char *line, int exact)
{
	size_t n = strlen(line);

	for (const char *p = s, *end = s + len; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (exact ? l == n && !memcmp(p, line, n) : l >= n && !memcmp(p, line, n))
			return 1;
		p += l + 1;
	}
	return 0;
}

static enum kind classify(const char *msg)
{
	size_t len;
	const char *para = last_paragraph(msg, &len);

	if (has_line(para, len, undo_trailer, 0))
		return K_UNDO;
	if (has_line(para, len, sync_trailer, 0))
		return has_line(msg, strlen(msg), recovered_note, 1) ? K_RECOVERED : K_DLG;
	/* the note is the edits commit's last paragraph */
	return has_line(para, len, edits_note, 1) && len == strlen(edits_note) ? K_EDITS : K_OTHER;
}

static char *subject_of(const char *msg)
{
	return xstrndup(msg, strcspn(msg, "\n"));
}

/* The date of a Dlg-Sync: trailer ("Dlg-Sync: 2026-11-22 (dlg 0.1.0)"). */
static void trailer_date(char date[11], const char *msg)
{
	size_t len;
	const char *para = last_paragraph(msg, &len), *p = para;

	while (p < para + len && strncmp(p, sync_trailer, strlen(sync_trailer))) {
		p = memchr(p, '\n', (size_t)(para + len - p));
		p = p ? p + 1 : para + len;
	}
	if (p + strlen(sync_trailer) + 10 <= para + len) {
		memcpy(date, p + strlen(sync_trailer), 10);
		date[10] = '\0';
	}
}

/* The calendar day of a commit date, in the committer's time zone. */
static void commit_date(char date[11], long long when, int offset)
{
	long long local = when + (long long)offset * 60;
	long long days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);

	date_format((int)days, date);
}

/* Walking down from HEAD. */
struct walk {
	struct undo_result *out;
	struct strset undone; /* hex ids the undo commits above took back */
	enum { FIND, RUN, BELOW } phase;
	enum kind last;              /* RUN: the kind of the oldest commit taken */
	long long last_when;         /* and its committer date */
	struct repo_oid base;        /* the parent of the oldest commit taken */
	int has_base;                /* 0: the run starts at the root */
	long long edits_when;        /* for the date when the run has only edits */
	int edits_offset;            /* " */
	char block[REPO_SHORT_SIZE]; /* BELOW: the commit in the way */
	char *block_subject;
	size_t above;                /* BELOW: commits from the block down */
	char below[REPO_SHORT_SIZE]; /* a sync commit found below it */
	char *below_subject;
};

static void undone_add(struct walk *w, const char *msg)
{
	size_t len;
	const char *para = last_paragraph(msg, &len), *end = para + len;
	size_t n = strlen(undo_trailer);

	for (const char *p = para; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (l >= n + 40 && !memcmp(p, undo_trailer, n)) {
			char *hex = xstrndup(p + n, 40);

			strset_add(&w->undone, hex);
			free(hex);
		}
		p += l + 1;
	}
}

static void take(struct walk *w, const struct repo_log_entry *e, enum kind k)
{
	struct undo_result *out = w->out;
	struct undo_commit *c = &out->taken[out->ntaken++];

	c->kind = (enum undo_kind)k;
	c->id = e->id;
	memcpy(c->short_id, e->short_id, sizeof(c->short_id));
	c->subject = subject_of(e->message);
	if (k != K_EDITS && !out->date[0])
		trailer_date(out->date, e->message);
	if (k == K_EDITS) {
		w->edits_when = e->when;
		w->edits_offset = e->offset;
	}
	w->last = k;
	w->last_when = e->when;
	w->has_base = e->nparents > 0;
	if (w->has_base)
		w->base = e->parent;
}

static int is_sync_kind(enum kind k)
{
	return k == K_DLG || k == K_EDITS || k == K_RECOVERED;
}

/* Whether e, below the oldest commit taken, is of the same run. */
static int same_run(const struct walk *w, const struct repo_log_entry *e, enum kind k,
                    const char *hex)
{
	long long gap = w->last_when - e->when;

	return is_sync_kind(k) && k > w->last && e->nparents <= 1 &&
	       w->out->ntaken < UNDO_MAX_COMMITS && gap >= 0 && gap <= RUN_GAP_SECS &&
	       !strset_has(&w->undone, hex);
}

static int visit(const struct repo_log_entry *e, void *payload)
{
	struct walk *w = payload;
	enum kind k = classify(e->message);
	char hex[REPO_HEX_SIZE];

	repo_oid_hex(hex, &e->id);
	switch (w->phase) {
	case FIND:
		if (k == K_UNDO || strset_has(&w->undone, hex)) {
			if (k == K_UNDO)
				undone_add(w, e->message);
			w->out->skipped++;
			return 0;
		}
		if (is_sync_kind(k) && e->nparents <= 1) {
			take(w, e, k);
			w->phase = RUN;
			return !w->has_base;
		}
		memcpy(w->block, e->short_id, sizeof(w->block));
		w->block_subject = subject_of(e->message);
		w->phase = BELOW;
		w->above = 1;
		return 0;
	case RUN:
		if (!same_run(w, e, k, hex))
			return 1;
		take(w, e, k);
		return !w->has_base;
	case BELOW:
		if (is_sync_kind(k)) {
			memcpy(w->below, e->short_id, sizeof(w->below));
			w->below_subject = subject_of(e->message);
			return 1;
		}
		return ++w->above > LOOK_BELOW;
	}
	return 1;
}

/* Why there is no sync to take back, once the walk is done. */
static int explain_none(const struct walk *w, int any, struct dlg_err *err)
{
	if (!any) {
		err_set(err, 0, 0, "nothing to undo: the branch has no commit yet");
		return DLG_ENOTFOUND;
	}
	if (w->phase == FIND) {
		err_set(err, 0, 0, "nothing left to undo: every sync was taken back already");
		return DLG_ENOTFOUND;
	}
	if (w->below[0] && w->above == 1) {
		err_set(
		    err, 0, 0,
		    "%s %s was committed after the last sync (%s %s): dlg undo takes back a sync "
		    "only while it is the last commit on the branch; take it back by hand with: "
		    "git revert %s",
		    w->block, w->block_subject, w->below, w->below_subject, w->below);
		return DLG_ESTATE;
	}
	if (w->below[0]) {
		err_set(
		    err, 0, 0,
		    "%zu commits were made after the last sync (%s %s), the newest %s %s: dlg "
		    "undo takes back a sync only while it is the last commit on the branch; take "
		    "it back by hand with: git revert %s",
		    w->above, w->below, w->below_subject, w->block, w->block_subject, w->below);
		return DLG_ESTATE;
	}
	if (w->out->skipped)
		err_set(err, 0, 0,
		        "nothing left to undo: the syncs after %s %s were all taken back already",
		        w->block, w->block_subject);
	else
		err_set(err, 0, 0,
		        "nothing to undo: the last commit, %s %s, is not one dlg sync made",
		        w->block, w->block_subject);
	return DLG_ENOTFOUND;
}

static int find_sync(struct walk *w, struct repo *repo, struct dlg_err *err)
{
	struct repo_oid head;
	int rc;

	if (repo_head(&head, repo, err) < 0) {
		err_clear(err);
		return explain_none(w, 0, err);
	}
	rc = repo_log(repo, visit, w, err);
	if (rc < 0)
		return rc;
	if (w->phase != RUN)
		return explain_none(w, 1, err);
	if (!w->out->date[0])
		commit_date(w->out->date, w->edits_when, w->edits_offset);
	return 0;
}

/* " git revert NEWEST OLDER..." for messages. */
static void revert_hint(struct strbuf *sb, const struct undo_result *r)
{
	for (size_t i = 0; i < r->ntaken; i++)
		strbuf_addf(sb, " %s", r->taken[i].short_id);
}

/* Refuse what must not be taken back: a changed branch, pushed commits. */
static int check_sync(struct walk *w, struct repo *repo, const struct repo_oid *head,
                      struct dlg_err *err)
{
	const struct undo_result *r = w->out;
	const struct undo_commit *oldest = &r->taken[r->ntaken - 1];
	struct strbuf ref = STRBUF_INIT, hint = STRBUF_INIT;
	int rc = 0;

	revert_hint(&hint, r);
	if (r->skipped && (rc = repo_same_tree(repo, head, &r->taken[0].id, err)) == 0) {
		err_set(err, 0, 0,
		        "the undo commits above the last sync (%s %s) do not leave its files as it "
		        "left them: take it back by hand with: git revert%s",
		        r->taken[0].short_id, r->taken[0].subject, hint.buf);
		rc = DLG_ESTATE;
	} else if (rc >= 0 && (rc = repo_published(&ref, repo, &oldest->id, err)) == 1) {
		err_set(err, 0, 0,
		        "the last sync (%s %s) is on %s already, pushed: dlg undo takes back only "
		        "what is not; take it back by hand with: git revert%s, and push",
		        r->taken[0].short_id, r->taken[0].subject, ref.buf, hint.buf);
		rc = DLG_ESTATE;
	}
	strbuf_release(&ref);
	strbuf_release(&hint);
	return rc < 0 ? rc : rc == DLG_ESTATE ? rc : 0;
}

/* The undo commit's message. */
static char *undo_message(const struct repo_changes *ch, void *payload)
{
	struct undo_result *r = payload;
	struct strbuf sb = STRBUF_INIT, q = STRBUF_INIT;
	char hex[REPO_HEX_SIZE];

	strbuf_addf(&sb, "%s\n\n", r->subject);
	strbuf_addf(&sb,
	            "Takes back the commit%s of one dlg sync with this new commit; history\n"
	            "is not rewritten, and git revert of this commit has %s again:\n\n",
	            r->ntaken == 1 ? "" : "s", r->ntaken == 1 ? "it" : "them");
	for (size_t i = 0; i < r->ntaken; i++)
		strbuf_addf(&sb, "    %s %s\n", r->taken[i].short_id, r->taken[i].subject);
	strbuf_addstr(&sb, "\nEach file is as it was before that sync:\n\n");
	for (size_t i = 0; i < ch->n; i++) {
		const struct repo_change *c = &ch->v[i];

		strbuf_reset(&q);
		strbuf_add_path(&q, c->new_path ? c->new_path : c->old_path);
		strbuf_addf(&sb, "    %-7s  %s\n",
		            c->status == 'D'   ? "delete"
		            : c->status == 'A' ? "re-add"
		                               : "restore",
		            q.buf);
	}
	strbuf_addch(&sb, '\n');
	for (size_t i = 0; i < r->ntaken; i++) {
		repo_oid_hex(hex, &r->taken[i].id);
		strbuf_addf(&sb, "%s%s\n", undo_trailer, hex);
	}
	strbuf_release(&q);
	return strbuf_detach(&sb, NULL);
}

/* A sync (or undo) killed half-way leaves its journal, or dlg's own
 * index.lock (removed here, as a sync would): the next sync finishes it. */
static int interrupted(struct repo *repo, struct dlg_err *err)
{
	char *journal = xstrfmt("%sdlg/journal", repo_gitdir(repo));
	struct stat st;
	int pending = lstat(journal, &st) == 0, removed = 0;
	int rc = repo_recover(repo, &removed, err);

	free(journal);
	if (rc)
		return rc;
	if (!pending && !removed)
		return 0;
	err_set(err, 0, 0,
	        "a sync was interrupted and is not finished yet: run dlg sync to finish it, then "
	        "dlg undo");
	return DLG_ESTATE;
}

static int undo_locked(struct undo_result *out, struct repo *repo, const struct undo_opts *opts,
                       struct dlg_err *err)
{
	struct repo_revert_opts ro = REPO_REVERT_OPTS_INIT;
	struct repo_commit_result res = REPO_COMMIT_RESULT_INIT;
	struct walk w;
	struct repo_oid head;
	int rc;

	memset(&w, 0, sizeof(w));
	w.out = out;
	rc = interrupted(repo, err);
	if (rc == 0)
		rc = find_sync(&w, repo, err);
	if (rc == 0)
		rc = repo_head(&head, repo, err);
	if (rc == 0)
		rc = check_sync(&w, repo, &head, err);
	if (rc)
		goto out;
	out->subject = xstrfmt("Undo the sync of %s: %s", out->date, out->taken[0].subject);
	ro.head = &head;
	ro.base = w.has_base ? &w.base : NULL;
	ro.tip = &out->taken[0].id;
	ro.message = undo_message;
	ro.payload = out;
	ro.dry_run = opts->dry_run;
	rc = repo_revert(&res, repo, &ro, err);
	out->changes = res.changes;
	res.changes.v = NULL;
	res.changes.n = res.changes.alloc = 0;
	out->committed = res.committed;
	memcpy(out->short_id, res.short_id, sizeof(out->short_id));
out:
	repo_commit_result_clear(&res);
	strset_clear(&w.undone);
	free(w.block_subject);
	free(w.below_subject);
	return rc;
}

int undo_run(struct undo_result *out, struct repo *repo, const struct undo_opts *opts,
             struct dlg_err *err)
{
	struct repo_lock *lock = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = repo_check_state(repo, err);
	if (rc == 0 && !opts->dry_run)
		rc = repo_lock(&lock, repo, opts->lock_timeout_ms, err);
	if (rc == 0)
		rc = undo_locked(out, repo, opts, err);
	repo_unlock(lock);
	return rc;
}

void undo_result_release(struct undo_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->ntaken; i++)
		free(r->taken[i].subject);
	free(r->subject);
	repo_changes_clear(&r->changes);
	memset(r, 0, sizeof(*r));
}
