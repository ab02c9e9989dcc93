/* ical.c: all-day events to iCalendar bytes and back, with libical. */
#include "formats/ical.h"

#include <libical/ical.h>
#include <stdlib.h>
#include <string.h>

#include "lib/date.h"

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void ical_events_add(struct ical_events *evs, const char *uid, int date, const char *summary,
                     const char *description, const char *category)
{
	struct ical_event *e;

	ALLOC_GROW(evs->v, evs->n + 1, evs->alloc);
	e = &evs->v[evs->n++];
	e->uid = xstrdup(uid);
	e->date = date;
	e->summary = xstrdup(summary ? summary : "");
	e->description = dup_or_null(description);
	e->category = dup_or_null(category);
}

static int event_cmp(const void *a, const void *b)
{
	const struct ical_event *x = a, *y = b;

	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return strcmp(x->uid, y->uid);
}

void ical_events_sort(struct ical_events *evs)
{
	if (evs->n) /* qsort must not be given a NULL array */
		qsort(evs->v, evs->n, sizeof(*evs->v), event_cmp);
}

void ical_events_clear(struct ical_events *evs)
{
	for (size_t i = 0; i < evs->n; i++) {
		free(evs->v[i].uid);
		free(evs->v[i].summary);
		free(evs->v[i].description);
		free(evs->v[i].category);
	}
	free(evs->v);
	memset(evs, 0, sizeof(*evs));
}

static struct icaltimetype day_of(int days)
{
	struct icaltimetype t = icaltime_null_date();

	date_to_ymd(days, &t.year, &t.month, &t.day);
	t.is_date = 1;
	return t;
}

static struct icaltimetype midnight_utc(int days)
{
	struct icaltimetype t = icaltime_null_time();

	date_to_ymd(days, &t.year, &t.month, &t.day);
	t.zone = icaltimezone_get_utc_timezone();
	return t;
}

static void add_x(icalcomponent *c, const char *name, const char *value)
{
	icalproperty *p = icalproperty_new_x(value);

	icalproperty_set_x_name(p, name);
	icalcomponent_add_property(c, p);
}

static icalcomponent *event_component(const struct ical_event *e, int stamp)
{
	icalcomponent *ev = icalcomponent_new_vevent();

	icalcomponent_add_property(ev, icalproperty_new_uid(e->uid));
	icalcomponent_add_property(ev, icalproperty_new_dtstamp(midnight_utc(stamp)));
	icalcomponent_add_property(ev, icalproperty_new_dtstart(day_of(e->date)));
	icalcomponent_add_property(ev, icalproperty_new_dtend(day_of(e->date + 1)));
	icalcomponent_add_property(ev, icalproperty_new_summary(e->summary));
	if (e->description)
		icalcomponent_add_property(ev, icalproperty_new_description(e->description));
	if (e->category)
		icalcomponent_add_property(ev, icalproperty_new_categories(e->category));
	icalcomponent_add_property(ev, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT));
	return ev;
}

int ical_write(struct strbuf *out, const struct ical_opts *opts, const struct ical_events *evs,
               struct dlg_err *err)
{
	icalcomponent *cal = icalcomponent_new_vcalendar();
	char *text;

	if (!cal)
		return err_set(err, 0, 0, "cannot make a calendar: %s",
		               icalerror_strerror(icalerrno));
	icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
	icalcomponent_add_property(cal, icalproperty_new_prodid(opts->prodid));
	icalcomponent_add_property(cal, icalproperty_new_calscale("GREGORIAN"));
	if (opts->name)
		add_x(cal, "X-WR-CALNAME", opts->name);
	for (size_t i = 0; i < evs->n; i++)
		icalcomponent_add_component(cal, event_component(&evs->v[i], opts->stamp));
	text = icalcomponent_as_ical_string_r(cal);
	icalcomponent_free(cal);
	if (!text)
		return err_set(err, 0, 0, "cannot write the calendar: %s",
		               icalerror_strerror(icalerrno));
	strbuf_addstr(out, text);
	icalmemory_free_buffer(text);
	return 0;
}

static int date_of(struct icaltimetype t)
{
	return icaltime_is_null_time(t) ? DATE_NONE : date_from_ymd(t.year, t.month, t.day);
}

static const char *categories_of(icalcomponent *ev)
{
	icalproperty *p = icalcomponent_get_first_property(ev, ICAL_CATEGORIES_PROPERTY);

	return p ? icalproperty_get_categories(p) : NULL;
}

/* One VEVENT; -1 with err set when it lacks what every event has. */
static int read_event(struct ical_events *out, icalcomponent *ev, size_t nth, struct dlg_err *err)
{
	const char *uid = icalcomponent_get_uid(ev);
	int day = date_of(icalcomponent_get_dtstart(ev));

	if (!uid || !*uid)
		return err_set(err, 0, 0, "event %zu has no UID", nth);
	if (day == DATE_NONE)
		return err_set(err, 0, 0, "event '%s' has no start", uid);
	ical_events_add(out, uid, day, icalcomponent_get_summary(ev),
	                icalcomponent_get_description(ev), categories_of(ev));
	return 0;
}

int ical_parse(struct ical_events *out, const char *bytes, size_t len, struct dlg_err *err)
{
	char *text = xstrndup(bytes, len);
	icalcomponent *cal = icalparser_parse_string(text);
	icalcomponent *ev;
	size_t nth = 0;
	int ret = 0;

	free(text);
	if (!cal || icalcomponent_isa(cal) != ICAL_VCALENDAR_COMPONENT) {
		ret = err_set(err, 0, 0, "not an iCalendar file (no VCALENDAR)");
	} else if (icalcomponent_count_errors(cal)) {
		ret = err_set(err, 0, 0, "the calendar has %d error(s)",
		              icalcomponent_count_errors(cal));
	}
	for (ev = cal && !ret ? icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT)
	                      : NULL;
	     ev && !ret; ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT))
		ret = read_event(out, ev, ++nth, err);
	if (cal)
		icalcomponent_free(cal);
	return ret ? DLG_EINVALID : 0;
}
