/* events.c: the one printer of a sync's result, shared by sync, done and
 * give. */
#include "cmd/events.h"
#include "cmd/calendar.h"

#include "cmd/output.h"
#include "lib/utf8.h"

#include <stdlib.h>
#include <string.h>

static const char *const event_words[] = {
	[SYNC_DECIDED] = "decided", [SYNC_HANDED] = "handed",     [SYNC_COMPLETED] = "completed",
	[SYNC_NEEDS] = "needs",     [SYNC_DUE] = "due",           [SYNC_UNDECIDED] = "undecided",
	[SYNC_UNDONE] = "undone",   [SYNC_REPEATED] = "repeated",
};

/* An event as the columns it is printed in. */
struct line {
	const struct sync_event *e;
	char *id;          /* quoted when it must be */
	char *what;        /* middle column */
	char *detail;      /* last column, or NULL */
	size_t idw, whatw; /* the columns id and what take */
};

static void describe(struct line *l, const struct sync_event *e)
{
	char date[11];

	struct strbuf sb = STRBUF_INIT;

	strbuf_add_path(&sb, e->id);
	l->e = e;
	l->id = strbuf_detach(&sb, NULL);
	l->detail = NULL;
	strbuf_init(&sb, 0);
	switch (e->kind) {
	case SYNC_DECIDED:
		l->what =
		    xstrfmt("%s%s%s", decision_name(e->decision), e->channel || e->to ? " → " : "",
		            e->to        ? e->to
		            : e->channel ? e->channel
		                         : "");
		l->detail = e->because
		                ? xstrfmt("%s (%s)", e->because, e->rule ? e->rule : "manual")
		                : xstrfmt("(%s)", e->rule ? e->rule : "manual");
		break;
	case SYNC_HANDED:
		date_format(e->follow_up, date);
		l->what = xstrfmt("to %s, follow up %s", e->to, date);
		break;
	case SYNC_COMPLETED:
		l->what = e->rating ? xstrfmt("done, rated %s", e->rating) : xstrdup("done");
		break;
	case SYNC_NEEDS: /* thousands of them, maybe: no printf */
		strbuf_reset(&sb);
		strbuf_addstr(&sb, decision_name(e->decision));
		if (e->channel) {
			strbuf_addstr(&sb, " via ");
			strbuf_addstr(&sb, e->channel);
		}
		strbuf_addstr(&sb, ", no one named yet");
		l->what = strbuf_detach(&sb, NULL);
		break;
	case SYNC_DUE:
		if (e->days_late > 0)
			l->what =
			    xstrfmt("follow up with %s, %d day%s late", e->to ? e->to : "them",
			            e->days_late, e->days_late == 1 ? "" : "s");
		else
			l->what = xstrfmt("follow up with %s today", e->to ? e->to : "them");
		break;
	case SYNC_REPEATED:
		date_format(e->date, date);
		strbuf_reset(&sb);
		strbuf_add_path(&sb, e->next);
		l->what = xstrfmt("next %s, due %s", sb.buf, date);
		strbuf_release(&sb);
		break;
	case SYNC_UNDECIDED:
		l->what = xstrdup(e->message ? e->message : "no rule decided");
		break;
	case SYNC_UNDONE:
		l->what = xstrdup(e->message ? e->message : "");
		break;
	}
	strbuf_release(&sb);
	l->idw = utf8_width(l->id);
	l->whatw = utf8_width(l->what);
}

static const char *event_color(enum sync_event_kind k)
{
	if (k == SYNC_DUE || k == SYNC_NEEDS || k == SYNC_UNDONE)
		return C_YELLOW;
	if (k == SYNC_UNDECIDED)
		return C_DIM;
	return C_GREEN;
}

static void add_padded(struct strbuf *sb, const char *s, size_t have, size_t w)
{
	strbuf_addstr(sb, s);
	if (have < w)
		strbuf_addspaces(sb, w - have);
}

/* Lines are gathered, and written a stream's run at a time: stdout is
 * flushed before what goes to stderr, so the two keep their order, and
 * thousands of lines cost a few writes, not a write each. */
struct printer {
	struct strbuf buf;
	FILE *fp; /* what buf is for */
};

static void printer_flush(struct printer *p)
{
	if (!p->buf.len)
		return;
	if (p->fp == stderr)
		fflush(stdout);
	fwrite(p->buf.buf, 1, p->buf.len, p->fp);
	fflush(p->fp);
	strbuf_reset(&p->buf);
}

static void print_line(struct printer *p, const struct dlg_ctx *ctx, const struct line *l,
                       size_t idw, size_t whatw)
{
	FILE *fp = l->e->kind >= SYNC_UNDECIDED ? stderr : stdout;

	if (fp != p->fp || p->buf.len > 65536)
		printer_flush(p);
	p->fp = fp;
	strbuf_addstr(&p->buf, color(ctx, event_color(l->e->kind)));
	add_padded(&p->buf, event_words[l->e->kind], strlen(event_words[l->e->kind]), 10);
	strbuf_addstr(&p->buf, color(ctx, C_RESET));
	strbuf_addch(&p->buf, ' ');
	add_padded(&p->buf, l->id, l->idw, idw);
	strbuf_addstr(&p->buf, "  ");
	if (l->detail) {
		add_padded(&p->buf, l->what, l->whatw, whatw);
		strbuf_addf(&p->buf, "  %s\n", l->detail);
	} else {
		strbuf_addstr(&p->buf, l->what);
		strbuf_addch(&p->buf, '\n');
	}
}

static void print_events(const struct dlg_ctx *ctx, const struct sync_result *r,
                         const struct events_opts *o)
{
	struct line *lines = xcalloc(r->nevents + 1, sizeof(*lines));
	size_t n = 0, idw = 0, whatw = 0, needs = 0;
	struct printer p = { STRBUF_INIT, NULL };

	for (size_t i = 0; i < r->nevents; i++) {
		size_t w, ww;

		if (o->only_id && strcmp(r->events[i].id, o->only_id))
			continue;
		describe(&lines[n], &r->events[i]);
		w = lines[n].idw;
		ww = lines[n].whatw;
		idw = w > idw ? w : idw;
		whatw = lines[n].detail && ww > whatw ? ww : whatw;
		needs += lines[n].e->kind == SYNC_NEEDS;
		n++;
	}
	idw = idw > 30 ? 30 : idw;
	whatw = whatw > 28 ? 28 : whatw;
	/* what needs no fixing on stdout; what dlg could not do on stderr */
	for (int k = SYNC_DECIDED; k <= SYNC_UNDONE; k++) {
		for (size_t i = 0; i < n; i++)
			if ((int)lines[i].e->kind == k && (!o->quiet || k >= SYNC_UNDECIDED))
				print_line(&p, ctx, &lines[i], idw, whatw);
		if (k == SYNC_NEEDS && needs && !o->quiet) {
			if (p.fp != stdout)
				printer_flush(&p);
			p.fp = stdout;
			strbuf_addf(&p.buf, "(hand %s off with: dlg give ID PERSON)\n",
			            needs == 1 ? "it" : "them");
		}
	}
	printer_flush(&p);
	strbuf_release(&p.buf);
	for (size_t i = 0; i < n; i++) {
		free(lines[i].id);
		free(lines[i].what);
		free(lines[i].detail);
	}
	free(lines);
	fflush(stdout);
}

/* Whether a problem with the file at path is one to print: with only_id,
 * the problems of that task's file alone. */
static int is_shown(const struct events_opts *o, const char *path)
{
	return !o->only_id || (o->only_path && !strcmp(path, o->only_path));
}

static void print_diags_as(const struct dlg_ctx *ctx, const struct diags *d, const char *word,
                           const char *warning_word, const struct events_opts *o)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < d->n; i++) {
		struct diag dg = d->v[i];

		if (!is_shown(o, dg.path))
			continue;
		if (warning_word) /* the word says it */
			dg.warning = 0;
		strbuf_reset(&sb);
		diag_format(&sb, &dg);
		fprintf(stderr, "%s%-10s%s %s\n", color(ctx, C_RED),
		        d->v[i].warning && warning_word ? warning_word : word, color(ctx, C_RESET),
		        sb.buf);
	}
	strbuf_release(&sb);
}

static void print_problems(const struct dlg_ctx *ctx, const struct sync_result *r,
                           const struct events_opts *o)
{
	struct strbuf sb = STRBUF_INIT;

	print_diags_as(ctx, &r->invalid, "invalid", NULL, o);
	print_diags_as(ctx, &r->errors, "error", NULL, o);
	print_diags_as(ctx, &r->unwritten, "error", "skipped", o);
	/* a warning about no file in particular (the cache) is everyone's */
	for (size_t i = 0; i < r->warnings.n; i++) {
		if (*r->warnings.v[i].path && !is_shown(o, r->warnings.v[i].path))
			continue;
		strbuf_reset(&sb);
		diag_format(&sb, &r->warnings.v[i]);
		warning_msg("%s", sb.buf);
	}
	fflush(stderr);
	strbuf_release(&sb);
}

static void add_other(struct strlist *others, const char *path)
{
	if (!strlist_has(others, path))
		strlist_push(others, path);
}

static void add_others(struct strlist *others, const struct diags *d, const struct events_opts *o)
{
	for (size_t i = 0; i < d->n; i++)
		if (*d->v[i].path && !is_shown(o, d->v[i].path))
			add_other(others, d->v[i].path);
}

/* With only_id: the files other than the task's that have a problem (what
 * sync would print on stderr), in one line, so that nothing goes unsaid
 * and nothing drowns the task. */
static void print_others(const struct sync_result *r, const struct events_opts *o)
{
	struct strlist others = STRLIST_INIT;
	int all_tasks = 1;

	add_others(&others, &r->invalid, o);
	add_others(&others, &r->errors, o);
	add_others(&others, &r->unwritten, o);
	add_others(&others, &r->warnings, o);
	for (size_t i = 0; i < r->nevents; i++) {
		/* what sync prints on stderr: undecided, undone */
		if (r->events[i].kind >= SYNC_UNDECIDED && strcmp(r->events[i].id, o->only_id)) {
			char *path = xstrfmt("tasks/%s.md", r->events[i].id);

			add_other(&others, path);
			free(path);
		}
	}
	for (size_t i = 0; i < others.n; i++)
		if (!starts_with(others.v[i], "tasks/"))
			all_tasks = 0;
	if (others.n)
		error_msg("%zu other %s%s need%s a look: run dlg sync", others.n,
		          all_tasks ? "task" : "file", others.n == 1 ? "" : "s",
		          others.n == 1 ? "s" : "");
	strlist_clear(&others);
}

/* With [sync] remote: what came in, what clashes, what could not be done. */
static void print_remote(const struct dlg_ctx *ctx, const struct sync_result *r,
                         const struct events_opts *o)
{
	const struct sync_remote_result *rr = &r->remote;
	struct strbuf sb = STRBUF_INIT;

	if (!rr->name)
		return;
	if (rr->merged && rr->fast_forward && !o->quiet)
		printf("%s%-10s%s %s (fast-forward)\n", color(ctx, C_GREEN), "merged",
		       color(ctx, C_RESET), rr->merged);
	else if (rr->merged && !o->quiet)
		printf("%s%-10s%s %s\n", color(ctx, C_GREEN), "merged", color(ctx, C_RESET),
		       rr->merged);
	fflush(stdout);
	for (size_t i = 0; i < rr->conflicts.n; i++) {
		strbuf_reset(&sb);
		diag_format(&sb, &rr->conflicts.v[i]);
		fprintf(stderr, "%s%-10s%s %s\n", color(ctx, C_RED),
		        rr->conflicts.v[i].warning ? "waiting" : "conflict", color(ctx, C_RESET),
		        sb.buf);
	}
	if (rr->waiting && rr->conflicts.n)
		error_msg("the merge with %s waits for %s: nothing else was done", rr->name,
		          rr->conflicts.n == 1 ? "that file" : "those files");
	if (rr->refused)
		error_msg("%s; your work is committed here, not pushed", rr->refused);
	if (rr->unreachable)
		error_msg(
		    "%s; your work is committed here, not pushed: the next dlg sync pushes it",
		    rr->unreachable);
	if (rr->unpushed)
		error_msg("not pushed: %s", rr->unpushed);
	fflush(stderr);
	strbuf_release(&sb);
}

static void print_pushed(const struct dlg_ctx *ctx, const struct sync_result *r,
                         const struct events_opts *o)
{
	const struct sync_remote_result *rr = &r->remote;

	if (!rr->name || !rr->pushed || o->quiet)
		return;
	printf("%s%-10s%s to %s", color(ctx, C_GREEN), "pushed", color(ctx, C_RESET), rr->name);
	if (rr->retries)
		printf(" (someone pushed meanwhile: fetched and merged again, %d time%s)",
		       rr->retries, rr->retries == 1 ? "" : "s");
	printf("\n");
}

static void print_commits(const struct sync_result *r, const struct events_opts *o)
{
	const struct sync_commit *all[] = { &r->recovered, &r->remote.finished, &r->edits,
		                            &r->remote.merge, &r->dlg };
	static const char *const notes[] = { " (finishing an interrupted sync)",
		                             " (finishing a merge)", "", "", "" };
	const char *s1 = r->edits.subject, *s2 = r->dlg.subject;
	int n = 0, shown = 0;

	for (size_t i = 0; i < ARRAY_SIZE(all); i++)
		n += all[i]->subject != NULL &&
		     !(all[i] == &r->remote.merge && r->remote.fast_forward);

	if (o->dry_run) {
		if (s1)
			printf("would commit your edits: %s\n", s1);
		if (s2)
			printf("would commit: %s\n", s2);
		if (!n)
			printf("nothing to commit\n");
		printf("dry run: nothing written\n");
		return;
	}
	if (!n) {
		if (!o->quiet && !r->remote.merged && !r->remote.waiting)
			printf("nothing to commit\n");
		return;
	}
	printf("%d commit%s: ", n, n == 1 ? "" : "s");
	for (size_t i = 0; i < ARRAY_SIZE(all); i++) {
		if (!all[i]->subject || (all[i] == &r->remote.merge && r->remote.fast_forward))
			continue;
		printf("%s%s %s%s", shown++ ? " · " : "", all[i]->short_id, all[i]->subject,
		       notes[i]);
	}
	printf("\n");
}

/* A command's edit, in its words, as an event line. */
static void print_note(const struct dlg_ctx *ctx, const struct sync_result *r,
                       const struct events_opts *o)
{
	struct strbuf id = STRBUF_INIT;

	if (!o->note_word || !r->edit_note || !o->only_id || o->quiet)
		return;
	strbuf_add_path(&id, o->only_id);
	printf("%s%-10s%s %s  %s\n", color(ctx, C_GREEN), o->note_word, color(ctx, C_RESET), id.buf,
	       r->edit_note);
	strbuf_release(&id);
}

void events_print(const struct dlg_ctx *ctx, const struct sync_result *r,
                  const struct events_opts *opts)
{
	print_note(ctx, r, opts);
	print_events(ctx, r, opts);
	print_problems(ctx, r, opts);
	print_remote(ctx, r, opts);
	print_commits(r, opts);
	print_pushed(ctx, r, opts);
	if (opts->only_id)
		print_others(r, opts);
}

/* Whether d has a problem with the file at path; warnings count only
 * with them_too. */
static int has_path(const struct diags *d, const char *path, int them_too)
{
	for (size_t i = 0; i < d->n; i++)
		if (path && !strcmp(d->v[i].path, path) && (them_too || !d->v[i].warning))
			return 1;
	return 0;
}

/* What [sync] remote could not do: "done, but". */
static int remote_partial(const struct sync_remote_result *rr)
{
	return rr->waiting || rr->conflicts.n || rr->refused || rr->unreachable || rr->unpushed;
}

int events_exit_status(const struct sync_result *r, const struct events_opts *o)
{
	if (remote_partial(&r->remote))
		return EXIT_PARTIAL;
	if (!o->only_id)
		return r->invalid.n || r->errors.n || r->unwritten.n || r->undecided ? EXIT_PARTIAL
		                                                                     : EXIT_OK;
	/* a file skipped because it changed meanwhile (a warning) is taken by
	 * the next sync; for the task named, its edit was not made */
	if (has_path(&r->invalid, o->only_path, 0) || has_path(&r->errors, o->only_path, 0) ||
	    has_path(&r->unwritten, o->only_path, 1))
		return EXIT_PARTIAL;
	for (size_t i = 0; i < r->nevents; i++)
		if (r->events[i].kind == SYNC_UNDECIDED && !strcmp(r->events[i].id, o->only_id))
			return EXIT_PARTIAL;
	return EXIT_OK;
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

int events_sync(struct dlg_ctx *ctx, const struct sync_call *call)
{
	struct sync_opts o = SYNC_OPTS_INIT;
	struct sync_result r = SYNC_RESULT_INIT;
	struct events_opts eo = { call->quiet, call->dry_run, call->task_id, call->task_path,
		                  call->note_word };
	struct dlg_err err = DLG_ERR_INIT;
	int ret = EXIT_FATAL;

	o.root = ctx->root;
	o.cfg = ctx->cfg;
	o.today = ctx->today;
	o.dry_run = call->dry_run;
	o.lock_timeout_ms = lock_timeout_ms();
	o.task_path = call->task_path;
	o.edit = call->edit;
	o.edit_payload = call->payload;
	o.edit_note = call->note;
	o.offline = call->offline;
	o.no_push = call->no_push;
	if (ctx->cfg && ctx->cfg->calendar_file) {
		o.after = calendar_after_sync;
		o.after_payload = ctx;
	}
	if (sync_run(&r, ctx->repo, &o, &err)) {
		if (r.changed) {
			/* some of it was done: say what, and that the rest waits */
			events_print(ctx, &r, &eo);
			error_msg("%s; the next sync finishes what this one could not",
			          err.msg ? err.msg : "sync failed");
			ret = EXIT_PARTIAL;
		} else {
			error_msg("%s", err.msg ? err.msg : "sync failed");
		}
		goto out;
	}
	if (r.stopped) {
		ret = EXIT_OK;
		goto out;
	}
	events_print(ctx, &r, &eo);
	/* for tests and benchmarks: what the cache spared */
	if (getenv("DLG_TRACE") && *getenv("DLG_TRACE"))
		fprintf(stderr, "dlg: trace: %zu task files read, %zu from the cache%s\n", r.parsed,
		        r.cached, r.fast ? ", edits found from the cache" : "");
	ret = events_exit_status(&r, &eo);
out:
	sync_result_release(&r);
	err_clear(&err);
	return ret;
}
