/* rmtree.c: removing a folder and everything in it, without following
 * symbolic links. */
#define _XOPEN_SOURCE 700 /* nftw */
#include "lib/rmtree.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* nftw's callback can't take a payload: the first failure, for the caller */
static struct dlg_err *walk_err;
static int walk_failed;

static int remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if ((type == FTW_DP ? rmdir(path) : unlink(path)) < 0 && errno != ENOENT) {
		if (!walk_failed)
			err_set(walk_err, 0, 0, "cannot remove %s: %s", path, strerror(errno));
		walk_failed = 1;
	}
	return 0; /* remove what can be */
}

int rmtree(const char *path, struct dlg_err *err)
{
	struct stat st;
	int ret;

	if (lstat(path, &st) < 0)
		return errno == ENOENT
		           ? 0
		           : err_set(err, 0, 0, "cannot remove %s: %s", path, strerror(errno));
	walk_err = err;
	walk_failed = 0;
	ret = nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
	if (ret < 0 && !walk_failed)
		err_set(err, 0, 0, "cannot remove %s: %s", path, strerror(errno));
	ret = ret < 0 || walk_failed ? DLG_ERROR : 0;
	walk_err = NULL;
	return ret;
}
