/* model.c: the one reading of every field dlg knows (see model.h). */
#include "core/model.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/lifecycle.h"
#include "core/repeat.h"
#include "lib/date.h"

enum mtype {
	M_TEXT,
	M_BOOL,
	M_NUMBER,
	M_RATING,
	M_DATE,
	M_LIST,
	M_STATUS,
	M_DECISION,
	M_SKILL,
	M_KIND,
	M_REF,    /* to, channel: text, checked by model_check_refs */
	M_PERIOD, /* repeat: 1w, 2w, 1m, 1y (core/repeat.h) */
	M_FROM,   /* repeat_from: due or done */
};

struct mfield {
	const char *key;
	enum mtype type;
};

/* DESIGN.md's "Fields you write" and "Fields dlg writes". */
static const struct mfield task_fields[] = {
	{ "title", M_TEXT },     { "enjoy", M_BOOL },       { "skill", M_SKILL },
	{ "learn", M_BOOL },     { "hours", M_NUMBER },     { "cost", M_NUMBER },
	{ "urgent", M_BOOL },    { "important", M_BOOL },   { "purpose", M_TEXT },
	{ "in_person", M_BOOL }, { "tags", M_LIST },        { "due", M_DATE },
	{ "rating", M_RATING },  { "status", M_STATUS },    { "decision", M_DECISION },
	{ "rule", M_TEXT },      { "because", M_TEXT },     { "decided", M_DATE },
	{ "channel", M_REF },    { "to", M_REF },           { "given", M_DATE },
	{ "follow_up", M_DATE }, { "completed", M_DATE },   { "checked", M_DATE },
	{ "repeat", M_PERIOD },  { "repeat_from", M_FROM }, { "next", M_TEXT },
};

/* DESIGN.md's person file. */
static const struct mfield person_fields[] = {
	{ "name", M_TEXT },   { "kind", M_KIND },   { "channel", M_REF },
	{ "skills", M_LIST }, { "rate", M_NUMBER }, { "follow_up_days", M_NUMBER },
};

static const char *const skills[] = { "low", "medium", "high" };
static const char *const kinds[] = { "team", "contractor", "service", "professional" };

static const struct mfield *find_field(const struct mfield *table, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (!strcasecmp(table[i].key, key))
			return &table[i];
	return NULL;
}

const char *model_known_key(const char *key)
{
	const struct mfield *m = find_field(task_fields, ARRAY_SIZE(task_fields), key);

	return m ? m->key : NULL;
}

const char *model_known_person_key(const char *key)
{
	const struct mfield *m = find_field(person_fields, ARRAY_SIZE(person_fields), key);

	return m ? m->key : NULL;
}

/* ---- reporting ---- */

struct reading {
	const char *path;
	struct diags *d;
	int errors;
};

static void problem(struct reading *rd, const struct field *f, const char *fmt, ...)
    DLG_PRINTF(3, 4);

static void problem(struct reading *rd, const struct field *f, const char *fmt, ...)
{
	struct dlg_err err = DLG_ERR_INIT;
	va_list ap;

	va_start(ap, fmt);
	err_setv(&err, f->line, f->col, fmt, ap);
	va_end(ap);
	diags_add_err(rd->d, rd->path, &err);
	err_clear(&err);
	rd->errors++;
}

/* "'x'" for a value as written: its text, or its formatted form. */
static char *shown(const struct value *v)
{
	struct strbuf sb = STRBUF_INIT;

	value_format(&sb, v);
	return strbuf_detach(&sb, NULL);
}

/* " (did you mean 'waiting'?)" for a text value near one of names, else "". */
static char *suggest(const struct value *v, const char *const *names, size_t n)
{
	const char *near = v->type == VALUE_STRING ? closest_match(v->string, names, n) : NULL;

	return near ? xstrfmt(" (did you mean '%s'?)", near) : xstrdup("");
}

/* "inbox, open, waiting, done or dropped" */
static char *alternatives(const char *const *names, size_t n)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < n; i++)
		strbuf_addf(&sb, "%s%s", i ? (i + 1 == n ? " or " : ", ") : "", names[i]);
	return strbuf_detach(&sb, NULL);
}

/* ---- each type ---- */

static void read_enum(struct reading *rd, struct field *f, const char *what,
                      const char *const *names, size_t n)
{
	char *all, *hint, *v;

	if (f->val.type == VALUE_STRING)
		for (size_t i = 0; i < n; i++)
			if (!strcasecmp(f->val.string, names[i]))
				return;
	all = alternatives(names, n);
	hint = suggest(&f->val, names, n);
	v = shown(&f->val);
	problem(rd, f, "%s '%s' is not %s%s", what, v, all, hint);
	free(v);
	free(hint);
	free(all);
}

static void read_status(struct reading *rd, struct field *f)
{
	const char *names[STATUS_DROPPED + 1];

	for (int i = 0; i <= STATUS_DROPPED; i++)
		names[i] = status_name((enum status)i);
	read_enum(rd, f, "status", names, ARRAY_SIZE(names));
}

static void read_decision(struct reading *rd, struct field *f)
{
	const char *names[DECISION_DROP];

	for (int i = DECISION_KEEP; i <= DECISION_DROP; i++)
		names[i - 1] = decision_name((enum decision)i);
	read_enum(rd, f, "decision", names, ARRAY_SIZE(names));
}

static void read_bool(struct reading *rd, struct field *f)
{
	if (f->val.type == VALUE_BOOL)
		return;
	if (f->val.type == VALUE_STRING) {
		struct value v = VALUE_INIT;

		/* "yes" in quotes is still yes */
		value_from_plain(&v, f->val.string);
		if (v.type == VALUE_BOOL) {
			v.string = f->val.string; /* as written */
			f->val.string = NULL;
			value_free(&f->val);
			f->val = v;
			return;
		}
		value_free(&v);
	}
	problem(rd, f, "'%s' must be yes or no", f->key);
}

/* Why text is not a number, when it looks like one written another way. */
static const char *number_hint(const char *s)
{
	const char *comma = strchr(s, ',');
	size_t digits_after = 0;

	if (comma) {
		for (const char *p = comma + 1; isdigit((unsigned char)*p); p++)
			digits_after++;
		if (isdigit((unsigned char)s[0]) && digits_after == 3)
			return ": write it without a thousands separator (1,200 is 1200)";
		if (isdigit((unsigned char)s[0]))
			return ": write a decimal point, not a comma (1,5 is 1.5)";
	}
	if (isdigit((unsigned char)s[0]))
		return ": write the number alone, without a unit";
	return "";
}

static void read_number(struct reading *rd, struct field *f)
{
	char *v;

	if (f->val.type == VALUE_NUMBER)
		return;
	v = shown(&f->val);
	if (f->val.type == VALUE_LIST && f->val.n == 2 && f->val.items[0].type == VALUE_NUMBER)
		problem(rd, f,
		        "'%s' must be a number, not '%s': write it without a thousands "
		        "separator or with a decimal point",
		        f->key, v);
	else
		problem(rd, f, "'%s' must be a number, not '%s'%s", f->key, v,
		        f->val.type == VALUE_STRING ? number_hint(f->val.string) : "");
	free(v);
}

static void read_rating(struct reading *rd, struct field *f)
{
	double n = f->val.number;

	if (f->val.type != VALUE_NUMBER || n < 1 || n > 5 || n != (int)n)
		problem(rd, f, "'%s' must be a whole number from 1 to 5", f->key);
}

static void read_date(struct reading *rd, struct field *f)
{
	const char *why = NULL;
	int days, minutes;
	char *v;

	if (f->val.type == VALUE_DATE)
		return;
	if (f->val.type == VALUE_STRING && !date_parse_iso(f->val.string, &days, &minutes, &why)) {
		/* keep what was written (a time, quotes) for display */
		char *as_written = xstrdup(f->val.string);

		(void)minutes;
		value_set_date(&f->val, days);
		f->val.string = as_written;
		return;
	}
	v = shown(&f->val);
	problem(rd, f, "'%s' must be a date (YYYY-MM-DD), not '%s'%s%s", f->key, v, why ? ": " : "",
	        why ? why : "");
	free(v);
}

static void read_list(struct reading *rd, struct field *f)
{
	struct value list = VALUE_INIT;
	const char *s;

	switch (f->val.type) {
	case VALUE_LIST:
		return;
	case VALUE_MAP:
		problem(rd, f, "'%s' must be a list, not a mapping", f->key);
		return;
	case VALUE_STRING:
		/* "blog, guide, obsidian" is three tags */
		s = f->val.string;
		list.type = VALUE_LIST;
		while (*s) {
			const char *end = strchr(s, ',');
			size_t len = end ? (size_t)(end - s) : strlen(s);
			char *item = xstrndup(s, len), *a = item, *b;
			struct value v = VALUE_INIT;

			while (isspace((unsigned char)*a))
				a++;
			b = a + strlen(a);
			while (b > a && isspace((unsigned char)b[-1]))
				*--b = '\0';
			if (*a) {
				value_set_string(&v, a);
				value_list_push(&list, &v);
				value_free(&v);
			}
			free(item);
			s += len + (end != NULL);
		}
		list.string = f->val.string; /* as written */
		f->val.string = NULL;
		value_free(&f->val);
		f->val = list;
		return;
	default:
		/* one tag: a list of one */
		list.type = VALUE_LIST;
		value_list_push(&list, &f->val);
		value_free(&f->val);
		f->val = list;
		return;
	}
}

static void read_text(struct reading *rd, struct field *f)
{
	if (f->val.type == VALUE_LIST || f->val.type == VALUE_MAP)
		problem(rd, f, "'%s' must be text, not a %s", f->key,
		        f->val.type == VALUE_LIST ? "list" : "mapping");
}

static void read_period(struct reading *rd, struct field *f)
{
	struct repeat_period p;
	const char *why = NULL;
	char *v;

	if (f->val.type == VALUE_STRING && !repeat_parse(f->val.string, &p, &why))
		return;
	v = shown(&f->val);
	if (f->val.type == VALUE_NUMBER)
		problem(rd, f, "'%s' must be a period, not '%s': write %sd for days, or w, m, y",
		        f->key, v, v);
	else
		problem(rd, f, "'%s' must be a period, not '%s': %s", f->key, v,
		        why ? why : "write 1w, 2w, 1m or 1y");
	free(v);
}

static void read_from(struct reading *rd, struct field *f)
{
	char *v;

	if (f->val.type == VALUE_STRING && repeat_from_parse(f->val.string) >= 0)
		return;
	v = shown(&f->val);
	problem(rd, f,
	        "%s '%s' is not due or done (count the next one from the due date or the "
	        "day it was done)",
	        f->key, v);
	free(v);
}

static void read_one(struct reading *rd, struct field *f, enum mtype type)
{
	if (f->val.type == VALUE_UNKNOWN)
		return; /* `due:` with nothing: not set */
	switch (type) {
	case M_TEXT:
	case M_REF:
		read_text(rd, f);
		break;
	case M_BOOL:
		read_bool(rd, f);
		break;
	case M_NUMBER:
		read_number(rd, f);
		break;
	case M_RATING:
		read_rating(rd, f);
		break;
	case M_DATE:
		read_date(rd, f);
		break;
	case M_LIST:
		read_list(rd, f);
		break;
	case M_STATUS:
		read_status(rd, f);
		break;
	case M_DECISION:
		read_decision(rd, f);
		break;
	case M_SKILL:
		read_enum(rd, f, "skill", skills, ARRAY_SIZE(skills));
		break;
	case M_KIND:
		read_enum(rd, f, "kind", kinds, ARRAY_SIZE(kinds));
		break;
	case M_PERIOD:
		read_period(rd, f);
		break;
	case M_FROM:
		read_from(rd, f);
		break;
	}
}

/* Keys dlg knows, in the known spelling; a second spelling of one is a
 * duplicate. */
static void read_keys(struct reading *rd, struct fields *f, const struct mfield *table, size_t n)
{
	for (size_t i = 0; i < f->n; i++) {
		const struct mfield *m = find_field(table, n, f->v[i].key);

		if (!m || !strcmp(m->key, f->v[i].key))
			continue;
		for (size_t k = 0; k < f->n; k++) {
			if (k != i && !strcasecmp(f->v[k].key, m->key)) {
				problem(rd, &f->v[i], "duplicate key '%s' (as '%s' at line %d)",
				        f->v[i].key, f->v[k].key, f->v[k].line);
				m = NULL;
				break;
			}
		}
		if (m) {
			free(f->v[i].key);
			f->v[i].key = xstrdup(m->key);
		}
	}
}

static int read_fields(struct fields *f, const char *path, struct diags *d,
                       const struct mfield *table, size_t n)
{
	struct reading rd = { path, d, 0 };

	read_keys(&rd, f, table, n);
	for (size_t i = 0; i < f->n; i++) {
		const struct mfield *m = find_field(table, n, f->v[i].key);

		if (m && !strcmp(m->key, f->v[i].key))
			read_one(&rd, &f->v[i], m->type);
	}
	return rd.errors;
}

int model_read_task(struct fields *f, const char *path, struct diags *d)
{
	return read_fields(f, path, d, task_fields, ARRAY_SIZE(task_fields));
}

int model_read_person(struct fields *f, const char *path, struct diags *d)
{
	return read_fields(f, path, d, person_fields, ARRAY_SIZE(person_fields));
}

/* ---- references ---- */

static const struct field *find(const struct fields *f, const char *key)
{
	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->v[i].key, key))
			return &f->v[i];
	return NULL;
}

static void check_person(struct reading *rd, const struct field *f,
                         const struct people_info *people)
{
	const char **ids;
	char *hint;

	if (f->val.type == VALUE_UNKNOWN || !people)
		return;
	if (f->val.type != VALUE_STRING) {
		problem(rd, f, "'%s' must name a file in people/", f->key);
		return;
	}
	if (people_find(people, f->val.string))
		return;
	ids = xcalloc(people->n + 1, sizeof(*ids));
	for (size_t i = 0; i < people->n; i++)
		ids[i] = people->v[i].id;
	hint = suggest(&f->val, ids, people->n);
	problem(rd, f, "to '%s' names no file in people/%s", f->val.string, hint);
	free(hint);
	free(ids);
}

static void check_channel(struct reading *rd, const struct field *f, const struct config *cfg)
{
	const char **names;
	char *hint;

	if (f->val.type == VALUE_UNKNOWN || !cfg)
		return;
	if (f->val.type != VALUE_STRING) {
		problem(rd, f, "'%s' must name a [channel] of dlg.ini", f->key);
		return;
	}
	if (config_channel(cfg, f->val.string))
		return;
	names = xcalloc(cfg->nchannels + 1, sizeof(*names));
	for (size_t i = 0; i < cfg->nchannels; i++)
		names[i] = cfg->channels[i].name;
	hint = suggest(&f->val, names, cfg->nchannels);
	problem(rd, f, "channel '%s' is not a [channel] of dlg.ini%s", f->val.string, hint);
	free(hint);
	free(names);
}

int model_check_refs(const struct fields *f, const char *path, const struct model_refs *refs,
                     struct diags *d)
{
	struct reading rd = { path, d, 0 };
	const struct field *to = find(f, "to"), *channel = find(f, "channel");

	if (to)
		check_person(&rd, to, refs->people);
	if (channel)
		check_channel(&rd, channel, refs->cfg);
	return rd.errors;
}

void model_add_known_keys(struct strset *set)
{
	for (size_t i = 0; i < ARRAY_SIZE(task_fields); i++)
		strset_add(set, task_fields[i].key);
}

enum model_kind model_field_kind(const char *key)
{
	const struct mfield *m = find_field(task_fields, ARRAY_SIZE(task_fields), key);

	if (!m)
		return MODEL_OTHER;
	switch (m->type) {
	case M_DATE:
		return MODEL_DATE;
	case M_NUMBER:
	case M_RATING:
		return MODEL_NUMBER;
	case M_LIST:
		return MODEL_LIST;
	default:
		return MODEL_OTHER;
	}
}
