/* give.c: `dlg give ID PERSON`: hand a task to someone, as you would by
 * hand (to: PERSON), then sync. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cmd/cmd.h"
#include "cmd/common.h"
#include "cmd/events.h"
#include "cmd/options.h"
#include "core/lifecycle.h"
#include "core/task.h"

struct give {
	const char *person; /* a people/ id */
	const struct config *cfg;
	int follow_up; /* --follow-up, or DATE_NONE */
	int today;
	int already; /* nothing to change: with them already */
};

/* team members get delegated work; everyone else, outsourced work */
static enum decision decision_for(const struct person_info *p)
{
	const char *kind = p ? fields_string(p->fields, "kind") : NULL;

	return kind && !strcasecmp(kind, "team") ? DECISION_DELEGATE : DECISION_OUTSOURCE;
}

/* Whether channel c takes work decided d. */
static int channel_takes(const struct channel *c, enum decision d)
{
	return c && (c->for_mask & (1u << d));
}

/* The channel work given to p goes through once it is decided d: the
 * person's own `channel` when it takes such work, else a [channel] that
 * names them, else the task's own when it still fits, else none. */
static const char *channel_for(const struct config *cfg, const struct person_info *p,
                               enum decision d, const char *current)
{
	const struct channel *own =
	    config_channel(cfg, p ? fields_string(p->fields, "channel") : NULL);

	if (channel_takes(own, d))
		return own->name;
	for (size_t i = 0; p && i < cfg->nchannels; i++)
		if (cfg->channels[i].to && !strcmp(cfg->channels[i].to, p->id) &&
		    channel_takes(&cfg->channels[i], d))
			return cfg->channels[i].name;
	if (channel_takes(config_channel(cfg, current), d))
		return current;
	return NULL;
}

/* Under the lock, on the file as it is now. Giving a task to someone is a
 * decision of yours: to a team member it is delegated, to anyone else
 * outsourced, whatever it was; the channel follows. */
static int plan_give(struct fields *changes, const struct task *t, const struct people_info *people,
                     void *payload, struct dlg_err *err)
{
	struct give *g = payload;
	const struct person_info *p = people_find(people, g->person);
	enum decision d = decision_for(p);
	const char *channel;
	struct value none = VALUE_INIT;
	struct lc_state s;

	lc_state_read(&s, &t->fields, NULL);
	if (lc_finished(&s))
		return err_set(err, 0, 0, "%s is %s; there is nothing to give", t->id,
		               status_name(s.status));
	if (s.status == STATUS_WAITING && s.to && !strcmp(s.to, g->person) && s.decision == d) {
		g->already = 1;
		return 1;
	}
	if (s.decision != d) {
		/* on an inbox task sync records it as manual, as if you had
		 * written it; a task decided otherwise changes its mind here */
		fields_set_string(changes, "decision", decision_name(d));
		if (fields_value(&t->fields, "status") && s.status != STATUS_INBOX) {
			fields_set_string(changes, "rule", "manual");
			fields_set(changes, "because", &none);
		}
	}
	channel = channel_for(g->cfg, p, d, s.channel);
	if (channel && (!s.channel || strcmp(channel, s.channel)))
		fields_set_string(changes, "channel", channel);
	else if (!channel && fields_value(&t->fields, "channel"))
		fields_set(changes, "channel", &none);
	if (s.status == STATUS_WAITING) {
		/* handing over from someone else: hand it over afresh */
		fields_set_string(changes, "status", "open");
		fields_set(changes, "given", &none);
		fields_set(changes, "follow_up", &none);
	}
	if (g->follow_up != DATE_NONE) {
		int fu = g->follow_up;

		/* as the lifecycle does: a deadline handed off stays in sight */
		if (s.due != DATE_NONE && fu >= s.due)
			fu = s.due - 1 > g->today ? s.due - 1 : g->today;
		fields_set_date(changes, "follow_up", fu);
	}
	fields_set_string(changes, "to", g->person);
	return 0;
}

static int cmd_give(int argc, char **argv, struct dlg_ctx *ctx)
{
	struct sync_call call = { 0 };
	struct give g = { NULL, NULL, DATE_NONE, 0, 0 };
	const struct option options[] = {
		OPT_DATE('f', "follow-up", &g.follow_up, "WHEN",
		         "check in on WHEN (a date, tomorrow, +3d, friday...) instead of after "
		         "their follow_up_days"),
		OPT_BOOL('q', "quiet", &call.quiet, "print only problems and the commits made"),
		OPT_END(),
	};
	struct strlist args = STRLIST_INIT;
	struct taskset ts = TASKSET_INIT;
	struct task *t;
	struct person *p;
	int ret;

	if ((ret = parse_options(ctx, argc, argv, options, &args)) != OPTIONS_OK ||
	    (ret = check_args(ctx, &args, 2, 2)) != OPTIONS_OK)
		return ret;
	ret = EXIT_FATAL;
	/* only to find the task and the person: the edit reads them again
	 * under the lock */
	if (load_taskset(&ts, ctx, TASKSET_NO_DOC) || !(t = resolve_task(&ts, args.v[0])) ||
	    !(p = resolve_person(&ts, args.v[1])))
		goto out;
	g.person = p->id;
	g.cfg = ctx->cfg;
	g.today = ctx->today;
	call.task_path = t->path;
	call.task_id = t->id;
	call.edit = plan_give;
	call.payload = &g;
	ret = events_sync(ctx, &call);
	if (g.already && !call.quiet)
		printf("%s is with %s already\n", t->id, p->id);
out:
	taskset_release(&ts);
	strlist_clear(&args);
	return ret;
}

const struct command cmd_give_def = {
	"give",
	cmd_give,
	NEED_ROOT | NEED_CONFIG | NEED_REPO,
	"ID PERSON [-f WHEN] [-q]",
	"hand a task to someone in people/, then sync",
	"Sets to: PERSON in the task's front-matter, as you could by hand, then runs\n"
	"dlg sync, which marks it waiting with a follow-up date. A task not yet\n"
	"delegated or outsourced becomes so (delegate to a kind: team person,\n"
	"outsource to anyone else; rule: manual). A task waiting with someone else\n"
	"is handed over afresh.\n"
	"\n"
	"It prints what happened to that task and the commits made; the rest of the\n"
	"repository is synced quietly, and a problem elsewhere is counted in one\n"
	"line (run dlg sync to see it). Exit status 0 when the task was given, 1 when\n"
	"it could not be written or ended invalid or undecided, 2 when nothing was\n"
	"done.",
};
