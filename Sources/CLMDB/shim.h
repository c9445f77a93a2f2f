#ifndef OPX_CLMDB_SHIM_H
#define OPX_CLMDB_SHIM_H
#include <lmdb.h>
#include <sys/vfs.h>

/* The file system magic of the file system holding `path` (statfs f_type), or 0 when unknown.
 * Used to refuse network and FUSE file systems for LMDB (lmdb.h caveats). */
static inline long opx_filesystem_type(const char *path) {
    struct statfs fs;
    return statfs(path, &fs) == 0 ? (long)fs.f_type : 0;
}
#endif
