/* test_date.c: calendar arithmetic, the ISO dates people write in files,
 * and the dates they type on the command line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/date.h"

static int d(const char *s)
{
	int days = DATE_NONE;

	assert_int_equal(date_parse(s, &days), 0);
	return days;
}

/* Every day of years around the ends and across centuries prints as
 * printf would print it, and reads back as the same day */
static void test_format(void **state)
{
	static const int years[] = { 1, 99, 999, 1899, 1900, 1999, 2000, 2024, 2026, 2100, 9999 };
	char buf[11], want[40];

	(void)state;
	for (size_t i = 0; i < sizeof(years) / sizeof(years[0]); i++) {
		int back;

		for (int m = 1; m <= 12; m++) {
			for (int d = 1; d <= 31; d++) {
				snprintf(want, sizeof(want), "%04d-%02d-%02d", years[i], m, d);
				if (date_parse(want, &back))
					continue; /* no such day */
				date_format(back, buf);
				assert_string_equal(buf, want);
			}
		}
	}
}

static void test_weekday(void **state)
{
	(void)state;
	assert_int_equal(date_weekday(d("1970-01-01")), 3); /* a Thursday */
	assert_int_equal(date_weekday(d("2026-11-22")), 6); /* a Sunday */
	assert_int_equal(date_weekday(d("2026-11-23")), 0);
	assert_int_equal(date_weekday(d("1969-12-29")), 0); /* before the epoch */
}

static void test_add_months(void **state)
{
	(void)state;
	assert_int_equal(date_add_months(d("2026-01-31"), 1), d("2026-02-28"));
	assert_int_equal(date_add_months(d("2028-01-31"), 1), d("2028-02-29"));
	assert_int_equal(date_add_months(d("2028-02-29"), 12), d("2029-02-28"));
	assert_int_equal(date_add_months(d("2026-12-15"), 1), d("2027-01-15"));
	assert_int_equal(date_add_months(d("2026-03-31"), -1), d("2026-02-28"));
	assert_int_equal(date_add_months(d("2026-01-10"), -13), d("2024-12-10"));
}

static void test_iso(void **state)
{
	int days, min;
	const char *why;

	(void)state;
	assert_int_equal(date_parse_iso("2026-12-18", &days, &min, &why), 0);
	assert_int_equal(days, d("2026-12-18"));
	assert_int_equal(min, -1);
	assert_int_equal(date_parse_iso("2026-12-18T17:00", &days, &min, &why), 0);
	assert_int_equal(min, 17 * 60);
	assert_int_equal(date_parse_iso("2024-02-27 23:59:59 -0800", &days, &min, &why), 0);
	assert_int_equal(days, d("2024-02-27")); /* the calendar day as written */
	assert_int_equal(min, 23 * 60 + 59);
	assert_int_equal(date_parse_iso("2026-12-18T17:00:05.250Z", &days, &min, &why), 0);
	assert_int_equal(date_parse_iso("2026-12-18T09:30+01:00", &days, &min, &why), 0);
	assert_int_equal(min, 9 * 60 + 30);
	assert_int_equal(date_parse_iso("2026-12-18T25:00", &days, &min, &why), -1);
	assert_int_equal(date_parse_iso("2026-12-18Tnoon", &days, &min, &why), -1);
	assert_int_equal(date_parse_iso("2026-12-8", &days, &min, &why), -1);
	assert_non_null(strstr(why, "two digits"));
	assert_int_equal(date_parse_iso("2026-02-30", &days, &min, &why), -1);
	assert_string_equal(why, "no such day");
	assert_int_equal(date_parse_iso("12/01/2026", &days, &min, &why), -1);
	assert_non_null(strstr(why, "slashes"));
	assert_int_equal(date_parse_iso("tomorrow", &days, &min, &why), -1);
	assert_non_null(strstr(why, "command line"));
}

static void test_human(void **state)
{
	int today = d("2026-11-22"), days; /* a Sunday */

	(void)state;
	assert_int_equal(date_parse_human("today", today, &days), 0);
	assert_int_equal(days, today);
	assert_int_equal(date_parse_human("Tomorrow", today, &days), 0);
	assert_int_equal(days, today + 1);
	assert_int_equal(date_parse_human("+3d", today, &days), 0);
	assert_int_equal(days, today + 3);
	assert_int_equal(date_parse_human("2w", today, &days), 0);
	assert_int_equal(days, today + 14);
	assert_int_equal(date_parse_human("-1d", today, &days), 0);
	assert_int_equal(days, today - 1);
	assert_int_equal(date_parse_human("1m", today, &days), 0);
	assert_int_equal(days, d("2026-12-22"));
	assert_int_equal(date_parse_human("friday", today, &days), 0);
	assert_int_equal(days, d("2026-11-27"));
	assert_int_equal(date_parse_human("sun", today, &days), 0);
	assert_int_equal(days, d("2026-11-29")); /* the next one, never today */
	assert_int_equal(date_parse_human("next week", today, &days), 0);
	assert_int_equal(days, d("2026-11-23"));
	assert_int_equal(date_parse_human("next month", today, &days), 0);
	assert_int_equal(days, d("2026-12-01"));
	assert_int_equal(date_parse_human("in 10 days", today, &days), 0);
	assert_int_equal(days, today + 10);
	assert_int_equal(date_parse_human("2026-12-24", today, &days), 0);
	assert_int_equal(days, d("2026-12-24"));
	assert_int_equal(date_parse_human("soon", today, &days), -1);
	assert_int_equal(date_parse_human("3", today, &days), -1);
	assert_int_equal(date_parse_human("+3x", today, &days), -1);
	assert_int_equal(date_parse_human("", today, &days), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format),     cmocka_unit_test(test_weekday),
		cmocka_unit_test(test_add_months), cmocka_unit_test(test_iso),
		cmocka_unit_test(test_human),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
