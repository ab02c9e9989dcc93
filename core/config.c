/* config.c: dlg.ini text to a checked model of [me], rules, channels, [sync]
 * and [calendar]. */
#include "core/config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "formats/ini.h"

static const char *const decision_names[] = { "", "keep", "delegate", "outsource", "drop" };
static const char *const section_kinds[] = { "me", "rule", "channel", "sync", "calendar" };
static const char *const rule_keys[] = { "if", "then", "to", "channel", "because" };
static const char *const channel_keys[] = { "for", "if", "to", "about", "url" };
static const char *const sync_keys[] = { "remote", "branch" };

const char *decision_name(enum decision d)
{
	return (size_t)d < ARRAY_SIZE(decision_names) ? decision_names[d] : "";
}

int decision_parse(const char *s, enum decision *out)
{
	for (size_t i = 1; s && i < ARRAY_SIZE(decision_names); i++) {
		if (str_ieq(s, decision_names[i])) {
			*out = (enum decision)i;
			return 0;
		}
	}
	return -1;
}

enum kind { K_NONE, K_ME, K_RULE, K_CHANNEL, K_SYNC, K_CALENDAR, K_SKIP };

/* A key seen in a section, to report one given twice. */
struct seen {
	const char *key; /* borrowed from the ini_doc */
	int line;
};
struct seen_list {
	struct seen *v;
	size_t n, alloc;
};

struct parser {
	const char *path;
	struct config *cfg;
	struct diags *diags;
	int bad;
	enum kind kind;
	size_t cur;            /* index of the current rule or channel */
	struct seen_list keys; /* keys of the current section */
	struct seen_list me_keys, sync_keys, calendar_keys;
	unsigned char *then_seen; /* per rule: a `then` line was given */
	size_t then_alloc;
};

static void error_at(struct parser *p, int line, const char *fmt, ...) DLG_PRINTF(3, 4);

static void error_at(struct parser *p, int line, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	diags_add(p->diags, p->path, line, 0, 0, "%s", sb.buf);
	strbuf_release(&sb);
	p->bad = 1;
}

/* Set sb to " (did you mean 'x'?)" (with open/close around x), or "". */
static void did_you_mean(struct strbuf *sb, const char *word, const char *const *cands, size_t n,
                         const char *open, const char *close)
{
	const char *near = closest_match(word, cands, n);

	strbuf_reset(sb);
	if (near)
		strbuf_addf(sb, " (did you mean %s%s%s?)", open, near, close);
}

/* Returns 1 when key was already given in this list (and reports it). */
static int seen_twice(struct parser *p, struct seen_list *l, const struct ini_item *it,
                      const char *where)
{
	for (size_t i = 0; i < l->n; i++) {
		if (!strcmp(l->v[i].key, it->key)) {
			error_at(p, it->line, "key '%s' given twice in %s (first at line %d)",
			         it->key, where, l->v[i].line);
			return 1;
		}
	}
	ALLOC_GROW(l->v, l->n + 1, l->alloc);
	l->v[l->n].key = it->key;
	l->v[l->n++].line = it->line;
	return 0;
}

/* "text" -> text; anything else as written. */
static char *unquote(const char *s)
{
	size_t n = strlen(s);

	if (n >= 2 && s[0] == '"' && s[n - 1] == '"')
		return xstrndup(s + 1, n - 2);
	return xstrdup(s);
}

/* One [me] item: "quoted" is text, else typed like a plain YAML scalar. */
static void me_item(struct value *out, const char *s, size_t n)
{
	char *t;

	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
		t = xstrndup(s + 1, n - 2);
		memset(out, 0, sizeof(*out));
		value_set_string(out, t);
	} else {
		t = xstrndup(s, n);
		value_from_plain(out, t);
	}
	free(t);
}

/* A [me] value: "a, b" (commas outside quotes) is a list of typed items;
 * empty items are left out, so "writing," is a list of one. */
static void me_value(struct value *out, const char *s)
{
	const char *start = s;
	int quoted = 0, list = 0;

	memset(out, 0, sizeof(*out));
	for (const char *c = s;; c++) {
		if (*c == '"')
			quoted = !quoted;
		if (*c && (*c != ',' || quoted))
			continue;
		if (*c == ',' && !list) {
			list = 1;
			out->type = VALUE_LIST;
		}
		if (list) {
			struct value item;

			me_item(&item, start, c - start);
			if (item.type != VALUE_UNKNOWN)
				value_list_push(out, &item);
			value_free(&item);
		} else {
			me_item(out, start, c - start);
		}
		if (!*c)
			break;
		start = c + 1;
	}
}

static void start_rule(struct parser *p, const struct ini_item *it)
{
	struct config *cfg = p->cfg;
	struct rule *r;
	const struct rule *first = config_rule(cfg, it->name);

	if (first) {
		error_at(p, it->line, "duplicate rule '%s' (first at line %d)", it->name,
		         first->line);
		p->kind = K_SKIP;
		return;
	}
	if (!strcmp(it->name, "manual"))
		error_at(
		    p, it->line,
		    "a rule may not be named 'manual': tasks say rule: manual when you decided "
		    "them yourself");
	cfg->rules = xrealloc(cfg->rules, (cfg->nrules + 1) * sizeof(*cfg->rules));
	ALLOC_GROW(p->then_seen, cfg->nrules + 1, p->then_alloc);
	p->then_seen[cfg->nrules] = 0;
	r = &cfg->rules[cfg->nrules];
	memset(r, 0, sizeof(*r));
	r->name = xstrdup(it->name);
	r->line = it->line;
	p->cur = cfg->nrules++;
}

static void start_channel(struct parser *p, const struct ini_item *it)
{
	struct config *cfg = p->cfg;
	struct channel *c;
	const struct channel *first = config_channel(cfg, it->name);

	if (first) {
		error_at(p, it->line, "duplicate channel '%s' (first at line %d)", it->name,
		         first->line);
		p->kind = K_SKIP;
		return;
	}
	cfg->channels = xrealloc(cfg->channels, (cfg->nchannels + 1) * sizeof(*cfg->channels));
	c = &cfg->channels[cfg->nchannels];
	memset(c, 0, sizeof(*c));
	c->name = xstrdup(it->name);
	c->line = it->line;
	c->for_mask = 1u << DECISION_OUTSOURCE;
	p->cur = cfg->nchannels++;
}

static void section_header(struct parser *p, const struct ini_item *it)
{
	static const enum kind kinds[] = { K_ME, K_RULE, K_CHANNEL, K_SYNC, K_CALENDAR };
	struct strbuf hint = STRBUF_INIT;
	const char *name = it->name ? it->name : "";
	const char *sp = it->name ? " " : "";
	enum kind kind = K_NONE;
	int named;

	p->keys.n = 0;
	p->kind = K_SKIP;
	if (it->broken)
		return;
	for (size_t k = 0; k < ARRAY_SIZE(section_kinds); k++)
		if (!strcmp(it->section, section_kinds[k]))
			kind = kinds[k];
	named = kind == K_RULE || kind == K_CHANNEL;
	if (kind == K_NONE) {
		const char *near =
		    closest_match(it->section, section_kinds, ARRAY_SIZE(section_kinds));

		if (near)
			strbuf_addf(&hint, " (did you mean [%s%s%s]?)", near, sp, name);
		error_at(p, it->line, "unknown section [%s%s%s]%s", it->section, sp, name,
		         hint.buf);
	} else if (named && !it->name) {
		error_at(p, it->line, "[%s] needs a name: [%s NAME]", it->section, it->section);
	} else if (!named && it->name) {
		error_at(p, it->line, "[%s] takes no name: write [%s]", it->section, it->section);
	} else {
		p->kind = kind;
		if (kind == K_RULE)
			start_rule(p, it);
		else if (kind == K_CHANNEL)
			start_channel(p, it);
	}
	strbuf_release(&hint);
}

/* The section as a user wrote it, for messages: "[rule enjoy]". */
static const char *where(const struct ini_item *it, struct strbuf *sb)
{
	strbuf_reset(sb);
	strbuf_addf(sb, "[%s%s%s]", it->section, it->name ? " " : "", it->name ? it->name : "");
	return sb->buf;
}

/* 0 when key is one of keys; else reports it as unknown. */
static int known_key(struct parser *p, const struct ini_item *it, const char *const *keys, size_t n)
{
	struct strbuf hint = STRBUF_INIT, sec = STRBUF_INIT;

	for (size_t i = 0; i < n; i++)
		if (!strcmp(it->key, keys[i]))
			return 0;
	did_you_mean(&hint, it->key, keys, n, "'", "'");
	error_at(p, it->line, "unknown key '%s' in %s%s", it->key, where(it, &sec), hint.buf);
	strbuf_release(&hint);
	strbuf_release(&sec);
	return -1;
}

/* Parse an `if`; NULL (reported) when it does not parse. */
static struct expr *parse_if(struct parser *p, const struct ini_item *it)
{
	struct dlg_err err = DLG_ERR_INIT;
	struct strbuf sec = STRBUF_INIT;
	struct expr *e = NULL;

	if (expr_parse(&e, it->value, &err))
		error_at(p, it->line, "bad expression in %s if, column %d: %s", where(it, &sec),
		         err.col, err.msg ? err.msg : "cannot parse");
	err_clear(&err);
	strbuf_release(&sec);
	return e;
}

/* Keys whose value may not be empty. */
static int empty_value(struct parser *p, const struct ini_item *it)
{
	struct strbuf sec = STRBUF_INIT;

	if (*it->value)
		return 0;
	error_at(p, it->line, "%s %s is empty", where(it, &sec), it->key);
	strbuf_release(&sec);
	return 1;
}

static void rule_key(struct parser *p, const struct ini_item *it)
{
	struct rule *r = &p->cfg->rules[p->cur];
	struct strbuf sec = STRBUF_INIT, hint = STRBUF_INIT;

	if (known_key(p, it, rule_keys, ARRAY_SIZE(rule_keys)) ||
	    seen_twice(p, &p->keys, it, where(it, &sec)) || empty_value(p, it))
		goto out;
	if (!strcmp(it->key, "if")) {
		r->if_src = xstrdup(it->value);
		r->if_line = it->line;
		r->cond = parse_if(p, it);
	} else if (!strcmp(it->key, "then")) {
		p->then_seen[p->cur] = 1;
		if (decision_parse(it->value, &r->then)) {
			did_you_mean(&hint, it->value, decision_names + 1, 4, "'", "'");
			error_at(p, it->line,
			         "%s then '%s' is not keep, delegate, outsource or drop%s",
			         where(it, &sec), it->value, hint.buf);
		}
	} else if (!strcmp(it->key, "to")) {
		r->to = unquote(it->value);
		r->to_line = it->line;
	} else if (!strcmp(it->key, "channel")) {
		r->channel = unquote(it->value);
		r->channel_line = it->line;
	} else {
		r->because = unquote(it->value);
	}
out:
	strbuf_release(&sec);
	strbuf_release(&hint);
}

/* `for = delegate, outsource`: 0 and the mask, or -1 with the bad word. */
static int parse_for(const char *s, unsigned *mask, struct strbuf *bad)
{
	char *copy = xstrdup(s), *save = NULL;
	int ret = 0;

	*mask = 0;
	for (char *w = strtok_r(copy, ", \t", &save); w; w = strtok_r(NULL, ", \t", &save)) {
		enum decision d;

		if (decision_parse(w, &d) || (d != DECISION_DELEGATE && d != DECISION_OUTSOURCE)) {
			strbuf_addstr(bad, w);
			ret = -1;
			break;
		}
		*mask |= 1u << d;
	}
	free(copy);
	return ret || !*mask ? -1 : 0;
}

static void channel_key(struct parser *p, const struct ini_item *it)
{
	struct channel *c = &p->cfg->channels[p->cur];
	struct strbuf sec = STRBUF_INIT, bad = STRBUF_INIT;

	if (known_key(p, it, channel_keys, ARRAY_SIZE(channel_keys)) ||
	    seen_twice(p, &p->keys, it, where(it, &sec)) || empty_value(p, it))
		goto out;
	if (!strcmp(it->key, "for")) {
		if (parse_for(it->value, &c->for_mask, &bad)) {
			error_at(p, it->line, "%s for '%s' is not delegate or outsource",
			         where(it, &sec), bad.len ? bad.buf : it->value);
			c->for_mask = 1u << DECISION_OUTSOURCE;
		}
	} else if (!strcmp(it->key, "if")) {
		c->if_src = xstrdup(it->value);
		c->if_line = it->line;
		c->cond = parse_if(p, it);
	} else if (!strcmp(it->key, "to")) {
		c->to = unquote(it->value);
		c->to_line = it->line;
	} else if (!strcmp(it->key, "about")) {
		c->about = unquote(it->value);
	} else {
		c->url = unquote(it->value);
	}
out:
	strbuf_release(&sec);
	strbuf_release(&bad);
}

static void me_key(struct parser *p, const struct ini_item *it)
{
	struct value v;

	if (seen_twice(p, &p->me_keys, it, "[me]"))
		return;
	me_value(&v, it->value);
	fields_set(&p->cfg->me, it->key, &v);
	value_free(&v);
}

static void sync_key(struct parser *p, const struct ini_item *it)
{
	if (known_key(p, it, sync_keys, ARRAY_SIZE(sync_keys)) ||
	    seen_twice(p, &p->sync_keys, it, "[sync]") || empty_value(p, it))
		return;
	if (!strcmp(it->key, "branch"))
		p->cfg->branch = unquote(it->value);
	else
		p->cfg->remote = unquote(it->value);
}

/* Why a [calendar] file path can't be used, or NULL: the file is dlg's to
 * replace, so it stays in the task repository and out of what dlg manages. */
static const char *calendar_path_problem(const char *path)
{
	static const char *const own[] = { "tasks", "people", ".git" };
	const char *p = path;

	if (path[0] == '/')
		return "is not relative to the task repository";
	while (*p) {
		size_t n = strcspn(p, "/");

		if (n == 2 && !strncmp(p, "..", 2))
			return "climbs out of the task repository with '..'";
		p += n;
		p += *p == '/';
	}
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	for (size_t i = 0; i < ARRAY_SIZE(own); i++) {
		size_t n = strlen(own[i]);

		if (!strncmp(path, own[i], n) && (path[n] == '/' || path[n] == '\0'))
			return "is inside a folder dlg manages (tasks/, people/ or .git/)";
	}
	if (!strcmp(path, "dlg.ini") || !*path || path[strlen(path) - 1] == '/')
		return "names no calendar file (write e.g. file = calendar.ics)";
	return NULL;
}

static void calendar_key(struct parser *p, const struct ini_item *it)
{
	static const char *const keys[] = { "file" };
	const char *why;
	char *path;

	if (known_key(p, it, keys, ARRAY_SIZE(keys)) ||
	    seen_twice(p, &p->calendar_keys, it, "[calendar]") || empty_value(p, it))
		return;
	path = unquote(it->value);
	why = calendar_path_problem(path);
	if (why) {
		error_at(p, it->line, "[calendar] file '%s' %s", path, why);
		free(path);
		return;
	}
	p->cfg->calendar_file = path;
}

static void entry(struct parser *p, const struct ini_item *it)
{
	switch (p->kind) {
	case K_NONE:
		error_at(p, it->line,
		         "key '%s' is outside any section: put it under [me], "
		         "[rule NAME], [channel NAME] or [sync]",
		         it->key);
		break;
	case K_ME:
		me_key(p, it);
		break;
	case K_RULE:
		rule_key(p, it);
		break;
	case K_CHANNEL:
		channel_key(p, it);
		break;
	case K_SYNC:
		sync_key(p, it);
		break;
	case K_CALENDAR:
		calendar_key(p, it);
		break;
	case K_SKIP:
		break;
	}
}

/* What can only be checked once the whole file is read. */
static void check_rule(struct parser *p, const struct rule *r, int then_seen)
{
	struct strbuf hint = STRBUF_INIT;
	const char **names;

	if (!r->if_src)
		error_at(p, r->line, "[rule %s] has no 'if': add if = EXPRESSION", r->name);
	if (!then_seen)
		error_at(p, r->line,
		         "[rule %s] has no 'then': add then = keep, delegate, outsource or drop",
		         r->name);
	if (r->then == DECISION_KEEP || r->then == DECISION_DROP) {
		if (r->to)
			error_at(p, r->to_line,
			         "[rule %s] has 'to', but a %s rule hands nothing off", r->name,
			         decision_name(r->then));
		if (r->channel)
			error_at(p, r->channel_line,
			         "[rule %s] has 'channel', but a %s rule hands nothing off",
			         r->name, decision_name(r->then));
	}
	if (r->channel && !config_channel(p->cfg, r->channel)) {
		names = xcalloc(p->cfg->nchannels + 1, sizeof(*names));
		for (size_t i = 0; i < p->cfg->nchannels; i++)
			names[i] = p->cfg->channels[i].name;
		did_you_mean(&hint, r->channel, names, p->cfg->nchannels, "'", "'");
		error_at(p, r->channel_line, "[rule %s] channel '%s' names no [channel]%s", r->name,
		         r->channel, hint.buf);
		free(names);
	}
	strbuf_release(&hint);
}

/* A name me.KEY that [me] does not set is unknown in every task: a typo in
 * [me] would make the rule silently undecided. Every command that loads
 * dlg.ini says so. */
static void check_me_names(struct parser *p, const char *what, const char *name,
                           const struct expr *cond, int line)
{
	const struct strlist *names = cond ? expr_names(cond) : NULL;
	const struct fields *me = &p->cfg->me;

	for (size_t i = 0; names && i < names->n; i++) {
		const char *n = names->v[i], **keys, *near;

		if (!starts_with(n, "me.") || fields_get(me, n + 3))
			continue;
		keys = xcalloc(me->n + 1, sizeof(*keys));
		for (size_t k = 0; k < me->n; k++)
			keys[k] = me->v[k].key;
		near = closest_match(n + 3, keys, me->n);
		if (near)
			diags_add(p->diags, p->path, line, 0, 1,
			          "%s '%s' reads '%s', which [me] does not set (did you mean "
			          "'me.%s'?)",
			          what, name, n, near);
		else
			diags_add(p->diags, p->path, line, 0, 1,
			          "%s '%s' reads '%s', which [me] does not set", what, name, n);
		free(keys);
	}
}

int config_parse(struct config **out, const char *path, const char *text, size_t len,
                 struct diags *diags)
{
	struct ini_doc doc = INI_DOC_INIT;
	struct parser p;

	memset(&p, 0, sizeof(p));
	p.path = path;
	p.diags = diags;
	p.cfg = xcalloc(1, sizeof(*p.cfg));
	if (ini_read(&doc, path, text, len, diags))
		p.bad = 1;
	for (size_t i = 0; i < doc.n; i++) {
		if (!doc.v[i].key)
			section_header(&p, &doc.v[i]);
		else
			entry(&p, &doc.v[i]);
	}
	for (size_t i = 0; i < p.cfg->nrules; i++)
		check_rule(&p, &p.cfg->rules[i], p.then_seen[i]);
	for (size_t i = 0; i < p.cfg->nrules; i++)
		check_me_names(&p, "rule", p.cfg->rules[i].name, p.cfg->rules[i].cond,
		               p.cfg->rules[i].if_line);
	for (size_t i = 0; i < p.cfg->nchannels; i++)
		check_me_names(&p, "channel", p.cfg->channels[i].name, p.cfg->channels[i].cond,
		               p.cfg->channels[i].if_line);
	free(p.keys.v);
	free(p.me_keys.v);
	free(p.sync_keys.v);
	free(p.calendar_keys.v);
	free(p.then_seen);
	ini_doc_release(&doc);
	if (out)
		*out = p.cfg;
	else
		config_free(p.cfg);
	return p.bad ? DLG_EINVALID : 0;
}

int config_load(struct config **out, const char *fs_path, const char *path, struct diags *diags)
{
	struct strbuf sb = STRBUF_INIT;
	int ret;

	if (out)
		*out = NULL;
	if (strbuf_read_file(&sb, fs_path) < 0) {
		diags_add(diags, path, 0, 0, 0, "cannot read: %s", strerror(errno));
		return DLG_ERROR;
	}
	ret = config_parse(out, path, sb.buf, sb.len, diags);
	strbuf_release(&sb);
	return ret;
}

/* Report `to = id` of a rule or channel when no people/ file has that id. */
static int check_to(const char *path, const char *what, const char *name, const char *to, int line,
                    const struct strlist *people, struct diags *diags)
{
	const char *near;

	if (!to || strlist_has(people, to))
		return 0;
	near = closest_match(to, (const char *const *)people->v, people->n);
	if (near)
		diags_add(diags, path, line, 0, 0,
		          "[%s %s] to '%s' names no file in people/ (did you mean '%s'?)", what,
		          name, to, near);
	else
		diags_add(diags, path, line, 0, 0, "[%s %s] to '%s' names no file in people/", what,
		          name, to);
	return 1;
}

int config_check_refs(const struct config *cfg, const char *path, const struct strlist *people,
                      struct diags *diags)
{
	int bad = 0;

	for (size_t i = 0; i < cfg->nrules; i++)
		bad |= check_to(path, "rule", cfg->rules[i].name, cfg->rules[i].to,
		                cfg->rules[i].to_line, people, diags);
	for (size_t i = 0; i < cfg->nchannels; i++)
		bad |= check_to(path, "channel", cfg->channels[i].name, cfg->channels[i].to,
		                cfg->channels[i].to_line, people, diags);
	return bad ? DLG_EINVALID : 0;
}

const struct channel *config_channel(const struct config *cfg, const char *name)
{
	if (!cfg || !name)
		return NULL;
	for (size_t i = 0; i < cfg->nchannels; i++)
		if (!strcmp(cfg->channels[i].name, name))
			return &cfg->channels[i];
	return NULL;
}

const struct rule *config_rule(const struct config *cfg, const char *name)
{
	if (!cfg || !name)
		return NULL;
	for (size_t i = 0; i < cfg->nrules; i++)
		if (!strcmp(cfg->rules[i].name, name))
			return &cfg->rules[i];
	return NULL;
}

void config_free(struct config *cfg)
{
	if (!cfg)
		return;
	fields_clear(&cfg->me);
	for (size_t i = 0; i < cfg->nrules; i++) {
		struct rule *r = &cfg->rules[i];

		free(r->name);
		free(r->if_src);
		expr_free(r->cond);
		free(r->to);
		free(r->channel);
		free(r->because);
	}
	free(cfg->rules);
	for (size_t i = 0; i < cfg->nchannels; i++) {
		struct channel *c = &cfg->channels[i];

		free(c->name);
		free(c->if_src);
		expr_free(c->cond);
		free(c->to);
		free(c->about);
		free(c->url);
	}
	free(cfg->channels);
	free(cfg->remote);
	free(cfg->branch);
	free(cfg->calendar_file);
	free(cfg);
}

int config_uses_today(const struct config *cfg)
{
	for (size_t i = 0; i < cfg->nrules; i++)
		if (expr_uses_today(cfg->rules[i].cond))
			return 1;
	for (size_t i = 0; i < cfg->nchannels; i++)
		if (expr_uses_today(cfg->channels[i].cond))
			return 1;
	return 0;
}
