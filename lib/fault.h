/* fault.h: fault injection for the crash and race tests. A fault point is
 * a named step of a sync ("rename", "ref-updated"...). With
 * DLG_FAULT=NAME:N in the environment, the N-th time the process reaches
 * point NAME it is killed there (SIGKILL, as a crash or `kill -9` would);
 * with DLG_FAULT=NAME:N:run it runs the shell command in DLG_FAULT_RUN
 * there instead and goes on (an editor saving in the middle of a sync);
 * with DLG_FAULT=NAME:N:fail, fault_point returns 1 there (after running
 * DLG_FAULT_RUN, when set), and the caller fails as if the system call it
 * guards had (a full disk, a read-only folder, even for root). Without
 * DLG_FAULT a fault point costs one comparison and returns 0. */
#ifndef DLG_FAULT_H
#define DLG_FAULT_H

int fault_point(const char *name);

#endif
