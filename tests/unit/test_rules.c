/* test_rules.c: deciding, routing and the lifecycle, step by step, then a
 * decision table of tasks from the seeds run through the default dlg.ini. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/lifecycle.h"
#include "formats/frontmatter.h"

static int today; /* 2026-11-22 */

/* Fields from "key: value; key: value" (YAML, one key per part). */
static void task_fields(struct fields *out, const char *spec)
{
	struct strbuf sb = STRBUF_INIT;
	struct dlg_err err = DLG_ERR_INIT;
	struct fm_doc *doc = NULL;

	strbuf_addstr(&sb, "---\n");
	for (const char *s = spec; *s; s++) {
		if (s[0] == ';' && s[1] == ' ') {
			strbuf_addch(&sb, '\n');
			s++;
		} else {
			strbuf_addch(&sb, *s);
		}
	}
	strbuf_addstr(&sb, *spec ? "\n---\n" : "---\n");
	if (fm_parse(&doc, sb.buf, sb.len, &err))
		fail_msg("bad task '%s': %d:%d: %s", spec, err.line, err.col, err.msg);
	memset(out, 0, sizeof(*out));
	fm_fields(doc, out);
	fm_free(doc);
	strbuf_release(&sb);
}

static struct config *config_of(const char *text)
{
	struct diags d = DIAGS_INIT;
	struct config *cfg = NULL;

	if (config_parse(&cfg, "dlg.ini", text, strlen(text), &d) || d.n)
		fail_msg("dlg.ini does not parse: %s", d.n ? d.v[0].msg : "?");
	diags_clear(&d);
	return cfg;
}

/* People: "id: key: value; key: value". */
struct people {
	struct person_info v[8];
	struct fields f[8];
	struct people_info info;
};

static void people_init(struct people *p, const char *const *specs, size_t n)
{
	memset(p, 0, sizeof(*p));
	for (size_t i = 0; i < n; i++) {
		const char *colon = strchr(specs[i], ':');

		p->v[i].id = xstrndup(specs[i], colon - specs[i]);
		task_fields(&p->f[i], colon[1] ? colon + 2 : "");
		p->v[i].fields = &p->f[i];
	}
	p->info.v = p->v;
	p->info.n = n;
}

static void people_release(struct people *p)
{
	for (size_t i = 0; i < p->info.n; i++) {
		free((char *)p->v[i].id);
		fields_clear(&p->f[i]);
	}
}

/* A small dlg.ini exercising every way of deciding and routing. */
static const char test_ini[] = "[me]\n"
                               "hourly_rate = 50\n"
                               "follow_up_days = 5\n"
                               "[rule fun]\n"
                               "if = enjoy\n"
                               "then = keep\n"
                               "[rule junk]\n"
                               "if = junk\n"
                               "then = drop\n"
                               "because = it is junk\n"
                               "[rule support]\n"
                               "if = purpose == \"support\"\n"
                               "then = delegate\n"
                               "to = bob\n"
                               "[rule books]\n"
                               "if = purpose == \"books\"\n"
                               "then = outsource\n"
                               "channel = accountants\n"
                               "[rule admin]\n"
                               "if = \"admin\" in tags\n"
                               "then = delegate\n"
                               "[rule lost]\n"
                               "if = purpose == \"lost\"\n"
                               "then = delegate\n"
                               "to = bobb\n"
                               "[rule chores]\n"
                               "if = not enjoy and hours * me.hourly_rate >= cost\n"
                               "then = outsource\n"
                               "[channel assistant]\n"
                               "for = delegate\n"
                               "if = \"admin\" in tags\n"
                               "to = gary\n"
                               "[channel accountants]\n"
                               "for = outsource\n"
                               "if = \"tax\" in tags\n"
                               "to = ann\n"
                               "[channel helpers]\n"
                               "for = outsource\n"
                               "if = in_person\n"
                               "to = carol\n"
                               "[channel cheap]\n"
                               "for = outsource\n"
                               "if = cost <= 50\n";

static struct config *cfg;
static struct people people;
static struct fields cur_task = FIELDS_INIT; /* of the last apply: lc_result borrows from it */

static int setup(void **state)
{
	static const char *const specs[] = {
		"bob: follow_up_days: 3",
		"gary: kind: team",
		"carol: follow_up_days: 2",
		"ann: ",
	};

	(void)state;
	today = date_from_ymd(2026, 11, 22);
	cfg = config_of(test_ini);
	people_init(&people, specs, ARRAY_SIZE(specs));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	config_free(cfg);
	people_release(&people);
	fields_clear(&cur_task);
	return 0;
}

/* Run the lifecycle on spec; the result is left in lc (release it). */
static void apply(struct lc_result *lc, const struct config *c, const char *spec)
{
	fields_clear(&cur_task);
	task_fields(&cur_task, spec);
	lifecycle_apply(lc, c, &people.info, &cur_task, today);
}

/* The changes as "key=value key=value". */
static char *changes_str(const struct lc_result *lc)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < lc->changes.n; i++) {
		strbuf_addf(&sb, "%s%s=", i ? " " : "", lc->changes.v[i].key);
		value_format(&sb, &lc->changes.v[i].val);
	}
	return strbuf_detach(&sb, NULL);
}

#define assert_changes(lc, want)                                                                   \
	do {                                                                                       \
		char *got_ = changes_str(lc);                                                      \
		assert_string_equal(got_, (want));                                                 \
		free(got_);                                                                        \
	} while (0)

static int date(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

/* Step 1: the first rule whose `if` is true decides. */
static void test_step1_rules_decide(void **state)
{
	struct lc_result lc;

	(void)state;
	apply(&lc, cfg, "enjoy: yes; junk: yes");
	assert_int_equal(lc.events, LC_DECIDED);
	assert_int_equal(lc.decision, DECISION_KEEP);
	assert_ptr_equal(lc.rule, config_rule(cfg, "fun"));
	assert_string_equal(lc.old_status, "inbox");
	assert_string_equal(lc.new_status, "open");
	assert_null(lc.message);
	/* No because of its own: "rule NAME held". Dates are dates. */
	assert_changes(&lc, "status=open decision=keep rule=fun because=rule fun held "
	                    "decided=2026-11-22");
	assert_int_equal(lc.changes.v[4].val.type, VALUE_DATE);
	assert_int_equal(lc.changes.v[0].val.type, VALUE_STRING);
	lc_result_release(&lc);

	/* False and unknown rules are passed over. */
	apply(&lc, cfg, "enjoy: no; junk: yes");
	assert_int_equal(lc.events, LC_DECIDED | LC_DROPPED);
	assert_string_equal(lc.new_status, "dropped");
	assert_changes(&lc, "status=dropped decision=drop rule=junk because=it is junk "
	                    "decided=2026-11-22");
	lc_result_release(&lc);

	/* A field the task already has is never overridden. */
	apply(&lc, cfg, "status: inbox; enjoy: yes; because: I said so; decided: 2026-01-01");
	assert_changes(&lc, "status=open decision=keep rule=fun");
	assert_string_equal(lc.old_status, "inbox");
	lc_result_release(&lc);
}

/* Three-valued logic: a task that says nothing stays in the inbox. */
static void test_step1_undecided(void **state)
{
	struct lc_result lc;
	struct config *def = config_of(config_default_ini);

	(void)state;
	apply(&lc, cfg, "");
	assert_int_equal(lc.events, LC_UNDECIDED);
	assert_int_equal(lc.changes.n, 0);
	assert_int_equal(lc.decision, DECISION_NONE);
	assert_string_equal(lc.message, "no rule decided: add enjoy, junk, purpose or tags");
	assert_string_equal(lc.new_status, "inbox");
	lc_result_release(&lc);

	/* The hint leaves out what the task has, and me.* names. */
	apply(&lc, cfg, "enjoy: no; junk: no; purpose: other; title: x");
	assert_int_equal(lc.events, LC_UNDECIDED);
	assert_string_equal(lc.message, "no rule decided: add tags, hours or cost");
	lc_result_release(&lc);
	apply(&lc, cfg, "enjoy: no; junk: no; purpose: other; tags: []; hours: 1");
	assert_string_equal(lc.message, "no rule decided: add cost");
	lc_result_release(&lc);
	apply(&lc, cfg, "enjoy: no; junk: no; purpose: other; tags: []; hours: 1; cost: 500");
	assert_string_equal(lc.message, "no rule decided");
	lc_result_release(&lc);
	/* A field set to nothing (null) is unknown too. */
	apply(&lc, cfg, "enjoy: ~; junk:");
	assert_string_equal(lc.message, "no rule decided: add enjoy, junk, purpose or tags");
	lc_result_release(&lc);

	/* With the default rules: `not urgent and not important` does not drop
	 * a task that says nothing. */
	apply(&lc, def, "title: Buy a gift");
	assert_int_equal(lc.events, LC_UNDECIDED);
	assert_string_equal(lc.message, "no rule decided: add enjoy, learn, purpose or cost");
	lc_result_release(&lc);
	apply(&lc, def, "enjoy: yes; learn: no; purpose: fun; urgent: no");
	assert_int_equal(lc.events, LC_DECIDED);
	lc_result_release(&lc);
	config_free(def);
}

/* A type error stops the task with no changes. */
static void test_step1_type_error(void **state)
{
	struct config *def = config_of(config_default_ini);
	struct decide_result dr;
	struct lc_result lc;
	struct fields f;

	(void)state;
	apply(&lc, def, "enjoy: no; learn: no; purpose: chores; hours: a lot; cost: 100");
	assert_int_equal(lc.events, LC_ERROR);
	assert_string_equal(lc.message, "rule 'too-dear': cannot multiply text by number");
	assert_int_equal(lc.changes.n, 0);
	assert_null(lc.rule);
	assert_string_equal(lc.old_status, "inbox");
	assert_string_equal(lc.new_status, "inbox");
	lc_result_release(&lc);

	task_fields(&f, "enjoy: no; learn: no; purpose: chores; hours: a lot; cost: 100");
	rules_decide(&dr, def, &f, today, 1);
	assert_int_equal(dr.decision, DECISION_NONE);
	assert_null(dr.rule);
	assert_string_equal(dr.error, "rule 'too-dear': cannot multiply text by number");
	assert_int_equal(dr.ntrials, 4); /* it stops at the error */
	assert_string_equal(dr.trials[3].error, "cannot multiply text by number");
	assert_int_equal(dr.trials[3].truth, -1);
	decide_result_release(&dr);
	decide_result_release(&dr);
	decide_result_release(NULL);
	fields_clear(&f);
	config_free(def);
}

/* What `dlg explain` shows: every rule tried, the values its if saw. */
static void test_trace(void **state)
{
	struct config *def = config_of(config_default_ini);
	struct decide_result dr;
	struct route_result rr;
	struct fields f;
	const struct value *v;
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	task_fields(
	    &f, "title: Clean the gutters; enjoy: no; skill: low; learn: no; hours: 3; "
	        "cost: 120; urgent: yes; important: no; in_person: yes; tags: [home, seasonal]");
	rules_decide(&dr, def, &f, today, 1);
	assert_int_equal(dr.decision, DECISION_OUTSOURCE);
	assert_ptr_equal(dr.rule, config_rule(def, "bad-at"));
	assert_null(dr.error);
	assert_int_equal(dr.ntrials, 7);
	assert_string_equal(dr.trials[0].name, "enjoy");
	assert_int_equal(dr.trials[0].truth, 0);
	assert_int_equal(dr.trials[0].seen.n, 1);
	assert_string_equal(dr.trials[2].name, "core-purpose");
	assert_int_equal(dr.trials[2].truth, -1);
	assert_int_equal(dr.trials[2].seen.n, 2);
	assert_string_equal(dr.trials[2].seen.v[0].key, "purpose");
	assert_int_equal(dr.trials[2].seen.v[0].val.type, VALUE_UNKNOWN);
	assert_string_equal(dr.trials[2].seen.v[1].key, "me.core");
	assert_int_equal(dr.trials[2].seen.v[1].val.type, VALUE_LIST);
	for (size_t i = 0; i < dr.trials[3].seen.n; i++) {
		strbuf_addf(&sb, "%s%s=", i ? " " : "", dr.trials[3].seen.v[i].key);
		value_format(&sb, &dr.trials[3].seen.v[i].val);
	}
	assert_string_equal(sb.buf, "cost=120 hours=3 me.hourly_rate=60");
	assert_int_equal(dr.trials[3].truth, 0);
	assert_int_equal(dr.trials[4].truth, 0);
	assert_string_equal(dr.trials[5].name, "day-eaters");
	assert_int_equal(dr.trials[5].truth, 0);
	assert_int_equal(dr.trials[6].truth, 1);
	assert_null(dr.trials[6].error);
	v = fields_get(&dr.trials[6].seen, "skill");
	assert_string_equal(v->string, "low");

	/* Without trace: the same decision, no trials. */
	decide_result_release(&dr);
	rules_decide(&dr, def, &f, today, 0);
	assert_ptr_equal(dr.rule, config_rule(def, "bad-at"));
	assert_int_equal(dr.ntrials, 0);
	assert_null(dr.trials);
	decide_result_release(&dr);

	rules_route(&rr, def, DECISION_OUTSOURCE, config_rule(def, "bad-at"), &f, today, 1);
	assert_ptr_equal(rr.channel, config_channel(def, "taskrabbit"));
	assert_null(rr.to);
	/* the outsource channels in order: professional, scheduling, uber, taskrabbit */
	assert_int_equal(rr.ntrials, 4);
	assert_string_equal(rr.trials[0].name, "professional");
	assert_int_equal(rr.trials[0].truth, 0);
	assert_string_equal(rr.trials[0].seen.v[0].key, "tags");
	assert_string_equal(rr.trials[1].name, "scheduling");
	assert_string_equal(rr.trials[2].name, "uber");
	assert_int_equal(rr.trials[2].truth, 0);
	assert_string_equal(rr.trials[3].name, "taskrabbit");
	assert_int_equal(rr.trials[3].truth, 1);
	route_result_release(&rr);
	route_result_release(&rr);
	route_result_release(NULL);

	/* keep and drop are not routed. */
	rules_route(&rr, def, DECISION_KEEP, NULL, &f, today, 1);
	assert_null(rr.channel);
	assert_int_equal(rr.ntrials, 0);
	route_result_release(&rr);
	fields_clear(&f);
	strbuf_release(&sb);
	config_free(def);
}

/* Channels for the other kind of hand-off are not tried; one with no if
 * always holds. */
static void test_route_channels(void **state)
{
	struct config *c = config_of("[channel team]\nfor = delegate\n"
	                             "[channel bad]\nfor = outsource\nif = cost * \"x\"\n"
	                             "[channel any]\nfor = outsource, delegate\n");
	struct route_result rr;
	struct lc_result lc;
	struct fields f;

	(void)state;
	task_fields(&f, "title: x");
	rules_route(&rr, c, DECISION_DELEGATE, NULL, &f, today, 1);
	assert_ptr_equal(rr.channel, &c->channels[0]);
	assert_int_equal(rr.ntrials, 1);
	assert_int_equal(rr.trials[0].truth, 1);
	assert_int_equal(rr.trials[0].seen.n, 0);
	route_result_release(&rr);
	/* An unknown if does not hold, and the next channel is tried. */
	rules_route(&rr, c, DECISION_OUTSOURCE, NULL, &f, today, 1);
	assert_ptr_equal(rr.channel, &c->channels[2]);
	assert_int_equal(rr.ntrials, 2);
	assert_int_equal(rr.trials[0].truth, -1);
	route_result_release(&rr);
	fields_clear(&f);

	/* A type error in a channel's if stops the task. */
	task_fields(&f, "cost: 3");
	rules_route(&rr, c, DECISION_OUTSOURCE, NULL, &f, today, 1);
	assert_null(rr.channel);
	assert_string_equal(rr.error, "channel 'bad': cannot multiply number by text");
	route_result_release(&rr);
	fields_clear(&f);
	apply(&lc, c, "decision: outsource; cost: 3");
	assert_int_equal(lc.events, LC_ERROR);
	assert_string_equal(lc.message, "channel 'bad': cannot multiply number by text");
	assert_int_equal(lc.changes.n, 0);
	lc_result_release(&lc);
	config_free(c);
}

/* Step 2: a decision written by hand. */
static void test_step2_manual(void **state)
{
	struct lc_result lc;

	(void)state;
	apply(&lc, cfg, "decision: keep; enjoy: no");
	assert_int_equal(lc.events, LC_DECIDED);
	assert_null(lc.rule);
	assert_int_equal(lc.decision, DECISION_KEEP);
	assert_changes(&lc, "status=open rule=manual decided=2026-11-22");
	lc_result_release(&lc);

	apply(&lc, cfg, "decision: Drop; decided: 2026-11-01");
	assert_int_equal(lc.events, LC_DECIDED | LC_DROPPED);
	assert_changes(&lc, "status=dropped rule=manual");
	lc_result_release(&lc);

	/* Decided earlier, status put back to inbox: moves along, not re-decided. */
	apply(&lc, cfg, "status: inbox; decision: keep; rule: fun");
	assert_int_equal(lc.events, LC_NONE);
	assert_changes(&lc, "status=open");
	lc_result_release(&lc);

	apply(&lc, cfg, "decision: maybe; enjoy: yes");
	assert_int_equal(lc.events, LC_ERROR);
	assert_string_equal(lc.message,
	                    "decision 'maybe' is not keep, delegate, outsource or drop");
	assert_int_equal(lc.changes.n, 0);
	assert_string_equal(lc.old_status, "inbox");
	lc_result_release(&lc);

	apply(&lc, cfg, "decision: [keep]");
	assert_string_equal(lc.message,
	                    "decision '[keep]' is not keep, delegate, outsource or drop");
	lc_result_release(&lc);

	apply(&lc, cfg, "status: pending; enjoy: yes");
	assert_int_equal(lc.events, LC_ERROR);
	assert_string_equal(lc.message,
	                    "status 'pending' is not inbox, open, waiting, done or dropped");
	assert_string_equal(lc.old_status, "pending");
	assert_string_equal(lc.new_status, "pending");
	lc_result_release(&lc);
	apply(&lc, cfg, "status: 3");
	assert_string_equal(lc.message, "status '3' is not inbox, open, waiting, done or dropped");
	lc_result_release(&lc);
}

/* Step 3: hand-offs, routed and given. */
static void test_step3_handoff(void **state)
{
	struct lc_result lc;

	(void)state;
	/* The rule's own to; bob's own follow_up_days. */
	apply(&lc, cfg, "purpose: support");
	assert_int_equal(lc.events, LC_DECIDED | LC_HANDED);
	assert_string_equal(lc.to, "bob");
	assert_null(lc.channel);
	assert_int_equal(lc.follow_up, date(2026, 11, 25));
	assert_string_equal(lc.new_status, "waiting");
	assert_changes(&lc, "status=waiting decision=delegate rule=support because=rule support "
	                    "held decided=2026-11-22 to=bob given=2026-11-22 follow_up=2026-11-25");
	lc_result_release(&lc);

	/* The rule's channel, whose to is ann (no days of her own: [me]'s 5),
	 * even though its own if does not hold. */
	apply(&lc, cfg, "purpose: books");
	assert_int_equal(lc.events, LC_DECIDED | LC_HANDED);
	assert_ptr_equal(lc.channel, config_channel(cfg, "accountants"));
	assert_string_equal(lc.to, "ann");
	assert_changes(&lc, "status=waiting decision=outsource rule=books because=rule books "
	                    "held decided=2026-11-22 channel=accountants to=ann given=2026-11-22 "
	                    "follow_up=2026-11-27");
	lc_result_release(&lc);

	/* The first channel for the decision whose if holds, and its to. */
	apply(&lc, cfg, "tags: [admin]");
	assert_int_equal(lc.events, LC_DECIDED | LC_HANDED);
	assert_ptr_equal(lc.channel, config_channel(cfg, "assistant"));
	assert_string_equal(lc.to, "gary");
	lc_result_release(&lc);
	apply(&lc, cfg, "enjoy: no; hours: 2; cost: 60; in_person: yes");
	assert_ptr_equal(lc.channel, config_channel(cfg, "helpers"));
	assert_string_equal(lc.to, "carol");
	assert_int_equal(lc.follow_up, date(2026, 11, 24));
	lc_result_release(&lc);

	/* A channel without a to: open, needs someone. */
	apply(&lc, cfg, "enjoy: no; hours: 2; cost: 20");
	assert_int_equal(lc.events, LC_DECIDED | LC_NEEDS_SOMEONE);
	assert_ptr_equal(lc.channel, config_channel(cfg, "cheap"));
	assert_null(lc.to);
	assert_string_equal(lc.new_status, "open");
	assert_changes(&lc, "status=open decision=outsource rule=chores because=rule chores held "
	                    "decided=2026-11-22 channel=cheap");
	lc_result_release(&lc);
	/* No channel at all. */
	apply(&lc, cfg, "enjoy: no; hours: 2; cost: 60");
	assert_int_equal(lc.events, LC_DECIDED | LC_NEEDS_SOMEONE);
	assert_null(lc.channel);
	assert_changes(&lc, "status=open decision=outsource rule=chores because=rule chores held "
	                    "decided=2026-11-22");
	lc_result_release(&lc);

	/* What the task says wins over the rule and the channels. */
	apply(&lc, cfg, "purpose: support; to: carol");
	assert_string_equal(lc.to, "carol");
	assert_int_equal(lc.follow_up, date(2026, 11, 24));
	assert_changes(&lc, "status=waiting decision=delegate rule=support because=rule support "
	                    "held decided=2026-11-22 given=2026-11-22 follow_up=2026-11-24");
	lc_result_release(&lc);
	apply(&lc, cfg, "purpose: books; channel: cheap");
	assert_int_equal(lc.events, LC_DECIDED | LC_NEEDS_SOMEONE);
	assert_ptr_equal(lc.channel, config_channel(cfg, "cheap"));
	assert_changes(&lc, "status=open decision=outsource rule=books because=rule books held "
	                    "decided=2026-11-22");
	lc_result_release(&lc);
	apply(&lc, cfg, "decision: outsource; given: 2026-11-20; follow_up: 2026-12-24; to: ann");
	assert_int_equal(lc.events, LC_DECIDED | LC_HANDED);
	assert_int_equal(lc.follow_up, date(2026, 12, 24));
	assert_changes(&lc, "status=waiting rule=manual decided=2026-11-22");
	lc_result_release(&lc);

	/* A to naming nobody: an error, nothing changes. */
	apply(&lc, cfg, "purpose: lost");
	assert_int_equal(lc.events, LC_ERROR);
	assert_string_equal(lc.message, "to 'bobb' names no file in people/ (did you mean 'bob'?)");
	assert_int_equal(lc.changes.n, 0);
	assert_int_equal(lc.decision, DECISION_NONE);
	lc_result_release(&lc);
	apply(&lc, cfg, "decision: delegate; to: zed");
	assert_int_equal(lc.events, LC_ERROR);
	assert_string_equal(lc.message, "to 'zed' names no file in people/");
	lc_result_release(&lc);
	apply(&lc, cfg, "decision: delegate; to: [bob, ann]");
	assert_int_equal(lc.events, LC_ERROR);
	assert_string_equal(lc.message, "to '[bob, ann]' is not the name of a file in people/");
	lc_result_release(&lc);
}

/* follow_up_days: the person's own, else [me]'s, else 7. */
static void test_follow_up_days(void **state)
{
	struct config *c = config_of("[rule all]\nif = yes\nthen = delegate\n");
	struct lc_result lc;

	(void)state;
	apply(&lc, c, "to: ann");
	assert_int_equal(lc.follow_up, date(2026, 11, 29));
	lc_result_release(&lc);
	apply(&lc, c, "to: bob");
	assert_int_equal(lc.follow_up, date(2026, 11, 25));
	lc_result_release(&lc);
	apply(&lc, cfg, "decision: delegate; to: ann");
	assert_int_equal(lc.follow_up, date(2026, 11, 27));
	lc_result_release(&lc);
	config_free(c);
}

/* Step 4: to added to an open hand-off. */
static void test_step4_open_handoff(void **state)
{
	struct lc_result lc;

	(void)state;
	apply(&lc, cfg,
	      "status: open; decision: outsource; rule: chores; channel: cheap; to: carol");
	assert_int_equal(lc.events, LC_HANDED);
	assert_string_equal(lc.old_status, "open");
	assert_string_equal(lc.new_status, "waiting");
	assert_ptr_equal(lc.channel, config_channel(cfg, "cheap"));
	assert_string_equal(lc.to, "carol");
	assert_changes(&lc, "status=waiting given=2026-11-22 follow_up=2026-11-24");
	lc_result_release(&lc);

	apply(&lc, cfg, "status: open; decision: delegate");
	assert_int_equal(lc.events, LC_NEEDS_SOMEONE);
	assert_int_equal(lc.changes.n, 0);
	assert_string_equal(lc.new_status, "open");
	lc_result_release(&lc);

	apply(&lc, cfg, "status: open; decision: delegate; to: carl");
	assert_int_equal(lc.events, LC_ERROR);
	assert_string_equal(lc.message,
	                    "to 'carl' names no file in people/ (did you mean 'carol'?)");
	lc_result_release(&lc);

	/* Open and kept: nothing to do; nor for dropped tasks. */
	apply(&lc, cfg, "status: open; decision: keep; to: bob");
	assert_int_equal(lc.events, LC_NONE);
	assert_int_equal(lc.changes.n, 0);
	lc_result_release(&lc);
	apply(&lc, cfg, "status: dropped; decision: drop");
	assert_int_equal(lc.events, LC_NONE);
	assert_int_equal(lc.changes.n, 0);
	assert_string_equal(lc.new_status, "dropped");
	lc_result_release(&lc);
}

/* Step 5: done. */
static void test_step5_done(void **state)
{
	struct lc_result lc;

	(void)state;
	apply(&lc, cfg, "status: done; decision: outsource; to: bob; rating: 5");
	assert_int_equal(lc.events, LC_COMPLETED);
	assert_changes(&lc, "completed=2026-11-22");
	assert_string_equal(lc.new_status, "done");
	lc_result_release(&lc);
	apply(&lc, cfg, "status: Done; completed: 2026-11-02");
	assert_int_equal(lc.events, LC_NONE);
	assert_int_equal(lc.changes.n, 0);
	assert_string_equal(lc.old_status, "done");
	lc_result_release(&lc);
}

/* Step 6: a waiting task whose follow-up is today or past is due. */
static void test_step6_due(void **state)
{
	struct lc_result lc;

	(void)state;
	apply(&lc, cfg, "status: waiting; decision: outsource; to: bob; follow_up: 2026-11-19");
	assert_int_equal(lc.events, LC_DUE);
	assert_int_equal(lc.days_late, 3);
	assert_int_equal(lc.follow_up, date(2026, 11, 19));
	assert_string_equal(lc.to, "bob");
	assert_int_equal(lc.changes.n, 0);
	lc_result_release(&lc);
	apply(&lc, cfg, "status: waiting; to: bob; follow_up: 2026-11-22");
	assert_int_equal(lc.events, LC_DUE);
	assert_int_equal(lc.days_late, 0);
	lc_result_release(&lc);
	apply(&lc, cfg, "status: waiting; to: bob; follow_up: 2026-11-23");
	assert_int_equal(lc.events, LC_NONE);
	lc_result_release(&lc);
	apply(&lc, cfg, "status: waiting; to: bob");
	assert_int_equal(lc.events, LC_NONE);
	lc_result_release(&lc);
	/* Handed now with an old follow-up of its own: due at once. */
	apply(&lc, cfg, "decision: delegate; to: bob; follow_up: 2026-11-01");
	assert_int_equal(lc.events, LC_DECIDED | LC_HANDED | LC_DUE);
	assert_int_equal(lc.days_late, 21);
	lc_result_release(&lc);
}

/* Status written as inbox and status absent differ only in whether the
 * status line changes; an undecided task changes nothing. */
static void test_only_real_changes(void **state)
{
	struct lc_result lc;

	(void)state;
	apply(&lc, cfg, "status: inbox");
	assert_int_equal(lc.events, LC_UNDECIDED);
	assert_int_equal(lc.changes.n, 0);
	lc_result_release(&lc);
	apply(&lc, cfg, "status: OPEN; decision: keep");
	assert_int_equal(lc.changes.n, 0);
	lc_result_release(&lc);
	lifecycle_apply(&lc, cfg, NULL, &(struct fields)FIELDS_INIT, today);
	assert_int_equal(lc.events, LC_UNDECIDED);
	lc_result_release(&lc);
	lc_result_release(&lc);
	lc_result_release(NULL);
	assert_null(people_find(NULL, "bob"));
	assert_null(people_find(&people.info, "nobody"));
	assert_string_equal(people_find(&people.info, "carol")->id, "carol");
}

/* The decision table: tasks from the seeds, decided by the built-in
 * default dlg.ini through lifecycle_apply, as `dlg sync` and `dlg explain`
 * do. Expected values are the fields after the step ("" when unset). */
struct table_case {
	const char *what;
	const char *fields;
	const char *decision;
	const char *rule;
	const char *channel;
	const char *to;
	const char *status;
};

static const struct table_case table[] = {
	{ "clean the gutters",
	  "enjoy: no; skill: low; learn: no; hours: 3; cost: 120; urgent: yes; important: no; "
	  "in_person: yes; tags: [home, seasonal]",
	  "outsource", "bad-at", "taskrabbit", "", "open" },
	{ "file taxes with an accountant",
	  "enjoy: no; skill: low; learn: no; hours: 10; cost: 300; urgent: yes; important: yes; "
	  "tags: [pro, money]",
	  "outsource", "bad-at", "professional", "", "open" },
	{ "edit my featured posts",
	  "enjoy: no; skill: medium; learn: no; purpose: blog; hours: 4; cost: 100; "
	  "important: yes; urgent: no",
	  "outsource", "dislike", "upwork", "", "open" },
	{ "produce a song",
	  "enjoy: no; skill: low; learn: no; hours: 40; cost: 500; important: yes; urgent: no",
	  "outsource", "bad-at", "upwork", "", "open" },
	{ "transcribe the interview series",
	  "enjoy: no; skill: medium; learn: no; hours: 12; cost: 150; important: yes; urgent: no",
	  "outsource", "dislike", "upwork", "", "open" },
	{ "proof-read a less important post",
	  "enjoy: no; skill: high; learn: no; hours: 1; cost: 10; important: no", "outsource",
	  "dislike", "fiverr", "", "open" },
	{ "a cute jingle for the podcast",
	  "enjoy: no; skill: low; learn: no; hours: 6; cost: 25; important: yes", "outsource",
	  "bad-at", "fiverr", "", "open" },
	{ "rides to the airport",
	  "enjoy: no; hours: 1.5; cost: 40; in_person: yes; urgent: yes; important: yes",
	  "outsource", "dislike", "taskrabbit", "", "open" },
	{ "cook dinner (food delivery)",
	  "enjoy: no; skill: medium; hours: 1; cost: 25; urgent: yes; important: no; in_person: "
	  "yes",
	  "outsource", "dislike", "taskrabbit", "", "open" },
	{ "a personal trainer",
	  "enjoy: no; skill: low; learn: no; hours: 3; cost: 80; important: yes; in_person: yes; "
	  "tags: [health, pro]",
	  "outsource", "bad-at", "professional", "", "open" },
	{ "coding and design for a social-media person",
	  "enjoy: no; skill: low; learn: no; hours: 30; cost: 900; important: yes; urgent: no; "
	  "purpose: website",
	  "outsource", "bad-at", "upwork", "", "open" },
	{ "clean the apartment",
	  "enjoy: no; skill: high; hours: 3; cost: 90; in_person: yes; important: yes; urgent: no",
	  "outsource", "dislike", "taskrabbit", "", "open" },
	{ "the kids' schooling",
	  "enjoy: no; skill: medium; learn: no; hours: 25; cost: 300; important: yes; "
	  "in_person: yes; tags: [family, pro]",
	  "outsource", "dislike", "professional", "", "open" },
	{ "car wash", "enjoy: no; hours: 1; cost: 15; in_person: yes; tags: [car]", "outsource",
	  "dislike", "taskrabbit", "", "open" },
	{ "schedule coffee meetings (a scheduling service)",
	  "enjoy: no; skill: high; hours: 2; cost: 10; urgent: yes; important: no; to: calendly",
	  "outsource", "dislike", "", "calendly", "waiting" },
	{ "plumbing repair",
	  "enjoy: no; skill: low; learn: no; hours: 5; cost: 250; urgent: yes; important: yes; "
	  "in_person: yes; tags: [home, pro]",
	  "outsource", "bad-at", "professional", "", "open" },
	{ "fix the car (mechanic)",
	  "skill: low; learn: no; hours: 8; cost: 400; in_person: yes; tags: [car, pro]",
	  "outsource", "bad-at", "professional", "", "open" },
	{ "write a blog post (core purpose: writing)",
	  "enjoy: no; learn: no; purpose: writing; hours: 5; cost: 200; skill: high", "keep",
	  "core-purpose", "", "", "open" },
	{ "coach a client (core)", "purpose: coaching; hours: 1; cost: 30", "keep", "core-purpose",
	  "", "", "open" },
	{ "learn to mix audio", "enjoy: no; skill: low; learn: yes; hours: 10; cost: 200", "keep",
	  "learning", "", "", "open" },
	{ "write songs (I enjoy it)", "enjoy: yes; skill: medium; hours: 20; cost: 600", "keep",
	  "enjoy", "", "", "open" },
	{ "post on social media myself", "enjoy: yes; purpose: social; important: no", "keep",
	  "enjoy", "", "", "open" },
	{ "a task that says too little", "title: Buy a gift", "", "", "", "", "inbox" },
	{ "only enjoy: no", "enjoy: no", "outsource", "dislike", "upwork", "", "open" },
	{ "manual: delegate to my assistant",
	  "decision: delegate; to: gary; tags: [admin]; enjoy: no", "delegate", "manual", "",
	  "gary", "waiting" },
	{ "manual: delegate, no one named yet", "decision: delegate; enjoy: no", "delegate",
	  "manual", "assistant", "", "open" },
	{ "the day's admin eats up my time", "enjoy: no; tags: [admin, email]; hours: 1; cost: 20",
	  "delegate", "day-eaters", "assistant", "", "open" },
	{ "coffee meetings people book with me", "enjoy: no; tags: [meeting]", "delegate",
	  "day-eaters", "scheduling", "", "open" },
	{ "a ride to the airport", "enjoy: no; skill: high; tags: [travel, ride]; in_person: yes",
	  "outsource", "dislike", "uber", "", "open" },
	{ "too dear to hand off", "enjoy: no; skill: high; hours: 1; cost: 200; important: yes",
	  "keep", "too-dear", "", "", "open" },
	{ "neither urgent nor important",
	  "enjoy: no; skill: medium; learn: no; hours: 2; cost: 100; urgent: no; important: no",
	  "drop", "unimportant", "", "", "dropped" },
	{ "urgent, not important (renew parking permit)", "urgent: yes; important: no; cost: 20",
	  "outsource", "urgent-only", "fiverr", "", "open" },
	{ "low return (assemble furniture)",
	  "skill: high; hours: 5; cost: 100; important: yes; in_person: yes", "outsource",
	  "low-return", "taskrabbit", "", "open" },
	{ "already handed off, checking in",
	  "status: waiting; decision: outsource; rule: bad-at; to: calendly; "
	  "follow_up: 2026-11-20",
	  "outsource", "bad-at", "", "calendly", "waiting" },
};

/* The value of key after the step: the change, else what the task had. */
static const char *after(const struct lc_result *lc, const struct fields *task, const char *key)
{
	const struct value *v = fields_get(&lc->changes, key);

	if (!v)
		v = fields_get(task, key);
	return v && v->type == VALUE_STRING ? v->string : "";
}

static void test_decision_table(void **state)
{
	static const char *const specs[] = { "gary: kind: team; follow_up_days: 3",
		                             "calendly: kind: service" };
	struct config *def = config_of(config_default_ini);
	struct people ours;

	(void)state;
	people_init(&ours, specs, ARRAY_SIZE(specs));
	for (size_t i = 0; i < ARRAY_SIZE(table); i++) {
		const struct table_case *tc = &table[i];
		struct lc_result lc;
		struct fields f;
		char got[400];

		task_fields(&f, tc->fields);
		lifecycle_apply(&lc, def, &ours.info, &f, today);
		snprintf(got, sizeof(got), "%s|%s|%s|%s|%s", after(&lc, &f, "decision"),
		         after(&lc, &f, "rule"), after(&lc, &f, "channel"), after(&lc, &f, "to"),
		         lc.new_status);
		{
			char want[400];

			snprintf(want, sizeof(want), "%s|%s|%s|%s|%s", tc->decision, tc->rule,
			         tc->channel, tc->to, tc->status);
			if (strcmp(got, want) || (lc.events & LC_ERROR))
				fail_msg("%s: got %s, want %s (%s)", tc->what, got, want,
				         lc.message ? lc.message : "");
		}
		/* The decision and channel also come back as pointers. */
		if (*tc->decision)
			assert_string_equal(decision_name(lc.decision), tc->decision);
		if (*tc->channel)
			assert_string_equal(lc.channel->name, tc->channel);
		if (!*tc->decision)
			assert_true(lc.events & LC_UNDECIDED);
		lc_result_release(&lc);
		fields_clear(&f);
	}
	people_release(&ours);
	config_free(def);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_step1_rules_decide), cmocka_unit_test(test_step1_undecided),
		cmocka_unit_test(test_step1_type_error),   cmocka_unit_test(test_trace),
		cmocka_unit_test(test_route_channels),     cmocka_unit_test(test_step2_manual),
		cmocka_unit_test(test_step3_handoff),      cmocka_unit_test(test_follow_up_days),
		cmocka_unit_test(test_step4_open_handoff), cmocka_unit_test(test_step5_done),
		cmocka_unit_test(test_step6_due),          cmocka_unit_test(test_only_real_changes),
		cmocka_unit_test(test_decision_table),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
