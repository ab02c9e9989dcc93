/* search.c: whether a task holds the words of a search (dlg list TEXT...). */
#include "cmd/search.h"

#include <stdlib.h>
#include <string.h>

#include "core/task.h"

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

void search_init(struct search *s, const struct strlist *args)
{
	memset(s, 0, sizeof(*s));
	for (size_t i = 0; i < args->n; i++) {
		char *w;

		if (!*args->v[i])
			continue;
		w = xstrdup(args->v[i]);
		for (char *p = w; *p; p++)
			*p = lower(*p);
		strlist_push_nodup(&s->words, w);
	}
}

int search_empty(const struct search *s)
{
	return !s->words.n;
}

void search_release(struct search *s)
{
	strlist_clear(&s->words);
}

/* Whether the lowered word is in hay[0..len), ASCII case aside. */
static int holds(const char *hay, size_t len, const char *word)
{
	size_t n = strlen(word);

	for (size_t i = 0; n <= len && i <= len - n; i++) {
		size_t k = 0;

		while (k < n && lower(hay[i + k]) == word[k])
			k++;
		if (k == n)
			return 1;
	}
	return 0;
}

/* Mark in found[] the words text holds; returns how many are still missing. */
static size_t mark(const struct search *s, int *found, const char *text, size_t len, size_t missing)
{
	for (size_t i = 0; missing && i < s->words.n; i++) {
		if (!found[i] && holds(text, len, s->words.v[i])) {
			found[i] = 1;
			missing--;
		}
	}
	return missing;
}

/* The values of fields. */
static size_t mark_fields(const struct search *s, int *found, const struct fields *f,
                          size_t missing)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; missing && i < f->n; i++) {
		strbuf_reset(&sb);
		value_format(&sb, &f->v[i].val);
		missing = mark(s, found, sb.buf, sb.len, missing);
	}
	strbuf_release(&sb);
	return missing;
}

/* The task's file: every field (a task read through the cache has only
 * those the cache keeps), and the Markdown body after the front-matter. */
static size_t mark_file(const struct search *s, int *found, const struct task *t, const char *root,
                        size_t missing)
{
	struct dlg_err err = DLG_ERR_INIT;
	struct task one;
	const char *bytes;
	size_t len, off;

	if (task_load(&one, root, t->path, 0, &err) == 0 && one.doc) {
		missing = mark_fields(s, found, &one.fields, missing);
		bytes = fm_bytes(one.doc, &len);
		off = fm_body_offset(one.doc);
		missing = mark(s, found, bytes + off, len - off, missing);
	}
	task_release(&one);
	err_clear(&err);
	return missing;
}

int search_match(const struct search *s, const struct task *t, const char *root)
{
	int *found = xcalloc(s->words.n + 1, sizeof(*found));
	size_t missing = s->words.n;

	missing = mark(s, found, t->id, strlen(t->id), missing);
	if (t->title)
		missing = mark(s, found, t->title, strlen(t->title), missing);
	missing = mark_fields(s, found, &t->fields, missing);
	if (missing)
		missing = mark_file(s, found, t, root, missing);
	free(found);
	return !missing;
}
