/* calendar.h: what a calendar shows of the tasks: the follow-up of every
 * task waiting on someone (who, what, how late) and the due date of every
 * unfinished task, as all-day events whose UIDs come from the task's id and
 * the kind of event, so that a calendar subscribed to the file moves an
 * event when its date moves instead of adding another. The events are pure
 * (fields and today in); writing the file is calendar_save. */
#ifndef DLG_CALENDAR_H
#define DLG_CALENDAR_H

#include "core/people.h"
#include "formats/ical.h"
#include "lib/value.h"

/* One task, as the calendar reads it; everything borrowed. */
struct cal_task {
	const char *id;    /* "home/clean-gutters" */
	const char *path;  /* "tasks/home/clean-gutters.md" */
	const char *title; /* its title (else its id) */
	const struct fields *fields;
};

/* The UID of the event of a kind ("follow-up", "due") for a task id:
 * "follow-up/home/clean-gutters@dlg", bytes outside [A-Za-z0-9._~/-]
 * %-encoded. Caller frees. */
char *calendar_uid(const char *kind, const char *id);

/* Append the events of the tasks to out, sorted by day then UID. A waiting
 * task's follow-up is on its day, or on today when that day is past (the
 * summary then says how late); a due date is on its day. people gives the
 * names of who has the work (may be empty). */
void calendar_events(struct ical_events *out, const struct cal_task *tasks, size_t n,
                     const struct people_info *people, int today);

/* The whole file: the events as one VCALENDAR, every DTSTAMP today. */
int calendar_format(struct strbuf *out, const struct ical_events *evs, int today,
                    struct dlg_err *err);

/* Replace the file at path (relative to root, or absolute) with bytes,
 * atomically, unless it already holds them; *written says whether it was
 * replaced. The folder must exist, and may not be (or lead through a link
 * into) tasks/, people/ or .git/ of root. DLG_ERROR with err set when it
 * can't be written. */
int calendar_save(const char *root, const char *path, const struct strbuf *bytes, int *written,
                  struct dlg_err *err);

#endif
