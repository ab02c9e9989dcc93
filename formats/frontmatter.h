/* frontmatter.h: YAML front-matter of a Markdown file, parsed with libyaml
 * and edited losslessly: setting a field replaces only its value's bytes,
 * adding one inserts a line before the closing delimiter, and with no edit
 * the bytes are exactly those read. */
#ifndef DLG_FRONTMATTER_H
#define DLG_FRONTMATTER_H

#include <stddef.h>

#include "lib/util.h"
#include "lib/value.h"

enum fm_style {
	FM_PLAIN,
	FM_SINGLE_QUOTED,
	FM_DOUBLE_QUOTED,
	FM_LITERAL, /* | */
	FM_FOLDED,  /* > */
	FM_FLOW,    /* [a, b] or {a: b} */
	FM_BLOCK,   /* a block sequence or mapping on the following lines */
	FM_ALIAS,   /* *name */
};

/* One top-level key of the front-matter. Offsets are bytes into the file;
 * lines and columns are 1-based positions in the file (columns count
 * characters). */
struct fm_entry {
	char *key;
	struct value val; /* typed per DESIGN.md; quoted scalars are text */
	enum fm_style style;
	int line, col;             /* of the key */
	int value_line, value_col; /* of the value (of the key when empty) */
	size_t key_start, key_end;
	size_t val_start, val_end;   /* the value's text, quotes included;
	                                equal (after the colon) when empty */
	size_t line_start, line_end; /* whole lines the entry covers, with the
	                                last line's ending */
};

struct fm_doc; /* opaque */

/* What dlg reads at most of one file, so that no file can make it take
 * unbounded time or memory (DESIGN.md "Scale"): generous for a task, far
 * below what would hurt. */
#define FM_MAX_FILE  (16u << 20) /* bytes of the whole file: 16 MiB */
#define FM_MAX_YAML  (1u << 20)  /* bytes between the delimiters: 1 MiB */
#define FM_MAX_DEPTH 64          /* levels of nested lists and mappings */
/* Values copied through YAML aliases (*name) in one file, all aliases
 * together, and how deep aliases may hold aliases: an anchor reused a few
 * times is fine, a "billion laughs" is refused. */
#define FM_MAX_ALIAS_VALUES 10000
#define FM_MAX_ALIAS_DEPTH  8

/* Parse a whole file. A file without a first line `---` has no
 * front-matter (zero entries, body = whole file). Errors return
 * DLG_EINVALID with err->line/col in the file, and *out is NULL then:
 * unclosed block, YAML syntax, a top level that is not a mapping, a
 * duplicate or complex key; a file over the limits above; an unresolved
 * merge conflict (a line starting "<<<<<<< " or ">>>>>>> ", anywhere in
 * the file: "LINE:1: unresolved merge conflict..."); TOML front-matter (a
 * first line `+++`: "1:1: TOML front-matter ('+++')...", so that such a
 * file is never given a YAML block). The doc keeps its own copy of data. */
int fm_parse(struct fm_doc **out, const char *data, size_t len, struct dlg_err *err);
void fm_free(struct fm_doc *doc);

/* The file as it stands after any edits (borrowed). */
const char *fm_bytes(const struct fm_doc *doc, size_t *len);
int fm_has_block(const struct fm_doc *doc);
size_t fm_body_offset(const struct fm_doc *doc);
int fm_body_line(const struct fm_doc *doc); /* file line of the body's first line */
size_t fm_count(const struct fm_doc *doc);
const struct fm_entry *fm_entry_at(const struct fm_doc *doc, size_t i);
const struct fm_entry *fm_find(const struct fm_doc *doc, const char *key);
/* Copy every entry into out (which is cleared first). */
void fm_fields(const struct fm_doc *doc, struct fields *out);

/* Set top-level key to val. An existing value's bytes are replaced (a quoted
 * value keeps its quote style); a new key is a line before the closing
 * delimiter in the file's own line ending; a file without front-matter gets
 * a block. Unknown val removes the key. The result is parsed again and
 * must hold the same other keys, in the same order. Each edit costs time
 * linear in the file's size. Returns 0 or DLG_ERROR (the doc unchanged). */
int fm_set(struct fm_doc *doc, const char *key, const struct value *val, struct dlg_err *err);
/* Add key with no value, "key:", which reads as unset: a field left to fill
 * in. A key already there is left as it is. Returns 0 or DLG_ERROR. */
int fm_add_empty(struct fm_doc *doc, const char *key, struct dlg_err *err);
/* Remove key's whole lines; 0 also when absent. */
int fm_remove(struct fm_doc *doc, const char *key, struct dlg_err *err);

/* The YAML text dlg writes for val: plain when YAML reads it back as the
 * same value, else double-quoted. Lists are flow lists. */
void fm_format_value(struct strbuf *sb, const struct value *val);
/* Whether s written plain would read back as anything but the text s. */
int fm_needs_quotes(const char *s);

#endif
