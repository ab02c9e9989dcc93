/* search.h: finding tasks by the words people remember of them (dlg list
 * TEXT...): each word, without regard to ASCII case, in the task's id,
 * title, a field's value or its Markdown body. */
#ifndef DLG_SEARCH_H
#define DLG_SEARCH_H

#include "lib/util.h"

struct task;

struct search {
	struct strlist words; /* lowered; a task matches when it holds all */
};
#define SEARCH_INIT                                                                                \
	{                                                                                          \
		STRLIST_INIT                                                                       \
	}

/* The words of args (empty ones left out). */
void search_init(struct search *s, const struct strlist *args);
/* Whether s has no words: every task matches. */
int search_empty(const struct search *s);
/* Whether t holds every word of s. Its file under root is read (every
 * field, and the body) only when its id, title and the fields it has
 * (those the cache keeps, for a task read through it) don't hold them all. */
int search_match(const struct search *s, const struct task *t, const char *root);
void search_release(struct search *s);

#endif
