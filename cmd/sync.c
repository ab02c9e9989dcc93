/* sync.c: `dlg sync [--dry-run]`: commit the person's own edits, apply the
 * lifecycle to every task, write dlg's changes back losslessly and commit
 * them apart, then say what happened and what is due. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd/cmd.h"
#include "core/cache.h"
#include "core/lifecycle.h"
#include "core/repo.h"
#include "core/task.h"

static const struct option_spec options[] = {
	{ "dry-run", 'n', NULL, "say what would happen; write and commit nothing" },
	{ "quiet", 'q', NULL, "print only problems and the commits made" },
	{ NULL, 0, NULL, NULL },
};

/* One line of output: an event for a task. */
struct event {
	const char *word; /* "decided", "handed", ... */
	const char *id;
	char *what;   /* middle column */
	char *detail; /* last column, may be NULL */
	size_t seq;   /* order of recording, for a stable sort */
};

struct sync_state {
	struct dlg_ctx *ctx;
	struct repo *repo;
	struct taskset ts;
	int dry_run;
	int quiet;
	struct event *events; /* in the order to print */
	size_t nevents, alloc;
	struct diags problems;  /* invalid files */
	struct diags errors;    /* lifecycle errors: type errors, bad fields */
	struct strlist written; /* paths dlg changed */
	struct strbuf body;     /* dlg's commit message body */
	size_t decided, handed, completed, needs, undecided;
	char commit1[REPO_SHORT_SIZE], commit2[REPO_SHORT_SIZE];
	struct cache cache;        /* what the last sync left */
	struct cache seen;         /* the stamps of the task files parsed now */
	struct cache settled;      /* what this sync leaves for the next */
	struct repo_oid head;      /* the commit to build on */
	int has_head;              /* 0 on an unborn branch */
	struct strlist cached_ids; /* ids of the tasks known from the cache */
	char *subject1, *subject2;
};

static void add_event(struct sync_state *st, const char *word, const char *id, char *what,
                      char *detail)
{
	struct event *e;

	ALLOC_GROW(st->events, st->nevents + 1, st->alloc);
	e = &st->events[st->nevents++];
	e->word = word;
	e->id = id;
	e->what = what;
	e->detail = detail;
	e->seq = st->nevents;
}

/* ---- the first commit: the person's own edits ---- */

/* "clean-gutters" for a task, "person carol" for a person, else the path. */
static char *path_name(const char *path)
{
	char *id = task_id_from_path(path);

	if (id)
		return id;
	if (starts_with(path, "people/") && ends_with(path, ".md"))
		return xstrfmt("person %.*s", (int)(strlen(path) - 10), path + 7);
	return xstrdup(path);
}

static const char *change_verb(char status)
{
	switch (status) {
	case 'A':
		return "add";
	case 'D':
		return "delete";
	case 'R':
		return "rename";
	default:
		return "edit";
	}
}

/* ", add 35 tasks and 12 people" for the changes of one kind. */
static void add_counts(struct strbuf *sb, const struct repo_changes *ch, char status)
{
	size_t tasks = 0, people = 0, other = 0;
	struct strbuf what = STRBUF_INIT;

	for (size_t i = 0; i < ch->n; i++) {
		const char *p = ch->v[i].new_path ? ch->v[i].new_path : ch->v[i].old_path;

		if (ch->v[i].status != status)
			continue;
		if (starts_with(p, "tasks/"))
			tasks++;
		else if (starts_with(p, "people/"))
			people++;
		else
			other++;
	}
	{
		char *part[3];
		size_t k = 0;

		if (tasks)
			part[k++] = xstrfmt("%zu task%s", tasks, tasks == 1 ? "" : "s");
		if (people)
			part[k++] = xstrfmt("%zu %s", people, people == 1 ? "person" : "people");
		if (other)
			part[k++] = xstrdup("dlg.ini");
		for (size_t i = 0; i < k; i++) {
			strbuf_addf(&what, "%s%s",
			            i == 0       ? ""
			            : i + 1 == k ? " and "
			                         : ", ",
			            part[i]);
			free(part[i]);
		}
	}
	if (what.len)
		strbuf_addf(sb, "%s%s %s", sb->len ? ", " : "", change_verb(status), what.buf);
	strbuf_release(&what);
}

/* "Edit clean-gutters, add file-taxes"; with many files, counts:
 * "Edit 12 files, add 3, delete 1". */
static char *edits_subject(const struct repo_changes *ch)
{
	static const char order[] = { 'M', 'A', 'D', 'R' };
	struct strbuf sb = STRBUF_INIT;

	if (ch->n <= 3) {
		for (size_t k = 0; k < ARRAY_SIZE(order); k++) {
			int first = 1;

			for (size_t i = 0; i < ch->n; i++) {
				const struct repo_change *c = &ch->v[i];
				char *name;

				if (c->status != order[k])
					continue;
				name = path_name(c->new_path ? c->new_path : c->old_path);
				strbuf_addf(&sb, "%s%s%s", sb.len ? ", " : "",
				            first ? change_verb(c->status) : "", first ? " " : "");
				if (c->status == 'R') {
					char *old = path_name(c->old_path);

					strbuf_addf(&sb, "%s to %s", old, name);
					free(old);
				} else {
					strbuf_addstr(&sb, name);
				}
				first = 0;
				free(name);
			}
		}
	} else {
		for (size_t k = 0; k < ARRAY_SIZE(order); k++)
			add_counts(&sb, ch, order[k]);
	}
	if (sb.len)
		sb.buf[0] = (char)(sb.buf[0] - 'a' + 'A');
	return strbuf_detach(&sb, NULL);
}

static char *edits_message(const char *subject, const struct repo_changes *ch)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%s\n\n", subject);
	for (size_t i = 0; i < ch->n; i++) {
		const struct repo_change *c = &ch->v[i];

		if (c->status == 'R')
			strbuf_addf(&sb, "rename  %s → %s\n", c->old_path, c->new_path);
		else
			strbuf_addf(&sb, "%-6s  %s\n", change_verb(c->status),
			            c->new_path ? c->new_path : c->old_path);
	}
	strbuf_addstr(&sb, "\nAs written by hand; dlg's own changes follow in the next commit.\n");
	return strbuf_detach(&sb, NULL);
}

/* Commit paths on the commit the sync started from (or made), so that a
 * `git commit` made meanwhile is never undone, and update the index; in a
 * dry run, only ask message for the changes. */
static int commit_paths(struct sync_state *st, const struct strlist *paths, repo_message_fn message,
                        void *payload, char short_out[REPO_SHORT_SIZE], struct dlg_err *err)
{
	struct repo_commit_opts opts = REPO_COMMIT_OPTS_INIT;
	struct repo_commit_result res;
	int ret;

	opts.parent = st->has_head ? &st->head : NULL;
	opts.paths = paths;
	opts.message = message;
	opts.payload = payload;
	opts.dry_run = st->dry_run;
	ret = repo_commit_paths(&res, st->repo, &opts, err);
	if (res.committed) {
		memcpy(short_out, res.short_id, REPO_SHORT_SIZE);
		if (!ret) {
			st->head = res.id;
			st->has_head = 1;
		}
	}
	repo_commit_result_clear(&res);
	return ret ? DLG_ERROR : 0;
}

static char *own_edits_message(const struct repo_changes *ch, void *payload)
{
	struct sync_state *st = payload;

	st->subject1 = edits_subject(ch);
	return edits_message(st->subject1, ch);
}

/* Commit the managed paths the person changed since HEAD, as they are. */
static int commit_own_edits(struct sync_state *st, struct dlg_err *err)
{
	struct strlist paths = STRLIST_INIT;
	int ret;

	ret = repo_changed_paths(&paths, st->repo, err);
	if (!ret && paths.n)
		ret = commit_paths(st, &paths, own_edits_message, st, st->commit1, err);
	strlist_clear(&paths);
	return ret;
}

/* ---- the lifecycle ---- */

static char *routed_to(const struct lc_result *lc)
{
	if (lc->to && lc->channel)
		return xstrfmt(" via %s to %s", lc->channel->name, lc->to);
	if (lc->to)
		return xstrfmt(" to %s", lc->to);
	if (lc->channel)
		return xstrfmt(" via %s", lc->channel->name);
	return xstrdup("");
}

static void record_task(struct sync_state *st, struct task *t, const struct lc_result *lc)
{
	const char *rating = field_str(&t->fields, "rating");
	char date[11];

	if (lc->events & LC_DECIDED) {
		const char *because = lc->rule ? lc->rule->because : NULL;
		const char *rule = lc->rule ? lc->rule->name : "manual";
		char *via = routed_to(lc);

		st->decided++;
		add_event(st, "decided", t->id,
		          xstrfmt("%s%s%s", decision_name(lc->decision),
		                  lc->channel || lc->to ? " → " : "",
		                  lc->to        ? lc->to
		                  : lc->channel ? lc->channel->name
		                                : ""),
		          because ? xstrfmt("%s (%s)", because, rule) : xstrfmt("(%s)", rule));
		strbuf_addf(&st->body, "%s: %s → %s%s", t->id,
		            lc->old_status ? lc->old_status : "inbox", decision_name(lc->decision),
		            via);
		if (lc->events & LC_HANDED) {
			date_format(lc->follow_up, date);
			strbuf_addf(&st->body, ", follow up %s", date);
		}
		strbuf_addf(&st->body, " (%s%s%s)\n", rule, because ? ": " : "",
		            because ? because : "");
		free(via);
	}
	if (lc->events & LC_HANDED) {
		date_format(lc->follow_up, date);
		st->handed++;
		add_event(st, "handed", t->id, xstrfmt("to %s, follow up %s", lc->to, date), NULL);
		if (!(lc->events & LC_DECIDED))
			strbuf_addf(&st->body, "%s: %s → waiting, to %s, follow up %s\n", t->id,
			            lc->old_status ? lc->old_status : "open", lc->to, date);
	}
	if (lc->events & LC_COMPLETED) {
		const struct value *c = fields_get(&lc->changes, "completed");

		st->completed++;
		add_event(st, "completed", t->id,
		          *rating ? xstrfmt("done, rated %s", rating) : xstrdup("done"), NULL);
		date_format(c && c->type == VALUE_DATE ? c->date : st->ctx->today, date);
		strbuf_addf(&st->body, "%s: done, completed %s%s%s\n", t->id, date,
		            *rating ? ", rated " : "", rating);
	}
	if (lc->events & LC_NEEDS_SOMEONE) {
		st->needs++;
		add_event(st, "needs", t->id,
		          xstrfmt("%s%s%s, no one named yet", decision_name(lc->decision),
		                  lc->channel ? " via " : "", lc->channel ? lc->channel->name : ""),
		          NULL);
	}
	if (lc->events & LC_DUE) {
		const char *to = lc->to ? lc->to : "them";

		if (lc->days_late > 0)
			add_event(st, "due", t->id,
			          xstrfmt("follow up with %s, %d day%s late", to, lc->days_late,
			                  lc->days_late == 1 ? "" : "s"),
			          NULL);
		else
			add_event(st, "due", t->id, xstrfmt("follow up with %s today", to), NULL);
	}
	if (lc->events & LC_UNDECIDED) {
		st->undecided++;
		add_event(st, "undecided", t->id,
		          xstrdup(lc->message ? lc->message : "no rule decided"), NULL);
	}
	if (lc->events & LC_ERROR)
		diags_add(&st->errors, t->path, 0, 0, 0, "%s", lc->message ? lc->message : "error");
}

/* Leave a task file unparsed when the cache knows it and it is unchanged. */
static int skip_cached(const char *path, const struct file_stamp *stamp, void *payload)
{
	struct sync_state *st = payload;
	struct cache_entry e;

	if (cache_lookup(&st->cache, path, stamp))
		return 1;
	memset(&e, 0, sizeof(e));
	e.path = (char *)path;
	e.stamp = *stamp;
	e.status = e.decision = e.to = e.channel = "";
	cache_add_entry(&st->seen, &e);
	return 0;
}

/* The events of a settled task the cache remembers: only what depends on
 * today (a follow-up coming due) or on nothing at all (needs someone). */
static void record_cached(struct sync_state *st, const struct cache_entry *e)
{
	struct lc_result lc;
	struct task t;
	int handed_off = !strcmp(e->decision, "delegate") || !strcmp(e->decision, "outsource");

	memset(&lc, 0, sizeof(lc));
	memset(&t, 0, sizeof(t));
	t.path = e->path;
	t.id = task_id_from_path(e->path);
	lc.to = *e->to ? e->to : NULL;
	lc.channel = *e->channel ? config_channel(st->ctx->cfg, e->channel) : NULL;
	decision_parse(e->decision, &lc.decision);
	if (!strcmp(e->status, "waiting") && e->has_follow_up && e->follow_up <= st->ctx->today) {
		lc.events |= LC_DUE;
		lc.follow_up = e->follow_up;
		lc.days_late = st->ctx->today - e->follow_up;
	}
	if (handed_off && !strcmp(e->status, "open") && !*e->to)
		lc.events |= LC_NEEDS_SOMEONE;
	/* the events borrow the id: the list keeps it until the end */
	strlist_push_nodup(&st->cached_ids, t.id);
	if (lc.events)
		record_task(st, &t, &lc);
	cache_add_entry(&st->settled, e);
}

static int run_lifecycle(struct sync_state *st, struct dlg_err *err)
{
	struct people_info pi = taskset_people_info(&st->ts);

	for (size_t i = 0; i < st->ts.npeople; i++)
		if (!st->ts.people[i].valid)
			diags_add_err(&st->problems, st->ts.people[i].path, &st->ts.people[i].err);
	for (size_t i = 0; i < st->ts.ntasks; i++) {
		struct task *t = &st->ts.tasks[i];
		struct lc_result lc;

		if (!t->valid) {
			diags_add_err(&st->problems, t->path, &t->err);
			continue;
		}
		memset(&lc, 0, sizeof(lc));
		lifecycle_apply(&lc, st->ctx->cfg, &pi, &t->fields, st->ctx->today);
		/* before task_apply: lc borrows from the task's fields */
		record_task(st, t, &lc);
		if (!lc.changes.n && !(lc.events & (LC_ERROR | LC_UNDECIDED))) {
			const struct cache_entry *seen = cache_find_path(&st->seen, t->path);

			if (seen)
				cache_add(&st->settled, t->path, &seen->stamp, &t->fields);
		}
		if (lc.changes.n && task_apply(t, &lc.changes, err)) {
			lc_result_release(&lc);
			return DLG_ERROR;
		}
		lc_result_release(&lc);
		if (st->dry_run && t->dirty)
			strlist_push(&st->written, t->path);
	}
	for (size_t i = 0; i < st->ts.skipped.n; i++) {
		const struct cache_entry *e = cache_find_path(&st->cache, st->ts.skipped.v[i]);

		if (e)
			record_cached(st, e);
	}
	return st->dry_run ? 0 : taskset_save(&st->ts, &st->written, err);
}

/* "Decide 3 tasks, hand off 1, complete 1" */
static char *dlg_subject(const struct sync_state *st)
{
	struct strbuf sb = STRBUF_INIT;
	const struct {
		const char *verb;
		size_t n;
	} parts[] = {
		{ "decide", st->decided },
		{ "hand off", st->handed },
		{ "complete", st->completed },
	};

	for (size_t i = 0; i < ARRAY_SIZE(parts); i++) {
		if (!parts[i].n)
			continue;
		strbuf_addf(&sb, "%s%s %zu%s", sb.len ? ", " : "", parts[i].verb, parts[i].n,
		            sb.len            ? ""
		            : parts[i].n == 1 ? " task"
		                              : " tasks");
	}
	if (!sb.len)
		strbuf_addf(&sb, "update %zu task%s", st->written.n, st->written.n == 1 ? "" : "s");
	sb.buf[0] = (char)(sb.buf[0] - 'a' + 'A');
	return strbuf_detach(&sb, NULL);
}

static char *given_message(const struct repo_changes *ch, void *payload)
{
	(void)ch;
	return xstrdup(payload);
}

static int commit_dlg_changes(struct sync_state *st, struct dlg_err *err)
{
	struct strbuf msg = STRBUF_INIT;
	char today[11];
	int ret;

	if (!st->written.n)
		return 0;
	st->subject2 = dlg_subject(st);
	if (st->dry_run)
		return 0;
	date_format(st->ctx->today, today);
	strbuf_addf(&msg, "%s\n\n%s\nDlg-Sync: %s (dlg %s)\n", st->subject2, st->body.buf, today,
	            DLG_VERSION);
	ret = commit_paths(st, &st->written, given_message, msg.buf, st->commit2, err);
	if (!ret && !st->commit2[0]) {
		/* the files dlg wrote are stored as they were */
		free(st->subject2);
		st->subject2 = NULL;
	}
	strbuf_release(&msg);
	return ret;
}

/* ---- output ---- */

/* Characters, not bytes: "→" is one column wide. */
static size_t width(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

static void print_padded(FILE *fp, const char *s, size_t w)
{
	size_t have = width(s);

	fputs(s, fp);
	for (; have < w; have++)
		fputc(' ', fp);
}

static const char *event_color(const char *word)
{
	if (!strcmp(word, "due") || !strcmp(word, "needs"))
		return C_YELLOW;
	if (!strcmp(word, "undecided"))
		return C_DIM;
	return C_GREEN;
}

static void print_event(const struct sync_state *st, const struct event *e, size_t idw,
                        size_t whatw)
{
	FILE *fp = strcmp(e->word, "undecided") ? stdout : stderr;

	fflush(stdout);
	fprintf(fp, "%s%-10s%s ", color(st->ctx, event_color(e->word)), e->word,
	        color(st->ctx, C_RESET));
	print_padded(fp, e->id, idw);
	fputs("  ", fp);
	if (e->detail) {
		print_padded(fp, e->what, whatw);
		fprintf(fp, "  %s\n", e->detail);
	} else {
		fprintf(fp, "%s\n", e->what);
	}
	fflush(fp);
}

static int cmp_event(const void *a, const void *b)
{
	const struct event *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	return c ? c : x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void print_events(struct sync_state *st)
{
	/* what needs no fixing on stdout; what dlg could not do on stderr */
	static const char *const order[] = { "decided", "handed", "completed",
		                             "needs",   "due",    "undecided" };
	size_t idw = 0, whatw = 0;

	qsort(st->events, st->nevents, sizeof(*st->events), cmp_event);

	for (size_t i = 0; i < st->nevents; i++) {
		size_t w = width(st->events[i].id), ww = width(st->events[i].what);

		idw = w > idw ? w : idw;
		whatw = st->events[i].detail && ww > whatw ? ww : whatw;
	}
	idw = idw > 30 ? 30 : idw;
	whatw = whatw > 28 ? 28 : whatw;
	for (size_t k = 0; k < ARRAY_SIZE(order); k++) {
		for (size_t i = 0; i < st->nevents; i++) {
			const struct event *e = &st->events[i];

			if (strcmp(e->word, order[k]))
				continue;
			if (st->quiet && strcmp(e->word, "undecided"))
				continue;
			print_event(st, e, idw, whatw);
		}
		if (!strcmp(order[k], "needs") && st->needs && !st->quiet)
			printf("(hand %s off with: dlg give ID PERSON)\n",
			       st->needs == 1 ? "it" : "them");
	}
	fflush(stdout);
	for (size_t i = 0; i < st->problems.n; i++) {
		struct strbuf sb = STRBUF_INIT;

		diag_format(&sb, &st->problems.v[i]);
		fprintf(stderr, "%s%-10s%s %s\n", color(st->ctx, C_RED), "invalid",
		        color(st->ctx, C_RESET), sb.buf);
		strbuf_release(&sb);
	}
	for (size_t i = 0; i < st->errors.n; i++)
		fprintf(stderr, "%s%-10s%s %s: %s\n", color(st->ctx, C_RED), "error",
		        color(st->ctx, C_RESET), st->errors.v[i].path, st->errors.v[i].msg);
	fflush(stderr);
}

static void print_commits(const struct sync_state *st)
{
	int n = (st->subject1 != NULL) + (st->subject2 != NULL);

	if (st->dry_run) {
		if (st->subject1)
			printf("would commit your edits: %s\n", st->subject1);
		if (st->subject2)
			printf("would commit: %s\n", st->subject2);
		if (!n)
			printf("nothing to commit\n");
		printf("dry run: nothing written\n");
		return;
	}
	if (!n) {
		if (!st->quiet)
			printf("nothing to commit\n");
		return;
	}
	printf("%d commit%s: ", n, n == 1 ? "" : "s");
	if (st->subject1)
		printf("%s %s%s", st->commit1, st->subject1, st->subject2 ? " · " : "");
	if (st->subject2)
		printf("%s %s", st->commit2, st->subject2);
	printf("\n");
}

static void sync_release(struct sync_state *st)
{
	for (size_t i = 0; i < st->nevents; i++) {
		free(st->events[i].what);
		free(st->events[i].detail);
	}
	free(st->events);
	diags_clear(&st->problems);
	diags_clear(&st->errors);
	cache_release(&st->cache);
	cache_release(&st->seen);
	cache_release(&st->settled);
	strlist_clear(&st->cached_ids);
	strlist_clear(&st->written);
	strbuf_release(&st->body);
	free(st->subject1);
	free(st->subject2);
	taskset_release(&st->ts);
}

/* Open the repository at ctx->root and check it is one we can work in. */
static int open_repo(struct repo **out, const struct dlg_ctx *ctx, struct dlg_err *err)
{
	struct strbuf want = STRBUF_INIT;
	int ret = repo_open(out, ctx->root, err);

	if (ret)
		return ret;
	strbuf_addf(&want, "%s/", ctx->root);
	if (strcmp(repo_workdir(*out), want.buf)) {
		ret =
		    err_set(err, 0, 0,
		            "dlg.ini is in %s, not at the top of the git work tree %s; run dlg "
		            "init there, or move the task repository into a repository of its own",
		            ctx->root, repo_workdir(*out));
		repo_free(*out);
		*out = NULL;
	}
	strbuf_release(&want);
	return ret;
}

static int lock_timeout_ms(void)
{
	const char *s = getenv("DLG_LOCK_TIMEOUT");

	if (s && *s) {
		double secs = atof(s);

		return secs < 0 ? 0 : (int)(secs * 1000);
	}
	return 5000;
}

/* The whole sync; with edit_task, first (under the lock) the edit a person
 * would make by hand. */
static int run(struct dlg_ctx *ctx, int dry_run, int quiet, struct task *edit_task,
               const struct fields *edit)
{
	struct sync_state st;
	struct repo_lock *lock = NULL;
	struct dlg_err err = DLG_ERR_INIT;
	char *cache_file = NULL, *cache_key_text = NULL;
	int ret = EXIT_FATAL;

	memset(&st, 0, sizeof(st));
	strbuf_init(&st.body, 0);
	st.ctx = ctx;
	st.dry_run = dry_run;
	st.quiet = quiet;
	if (open_repo(&st.repo, ctx, &err) || repo_check_state(st.repo, &err))
		goto fail;
	if (!st.dry_run && repo_lock(&lock, st.repo, lock_timeout_ms(), &err))
		goto fail;
	if (edit_task) {
		int written;

		if (task_apply(edit_task, edit, &err) ||
		    task_save(edit_task, ctx->root, &written, &err))
			goto fail;
	}
	if (repo_head(&st.head, st.repo, &err) == 0)
		st.has_head = 1;
	else if (!repo_is_unborn(st.repo))
		goto fail;
	err_clear(&err);
	cache_file = xstrfmt("%sdlg/cache", repo_gitdir(st.repo));
	cache_key_text = cache_key(ctx->root);
	cache_load(&st.cache, cache_file, cache_key_text);
	if (taskset_load_skipping(&st.ts, ctx->root, 0, skip_cached, &st, &err))
		goto fail;
	cache_sort(&st.seen);
	if (commit_own_edits(&st, &err))
		goto fail;
	if (run_lifecycle(&st, &err) || commit_dlg_changes(&st, &err))
		goto fail;
	/* parsed nothing and settled what the cache had: it is up to date */
	if (!st.dry_run && (st.seen.n || st.settled.n != st.cache.n || st.written.n) &&
	    cache_save(&st.settled, cache_file, cache_key_text, time(NULL), &err)) {
		warning_msg("%s (the next sync will be slower)", err.msg);
		err_clear(&err);
	}
	print_events(&st);
	print_commits(&st);
	ret = st.problems.n || st.errors.n || st.undecided ? EXIT_PARTIAL : EXIT_OK;
	goto out;
fail:
	error_msg("%s", err.msg ? err.msg : "sync failed");
out:
	repo_unlock(lock);
	repo_free(st.repo);
	sync_release(&st);
	err_clear(&err);
	free(cache_file);
	free(cache_key_text);
	return ret;
}

int sync_run(struct dlg_ctx *ctx, int dry_run, int quiet)
{
	return run(ctx, dry_run, quiet, NULL, NULL);
}

int edit_and_sync(struct dlg_ctx *ctx, struct task *t, const struct fields *changes)
{
	return run(ctx, 0, 0, t, changes);
}

static int cmd_sync(int argc, char **argv, struct dlg_ctx *ctx)
{
	const char *values[ARRAY_SIZE(options)];
	struct strlist args = STRLIST_INIT;
	int ret = parse_options(&cmd_sync_def, argc, argv, values, &args);

	if (ret || args.n) {
		if (!ret)
			command_usage(stderr, &cmd_sync_def);
		strlist_clear(&args);
		return ret > 0 ? EXIT_OK : EXIT_FATAL;
	}
	strlist_clear(&args);
	return sync_run(ctx, values[option_index(&cmd_sync_def, "dry-run")] != NULL,
	                values[option_index(&cmd_sync_def, "quiet")] != NULL);
}

const struct command cmd_sync_def = {
	"sync",
	cmd_sync,
	NEED_ROOT | NEED_CONFIG,
	"[-n | --dry-run] [-q]",
	"decide, hand off and complete tasks; commit your edits and dlg's apart",
	"Commits your own edits to dlg.ini, tasks/ and people/ as you wrote them, then\n"
	"applies the lifecycle of DESIGN.md to every task, writes the fields it sets\n"
	"into each file's front-matter (nothing else in the file changes), and commits\n"
	"them in a second commit whose message says what changed and why. Prints one\n"
	"line per event: decided, handed, completed, needs (someone), undecided, due;\n"
	"invalid files go to stderr with their line and column and make the exit\n"
	"status 1. With nothing to do it writes nothing and commits nothing.",
	options,
};
