/* validate.c: field-level checks of tasks, people and rule names. */
#include "core/validate.h"

#include <stdlib.h>
#include <string.h>

static const char *const known_fields[] = {
	"title",   "enjoy",     "skill",   "learn", "hours",  "cost",      "urgent",    "important",
	"purpose", "in_person", "tags",    "due",   "rating", "status",    "decision",  "rule",
	"because", "decided",   "channel", "to",    "given",  "follow_up", "completed",
};

static const char *const date_fields[] = { "due", "decided", "given", "follow_up", "completed" };
static const char *const number_fields[] = { "hours", "cost", "rating" };
static const char *const statuses[] = { "inbox", "open", "waiting", "done", "dropped" };
static const char *const kinds[] = { "team", "contractor", "service", "professional" };

int validate_known_field(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(known_fields); i++)
		if (!strcmp(known_fields[i], name))
			return 1;
	return 0;
}

static int in_list(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(s, list[i]))
			return 1;
	return 0;
}

static void problem(struct diags *d, const char *path, const struct fm_entry *e, const char *fmt,
                    const char *a, const char *b)
{
	diags_add(d, path, e->value_line, e->value_col, 0, fmt, a, b);
}

/* A "did you mean" suffix for word among list, or "". Caller frees. */
static char *suggest(const char *word, const char *const *list, size_t n)
{
	const char *near = closest_match(word, list, n);

	return near ? xstrfmt(" (did you mean '%s'?)", near) : xstrdup("");
}

static void check_enum(struct diags *d, const char *path, const struct fm_entry *e,
                       const char *what, const char *const *list, size_t n)
{
	struct strbuf all = STRBUF_INIT;
	char *hint;

	if (e->val.type == VALUE_STRING && in_list(e->val.string, list, n))
		return;
	if (e->val.type == VALUE_UNKNOWN)
		return;
	for (size_t i = 0; i < n; i++)
		strbuf_addf(&all, "%s%s", i ? (i + 1 == n ? " or " : ", ") : "", list[i]);
	hint = e->val.type == VALUE_STRING ? suggest(e->val.string, list, n) : xstrdup("");
	{
		struct strbuf v = STRBUF_INIT;

		value_format(&v, &e->val);
		diags_add(d, path, e->value_line, e->value_col, 0, "%s '%s' is not %s%s", what,
		          v.buf, all.buf, hint);
		strbuf_release(&v);
	}
	free(hint);
	strbuf_release(&all);
}

static void check_person_ref(struct diags *d, const char *path, const struct fm_entry *e,
                             const struct taskset *ts)
{
	struct strlist ids = STRLIST_INIT;
	char *hint;

	if (e->val.type != VALUE_STRING) {
		if (e->val.type != VALUE_UNKNOWN)
			problem(d, path, e, "'%s' must name a file in people/%s", e->key, "");
		return;
	}
	if (taskset_person((struct taskset *)ts, e->val.string))
		return;
	taskset_person_ids(ts, &ids);
	hint = suggest(e->val.string, (const char *const *)ids.v, ids.n);
	problem(d, path, e, "to '%s' names no file in people/%s", e->val.string, hint);
	free(hint);
	strlist_clear(&ids);
}

static void check_channel_ref(struct diags *d, const char *path, const struct fm_entry *e,
                              const struct config *cfg)
{
	const char **names;
	char *hint;

	if (!cfg || e->val.type == VALUE_UNKNOWN)
		return;
	if (e->val.type == VALUE_STRING && config_channel(cfg, e->val.string))
		return;
	if (e->val.type != VALUE_STRING) {
		problem(d, path, e, "'%s' must name a [channel] of dlg.ini%s", e->key, "");
		return;
	}
	names = xcalloc(cfg->nchannels + 1, sizeof(*names));
	for (size_t i = 0; i < cfg->nchannels; i++)
		names[i] = cfg->channels[i].name;
	hint = suggest(e->val.string, names, cfg->nchannels);
	problem(d, path, e, "channel '%s' is not a [channel] of dlg.ini%s", e->val.string, hint);
	free(hint);
	free(names);
}

static void check_types(struct diags *d, const char *path, const struct fm_entry *e)
{
	if (in_list(e->key, date_fields, ARRAY_SIZE(date_fields)) && e->val.type != VALUE_DATE &&
	    e->val.type != VALUE_UNKNOWN)
		problem(d, path, e, "'%s' must be a date (YYYY-MM-DD)%s", e->key, "");
	if (in_list(e->key, number_fields, ARRAY_SIZE(number_fields)) &&
	    e->val.type != VALUE_NUMBER && e->val.type != VALUE_UNKNOWN)
		problem(d, path, e, "'%s' must be a number%s", e->key, "");
	if (!strcmp(e->key, "rating") && e->val.type == VALUE_NUMBER &&
	    (e->val.number < 1 || e->val.number > 5 || e->val.number != (int)e->val.number))
		problem(d, path, e, "'%s' must be a whole number from 1 to 5%s", e->key, "");
}

void validate_task(const struct task *t, const struct config *cfg, const struct taskset *ts,
                   struct diags *d)
{
	static const char *const decisions[] = { "keep", "delegate", "outsource", "drop" };

	if (!t->valid) {
		diags_add_err(d, t->path, &t->err);
		return;
	}
	for (size_t i = 0; i < fm_count(t->doc); i++) {
		const struct fm_entry *e = fm_entry_at(t->doc, i);

		check_types(d, t->path, e);
		if (!strcmp(e->key, "status"))
			check_enum(d, t->path, e, "status", statuses, ARRAY_SIZE(statuses));
		else if (!strcmp(e->key, "decision"))
			check_enum(d, t->path, e, "decision", decisions, ARRAY_SIZE(decisions));
		else if (!strcmp(e->key, "to"))
			check_person_ref(d, t->path, e, ts);
		else if (!strcmp(e->key, "channel"))
			check_channel_ref(d, t->path, e, cfg);
	}
}

void validate_person(const struct person *p, const struct config *cfg, struct diags *d)
{
	if (!p->valid) {
		diags_add_err(d, p->path, &p->err);
		return;
	}
	for (size_t i = 0; i < fm_count(p->doc); i++) {
		const struct fm_entry *e = fm_entry_at(p->doc, i);

		if (!strcmp(e->key, "kind"))
			check_enum(d, p->path, e, "kind", kinds, ARRAY_SIZE(kinds));
		else if (!strcmp(e->key, "channel"))
			check_channel_ref(d, p->path, e, cfg);
		else if ((!strcmp(e->key, "rate") || !strcmp(e->key, "follow_up_days")) &&
		         e->val.type != VALUE_NUMBER && e->val.type != VALUE_UNKNOWN)
			problem(d, p->path, e, "'%s' must be a number%s", e->key, "");
	}
}

/* Every key any task or person sets, and every text value they use. */
static void collect_names(const struct taskset *ts, struct strset *keys, struct strset *texts)
{
	const struct fields *all;

	for (size_t i = 0; i < ts->ntasks + ts->npeople; i++) {
		all = i < ts->ntasks ? &ts->tasks[i].fields : &ts->people[i - ts->ntasks].fields;
		for (size_t k = 0; k < all->n; k++) {
			const struct value *v = &all->v[k].val;

			strset_add(keys, all->v[k].key);
			if (v->type == VALUE_STRING)
				strset_add(texts, v->string);
			for (size_t j = 0; v->type == VALUE_LIST && j < v->n; j++)
				if (v->items[j].type == VALUE_STRING)
					strset_add(texts, v->items[j].string);
		}
	}
	for (size_t i = 0; i < ARRAY_SIZE(known_fields); i++)
		strset_add(keys, known_fields[i]);
}

/* The set's strings as an array, for closest_match. Caller frees the array. */
static const char **set_items(const struct strset *set)
{
	const char **v = xcalloc(set->n + 1, sizeof(*v));
	size_t n = 0;

	for (size_t i = 0; i < set->cap; i++)
		if (set->slots[i])
			v[n++] = set->slots[i];
	return v;
}

static void check_names(const struct config *cfg, const char *ini_path, const char *what,
                        const char *name, const struct expr *cond, int line,
                        const struct strset *keys, const struct strset *texts, struct diags *d)
{
	const struct strlist *names;

	if (!cond)
		return;
	names = expr_names(cond);
	for (size_t i = 0; i < names->n; i++) {
		const char *n = names->v[i];

		if (starts_with(n, "me.")) {
			const char **mk = xcalloc(cfg->me.n + 1, sizeof(*mk));
			const char *near;

			if (fields_get(&cfg->me, n + 3)) {
				free(mk);
				continue;
			}
			for (size_t k = 0; k < cfg->me.n; k++)
				mk[k] = cfg->me.v[k].key;
			near = closest_match(n + 3, mk, cfg->me.n);
			if (near)
				diags_add(d, ini_path, line, 0, 1,
				          "%s '%s' reads '%s', which [me] does not set (did you "
				          "mean 'me.%s'?)",
				          what, name, n, near);
			else
				diags_add(d, ini_path, line, 0, 1,
				          "%s '%s' reads '%s', which [me] does not set", what, name,
				          n);
			free(mk);
			continue;
		}
		if (strset_has(keys, n))
			continue;
		if (strset_has(texts, n)) {
			diags_add(d, ini_path, line, 0, 1,
			          "%s '%s' reads a field named '%s', which no task sets (did you "
			          "mean \"%s\"?)",
			          what, name, n, n);
		} else {
			const char **items = set_items(keys);
			const char *near = closest_match(n, items, keys->n);

			if (near)
				diags_add(d, ini_path, line, 0, 1,
				          "%s '%s' reads a field named '%s', which no task sets "
				          "(did you mean '%s'?)",
				          what, name, n, near);
			else
				diags_add(d, ini_path, line, 0, 1,
				          "%s '%s' reads a field named '%s', which no task sets",
				          what, name, n);
			free(items);
		}
	}
}

void validate_rule_names(const struct config *cfg, const char *ini_path, const struct taskset *ts,
                         struct diags *d)
{
	struct strset keys = STRSET_INIT, texts = STRSET_INIT;

	collect_names(ts, &keys, &texts);
	for (size_t i = 0; i < cfg->nrules; i++)
		check_names(cfg, ini_path, "rule", cfg->rules[i].name, cfg->rules[i].cond,
		            cfg->rules[i].if_line, &keys, &texts, d);
	for (size_t i = 0; i < cfg->nchannels; i++)
		check_names(cfg, ini_path, "channel", cfg->channels[i].name, cfg->channels[i].cond,
		            cfg->channels[i].if_line, &keys, &texts, d);
	strset_clear(&keys);
	strset_clear(&texts);
}
