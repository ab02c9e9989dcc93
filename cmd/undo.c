/* undo.c: `dlg undo [--dry-run]`: take back the last sync's commits with a
 * new commit, and say what was taken back and which files changed. */
#include <stdio.h>
#include <stdlib.h>

#include "cmd/cmd.h"
#include "cmd/options.h"
#include "cmd/output.h"
#include "core/undo.h"

/* DLG_LOCK_TIMEOUT seconds, as sync waits for the lock. */
static int lock_timeout(void)
{
	const char *s = getenv("DLG_LOCK_TIMEOUT");
	double secs = s && *s ? atof(s) : 5;

	return secs < 0 ? 0 : (int)(secs * 1000);
}

static void print_word(const struct dlg_ctx *ctx, const char *word)
{
	printf("%s%-10s%s ", color(ctx, C_GREEN), word, color(ctx, C_RESET));
}

static void print_taken(const struct dlg_ctx *ctx, const struct undo_result *r, int dry_run)
{
	for (size_t i = 0; i < r->ntaken; i++) {
		const struct undo_commit *c = &r->taken[i];

		print_word(ctx, dry_run ? "would undo" : "undone");
		printf("%s %s%s\n", c->short_id, c->subject,
		       c->kind == UNDO_EDITS       ? " (your edits, committed by that sync)"
		       : c->kind == UNDO_RECOVERED ? " (finishing an interrupted sync)"
		                                   : "");
	}
}

static void print_files(const struct dlg_ctx *ctx, const struct undo_result *r, int dry_run)
{
	struct strbuf q = STRBUF_INIT;

	for (size_t i = 0; i < r->changes.n; i++) {
		const struct repo_change *c = &r->changes.v[i];
		const char *word = c->status == 'D'   ? (dry_run ? "deletes" : "deleted")
		                   : c->status == 'A' ? (dry_run ? "re-adds" : "re-added")
		                                      : (dry_run ? "restores" : "restored");

		strbuf_reset(&q);
		strbuf_add_path(&q, c->new_path ? c->new_path : c->old_path);
		print_word(ctx, word);
		printf("%s\n", q.buf);
	}
	strbuf_release(&q);
}

/* Taking back the person's own edits takes them out of the work tree too:
 * say where they are kept. */
static void print_edits_hint(const struct undo_result *r)
{
	for (size_t i = 0; i < r->ntaken; i++)
		if (r->taken[i].kind == UNDO_EDITS)
			printf(
			    "(your edits stay in %s: git checkout %s -- PATH gives a file back as "
			    "you wrote it)\n",
			    r->taken[i].short_id, r->taken[i].short_id);
}

static int cmd_undo(int argc, char **argv, struct dlg_ctx *ctx)
{
	struct undo_opts o = UNDO_OPTS_INIT;
	const struct option options[] = {
		OPT_BOOL('n', "dry-run", &o.dry_run,
		         "say what would be taken back; write and commit nothing"),
		OPT_END(),
	};
	struct undo_result r = UNDO_RESULT_INIT;
	struct strlist args = STRLIST_INIT;
	struct dlg_err err = DLG_ERR_INIT;
	int ret;

	if ((ret = parse_options(ctx, argc, argv, options, &args)) != OPTIONS_OK ||
	    (ret = check_args(ctx, &args, 0, 0)) != OPTIONS_OK)
		return ret;
	strlist_clear(&args);
	o.lock_timeout_ms = lock_timeout();
	if (undo_run(&r, ctx->repo, &o, &err)) {
		error_msg("%s", err.msg ? err.msg : "undo failed");
		ret = EXIT_FATAL;
		goto out;
	}
	print_taken(ctx, &r, o.dry_run);
	print_files(ctx, &r, o.dry_run);
	print_edits_hint(&r);
	if (o.dry_run)
		printf("would commit: %s\ndry run: nothing written\n", r.subject);
	else
		printf("1 commit: %s %s\n", r.short_id, r.subject);
	ret = EXIT_OK;
out:
	undo_result_release(&r);
	err_clear(&err);
	return ret;
}

const struct command cmd_undo_def = {
	"undo",
	cmd_undo,
	NEED_ROOT | NEED_REPO,
	"[-n | --dry-run]",
	"take back the last sync's commits with a new commit",
	"Takes back what the last dlg sync (or done, give) committed: dlg's Dlg-Sync:\n"
	"commit and the commit of your own edits it made just before, with one new\n"
	"commit that puts every file they changed back as it was before that sync, in\n"
	"the work tree, the index and the branch. History is not rewritten: git revert\n"
	"of the new commit has the sync again. Run again, it takes back the sync before.\n"
	"Refuses, changing nothing, when something was committed after the sync, when\n"
	"it was pushed, or when a file it would change has changes not committed.",
};
