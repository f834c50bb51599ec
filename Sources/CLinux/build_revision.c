#include "build_revision.h"

// scripts/release-build writes build_revision_value.h (git-ignored) just before its build and
// removes it after, so only this file is compiled again for a new revision, and a later plain
// `swift build` finds no header and says it knows no revision.
#if __has_include("build_revision_value.h")
#include "build_revision_value.h"
#endif

#ifndef OVERSUB_GIT_REVISION
#define OVERSUB_GIT_REVISION ""
#endif

const char *oversub_build_revision(void) {
    return OVERSUB_GIT_REVISION;
}
