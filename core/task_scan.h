/* task_scan.h: the walk that finds the task and person files, for
 * task.c: the paths and stamps of every .md file under a folder. */
#ifndef DLG_TASK_SCAN_H
#define DLG_TASK_SCAN_H

#include "core/task.h"

struct scanned {
	struct strlist paths;
	struct file_stamp *stamps; /* parallel to paths */
	size_t alloc;
	unsigned flags;
	struct diags *warnings;
	/* when set, called (in this thread, the walk's threads going on) each
	 * time paths were added at the end, in their order; what it returns
	 * other than 0 stops the walk and is returned, with err set */
	int (*found)(struct scanned *s, void *arg, struct dlg_err *err);
	void *found_arg;
};

/* Collect the .md files under root/dir (recursively when deep) as paths
 * relative to root. Dot files and folders are skipped, as git users expect
 * of editor swap files and the like; so are folders holding a .git (a
 * submodule or a repository of its own: never the person's tasks). A
 * symbolic link is never followed, and is reported. A missing folder is
 * not an error. */
int scan_dir(const char *root, const char *dir, int deep, struct scanned *out, struct dlg_err *err);

#endif
