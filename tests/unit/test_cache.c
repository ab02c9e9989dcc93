/* test_cache.c: the cache builder stores each string once, and a cache
 * written with shared strings reads back as written, its records in path
 * order; lib's strset_intern gives one copy per string. */
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

static void add_rec(struct cache_builder *b, const char *path, int32_t rating)
{
	struct cache_rec *r = cache_builder_add(b);

	r->kind = CACHE_SETTLED;
	r->path = cache_builder_str(b, path);
	r->rating = rating;
}

/* Records come as the files read (a first run in order) and those copied
 * from the last cache (a second): written in path order, and of a path
 * twice the one made last kept; at the ends, between, or all out of order */
static void test_records_ordered(void **state)
{
	static const char *const firsts[][3] = {
		{ "tasks/a.md", "tasks/m.md", "tasks/zz.md" }, /* before, between, after */
		{ "tasks/b.md", "tasks/c.md", "tasks/c0.md" }, /* side by side */
		{ "tasks/aa.md", "tasks/m.md", "tasks/y.md" }, /* both ends of a path */
	};
	char dir[] = "/tmp/dlg-cache-XXXXXX";
	struct dlg_err err = DLG_ERR_INIT;
	struct cache_head h;
	struct cache c;
	char *file;

	(void)state;
	assert_non_null(mkdtemp(dir));
	file = xstrfmt("%s/cache", dir);
	memset(&h, 0, sizeof(h));
	h.excluded = CACHE_NONE;
	for (size_t t = 0; t <= ARRAY_SIZE(firsts); t++) {
		struct cache_builder b = CACHE_BUILDER_INIT;
		char path[32];
		int n = 0;

		if (t < ARRAY_SIZE(firsts)) {
			for (int i = 0; i < 3; i++)
				add_rec(&b, firsts[t][i], 1);
		} else {
			add_rec(&b, "tasks/x.md", 1); /* no two runs */
			add_rec(&b, "tasks/d.md", 1);
			add_rec(&b, "tasks/w.md", 1);
			add_rec(&b, "tasks/c.md", 1);
		}
		for (char ch = 'b'; ch <= 'y'; ch++) {
			snprintf(path, sizeof(path), "tasks/%c.md", ch);
			add_rec(&b, path, 2); /* copied: made after */
		}
		assert_int_equal(cache_write(&b, file, &h, &err), 0);
		cache_load(&c, file, 0);
		assert_non_null(c.data);
		for (uint32_t i = 0; i + 1 < c.n; i++)
			assert_true(strcmp(cache_str(&c, c.recs[i].path),
			                   cache_str(&c, c.recs[i + 1].path)) < 0);
		for (uint32_t i = 0; i < c.n; i++) {
			const char *p = cache_str(&c, c.recs[i].path);
			int copied =
			    strlen(p) == strlen("tasks/b.md") && p[6] >= 'b' && p[6] <= 'y';

			assert_int_equal(c.recs[i].rating, copied ? 2 : 1);
			n++;
		}
		assert_int_equal(n, 24 + (t == 0 ? 2 : t < 3 ? 1 : 0));
		cache_release(&c);
		cache_builder_release(&b);
	}
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
		cmocka_unit_test(test_records_ordered),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
