/* editor.h: running the person's editor on a file, as git picks it
 * ($VISUAL, else $EDITOR, else vi), and asking a yes/no question on the
 * terminal. */
#ifndef DLG_EDITOR_H
#define DLG_EDITOR_H

/* The editor command: $VISUAL, else $EDITOR, else "vi" (borrowed). */
const char *editor_name(void);
/* Open path in the editor and wait for it. 0 when it exited 0; else -1,
 * said on stderr (the file is kept as the editor left it). */
int editor_run(const char *path);
/* Whether dlg can ask: its standard input and error are a terminal. */
int editor_can_ask(void);
/* Ask question on stderr ("re-open it? [Y/n] "), read a line from stdin:
 * 1 for yes (an empty answer is dflt), 0 for no or end of input. */
int editor_ask(const char *question, int dflt);

#endif
