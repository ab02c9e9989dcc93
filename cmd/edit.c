/* edit.c: `dlg edit ID`: open a task (or a person) file in the person's
 * editor, check it once saved, and sync it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/common.h"
#include "cmd/editor.h"
#include "cmd/events.h"
#include "cmd/options.h"
#include "cmd/output.h"
#include "core/task.h"

/* The file being edited. */
struct target {
	char *path; /* "tasks/x.md" or "people/carol.md" */
	char *id;   /* the task's id, or "people/carol" for a person */
	int person;
};

static void target_release(struct target *t)
{
	free(t->path);
	free(t->id);
}

/* A person's id as typed: "carol" or "people/carol.md". */
static struct person *find_person(struct taskset *ts, const char *arg)
{
	struct person *p = taskset_person(ts, arg);

	if (!p && starts_with(arg, "people/") && ends_with(arg, ".md")) {
		char *id = xstrndup(arg + 7, strlen(arg) - 10);

		p = taskset_person(ts, id);
		free(id);
	}
	return p;
}

/* A task by its whole id first, then a person, then a task as resolve_task
 * finds one (by path, by the last part of its id). */
static int find_target(struct target *out, struct taskset *ts, const char *arg)
{
	struct task *t = taskset_find(ts, arg);
	struct person *p = t ? NULL : find_person(ts, arg);

	memset(out, 0, sizeof(*out));
	if (p) {
		out->path = xstrdup(p->path);
		out->id = xstrfmt("people/%s", p->id);
		out->person = 1;
		return 0;
	}
	if (!t && !(t = resolve_task(ts, arg)))
		return -1;
	out->path = xstrdup(t->path);
	out->id = xstrdup(t->id);
	return 0;
}

/* Whether the file as saved can be read: its problems are printed
 * (errors and warnings); 1 when it is usable, 0 when not, -1 when it could
 * not be read at all or is gone. */
static int check_saved(const struct target *tg, const struct dlg_ctx *ctx)
{
	struct taskset ts = TASKSET_INIT;
	struct diags d = DIAGS_INIT;
	struct strbuf sb = STRBUF_INIT;
	int ok = -1;

	if (load_taskset(&ts, ctx, TASKSET_NO_DOC))
		goto out;
	if (tg->person) {
		struct person *p = taskset_person(&ts, tg->id + strlen("people/"));

		if (p) {
			person_problems(p, &d);
			ok = p->valid && !p->field_errors;
		}
	} else {
		struct task *t = taskset_find(&ts, tg->id);

		if (t)
			ok = task_readable(&ts, t, ctx, &d);
	}
	if (ok < 0)
		error_msg("%s is gone; nothing synced", tg->path);
	for (size_t i = 0; i < d.n; i++) {
		strbuf_reset(&sb);
		diag_format(&sb, &d.v[i]);
		if (d.v[i].warning)
			warning_msg("%s", sb.buf);
		else
			error_msg("%s", sb.buf);
	}
out:
	strbuf_release(&sb);
	diags_clear(&d);
	taskset_release(&ts);
	return ok;
}

/* Edit until the file is usable, or the person stops: 1 when it is, 0 when
 * it is left broken (said), -1 on an error (said). What was typed is kept
 * in the file either way. */
static int edit_until_usable(const struct target *tg, const char *full, const struct dlg_ctx *ctx)
{
	char *question = xstrfmt("re-open %s in the editor? [Y/n] ", tg->path);
	int ok;

	for (;;) {
		if (editor_run(full)) {
			ok = -1;
			break;
		}
		ok = check_saved(tg, ctx);
		if (ok != 0 || !editor_can_ask() || !editor_ask(question, 1))
			break;
	}
	if (ok == 0)
		error_msg("%s is kept as you wrote it, and left out until it is fixed: dlg edit "
		          "%s",
		          tg->path, tg->person ? tg->id + strlen("people/") : tg->id);
	free(question);
	return ok;
}

static int cmd_edit(int argc, char **argv, struct dlg_ctx *ctx)
{
	struct sync_call call = { 0 };
	const struct option options[] = {
		OPT_BOOL('q', "quiet", &call.quiet, "print only problems and the commits made"),
		OPT_END(),
	};
	struct strlist args = STRLIST_INIT;
	struct taskset ts = TASKSET_INIT;
	struct strbuf before = STRBUF_INIT, after = STRBUF_INIT;
	struct target tg = { NULL, NULL, 0 };
	char *full = NULL;
	int ret, ok;

	if ((ret = parse_options(ctx, argc, argv, options, &args)) != OPTIONS_OK ||
	    (ret = check_args(ctx, &args, 1, 1)) != OPTIONS_OK)
		return ret;
	ret = EXIT_FATAL;
	if (load_taskset(&ts, ctx, TASKSET_NO_DOC) || find_target(&tg, &ts, args.v[0]))
		goto out;
	full = xstrfmt("%s/%s", ctx->root, tg.path);
	if (strbuf_read_file(&before, full) < 0) {
		error_msg("cannot read %s", tg.path);
		goto out;
	}
	ok = edit_until_usable(&tg, full, ctx);
	if (ok <= 0) {
		ret = ok < 0 ? EXIT_FATAL : EXIT_PARTIAL;
		goto out;
	}
	if (strbuf_read_file(&after, full) == 0 && after.len == before.len &&
	    !memcmp(after.buf, before.buf, before.len)) {
		if (!call.quiet)
			printf("%s: no change\n", tg.path);
		ret = EXIT_OK;
		goto out;
	}
	/* the file as saved: sync it, and say what became of it */
	call.task_path = tg.path;
	call.task_id = tg.id;
	ret = events_sync(ctx, &call);
out:
	free(full);
	target_release(&tg);
	strbuf_release(&before);
	strbuf_release(&after);
	taskset_release(&ts);
	strlist_clear(&args);
	return ret;
}

const struct command cmd_edit_def = {
	"edit",
	cmd_edit,
	NEED_ROOT | NEED_CONFIG | NEED_REPO,
	"ID [-q]",
	"open a task (or a person) in your editor, then sync it",
	"Opens the task's file in $VISUAL, else $EDITOR, else vi, as git picks its\n"
	"editor. ID is a task's id, its path or the last part of its id, or a person\n"
	"in people/ (carol, or people/carol.md). Once you save and quit, the file is\n"
	"checked as dlg check would: when it is broken, dlg says where, and on a\n"
	"terminal offers to re-open it; what you typed stays in the file either way.\n"
	"Then dlg sync runs, and what happened to the task is printed, as dlg done\n"
	"prints it. A file saved unchanged is not synced.\n"
	"\n"
	"Exit status 0 when the file was saved and synced (or left unchanged), 1\n"
	"when it was left broken or ended invalid or undecided, 2 when nothing was\n"
	"done (no such task, the editor failed).",
};
