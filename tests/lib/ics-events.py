#!/usr/bin/python3
# ics-events.py FILE: one line per VEVENT of the iCalendar FILE, sorted:
# "UID DAY CATEGORY SUMMARY", as Debian's python3-icalendar reads it: a
# second parser beside libical. Fails on lines not ended by CRLF, on an event
# that is not all day, and on one without DTSTAMP.
import sys

from icalendar import Calendar

raw = open(sys.argv[1], "rb").read()
assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b""), "CRLF lines"
cal = Calendar.from_ical(raw)
assert cal["VERSION"] == "2.0" and cal["PRODID"].startswith("-//dlg//")
rows = []
for ev in cal.walk("VEVENT"):
    start, end = ev.decoded("DTSTART"), ev.decoded("DTEND")
    assert (end - start).days == 1 and not hasattr(start, "hour"), "not all day"
    assert "DTSTAMP" in ev, "no DTSTAMP"
    cat = ev.get("CATEGORIES")
    cat = cat.to_ical().decode() if cat is not None else "-"
    rows.append("%s %s %s %s" % (ev["UID"], start.isoformat(), cat, ev["SUMMARY"]))
print("\n".join(sorted(rows)))
