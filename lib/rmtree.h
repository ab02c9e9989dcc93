/* rmtree.h: removing a folder and everything in it, as `rm -rf` does, for
 * undoing what a command made when it stops half-way. */
#ifndef DLG_RMTREE_H
#define DLG_RMTREE_H

#include "lib/util.h"

/* Remove path and, when it is a folder, everything below it. Symbolic links
 * are removed, never followed, and the walk never leaves path's file system.
 * A path that does not exist is no error. On failure err says which file
 * could not be removed; what could be is gone. */
int rmtree(const char *path, struct dlg_err *err);

#endif
