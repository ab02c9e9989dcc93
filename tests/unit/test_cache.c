/* test_cache.c: the cache builder stores each string once, and a cache
 * written with shared strings reads back as written; lib's strset_intern
 * gives one copy per string. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/cache.h"
#include "lib/util.h"

static void test_intern(void **state)
{
	struct strset set = STRSET_INIT;
	char buf[32];
	const char *a, *b;

	(void)state;
	assert_null(strset_intern(&set, NULL));
	a = strset_intern(&set, "bad-at");
	strcpy(buf, "bad-at");
	b = strset_intern(&set, buf);
	assert_ptr_equal(a, b);
	assert_ptr_not_equal(b, buf);
	assert_string_equal(a, "bad-at");
	/* many more: the table grows, the copies stay where they were */
	for (int i = 0; i < 5000; i++) {
		snprintf(buf, sizeof(buf), "name-%d", i);
		assert_string_equal(strset_intern(&set, buf), buf);
	}
	assert_ptr_equal(strset_intern(&set, "bad-at"), a);
	assert_int_equal(set.n, 5001);
	assert_true(strset_has(&set, "name-4999"));
	strset_clear(&set);
}

static void test_builder_shares(void **state)
{
	struct cache_builder b = CACHE_BUILDER_INIT;
	char buf[32];
	uint32_t first, again, other;
	size_t len;

	(void)state;
	assert_int_equal(cache_builder_str(&b, NULL), CACHE_NONE);
	first = cache_builder_str(&b, "enjoy: I enjoy it");
	len = b.strings.len;
	again = cache_builder_str(&b, "enjoy: I enjoy it");
	assert_int_equal(first, again);
	assert_int_equal(b.strings.len, len); /* nothing added */
	other = cache_builder_str(&b, "enjoy");
	assert_int_not_equal(other, first);
	assert_string_equal(b.strings.buf + other, "enjoy");
	/* past the table's first size, every string still found */
	for (int i = 0; i < 3000; i++) {
		snprintf(buf, sizeof(buf), "area-%d", i);
		cache_builder_str(&b, buf);
	}
	len = b.strings.len;
	for (int i = 0; i < 3000; i++) {
		uint32_t at;

		snprintf(buf, sizeof(buf), "area-%d", i);
		at = cache_builder_str(&b, buf);
		assert_string_equal(b.strings.buf + at, buf);
	}
	assert_int_equal(b.strings.len, len);
	assert_int_equal(cache_builder_str(&b, "enjoy: I enjoy it"), first);
	cache_builder_release(&b);
}

/* Records sharing their strings are read back each with its own. */
static void test_shared_round_trip(void **state)
{
	char dir[] = "/tmp/dlg-cache-XXXXXX";
	struct cache_builder b = CACHE_BUILDER_INIT;
	struct cache_head h;
	struct cache c;
	struct dlg_err err = DLG_ERR_INIT;
	char *file;

	(void)state;
	assert_non_null(mkdtemp(dir));
	file = xstrfmt("%s/cache", dir);
	for (int i = 0; i < 3; i++) {
		struct cache_rec *r = cache_builder_add(&b);
		char path[32];

		snprintf(path, sizeof(path), "tasks/t%d.md", i);
		r->kind = CACHE_SETTLED;
		r->path = cache_builder_str(&b, path);
		r->rule = cache_builder_str(&b, "enjoy");
		r->because = cache_builder_str(&b, "I enjoy it");
		r->to = cache_builder_str(&b, i == 1 ? "carol" : "enjoy");
	}
	memset(&h, 0, sizeof(h));
	h.key = 42;
	h.excluded = CACHE_NONE;
	assert_int_equal(cache_write(&b, file, &h, &err), 0);
	cache_load(&c, file, 42);
	assert_non_null(c.data);
	assert_int_equal(c.n, 3);
	for (uint32_t i = 0; i < c.n; i++) {
		char path[32];

		snprintf(path, sizeof(path), "tasks/t%u.md", i);
		assert_string_equal(cache_str(&c, c.recs[i].path), path);
		assert_string_equal(cache_str(&c, c.recs[i].rule), "enjoy");
		assert_string_equal(cache_str(&c, c.recs[i].because), "I enjoy it");
		assert_string_equal(cache_str(&c, c.recs[i].to), i == 1 ? "carol" : "enjoy");
	}
	assert_int_equal(c.recs[0].rule, c.recs[2].to); /* stored once */
	cache_release(&c);
	cache_builder_release(&b);
	unlink(file);
	rmdir(dir);
	free(file);
	err_clear(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_intern),
		cmocka_unit_test(test_builder_shares),
		cmocka_unit_test(test_shared_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
