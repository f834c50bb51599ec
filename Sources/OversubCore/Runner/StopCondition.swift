#if canImport(Glibc)
import Glibc
#endif
import CLinux

/// The signals that end a run early, and what the process exits with after one.
public enum InterruptSignal: Int32, Codable, Sendable, CaseIterable {
    case hangup = 1
    case interrupt = 2
    case terminate = 15

    /// "SIGINT".
    public var name: String {
        switch self {
        case .hangup: "SIGHUP"
        case .interrupt: "SIGINT"
        case .terminate: "SIGTERM"
        }
    }

    /// 128 + the signal's number, as a shell reports a process the signal ended: 129, 130, 143.
    public var exitCode: Int32 { 128 + rawValue }

    /// Ends the process by this signal with its default action (after the files are written), so
    /// that a shell loop around oversub sees the interruption and stops as well.
    public func endProcess() -> Never {
        oversub_stop_reraise(rawValue)
        exit(exitCode)
    }

    public init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        guard let signal = Self.allCases.first(where: { $0.name == name }) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "'\(name)' is not SIGHUP, SIGINT or SIGTERM"))
        }
        self = signal
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}

/// How the runner learns that it should stop, and how it waits so that a stop ends the wait at
/// once. `signals` is the process's SIGINT/SIGTERM/SIGHUP (after `installSignalHandlers`);
/// tests inject their own.
public struct StopCondition: Sendable {
    /// The stop requested so far, or nil.
    public let requested: @Sendable () -> InterruptSignal?
    /// Sleeps until the monotonic deadline or a stop; true when a stop was requested.
    public let sleepUntil: @Sendable (Int) -> Bool

    public init(requested: @escaping @Sendable () -> InterruptSignal?, sleepUntil: @escaping @Sendable (Int) -> Bool) {
        self.requested = requested
        self.sleepUntil = sleepUntil
    }

    /// The process's stop signals. Before `installSignalHandlers` nothing is requested and the
    /// sleeps are plain sleeps.
    public static let signals = StopCondition(
        requested: { InterruptSignal(rawValue: oversub_stop_signal()) },
        sleepUntil: { oversub_stop_sleep_until(Int64($0)) != 0 })

    /// Makes SIGINT, SIGTERM and SIGHUP request a stop; another one a second or more later ends
    /// the process at once with 128 + its number. Returns the errno text when the handlers could
    /// not be installed.
    public static func installSignalHandlers() -> String? {
        let status = oversub_stop_install()
        return status == 0 ? nil : String(cString: strerror(status))
    }

    /// Sleeps `nanoseconds`; true when a stop ended the sleep.
    func sleep(nanoseconds: Int) -> Bool {
        sleepUntil(monotonicNanoseconds() + nanoseconds)
    }
}

/// A run that a stop signal ended after its files were written: the process ends by that signal.
public struct InterruptedRun: Error {
    public var signal: InterruptSignal
    public init(signal: InterruptSignal) { self.signal = signal }
}
