/* ini.h: reading an INI file (dlg.ini) into a list of section headers and
 * `key = value` entries in file order, each with its line number. A thin
 * layer over inih: inih splits keys from values and strips comments; this
 * layer keeps line numbers, reports every line inih rejects, and reads
 * lines of any length (inih's buffer holds 198 characters). */
#ifndef DLG_INI_H
#define DLG_INI_H

#include <stddef.h>

#include "lib/util.h"

/* One line that means something: a section header (key NULL) or an entry.
 * A section `[rule enjoy]` has section "rule" and name "enjoy"; `[me]` has
 * section "me" and name NULL. Entries carry the section they are in ("" and
 * NULL before the first header). Indentation means nothing: an indented
 * line is read like any other (not as a configparser continuation line). */
struct ini_item {
	int line;
	char *section;
	char *name;
	char *key;   /* NULL for a section header */
	char *value; /* NULL for a section header */
	int broken;  /* a header that could not be read (already reported):
	                section "", and its entries belong to no section */
};

struct ini_doc {
	struct ini_item *v;
	size_t n;
	size_t alloc;
};
#define INI_DOC_INIT                                                                               \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

/* Read INI text (len bytes; need not be NUL-terminated). Lines that are not
 * a comment, a header or `key = value` are added to diags as
 * "path:LINE: message". Returns 0, or DLG_EINVALID when a line was
 * rejected; doc holds every line that could be read either way and is
 * released with ini_doc_release. */
int ini_read(struct ini_doc *doc, const char *path, const char *text, size_t len,
             struct diags *diags);
void ini_doc_release(struct ini_doc *doc);

#endif
