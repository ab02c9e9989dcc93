/* options.c: a command's options parsed into the variables its table
 * names, and its usage line and --help printed from the same table. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/options.h"
#include "cmd/output.h"

void command_usage(FILE *fp, const struct command *cmd)
{
	fprintf(fp, "usage: dlg %s%s%s\n", cmd->name, *cmd->args ? " " : "", cmd->args);
}

void command_help(FILE *fp, const struct command *cmd, const struct option *opts)
{
	command_usage(fp, cmd);
	fprintf(fp, "\n%s\n", cmd->summary);
	if (cmd->description)
		fprintf(fp, "\n%s\n", cmd->description);
	fprintf(fp, "\noptions:\n");
	for (const struct option *o = opts; o->type != OPTION_END; o++) {
		struct strbuf sb = STRBUF_INIT;

		if (o->short_name)
			strbuf_addf(&sb, "-%c%s", o->short_name, o->long_name ? ", " : "");
		if (o->long_name)
			strbuf_addf(&sb, "--%s", o->long_name);
		if (o->arg)
			strbuf_addf(&sb, " %s", o->arg);
		fprintf(fp, "  %-24s %s\n", sb.buf, o->help);
		strbuf_release(&sb);
	}
	fprintf(fp, "  %-24s %s\n", "-h, --help", "show this help");
}

/* An error in how the command was called: the message, then the usage
 * line, both on stderr. */
DLG_PRINTF(2, 3)
static int bad_usage(const struct dlg_ctx *ctx, const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	error_msg("%s", msg.buf);
	command_usage(stderr, ctx->cmd);
	strbuf_release(&msg);
	return EXIT_FATAL;
}

static const struct option *find_long(const struct option *opts, const char *name, size_t len)
{
	for (const struct option *o = opts; o->type != OPTION_END; o++)
		if (o->long_name && strlen(o->long_name) == len &&
		    !strncmp(o->long_name, name, len))
			return o;
	return NULL;
}

static const struct option *find_short(const struct option *opts, char c)
{
	for (const struct option *o = opts; o->type != OPTION_END; o++)
		if (o->short_name == c)
			return o;
	return NULL;
}

/* What the scan found: per option, the value last given ("" for a flag),
 * or NULL. */
struct scan {
	const struct dlg_ctx *ctx;
	const struct option *opts;
	const char **given;
};

static void give(struct scan *sc, const struct option *o, const char *value)
{
	sc->given[o - sc->opts] = value;
}

/* "--name[=VALUE]" at argv[*i], taking its value from the next argument
 * when it needs one. */
static int scan_long(struct scan *sc, int argc, char **argv, int *i)
{
	const char *a = argv[*i], *eq = strchr(a + 2, '=');
	size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
	const struct option *o = find_long(sc->opts, a + 2, len);

	if (!o)
		return bad_usage(sc->ctx, "unknown option '%s'", a);
	if (o->type == OPTION_BOOL) {
		if (eq)
			return bad_usage(sc->ctx, "option '%s' takes no value", a);
		give(sc, o, "");
	} else if (eq) {
		give(sc, o, eq + 1);
	} else if (*i + 1 < argc) {
		give(sc, o, argv[++*i]);
	} else {
		return bad_usage(sc->ctx, "option '%s' needs a value", a);
	}
	return OPTIONS_OK;
}

/* "-abc" at argv[*i]: flags, the last of which may take a value, from the
 * rest of the word ("-sopen") or else the next argument. */
static int scan_short(struct scan *sc, int argc, char **argv, int *i)
{
	const char *a = argv[*i];

	for (const char *p = a + 1; *p; p++) {
		const struct option *o = find_short(sc->opts, *p);

		if (!o)
			return bad_usage(sc->ctx, "unknown option '-%c'", *p);
		if (o->type == OPTION_BOOL) {
			give(sc, o, "");
			continue;
		}
		if (p[1])
			give(sc, o, p + 1);
		else if (*i + 1 < argc)
			give(sc, o, argv[++*i]);
		else
			return bad_usage(sc->ctx, "option '%s' needs a value", a);
		break;
	}
	return OPTIONS_OK;
}

static int scan(struct scan *sc, int argc, char **argv, struct strlist *args)
{
	int only_args = 0, ret;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (only_args || a[0] != '-' || !a[1]) {
			strlist_push(args, a);
		} else if (!strcmp(a, "--")) {
			only_args = 1;
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			command_help(stdout, sc->ctx->cmd, sc->opts);
			return EXIT_OK;
		} else if ((ret = a[1] == '-' ? scan_long(sc, argc, argv, &i)
		                              : scan_short(sc, argc, argv, &i)) != OPTIONS_OK) {
			return ret;
		}
	}
	return OPTIONS_OK;
}

/* "--name", or "-c" for an option with no long name. */
static const char *option_name(const struct option *o, char *buf, size_t size)
{
	if (o->long_name)
		snprintf(buf, size, "--%s", o->long_name);
	else
		snprintf(buf, size, "-%c", o->short_name);
	return buf;
}

static int parse_int(const char *s, int *out)
{
	char *end;
	long n;

	if (!*s || isspace((unsigned char)*s))
		return -1;
	errno = 0;
	n = strtol(s, &end, 10);
	if (*end || errno || n < INT_MIN || n > INT_MAX)
		return -1;
	*out = (int)n;
	return 0;
}

/* Put the value given for o into its variable. */
static int store(const struct scan *sc, const struct option *o, const char *s)
{
	char name[64];

	switch (o->type) {
	case OPTION_BOOL:
		*(int *)o->value = 1;
		return OPTIONS_OK;
	case OPTION_STRING:
		*(const char **)o->value = s;
		return OPTIONS_OK;
	case OPTION_INT:
		if (parse_int(s, o->value)) {
			error_msg("%s: '%s' is not a whole number",
			          option_name(o, name, sizeof(name)), s);
			return EXIT_FATAL;
		}
		return OPTIONS_OK;
	case OPTION_DATE:
		if (date_parse_human(s, sc->ctx->today, o->value)) {
			error_msg("%s: '%s' is not a date (YYYY-MM-DD, or today, "
			          "tomorrow, +3d, 2w, friday, next week)",
			          option_name(o, name, sizeof(name)), s);
			return EXIT_FATAL;
		}
		return OPTIONS_OK;
	case OPTION_END:
		break;
	}
	return OPTIONS_OK;
}

int parse_options(const struct dlg_ctx *ctx, int argc, char **argv, const struct option *opts,
                  struct strlist *args)
{
	struct scan sc = { ctx, opts, NULL };
	size_t n = 0;
	int ret;

	while (opts[n].type != OPTION_END)
		n++;
	sc.given = xcalloc(n + 1, sizeof(*sc.given));
	/* values are stored only once the whole line is read: --help anywhere
	 * wins, and of an option given twice only the last value counts */
	ret = scan(&sc, argc, argv, args);
	for (size_t i = 0; ret == OPTIONS_OK && i < n; i++)
		if (sc.given[i])
			ret = store(&sc, &opts[i], sc.given[i]);
	free(sc.given);
	if (ret != OPTIONS_OK)
		strlist_clear(args);
	return ret;
}

int check_args(const struct dlg_ctx *ctx, struct strlist *args, size_t min, size_t max)
{
	if (args->n >= min && args->n <= max)
		return OPTIONS_OK;
	if (!max)
		error_msg("%s takes no arguments ('%s')", ctx->cmd->name, args->v[0]);
	command_usage(stderr, ctx->cmd);
	strlist_clear(args);
	return EXIT_FATAL;
}
