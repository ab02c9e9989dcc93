/* fault.c: kill or interrupt the process at a named step, for tests. */
#include "lib/fault.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *spec; /* DLG_FAULT, or NULL when unset */
static int spec_read;
static unsigned long hits;

int fault_point(const char *name)
{
	const char *colon;
	size_t len = strlen(name);
	unsigned long want;
	char *end;

	if (!spec_read) {
		spec = getenv("DLG_FAULT");
		spec_read = 1;
	}
	if (!spec || strncmp(spec, name, len) || spec[len] != ':')
		return 0;
	colon = spec + len;
	want = strtoul(colon + 1, &end, 10);
	if (++hits != want)
		return 0;
	if (!strcmp(end, ":fail") || !strcmp(end, ":run")) {
		const char *cmd = getenv("DLG_FAULT_RUN");

		if (cmd && system(cmd) != 0)
			_exit(125);
		return !strcmp(end, ":fail");
	}
	raise(SIGKILL);
	_exit(137);
	return 0;
}
