#include "build_revision.h"

#ifndef OVERSUB_GIT_REVISION
#define OVERSUB_GIT_REVISION ""
#endif

const char *oversub_build_revision(void) {
    return OVERSUB_GIT_REVISION;
}
