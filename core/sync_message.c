/* sync_message.c: the commit messages a sync writes: the person's edits
 * ("Edit clean-gutters, add file-taxes") and dlg's decisions, one line per
 * task saying what changed and why, with a Dlg-Sync: trailer. */
#include "core/sync_message.h"

#include <stdlib.h>
#include <string.h>

/* "clean-gutters" for a task, "person carol" for a person, else the path. */
static char *path_name(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	char *id = task_id_from_path(path);

	if (id) {
		strbuf_add_path(&sb, id);
		free(id);
	} else if (starts_with(path, "people/") && ends_with(path, ".md")) {
		char *who = xstrndup(path + 7, strlen(path) - 10);

		strbuf_addstr(&sb, "person ");
		strbuf_add_path(&sb, who);
		free(who);
	} else {
		strbuf_add_path(&sb, path);
	}
	return strbuf_detach(&sb, NULL);
}

/* A name as it goes into a message: quoted when it must be. */
static const char *q(struct strbuf *sb, const char *s)
{
	strbuf_reset(sb);
	strbuf_add_path(sb, s);
	return sb->buf;
}

static const char *change_verb(char status)
{
	switch (status) {
	case 'A':
		return "add";
	case 'D':
		return "delete";
	case 'R':
		return "rename";
	default:
		return "edit";
	}
}

/* ", add 35 tasks and 12 people" for the changes of one kind. */
static void add_counts(struct strbuf *sb, const struct repo_changes *ch, char status)
{
	size_t tasks = 0, people = 0, other = 0;
	struct strbuf what = STRBUF_INIT;

	for (size_t i = 0; i < ch->n; i++) {
		const char *p = ch->v[i].new_path ? ch->v[i].new_path : ch->v[i].old_path;

		if (ch->v[i].status != status)
			continue;
		if (starts_with(p, "tasks/"))
			tasks++;
		else if (starts_with(p, "people/"))
			people++;
		else
			other++;
	}
	{
		char *part[3];
		size_t k = 0;

		if (tasks)
			part[k++] = xstrfmt("%zu task%s", tasks, tasks == 1 ? "" : "s");
		if (people)
			part[k++] = xstrfmt("%zu %s", people, people == 1 ? "person" : "people");
		if (other)
			part[k++] = xstrdup("dlg.ini");
		for (size_t i = 0; i < k; i++) {
			strbuf_addf(&what, "%s%s",
			            i == 0       ? ""
			            : i + 1 == k ? " and "
			                         : ", ",
			            part[i]);
			free(part[i]);
		}
	}
	if (what.len)
		strbuf_addf(sb, "%s%s %s", sb->len ? ", " : "", change_verb(status), what.buf);
	strbuf_release(&what);
}

/* "Edit clean-gutters, add file-taxes"; with many files, counts:
 * "Edit 12 files, add 3, delete 1". */
char *sync_edits_subject(const struct repo_changes *ch)
{
	static const char order[] = { 'M', 'A', 'D', 'R' };
	struct strbuf sb = STRBUF_INIT;

	if (ch->n <= 3) {
		for (size_t k = 0; k < ARRAY_SIZE(order); k++) {
			int first = 1;

			for (size_t i = 0; i < ch->n; i++) {
				const struct repo_change *c = &ch->v[i];
				char *name;

				if (c->status != order[k])
					continue;
				name = path_name(c->new_path ? c->new_path : c->old_path);
				strbuf_addf(&sb, "%s%s%s", sb.len ? ", " : "",
				            first ? change_verb(c->status) : "", first ? " " : "");
				if (c->status == 'R') {
					char *old = path_name(c->old_path);

					strbuf_addf(&sb, "%s to %s", old, name);
					free(old);
				} else {
					strbuf_addstr(&sb, name);
				}
				first = 0;
				free(name);
			}
		}
	} else {
		for (size_t k = 0; k < ARRAY_SIZE(order); k++)
			add_counts(&sb, ch, order[k]);
	}
	if (sb.len)
		sb.buf[0] = (char)(sb.buf[0] - 'a' + 'A');
	return strbuf_detach(&sb, NULL);
}

char *sync_edits_message(const char *subject, const struct repo_changes *ch, const char *id,
                         const char *note)
{
	struct strbuf sb = STRBUF_INIT, a = STRBUF_INIT, b = STRBUF_INIT;

	strbuf_addf(&sb, "%s\n\n", subject);
	for (size_t i = 0; i < ch->n; i++) {
		const struct repo_change *c = &ch->v[i];

		if (c->status == 'R')
			strbuf_addf(&sb, "rename  %s → %s\n", q(&a, c->old_path),
			            q(&b, c->new_path));
		else
			strbuf_addf(&sb, "%-6s  %s\n", change_verb(c->status),
			            q(&a, c->new_path ? c->new_path : c->old_path));
	}
	if (id && note)
		strbuf_addf(&sb, "\n%s: %s\n", q(&a, id), note);
	strbuf_release(&a);
	strbuf_release(&b);
	strbuf_addstr(&sb, id && note ? "\nAs a dlg command wrote it;" : "\nAs written by hand;");
	strbuf_addstr(&sb, " dlg's own changes follow in the next commit.\n");
	return strbuf_detach(&sb, NULL);
}

static const char *status_or(const char *s, const char *dflt)
{
	return s ? s : dflt;
}

static void add_via(struct strbuf *sb, const struct sync_event *e)
{
	if (e->to && e->channel)
		strbuf_addf(sb, " via %s to %s", e->channel, e->to);
	else if (e->to)
		strbuf_addf(sb, " to %s", e->to);
	else if (e->channel)
		strbuf_addf(sb, " via %s", e->channel);
}

/* The body line of one event, when it has one. handed_too: the same task
 * was also handed off (the decided line then says the follow-up). */
static void add_event_line(struct strbuf *sb, const struct sync_event *e,
                           const struct sync_event *handed)
{
	struct strbuf idq = STRBUF_INIT;
	const char *id = q(&idq, e->id);
	char date[11];

	switch (e->kind) {
	case SYNC_DECIDED:
		strbuf_addf(sb, "%s: %s → %s", id, status_or(e->old_status, "inbox"),
		            decision_name(e->decision));
		add_via(sb, e);
		if (handed) {
			date_format(handed->follow_up, date);
			strbuf_addf(sb, ", follow up %s", date);
		}
		strbuf_addf(sb, " (%s%s%s)\n", e->rule ? e->rule : "manual", e->because ? ": " : "",
		            e->because ? e->because : "");
		break;
	case SYNC_HANDED:
		date_format(e->follow_up, date);
		strbuf_addf(sb, "%s: %s → waiting, to %s, follow up %s\n", id,
		            status_or(e->old_status, "open"), e->to, date);
		break;
	case SYNC_COMPLETED:
		date_format(e->date, date);
		strbuf_addf(sb, "%s: done, completed %s%s%s\n", id, date,
		            e->rating ? ", rated " : "", e->rating ? e->rating : "");
		break;
	case SYNC_REPEATED: {
		struct strbuf nq = STRBUF_INIT;

		date_format(e->date, date);
		strbuf_addf(sb, "%s: repeats (%s): next %s, due %s\n", id,
		            e->period ? e->period : "?", q(&nq, e->next), date);
		strbuf_release(&nq);
		break;
	}
	default:
		break;
	}
	strbuf_release(&idq);
}

char *sync_dlg_subject(const struct sync_counts *c, size_t written)
{
	const struct {
		const char *verb;
		size_t n;
	} parts[] = {
		{ "decide", c->decided },
		{ "hand off", c->handed },
		{ "complete", c->completed },
		{ "repeat", c->repeated },
	};
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < ARRAY_SIZE(parts); i++) {
		if (!parts[i].n)
			continue;
		strbuf_addf(&sb, "%s%s %zu%s", sb.len ? ", " : "", parts[i].verb, parts[i].n,
		            sb.len            ? ""
		            : parts[i].n == 1 ? " task"
		                              : " tasks");
	}
	if (!sb.len)
		strbuf_addf(&sb, "update %zu task%s", written, written == 1 ? "" : "s");
	sb.buf[0] = (char)(sb.buf[0] - 'a' + 'A');
	return strbuf_detach(&sb, NULL);
}

void sync_task_lines(struct strbuf *sb, const struct sync_event *ev, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct sync_event *e = &ev[i], *handed = NULL;

		if (e->kind == SYNC_HANDED && i > 0 && ev[i - 1].kind == SYNC_DECIDED &&
		    !strcmp(ev[i - 1].id, e->id))
			continue; /* said on the decided line */
		if (e->kind == SYNC_DECIDED && i + 1 < n && ev[i + 1].kind == SYNC_HANDED &&
		    !strcmp(ev[i + 1].id, e->id))
			handed = &ev[i + 1];
		add_event_line(sb, e, handed);
	}
}

void sync_dlg_trailer(struct strbuf *sb, const char *note, int today)
{
	char date[11];

	date_format(today, date);
	if (note)
		strbuf_addf(sb, "\n%s\n", note);
	strbuf_addf(sb, "\nDlg-Sync: %s (dlg %s)\n", date, DLG_VERSION);
}

char *sync_dlg_message(const char *subject, const char *body, const char *note, int today)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%s\n\n%s", subject, body);
	sync_dlg_trailer(&sb, note, today);
	return strbuf_detach(&sb, NULL);
}
