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

#endif
