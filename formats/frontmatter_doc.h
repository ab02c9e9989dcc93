/* frontmatter_doc.h: the document inside formats/frontmatter, which
 * frontmatter.c parses and frontmatter_edit.c edits; for those two files
 * only (callers use frontmatter.h). */
#ifndef DLG_FRONTMATTER_DOC_H
#define DLG_FRONTMATTER_DOC_H

#include <stddef.h>

#include "formats/frontmatter.h"

struct fm_doc {
	struct strbuf bytes;
	int has_block;
	size_t bom;         /* 3 when the file starts with a UTF-8 BOM */
	size_t fm_start;    /* first byte of the YAML text */
	size_t close_start; /* first byte of the closing delimiter line */
	size_t body;        /* first byte after the closing line */
	int body_line;
	const char *eol; /* the opening line's ending: "\n" or "\r\n" */
	struct fm_entry *entries;
	size_t n, alloc;
	size_t indent; /* columns before the first key */
};

/* Parse doc->bytes (again) into its entries and offsets: 0, or an error
 * code with err set, as fm_parse. */
int fm_doc_parse(struct fm_doc *doc, struct dlg_err *err);
void fm_entry_release(struct fm_entry *e);
/* The byte just after the ':' that follows a key ending at key_end. */
size_t fm_colon_after(const char *s, size_t len, size_t key_end);

#endif
