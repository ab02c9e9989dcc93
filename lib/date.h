/* date.h: calendar dates as days since 1970-01-01 (proleptic Gregorian). */
#ifndef DLG_DATE_H
#define DLG_DATE_H

#include <limits.h>

/* No date: what a missing or unreadable date field reads as. */
#define DATE_NONE INT_MIN

/* Dates. date_parse accepts exactly YYYY-MM-DD naming a real day. */
int date_parse(const char *s, int *days);
int date_from_ymd(int y, int m, int d);
void date_to_ymd(int days, int *y, int *m, int *d);
/* buf must hold 11 bytes. */
void date_format(int days, char *buf);
/* 0 Monday ... 6 Sunday. */
int date_weekday(int days);
/* The same day months later (or earlier), on the month's last day when it
 * has fewer: 2026-01-31 + 1 month is 2026-02-28. */
int date_add_months(int days, int months);

/* A date as people write one in a file: YYYY-MM-DD, or an ISO date-time on
 * that calendar day (2026-12-18T17:00, 2026-12-18 17:00:00, with seconds,
 * fractions and a zone (Z, +01:00, -0800) or none). *minutes is the time of
 * day (0-1439) or -1 when there is none (may be NULL). 0 on success; -1
 * with *why set to a static hint when s is not such a date. */
int date_parse_iso(const char *s, int *days, int *minutes, const char **why);

/* A date as people type one on the command line: an ISO date as above, or
 * today, tomorrow, yesterday, +3d / 3d / -2d (days), +2w / 2w (weeks),
 * +1m (months), a weekday (monday or mon: the next one after today), next
 * week (next Monday), next month (the 1st of next month), in N days|weeks.
 * Case does not matter. 0 on success, else -1. */
int date_parse_human(const char *s, int today, int *days);

#endif
