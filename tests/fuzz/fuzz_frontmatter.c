/* fuzz_frontmatter.c: libFuzzer target for the front-matter parser and its
 * lossless edits. Parses the input; when it parses, the bytes must come back
 * unchanged, and setting, adding and removing fields must leave a document
 * that parses again, and so must the next occurrence of a repeating task
 * made from it (core/repeat.h: fields removed, due set, the checklist
 * unticked). make fuzz builds it (build/fuzz/bin/fuzz_frontmatter) and
 * runs it on tests/corpus, the examples and pathological inputs such as an
 * alias bomb (scripts/fuzz.sh). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/repeat.h"
#include "formats/frontmatter.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void must(int cond)
{
	if (!cond)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dlg_err err = DLG_ERR_INIT;
	struct fm_doc *doc = NULL, *again = NULL;
	struct value v = VALUE_INIT;
	const char *bytes;
	size_t len;

	if (fm_parse(&doc, (const char *)data, size, &err)) {
		must(doc == NULL && err.msg && err.line >= 1);
		err_clear(&err);
		return 0;
	}
	bytes = fm_bytes(doc, &len);
	must(len == size && !memcmp(bytes, data, size));
	{
		struct strbuf next = STRBUF_INIT;

		if (repeat_next_file(&next, (const char *)data, size, 20000, &err) == 0) {
			must(fm_parse(&again, next.buf, next.len, NULL) == 0);
			fm_free(again);
			again = NULL;
		}
		err_clear(&err);
		strbuf_release(&next);
	}
	value_set_string(&v, "waiting");
	fm_set(doc, "status", &v, &err);
	err_clear(&err);
	value_set_date(&v, 20000);
	fm_set(doc, "follow_up", &v, &err);
	err_clear(&err);
	if (fm_count(doc))
		fm_remove(doc, fm_entry_at(doc, 0)->key, &err);
	err_clear(&err);
	bytes = fm_bytes(doc, &len);
	must(fm_parse(&again, bytes, len, &err) == 0);
	fm_free(again);
	fm_free(doc);
	value_free(&v);
	err_clear(&err);
	return 0;
}
