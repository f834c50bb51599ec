import CLinux

/// The git revision the binary was built from, for `oversub --version`. scripts/install and
/// scripts/package compile it in (see Sources/CLinux/include/build_revision.h); a plain
/// `swift build` has none, and says so rather than guessing.
public enum BuildRevision {
    /// `git describe --always --dirty` of the built tree, or nil when the build was not told.
    public static let revision: String? = {
        let text = singleLine(String(cString: oversub_build_revision()))
        return text.isEmpty ? nil : text
    }()

    /// "0.1.0 (git 2e5de42)", or "0.1.0 (unknown revision)".
    public static var versionLine: String {
        "\(EnvironmentProbe.oversubVersion) (\(revision.map { "git " + $0 } ?? "unknown revision"))"
    }
}
