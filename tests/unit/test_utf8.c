/* test_utf8.c: widths in code points, and cuts that keep whole characters
 * and mark themselves with "…" at either end. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib/utf8.h"

static void test_width(void **state)
{
	(void)state;
	assert_int_equal(utf8_width(""), 0);
	assert_int_equal(utf8_width("abc"), 3);
	assert_int_equal(utf8_width("→ é"), 3);
	assert_int_equal(utf8_width("…"), 1);
	assert_int_equal(utf8_width("日本"), 2);
	/* long enough to be counted eight bytes at a time, characters across
	 * the eight-byte steps, bytes of every kind */
	assert_int_equal(utf8_width("abcdefgh"), 8);
	assert_int_equal(utf8_width("abcdefg→ijklmnopé"), 17);
	assert_int_equal(utf8_width("日本語のテキスト、長め"), 11);
	assert_int_equal(utf8_width("\x7f\xc0\x80\xff\xbf abcdefghij\xe2\x86"), 15);
	{
		char buf[64];

		for (int at = 0; at < 40; at++) {
			memset(buf, 'x', sizeof(buf));
			memcpy(buf + at, "→", 3);
			buf[50] = '\0';
			assert_int_equal(utf8_width(buf), 48);
		}
	}
}

/* s cut to width, checking the columns returned against the text. */
static void assert_cut(const char *s, size_t width, int keep_end, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	size_t used;

	strbuf_addstr(&sb, "|");
	used = utf8_add_cut(&sb, s, width, keep_end);
	assert_string_equal(sb.buf + 1, want);
	assert_int_equal(used, utf8_width(want));
	strbuf_release(&sb);
}

static void test_cut(void **state)
{
	(void)state;
	assert_cut("gutters", 7, 0, "gutters");
	assert_cut("gutters", 20, 1, "gutters");
	assert_cut("gutters", 5, 0, "gutt…");
	assert_cut("gutters", 5, 1, "…ters");
	assert_cut("gutters", 1, 0, "…");
	assert_cut("gutters", 1, 1, "…");
	assert_cut("gutters", 0, 0, "");
	assert_cut("", 0, 0, "");
}

static void test_cut_keeps_whole_characters(void **state)
{
	(void)state;
	assert_cut("é→日本語", 5, 0, "é→日本語");
	assert_cut("é→日本語", 4, 0, "é→日…");
	assert_cut("é→日本語", 4, 1, "…日本語");
	assert_cut("home/été-à-la-mer", 6, 1, "…a-mer");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_cut),
		cmocka_unit_test(test_cut_keeps_whole_characters),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
