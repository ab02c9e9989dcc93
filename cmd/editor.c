/* editor.c: the person's editor, as git picks it, and a yes/no question on
 * the terminal (dlg new -e, dlg edit). */
#include "cmd/editor.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmd/output.h"
#include "lib/util.h"

const char *editor_name(void)
{
	const char *editor = getenv("VISUAL");

	if (!editor || !*editor)
		editor = getenv("EDITOR");
	if (!editor || !*editor)
		editor = "vi";
	return editor;
}

int editor_run(const char *path)
{
	const char *editor = editor_name();
	/* like git, the editor setting may hold arguments: let the shell split it */
	char *cmd = xstrfmt("%s \"$@\"", editor);
	int status;
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		free(cmd);
		error_msg("cannot start the editor: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", cmd, editor, path, (char *)NULL);
		_exit(127);
	}
	free(cmd);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			error_msg("cannot wait for the editor: %s", strerror(errno));
			return -1;
		}
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		error_msg("the editor '%s' failed; the file is kept: %s", editor, path);
		return -1;
	}
	return 0;
}

int editor_can_ask(void)
{
	return isatty(STDIN_FILENO) && isatty(STDERR_FILENO);
}

int editor_ask(const char *question, int dflt)
{
	char line[64];
	size_t n;

	fflush(stdout);
	fputs(question, stderr);
	fflush(stderr);
	if (!fgets(line, sizeof(line), stdin))
		return 0;
	n = strcspn(line, " \t\r\n");
	if (!n)
		return dflt;
	return line[0] == 'y' || line[0] == 'Y';
}
