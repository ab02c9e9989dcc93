/* ical.h: calendars as iCalendar bytes (RFC 5545), with libical: a list of
 * all-day events written out as one VCALENDAR, and read back. */
#ifndef DLG_ICAL_H
#define DLG_ICAL_H

#include <stddef.h>

#include "lib/strbuf.h"
#include "lib/util.h"

/* One all-day event. Every string is owned by the event. */
struct ical_event {
	char *uid;         /* stable across writes: a calendar app updates the
	                      event with this UID instead of adding another */
	int date;          /* the day, days since 1970-01-01 */
	char *summary;     /* what a calendar shows */
	char *description; /* more, on several lines; NULL when none */
	char *category;    /* one word ("follow-up", "due"); NULL when none */
};

struct ical_events {
	struct ical_event *v;
	size_t n, alloc;
};
/* clang-format off */
#define ICAL_EVENTS_INIT { NULL, 0, 0 }
/* clang-format on */

/* Append an event; every string is copied (description and category may be
 * NULL). */
void ical_events_add(struct ical_events *evs, const char *uid, int date, const char *summary,
                     const char *description, const char *category);
/* Sort by day, then by UID, so the same events always write the same bytes. */
void ical_events_sort(struct ical_events *evs);
void ical_events_clear(struct ical_events *evs);

struct ical_opts {
	const char *prodid; /* PRODID: "-//dlg//dlg 0.1.0//EN" */
	const char *name;   /* X-WR-CALNAME, the name calendar apps show; may be NULL */
	int stamp;          /* DTSTAMP of every event: this day at 00:00 UTC, so
	                       that the same events on the same day give the same
	                       bytes */
};

/* Append the events as one VCALENDAR (CRLF line endings, long lines folded,
 * text escaped, as RFC 5545 says) to out. Each event is transparent (it
 * takes no time from free/busy) and has DTSTART;VALUE=DATE and DTEND the
 * next day. DLG_ERROR with err set when libical refuses. */
int ical_write(struct strbuf *out, const struct ical_opts *opts, const struct ical_events *evs,
               struct dlg_err *err);
/* Read the VEVENTs of an iCalendar text into out (appended, in file order).
 * An event with no UID or start, or a text libical finds errors in, is
 * DLG_EINVALID with err set; out then holds what was read before. */
int ical_parse(struct ical_events *out, const char *bytes, size_t len, struct dlg_err *err);

#endif
