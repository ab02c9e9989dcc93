/* merge.h: the three-way merge of one task or person file, key by key.
 *
 * Each top-level key of the front-matter is merged on its own against the
 * merge base: a key changed on one side only takes that side's lines, the
 * same change on both sides is no conflict, a key added on one side goes
 * in after the key it follows there, a key deleted on one side and left
 * alone on the other is deleted. The comment lines just above a key travel
 * with it; comments both sides wrote are both kept. The body is merged
 * like git merges text (libgit2's git_merge_file). Every line taken from
 * the other side gets this file's own line ending, and every byte nobody
 * changed stays as it was. A clean result is parsed again and must hold
 * each key with the value the merge chose; a file that doesn't parse on
 * some side (or whose result would not) is merged as text, like git.
 *
 * A real conflict (one key, two values; a key changed on one side and
 * deleted on the other; overlapping edits of the body) leaves standard
 * conflict markers around that key's lines (or in the body) and nowhere
 * else, and is described in the result. Nothing here touches a file. */
#ifndef DLG_MERGE_H
#define DLG_MERGE_H

#include <stddef.h>

#include "lib/util.h"

/* One version of the file; exists = 0 when the side has none. */
struct merge_side {
	const char *data;
	size_t len;
	int exists;
};

struct merge_conflict {
	char *key;    /* the key; NULL for the body, or the whole file */
	char *ours;   /* the value as our side has it; NULL when deleted there */
	char *theirs; /* the same on their side */
	int line;     /* of the '<<<<<<<' marker in the merged file */
};

struct merge_result {
	struct strbuf out; /* the merged file, with markers when nconflicts */
	struct merge_conflict *conflicts;
	size_t nconflicts, alloc;
	int as_text; /* merged as plain text (a side did not parse) */
};
/* clang-format off */
#define MERGE_RESULT_INIT { STRBUF_INIT, NULL, 0, 0, 0 }
/* clang-format on */
void merge_result_release(struct merge_result *r);

struct merge_labels {
	const char *ours;   /* after '<<<<<<< ': "HEAD" */
	const char *theirs; /* after '>>>>>>> ': "origin/main" */
};

/* Merge ours and theirs (both existing) against base (which may be absent:
 * a file added on both sides). Returns 0 when clean, 1 with conflicts (out
 * then holds markers), or DLG_ERROR with err set. out is overwritten. */
int merge_file(struct merge_result *out, const struct merge_side *base,
               const struct merge_side *ours, const struct merge_side *theirs,
               const struct merge_labels *labels, struct dlg_err *err);

/* A file deleted on one side and edited on the other, as git leaves it: a
 * conflict, with the edited version kept between markers and the deleted
 * side empty, so that the file can't be taken for settled: delete it to
 * take the deletion, or remove the marker lines to keep it. deleted_ours
 * says which side deleted it; kept is the other side's version. */
void merge_delete_edit(struct merge_result *out, const struct merge_side *kept, int deleted_ours,
                       const struct merge_labels *labels);

/* Whether data has a line that starts a conflict marker ("<<<<<<< ",
 * "=======" or ">>>>>>> "): the 1-based line of the first, or 0. */
int merge_marker_line(const char *data, size_t len);

#endif
