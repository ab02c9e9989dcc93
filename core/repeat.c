/* repeat.c: recurring tasks: the period, the next date and id, and the
 * next occurrence's file (see repeat.h). */
#include "core/repeat.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/lifecycle.h"
#include "formats/frontmatter.h"
#include "formats/markdown.h"
#include "lib/date.h"

int repeat_parse(const char *s, struct repeat_period *out, const char **why)
{
	static const char hint[] = "write N and d, w, m or y: 1w, 2w, 1m, 1y";
	const char *p = s;
	int n = 0;

	if (why)
		*why = hint;
	if (!s || !*s)
		return -1;
	while (*p >= '0' && *p <= '9' && n < 1000)
		n = n * 10 + (*p++ - '0');
	if (p == s || n < 1 || n > 999 || !p[0] || p[1])
		return -1;
	switch (*p) {
	case 'd':
	case 'D':
	case 'w':
	case 'W':
	case 'm':
	case 'M':
	case 'y':
	case 'Y':
		out->n = n;
		out->unit = (char)(*p | 0x20);
		return 0;
	default:
		return -1;
	}
}

int repeat_from_parse(const char *s)
{
	if (!s)
		return -1;
	if (!strcasecmp(s, "due") || !strcasecmp(s, "due date"))
		return 0;
	if (!strcasecmp(s, "done") || !strcasecmp(s, "completed"))
		return 1;
	return -1;
}

int repeat_add(int day, const struct repeat_period *p)
{
	switch (p->unit) {
	case 'd':
		return day + p->n;
	case 'w':
		return day + 7 * p->n;
	case 'm':
		return date_add_months(day, p->n);
	default:
		return date_add_months(day, 12 * p->n);
	}
}

int repeat_due(const struct fields *task, int completed, int *next_due)
{
	const char *s = fields_string(task, "repeat");
	const char *from = fields_string(task, "repeat_from");
	struct repeat_period p;
	struct lc_state st;
	int base;

	lc_state_read(&st, task, NULL);
	if (st.status != STATUS_DONE || !s || repeat_parse(s, &p, NULL) ||
	    fields_value(task, "next"))
		return 0;
	base = st.due;
	if (base == DATE_NONE || (from && repeat_from_parse(from) == 1))
		base = completed;
	if (base == DATE_NONE)
		return 0;
	*next_due = repeat_add(base, &p);
	return 1;
}

/* Whether s ends with "-YYYY-MM-DD" naming a real day. */
static int ends_with_date(const char *s, size_t len)
{
	int d;
	char buf[11];

	if (len < 11 || s[len - 11] != '-')
		return 0;
	memcpy(buf, s + len - 10, 10);
	buf[10] = '\0';
	return date_parse(buf, &d) == 0;
}

char *repeat_next_id(const char *id, int due)
{
	size_t len = strlen(id);
	const char *slash = strrchr(id, '/');
	size_t base = slash ? (size_t)(slash - id) + 1 : 0;
	char date[11];

	/* "2026-12-01" alone is a name, not a name with a date */
	if (len - base > 11 && ends_with_date(id, len))
		len -= 11;
	date_format(due, date);
	return xstrfmt("%.*s-%s", (int)len, id, date);
}

const char *const repeat_dropped_fields[] = {
	"status", "decision",  "rule",      "because", "decided", "channel", "to",
	"given",  "follow_up", "completed", "rating",  "checked", "next",    NULL,
};

static int dropped(const char *key)
{
	for (size_t i = 0; repeat_dropped_fields[i]; i++)
		if (!strcasecmp(key, repeat_dropped_fields[i]))
			return 1;
	return 0;
}

/* The front-matter: dlg's fields out, the due date in. */
static int edit_fields(struct fm_doc *doc, int due, struct dlg_err *err)
{
	struct strlist keys = STRLIST_INIT;
	const char *due_key = "due";
	struct value v = VALUE_INIT;
	int ret = 0;

	for (size_t i = 0; i < fm_count(doc); i++) {
		const struct fm_entry *e = fm_entry_at(doc, i);

		if (dropped(e->key))
			strlist_push(&keys, e->key);
	}
	for (size_t i = 0; !ret && i < keys.n; i++)
		ret = fm_remove(doc, keys.v[i], err);
	/* a due date written "Due:" stays so */
	for (size_t i = 0; !ret && i < fm_count(doc); i++)
		if (!strcasecmp(fm_entry_at(doc, i)->key, "due"))
			due_key = fm_entry_at(doc, i)->key;
	value_set_date(&v, due);
	if (!ret)
		ret = fm_set(doc, due_key, &v, err);
	value_free(&v);
	strlist_clear(&keys);
	return ret;
}

int repeat_next_file(struct strbuf *out, const char *bytes, size_t len, int due,
                     struct dlg_err *err)
{
	struct fm_doc *doc = NULL;
	const char *now;
	size_t n, off;
	int ret;

	ret = fm_parse(&doc, bytes, len, err);
	if (!ret)
		ret = edit_fields(doc, due, err);
	if (!ret) {
		now = fm_bytes(doc, &n);
		off = fm_body_offset(doc);
		strbuf_add(out, now, off);
		md_untick(out, now + off, n - off);
	}
	fm_free(doc);
	return ret ? DLG_ERROR : 0;
}
