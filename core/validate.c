/* validate.c: field-level checks of tasks, people and rule names. */
#include "core/validate.h"

#include "core/model.h"

#include <stdlib.h>
#include <string.h>

int validate_known_field(const char *name)
{
	const char *known = model_known_key(name);

	return known && !strcmp(known, name);
}

void validate_task(const struct task *t, const struct config *cfg, const struct taskset *ts,
                   struct diags *d)
{
	struct people_info people = taskset_people_info(ts);
	struct model_refs refs = { cfg, &people };

	task_problems(t, d);
	if (t->valid)
		model_check_refs(&t->fields, t->path, &refs, d);
}

void validate_person(const struct person *p, const struct config *cfg, struct diags *d)
{
	struct model_refs refs = { cfg, NULL };

	person_problems(p, d);
	if (p->valid)
		model_check_refs(&p->fields, p->path, &refs, d);
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

		if (starts_with(n, "me."))
			continue; /* config_parse says so */
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

void validate_names_add(struct validate_names *n, const struct fields *all)
{
	for (size_t k = 0; k < all->n; k++) {
		const struct value *v = &all->v[k].val;

		strset_add(&n->keys, all->v[k].key);
		if (v->type == VALUE_STRING)
			strset_add(&n->texts, v->string);
		for (size_t j = 0; v->type == VALUE_LIST && j < v->n; j++)
			if (v->items[j].type == VALUE_STRING)
				strset_add(&n->texts, v->items[j].string);
	}
}

void validate_rule_names_from(const struct config *cfg, const char *ini_path,
                              struct validate_names *n, struct diags *d)
{
	model_add_known_keys(&n->keys);
	for (size_t i = 0; i < cfg->nrules; i++)
		check_names(cfg, ini_path, "rule", cfg->rules[i].name, cfg->rules[i].cond,
		            cfg->rules[i].if_line, &n->keys, &n->texts, d);
	for (size_t i = 0; i < cfg->nchannels; i++)
		check_names(cfg, ini_path, "channel", cfg->channels[i].name, cfg->channels[i].cond,
		            cfg->channels[i].if_line, &n->keys, &n->texts, d);
}

void validate_names_release(struct validate_names *n)
{
	strset_clear(&n->keys);
	strset_clear(&n->texts);
}

void validate_rule_names(const struct config *cfg, const char *ini_path, const struct taskset *ts,
                         struct diags *d)
{
	struct validate_names n = VALIDATE_NAMES_INIT;

	for (size_t i = 0; i < ts->ntasks; i++)
		validate_names_add(&n, &ts->tasks[i].fields);
	for (size_t i = 0; i < ts->npeople; i++)
		validate_names_add(&n, &ts->people[i].fields);
	validate_rule_names_from(cfg, ini_path, &n, d);
	validate_names_release(&n);
}
