/* give.c: `dlg give ID PERSON`: hand a task to someone, as you would by
 * hand (to: PERSON), then sync. */
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/common.h"
#include "cmd/options.h"
#include "cmd/output.h"
#include "cmd/sync.h"
#include "core/task.h"

/* team members get delegated work; everyone else, outsourced work */
static const char *decision_for(const struct person *p)
{
	return !strcmp(field_str(&p->fields, "kind"), "team") ? "delegate" : "outsource";
}

static int plan_changes(struct fields *changes, const struct task *t, const struct person *p)
{
	const char *status = field_str(&t->fields, "status");
	const char *decision = field_str(&t->fields, "decision");
	struct value none = VALUE_INIT;

	if (!strcmp(status, "done") || !strcmp(status, "dropped")) {
		error_msg("%s is %s; there is nothing to give", t->id, status);
		return -1;
	}
	if (!strcmp(field_str(&t->fields, "to"), p->id) && !strcmp(status, "waiting")) {
		printf("%s is with %s already\n", t->id, p->id);
		return 1;
	}
	if (strcmp(decision, "delegate") && strcmp(decision, "outsource")) {
		/* giving away a task is a decision of yours: on an inbox task
		 * sync records it as manual, as if you had written it; a kept
		 * task changes its mind here */
		fields_set_string(changes, "decision", decision_for(p));
		if (*status && strcmp(status, "inbox")) {
			fields_set_string(changes, "rule", "manual");
			fields_set(changes, "because", &none);
		}
	}
	if (!strcmp(status, "waiting")) {
		/* handing over from someone else: hand it over afresh */
		fields_set_string(changes, "status", "open");
		fields_set(changes, "given", &none);
		fields_set(changes, "follow_up", &none);
	}
	fields_set_string(changes, "to", p->id);
	return 0;
}

static int cmd_give(int argc, char **argv, struct dlg_ctx *ctx)
{
	const struct option options[] = { OPT_END() };
	struct strlist args = STRLIST_INIT;
	struct taskset ts = TASKSET_INIT;
	struct fields changes = FIELDS_INIT;
	struct task *t;
	struct person *p;
	int ret;

	if ((ret = parse_options(ctx, argc, argv, options, &args)) != OPTIONS_OK ||
	    (ret = check_args(ctx, &args, 2, 2)) != OPTIONS_OK)
		return ret;
	ret = EXIT_FATAL;
	if (load_taskset(&ts, ctx, 0) || !(t = resolve_task(&ts, args.v[0])) ||
	    !(p = resolve_person(&ts, args.v[1])))
		goto out;
	if (!t->valid) {
		error_msg("%s:%d:%d: %s (fix it first; dlg changes no invalid file)", t->path,
		          t->err.line, t->err.col, t->err.msg);
		goto out;
	}
	switch (plan_changes(&changes, t, p)) {
	case 1:
		ret = EXIT_OK;
		/* fall through */
	case -1:
		goto out;
	}
	ret = edit_and_sync(ctx, t, &changes);
out:
	fields_clear(&changes);
	taskset_release(&ts);
	strlist_clear(&args);
	return ret;
}

const struct command cmd_give_def = {
	"give",
	cmd_give,
	NEED_ROOT | NEED_CONFIG | NEED_REPO,
	"ID PERSON",
	"hand a task to someone in people/, then sync",
	"Sets to: PERSON in the task's front-matter, as you could by hand, then runs\n"
	"dlg sync, which marks it waiting with a follow-up date. A task not yet\n"
	"delegated or outsourced becomes so (delegate to a kind: team person,\n"
	"outsource to anyone else; rule: manual). A task waiting with someone else\n"
	"is handed over afresh.",
};
