#ifndef OVERSUB_BUILD_REVISION_H
#define OVERSUB_BUILD_REVISION_H

/// The git revision this binary was built from (`git describe --always --dirty`), as
/// scripts/release-build compiles it in for scripts/install and scripts/package, or "" for a
/// plain `swift build`, which knows no revision (see build_revision.c).
const char *oversub_build_revision(void);

#endif
