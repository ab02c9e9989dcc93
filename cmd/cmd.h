/* cmd.h: what every command gets (struct dlg_ctx), the command table's
 * entries, option parsing declared as data, and output helpers. */
#ifndef DLG_CMD_H
#define DLG_CMD_H

#include <stdio.h>

#include "core/config.h"
#include "lib/util.h"

/* Exit statuses (DESIGN.md): 0 all done; 1 done, but some tasks were invalid
 * or undecidable; 2 nothing done. */
enum { EXIT_OK = 0, EXIT_PARTIAL = 1, EXIT_FATAL = 2 };

/* What a command needs before it runs; dlg.c provides it. */
enum {
	NEED_ROOT = 1 << 0,   /* ctx->root: the task repository's top folder */
	NEED_CONFIG = 1 << 1, /* ctx->cfg: dlg.ini loaded and valid (else exit 2) */
};

struct option_spec {
	const char *name; /* long name, without "--" */
	char short_name;  /* 0 when none */
	const char *arg;  /* NULL for a flag; else the argument's name, "DATE" */
	const char *help;
};

struct dlg_ctx;
struct command {
	const char *name;
	int (*fn)(int argc, char **argv, struct dlg_ctx *ctx);
	unsigned flags;
	const char *args;                  /* after "dlg NAME": "[--dry-run]", "ID PERSON" */
	const char *summary;               /* one line */
	const char *description;           /* a paragraph for --help, or NULL */
	const struct option_spec *options; /* ends with { NULL } */
};

struct dlg_ctx {
	const struct command *cmd;
	const char *start_dir; /* -C DIR, else "." */
	char *root;            /* NEED_ROOT: absolute path of the task repository */
	struct config *cfg;    /* NEED_CONFIG */
	int today;             /* days since 1970-01-01 (--today, DLG_TODAY, clock) */
	int color;             /* stdout is a terminal, no NO_COLOR, no --no-color */
	int no_color;          /* --no-color given */
};

/* Parse argv (argv[0] is the command name) against cmd->options. values[i]
 * receives the argument of options[i] ("" for a flag given, NULL when
 * absent; the last one given wins). Positional arguments go to args, in
 * order; "--" ends options. --help prints the command's help and returns 1;
 * a bad option prints an error and the usage line and returns -1; else 0. */
int parse_options(const struct command *cmd, int argc, char **argv, const char **values,
                  struct strlist *args);
/* The index of option name in cmd->options (for values[]). */
int option_index(const struct command *cmd, const char *name);
void command_usage(FILE *fp, const struct command *cmd);
void command_help(FILE *fp, const struct command *cmd);

/* Parse a date argument (YYYY-MM-DD, "today") for an option; prints the
 * error itself and returns -1 when bad. */
int parse_date_arg(const char *opt, const char *s, const struct dlg_ctx *ctx, int *days);

/* The commands. Each cmd/NAME.c defines `const struct command cmd_NAME_def`. */
extern const struct command cmd_agenda_def, cmd_brief_def, cmd_check_def, cmd_done_def,
    cmd_explain_def, cmd_give_def, cmd_help_def, cmd_init_def, cmd_list_def, cmd_log_def,
    cmd_new_def, cmd_people_def, cmd_report_def, cmd_sync_def;
/* The table, sorted by name, NULL-terminated. */
extern const struct command *const dlg_commands[];
const struct command *find_command(const char *name);

#endif
