#include "scheduler.h"

#include <errno.h>
#include <zlib.h>

long oversub_read_gzip(const char *path, char *out, size_t capacity) {
    gzFile file = gzopen(path, "rb");
    if (file == NULL) return errno != 0 ? -errno : -ENOENT;
    size_t total = 0;
    while (total < capacity) {
        unsigned chunk = capacity - total > (1u << 20) ? (1u << 20) : (unsigned)(capacity - total);
        int got = gzread(file, out + total, chunk);
        if (got < 0) {
            gzclose(file);
            return -EIO;
        }
        if (got == 0) break;
        total += (size_t)got;
    }
    gzclose(file);
    return (long)total;
}
