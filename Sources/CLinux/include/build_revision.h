#ifndef OVERSUB_BUILD_REVISION_H
#define OVERSUB_BUILD_REVISION_H

/// The git revision this binary was built from, as scripts/install and scripts/package pass it
/// (`swift build -Xcc -DOVERSUB_GIT_REVISION='"…"'`, from `git describe --always --dirty`), or
/// "" for a plain `swift build`, which knows no revision.
const char *oversub_build_revision(void);

#endif
