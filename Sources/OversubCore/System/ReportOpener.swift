import Foundation

/// Opens a written report in the desktop's browser with `xdg-open`, or says why it cannot.
/// Opening is a convenience: it never fails a run, and the report's path is printed either way.
public enum ReportOpener {
    public enum Decision: Equatable, Sendable {
        /// Run this `xdg-open`.
        case open(launcher: String)
        /// Why the report cannot be opened here.
        case cannotOpen(reason: String)
    }

    /// Pure: whether there is a display (`DISPLAY` or `WAYLAND_DISPLAY` set and not empty) and an
    /// `xdg-open` on `PATH`.
    public static func decide(environment: [String: String],
                              isExecutable: (String) -> Bool = FileManager.default.isExecutableFile(atPath:)) -> Decision {
        let display = ["DISPLAY", "WAYLAND_DISPLAY"].contains { !(environment[$0] ?? "").isEmpty }
        guard display else { return .cannotOpen(reason: "no display (neither DISPLAY nor WAYLAND_DISPLAY is set)") }
        let folders = (environment["PATH"] ?? "").split(separator: ":").map(String.init).filter { !$0.isEmpty }
        guard let launcher = folders.map({ $0 + "/xdg-open" }).first(where: isExecutable) else {
            return .cannotOpen(reason: "xdg-open is not on PATH (Debian: apt-get install xdg-utils)")
        }
        return .open(launcher: launcher)
    }

    /// How long to wait for `xdg-open` to report a failure. Some browsers keep it running until
    /// they close, so a launcher still running after this is taken as opening the page.
    static let failureWaitSeconds = 2.0

    /// Opens `path`; returns nil when the launcher started it, or the one-line reason it could not.
    public static func open(_ path: String,
                            environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        let launcher: String
        switch decide(environment: environment) {
        case .cannotOpen(let reason): return reason
        case .open(let found): launcher = found
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: launcher)
        process.arguments = [path]
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return "\(launcher) could not be started: \(error.localizedDescription)"
        }
        let deadline = Date().addingTimeInterval(failureWaitSeconds)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        guard !process.isRunning else { return nil }
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            return "\(launcher) failed (exit status \(process.terminationStatus))"
        }
        return nil
    }
}
