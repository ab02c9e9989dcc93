/* options.h: a command's options as a table of typed variables, after git's
 * parse-options: parsing argv into them, the usage line and --help. */
#ifndef DLG_OPTIONS_H
#define DLG_OPTIONS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "lib/date.h"
#include "lib/util.h"

struct dlg_ctx;
struct command;

enum option_type {
	OPTION_END,
	OPTION_BOOL,   /* int *: 1 when given */
	OPTION_STRING, /* const char **: the argument, borrowed from argv */
	OPTION_INT,    /* int *: a whole number */
	OPTION_DATE,   /* int *: days since 1970-01-01, from YYYY-MM-DD or "today" */
};

/* One option. A variable keeps what it held when its option is not given;
 * an OPT_DATE's should start as DATE_NONE so the command can tell. */
struct option {
	enum option_type type;
	char short_name;       /* 0 when none */
	const char *long_name; /* without "--"; NULL when none */
	void *value;
	const char *arg; /* the argument's name in --help ("DATE"); NULL for a flag */
	const char *help;
};

/* The conditionals make the compiler check each variable's type. */
#define OPT_BOOL(s, l, v, h)                                                                       \
	{                                                                                          \
		OPTION_BOOL, (s), (l), (1 ? (v) : (int *)NULL), NULL, (h)                          \
	}
#define OPT_STRING(s, l, v, a, h)                                                                  \
	{                                                                                          \
		OPTION_STRING, (s), (l), (1 ? (v) : (const char **)NULL), (a), (h)                 \
	}
#define OPT_INT(s, l, v, a, h)                                                                     \
	{                                                                                          \
		OPTION_INT, (s), (l), (1 ? (v) : (int *)NULL), (a), (h)                            \
	}
#define OPT_DATE(s, l, v, a, h)                                                                    \
	{                                                                                          \
		OPTION_DATE, (s), (l), (1 ? (v) : (int *)NULL), (a), (h)                           \
	}
#define OPT_END()                                                                                  \
	{                                                                                          \
		OPTION_END, 0, NULL, NULL, NULL, NULL                                              \
	}

/* parse_options and check_args return this when the command should go on;
 * anything else is the exit status to return at once. */
enum { OPTIONS_OK = -1 };
/* check_args' max for "any number". */
#define ARGS_ANY SIZE_MAX

/* Parse argv (argv[0] is the command's name, ctx->cmd the command) against
 * opts into their variables; the positional arguments go to args in order.
 * Long options as --name VALUE or --name=VALUE, short ones bundled (-as open,
 * -sopen); "--" ends the options and "-" is an argument. When an option is
 * given twice the last one counts, and only its value is checked. -h or
 * --help prints the command's help on stdout and returns EXIT_OK; an unknown
 * option, a missing or unwanted value prints the error and the usage line on
 * stderr and returns EXIT_FATAL, as does a bad number or date (with the
 * error only). args is cleared unless OPTIONS_OK is returned. */
int parse_options(const struct dlg_ctx *ctx, int argc, char **argv, const struct option *opts,
                  struct strlist *args);
/* Whether args holds from min to max arguments: OPTIONS_OK, or else (args
 * cleared) EXIT_FATAL after printing the usage line on stderr, preceded by
 * "NAME takes no arguments ('ARG')" when max is 0. */
int check_args(const struct dlg_ctx *ctx, struct strlist *args, size_t min, size_t max);

/* "usage: dlg NAME ARGS" */
void command_usage(FILE *fp, const struct command *cmd);
/* The usage line, summary, description and the options of opts. */
void command_help(FILE *fp, const struct command *cmd, const struct option *opts);

#endif
