/* brief.c: `dlg brief ID [--html]`: the task's `## Brief` section under its
 * title and due date, as Markdown or as a standalone HTML page, ready to send
 * to whoever takes the task. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/common.h"
#include "cmd/options.h"
#include "cmd/output.h"
#include "core/task.h"
#include "formats/markdown.h"

static int is_blank(const char *s)
{
	for (; *s; s++)
		if (!strchr(" \t\r\n", *s))
			return 0;
	return 1;
}

static void print_markdown(const struct task *t, const char *due, const char *brief)
{
	size_t len = strlen(brief);

	printf("# %s\n\n", t->title);
	if (*due)
		printf("Due: %s\n\n", due);
	fwrite(brief, 1, len, stdout);
	if (len && brief[len - 1] != '\n')
		fputc('\n', stdout);
}

/* The title and due date are written as HTML, not Markdown, so that a title
 * holding '<' or '*' comes out as written. */
static void print_html(const struct task *t, const char *due, const char *brief)
{
	struct strbuf body = STRBUF_INIT;
	char *html = md_to_html(brief, strlen(brief)), *page;

	strbuf_addstr(&body, "<h1>");
	md_html_escape(&body, t->title);
	strbuf_addstr(&body, "</h1>\n");
	if (*due) {
		strbuf_addstr(&body, "<p>Due: ");
		md_html_escape(&body, due);
		strbuf_addstr(&body, "</p>\n");
	}
	strbuf_addstr(&body, html);
	page = md_html_page(t->title, body.buf);
	fputs(page, stdout);
	free(page);
	free(html);
	strbuf_release(&body);
}

static int cmd_brief(int argc, char **argv, struct dlg_ctx *ctx)
{
	int html = 0;
	const struct option options[] = {
		OPT_BOOL(0, "html", &html, "print a standalone HTML page instead of Markdown"),
		OPT_END(),
	};
	struct strlist args = STRLIST_INIT;
	struct taskset ts = TASKSET_INIT;
	struct md_info info = MD_INFO_INIT;
	const char *bytes;
	struct task one, *found, *t;
	struct dlg_err err = DLG_ERR_INIT;
	size_t len, off;
	int ret;

	if ((ret = parse_options(ctx, argc, argv, options, &args)) != OPTIONS_OK ||
	    (ret = check_args(ctx, &args, 1, 1)) != OPTIONS_OK)
		return ret;
	memset(&one, 0, sizeof(one));
	/* Bodies are read for the one task only: a large repository has many. */
	if (load_taskset(&ts, ctx, 0) || !(found = resolve_task(&ts, args.v[0]))) {
		ret = EXIT_FATAL;
		goto out;
	}
	if (task_load(&one, ts.root, found->path, TASKSET_BODY, &err)) {
		error_msg("%s", err.msg);
		ret = EXIT_FATAL;
		goto out;
	}
	t = &one;
	if (!t->valid) {
		error_msg("%s:%d:%d: %s", t->path, t->err.line, t->err.col, t->err.msg);
		ret = EXIT_PARTIAL;
		goto out;
	}
	bytes = fm_bytes(t->doc, &len);
	off = fm_body_offset(t->doc);
	md_scan(&info, bytes + off, len - off);
	if (!info.brief) {
		error_msg("%s has no '## Brief' section; add one with what whoever takes it needs "
		          "to know",
		          t->path);
		ret = EXIT_PARTIAL;
		goto out;
	}
	if (is_blank(info.brief))
		warning_msg("the '## Brief' section of %s is empty", t->path);
	if (html)
		print_html(t, field_str(&t->fields, "due"), info.brief);
	else
		print_markdown(t, field_str(&t->fields, "due"), info.brief);
	ret = EXIT_OK;
out:
	md_info_release(&info);
	task_release(&one);
	err_clear(&err);
	taskset_release(&ts);
	strlist_clear(&args);
	return ret;
}

const struct command cmd_brief_def = {
	"brief",
	cmd_brief,
	NEED_ROOT,
	"ID [--html]",
	"print a task's Brief section, to send to whoever takes it",
	"Prints the task's title as a '# ' heading, its due date when it has one, and\n"
	"the text of its '## Brief' section as written, checklist included. With\n"
	"--html, a standalone HTML page rendered from it (raw HTML in the brief is left\n"
	"out). Exits 1 when the task has no '## Brief' section, 2 when there is no such\n"
	"task.",
};
