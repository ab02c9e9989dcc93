/* date.c: calendar dates as days since 1970-01-01. */
#include "lib/date.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Days from civil, after Howard Hinnant's algorithm. */
int date_from_ymd(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void date_to_ymd(int days, int *y, int *m, int *d)
{
	int z = days + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;

	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp + (mp < 10 ? 3 : -9);
	*y = yoe + era * 400 + (*m <= 2);
}

int date_parse(const char *s, int *days)
{
	int y, m, d, y2, m2, d2;

	for (int i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return -1;
		} else if (s[i] < '0' || s[i] > '9') {
			return -1;
		}
	}
	if (s[10])
		return -1;
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	*days = date_from_ymd(y, m, d);
	date_to_ymd(*days, &y2, &m2, &d2);
	return y2 == y && m2 == m && d2 == d ? 0 : -1;
}

void date_format(int days, char *buf)
{
	int y, m, d;

	date_to_ymd(days, &y, &m, &d);
	if (y < 0 || y > 9999)
		y = y < 0 ? 0 : 9999;
	/* "YYYY-MM-DD" by hand: tables print thousands of dates */
	buf[0] = (char)('0' + y / 1000);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + d / 10);
	buf[9] = (char)('0' + d % 10);
	buf[10] = '\0';
}

int date_weekday(int days)
{
	/* 1970-01-01 was a Thursday (3) */
	int w = (days % 7 + 7 + 3) % 7;

	return w;
}

static int days_in_month(int y, int m)
{
	static const int n[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : n[m - 1];
}

int date_add_months(int days, int months)
{
	int y, m, d, total;

	date_to_ymd(days, &y, &m, &d);
	total = y * 12 + (m - 1) + months;
	y = total >= 0 ? total / 12 : -((-total + 11) / 12);
	m = total - y * 12 + 1;
	if (d > days_in_month(y, m))
		d = days_in_month(y, m);
	return date_from_ymd(y, m, d);
}

static int digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/* "Z", "+01:00", "+0100", "-08" at s, to its end; 0 when it is one. */
static int zone(const char *s)
{
	int h, m;

	if (!*s)
		return 0;
	if (s[0] == 'Z' && !s[1])
		return 0;
	if (s[0] != '+' && s[0] != '-')
		return -1;
	if (digits(s + 1, 2, &h) || h > 14)
		return -1;
	s += 3;
	if (*s == ':')
		s++;
	if (!*s)
		return 0;
	return digits(s, 2, &m) || m > 59 || s[2] ? -1 : 0;
}

/* "17:00", "17:00:59", "17:00:59.123", then an optional zone (a space
 * before it allowed). */
static int time_of_day(const char *s, int *minutes)
{
	int h, m, sec;

	if (digits(s, 2, &h) || s[2] != ':' || digits(s + 3, 2, &m) || h > 23 || m > 59)
		return -1;
	s += 5;
	if (*s == ':') {
		if (digits(s + 1, 2, &sec) || sec > 60)
			return -1;
		s += 3;
		if (*s == '.' || *s == ',') {
			s++;
			if (!isdigit((unsigned char)*s))
				return -1;
			while (isdigit((unsigned char)*s))
				s++;
		}
	}
	if (*s == ' ')
		s++;
	*minutes = h * 60 + m;
	return zone(s);
}

int date_parse_iso(const char *s, int *days, int *minutes, const char **why)
{
	char day[11];
	int min = -1, y, m, d;

	if (minutes)
		*minutes = -1;
	if (why)
		*why = "write dates as YYYY-MM-DD";
	if (strlen(s) < 10)
		goto near_miss;
	memcpy(day, s, 10);
	day[10] = '\0';
	if (date_parse(day, days))
		goto near_miss;
	if (s[10] && ((s[10] != 'T' && s[10] != 't' && s[10] != ' ') || time_of_day(s + 11, &min)))
		return -1;
	if (minutes)
		*minutes = min;
	return 0;
near_miss:
	/* say what is wrong where it helps: 2026-12-8, 2026-02-30, 12/01/2026 */
	if (why && sscanf(s, "%4d-%2d-%2d", &y, &m, &d) == 3) {
		if (m >= 1 && m <= 12 && d >= 1 && d <= 31 && (m < 10 || d < 10) && strlen(s) < 10)
			*why =
			    "write dates as YYYY-MM-DD, with two digits for the month and the day";
		else
			*why = "no such day";
	} else if (why && strchr(s, '/')) {
		*why = "write dates as YYYY-MM-DD (a date with slashes could be day/month or "
		       "month/day)";
	} else if (why && isalpha((unsigned char)*s)) {
		*why = "write the date itself, as YYYY-MM-DD (words like 'tomorrow' are read on "
		       "the command line only)";
	}
	return -1;
}

static int lower_eq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return 0;
	return !*a && !*b;
}

static int weekday_of(const char *s)
{
	static const char *const names[] = { "monday", "tuesday",  "wednesday", "thursday",
		                             "friday", "saturday", "sunday" };

	for (int i = 0; i < 7; i++) {
		char abbr[4];

		memcpy(abbr, names[i], 3);
		abbr[3] = '\0';
		if (lower_eq(s, names[i]) || lower_eq(s, abbr))
			return i;
	}
	return -1;
}

/* "+3d", "3d", "-2w", "1m": a count and a unit. */
static int offset(const char *s, int today, int *days)
{
	int sign = 1;
	long n;
	char *end;

	if (*s == '+' || *s == '-')
		sign = *s++ == '-' ? -1 : 1;
	if (!isdigit((unsigned char)*s))
		return -1;
	n = strtol(s, &end, 10);
	if (n > 36500 || end[0] == '\0' || end[1] != '\0')
		return -1;
	switch (tolower((unsigned char)*end)) {
	case 'd':
		*days = today + sign * (int)n;
		return 0;
	case 'w':
		*days = today + sign * 7 * (int)n;
		return 0;
	case 'm':
		*days = date_add_months(today, sign * (int)n);
		return 0;
	case 'y':
		*days = date_add_months(today, sign * 12 * (int)n);
		return 0;
	}
	return -1;
}

int date_parse_human(const char *s, int today, int *days)
{
	char unit[16];
	int n, w, used = 0;

	if (!date_parse_iso(s, days, NULL, NULL))
		return 0;
	if (lower_eq(s, "today")) {
		*days = today;
	} else if (lower_eq(s, "tomorrow")) {
		*days = today + 1;
	} else if (lower_eq(s, "yesterday")) {
		*days = today - 1;
	} else if ((w = weekday_of(s)) >= 0) {
		int ahead = (w - date_weekday(today) + 7) % 7;

		*days = today + (ahead ? ahead : 7);
	} else if (lower_eq(s, "next week")) {
		*days = today + 7 - date_weekday(today);
	} else if (lower_eq(s, "next month")) {
		int y, m, d;

		date_to_ymd(date_add_months(today, 1), &y, &m, &d);
		*days = date_from_ymd(y, m, 1);
	} else if (sscanf(s, "in %d %15s%n", &n, unit, &used) == 2 && !s[used] && n >= 0 &&
	           n <= 36500) {
		if (lower_eq(unit, "day") || lower_eq(unit, "days"))
			*days = today + n;
		else if (lower_eq(unit, "week") || lower_eq(unit, "weeks"))
			*days = today + 7 * n;
		else
			return -1;
	} else {
		return offset(s, today, days);
	}
	return 0;
}
