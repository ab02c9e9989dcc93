/* frontmatter_edit.c: write values as YAML, and edit front-matter without
 * touching any other byte: each edit is parsed again and checked. */
#include "formats/frontmatter.h"

#include <stdlib.h>
#include <string.h>

#include "formats/frontmatter_doc.h"

static int looks_numeric(const char *s)
{
	const char *p = s;

	if (*p == '+' || *p == '-' || *p == '.')
		p++;
	if (!(*p >= '0' && *p <= '9'))
		return 0;
	return strspn(s, "0123456789abcdefABCDEFxXoO._:+- TtZz") == strlen(s);
}

int fm_needs_quotes(const char *s)
{
	struct value v;
	size_t len = strlen(s);
	int other_type;

	if (!len || s[0] == ' ' || s[len - 1] == ' ' || s[0] == '\t' || s[len - 1] == '\t')
		return 1;
	if (strchr("-?:,[]{}#&*!|>'\"%@`", s[0]))
		return 1;
	if (strstr(s, ": ") || strstr(s, " #") || s[len - 1] == ':')
		return 1;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return 1;
	if (!strcmp(s, "y") || !strcmp(s, "Y") || !strcmp(s, "n") || !strcmp(s, "N"))
		return 1;
	if (starts_with(s, "---") || starts_with(s, "..."))
		return 1;
	if (looks_numeric(s))
		return 1;
	value_from_plain(&v, s);
	other_type = v.type != VALUE_STRING;
	value_free(&v);
	return other_type;
}

static void add_double_quoted(struct strbuf *sb, const char *s)
{
	strbuf_addch(sb, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			strbuf_addstr(sb, "\\\"");
			break;
		case '\\':
			strbuf_addstr(sb, "\\\\");
			break;
		case '\n':
			strbuf_addstr(sb, "\\n");
			break;
		case '\t':
			strbuf_addstr(sb, "\\t");
			break;
		case '\r':
			strbuf_addstr(sb, "\\r");
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				strbuf_addf(sb, "\\x%02x", *p);
			else
				strbuf_addch(sb, *p);
		}
	}
	strbuf_addch(sb, '"');
}

static void add_single_quoted(struct strbuf *sb, const char *s)
{
	strbuf_addch(sb, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			strbuf_addch(sb, '\'');
		strbuf_addch(sb, *s);
	}
	strbuf_addch(sb, '\'');
}

static void format_value(struct strbuf *sb, const struct value *val, int in_flow)
{
	switch (val->type) {
	case VALUE_STRING:
		if (fm_needs_quotes(val->string) || (in_flow && strpbrk(val->string, ",[]{}")))
			add_double_quoted(sb, val->string);
		else
			strbuf_addstr(sb, val->string);
		break;
	case VALUE_LIST:
		strbuf_addch(sb, '[');
		for (size_t i = 0; i < val->n; i++) {
			if (i)
				strbuf_addstr(sb, ", ");
			format_value(sb, &val->items[i], 1);
		}
		strbuf_addch(sb, ']');
		break;
	case VALUE_UNKNOWN:
	case VALUE_MAP:
		strbuf_addstr(sb, "null");
		break;
	default:
		value_format(sb, val);
	}
}

void fm_format_value(struct strbuf *sb, const struct value *val)
{
	format_value(sb, val, 0);
}

/* Whether the edit left every other key as it was, in its place, and key
 * as wanted (NULL: removed). Keys are unique and an edit moves none, so the
 * entries before and after are walked side by side. */
static int edit_kept_others(const struct fm_doc *doc, const struct fm_entry *before, size_t nbefore,
                            const char *key, const struct value *want)
{
	const struct fm_entry *now = doc->entries;
	size_t i = 0, j = 0;
	int found = 0;

	for (;;) {
		while (i < nbefore && !strcmp(before[i].key, key))
			i++;
		while (j < doc->n && !strcmp(now[j].key, key)) {
			if (!want || found || !value_equal(&now[j].val, want))
				return 0;
			found = 1;
			j++;
		}
		if (i == nbefore || j == doc->n)
			break;
		if (strcmp(before[i].key, now[j].key) || !value_equal(&before[i].val, &now[j].val))
			return 0;
		i++;
		j++;
	}
	return i == nbefore && j == doc->n && found == (want != NULL);
}

/* Re-parse after an edit and check it against the entries from before; on
 * failure put the old bytes back. */
static int reparse(struct fm_doc *doc, struct strbuf *old, const char *key,
                   const struct value *want, struct dlg_err *err)
{
	struct dlg_err perr = DLG_ERR_INIT;
	struct fm_entry *before = doc->entries;
	size_t nbefore = doc->n;
	int ok;

	doc->entries = NULL;
	doc->n = doc->alloc = 0;
	ok = !fm_doc_parse(doc, &perr) && edit_kept_others(doc, before, nbefore, key, want);
	for (size_t i = 0; i < nbefore; i++)
		fm_entry_release(&before[i]);
	free(before);
	if (!ok) {
		struct strbuf tmp = doc->bytes;

		doc->bytes = *old;
		*old = tmp;
		fm_doc_parse(doc, NULL);
		err_set(err, 0, 0, "cannot %s '%s' without changing other front-matter%s%s",
		        want ? "set" : "remove", key, perr.msg ? ": " : "",
		        perr.msg ? perr.msg : "");
		err_clear(&perr);
		return DLG_ERROR;
	}
	err_clear(&perr);
	return 0;
}

static void value_text(struct strbuf *sb, const struct fm_entry *e, const struct value *val)
{
	if (val->type == VALUE_STRING && !strchr(val->string, '\n') && e->style == FM_SINGLE_QUOTED)
		add_single_quoted(sb, val->string);
	else if (val->type == VALUE_STRING && e->style == FM_DOUBLE_QUOTED)
		add_double_quoted(sb, val->string);
	else
		fm_format_value(sb, val);
}

static int remove_field(struct fm_doc *doc, const char *key, struct dlg_err *err);

/* A line "key: val" ("key:" when val is NULL) before the closing delimiter,
 * in the file's own line ending and indent; a block first when there is
 * none. */
static void insert_entry(struct fm_doc *doc, const char *key, const struct value *val)
{
	struct strbuf text = STRBUF_INIT;
	size_t at = doc->close_start;

	if (!doc->has_block) {
		strbuf_addf(&text, "---%s", doc->eol);
		at = doc->bom;
	}
	strbuf_addspaces(&text, doc->indent);
	if (fm_needs_quotes(key))
		add_double_quoted(&text, key);
	else
		strbuf_addstr(&text, key);
	strbuf_addch(&text, ':');
	if (val) {
		strbuf_addch(&text, ' ');
		fm_format_value(&text, val);
	}
	strbuf_addstr(&text, doc->eol);
	if (!doc->has_block)
		strbuf_addf(&text, "---%s", doc->eol);
	strbuf_splice(&doc->bytes, at, 0, text.buf, text.len);
	strbuf_release(&text);
}

static int set_field(struct fm_doc *doc, const char *key, const struct value *val,
                     struct dlg_err *err)
{
	struct strbuf old = STRBUF_INIT, text = STRBUF_INIT;
	const struct fm_entry *e = fm_find(doc, key);
	int ret;

	if (val->type == VALUE_UNKNOWN)
		return remove_field(doc, key, err);
	if (val->type == VALUE_MAP)
		return err_set(err, 0, 0, "cannot set '%s' to a mapping", key);
	if (e && value_equal(&e->val, val)) {
		ret = 0; /* already so: the bytes stay exactly as written */
		goto out;
	}
	if (e) {
		size_t start = e->val_start, end = e->val_end;

		if (e->style == FM_BLOCK || e->style == FM_LITERAL || e->style == FM_FOLDED) {
			start = fm_colon_after(doc->bytes.buf, doc->bytes.len, e->key_end);
			strbuf_addch(&text, ' ');
		} else if (start == end) {
			strbuf_addch(&text, ' ');
		}
		value_text(&text, e, val);
		if (end - start == text.len &&
		    !memcmp(doc->bytes.buf + start, text.buf, text.len)) {
			ret = 0;
			goto out;
		}
		strbuf_add(&old, doc->bytes.buf, doc->bytes.len);
		strbuf_splice(&doc->bytes, start, end - start, text.buf, text.len);
	} else {
		strbuf_add(&old, doc->bytes.buf, doc->bytes.len);
		insert_entry(doc, key, val);
	}
	ret = reparse(doc, &old, key, val, err);
out:
	strbuf_release(&old);
	strbuf_release(&text);
	return ret;
}

static int remove_field(struct fm_doc *doc, const char *key, struct dlg_err *err)
{
	struct strbuf old = STRBUF_INIT;
	const struct fm_entry *e = fm_find(doc, key);
	int ret;

	if (!e)
		return 0;
	strbuf_add(&old, doc->bytes.buf, doc->bytes.len);
	strbuf_splice(&doc->bytes, e->line_start, e->line_end - e->line_start, "", 0);
	ret = reparse(doc, &old, key, NULL, err);
	strbuf_release(&old);
	return ret;
}

/* key and val may point into doc (an entry's key or value), which an edit
 * frees: work on copies. */
int fm_set(struct fm_doc *doc, const char *key, const struct value *val, struct dlg_err *err)
{
	char *k = xstrdup(key);
	struct value v;
	int ret;

	value_copy(&v, val);
	ret = set_field(doc, k, &v, err);
	value_free(&v);
	free(k);
	return ret;
}

int fm_add_empty(struct fm_doc *doc, const char *key, struct dlg_err *err)
{
	struct strbuf old = STRBUF_INIT;
	struct value none = VALUE_INIT;
	char *k;
	int ret;

	if (fm_find(doc, key))
		return 0;
	k = xstrdup(key);
	strbuf_add(&old, doc->bytes.buf, doc->bytes.len);
	insert_entry(doc, k, NULL);
	ret = reparse(doc, &old, k, &none, err);
	strbuf_release(&old);
	free(k);
	return ret;
}

int fm_remove(struct fm_doc *doc, const char *key, struct dlg_err *err)
{
	char *k = xstrdup(key);
	int ret = remove_field(doc, k, err);

	free(k);
	return ret;
}
