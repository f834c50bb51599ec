import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import OversubCore

// Arguments → command → run; every failure ends as one line on stderr and an exit code:
// 2 for usage/config/output errors, 1 for a sweep that stopped early.
func fail(_ message: String, code: Int32) -> Never {
    writeStandardError("oversub: error: \(singleLine(message))\n")
    exit(code)
}

do {
    var command = try Oversub.parseAsRoot()
    try command.run()
} catch let error as UsageError {
    fail(error.message, code: 2)
} catch let error as RunFailure {
    fail(error.message, code: 1)
} catch {
    let exitCode = Oversub.exitCode(for: error)
    if exitCode == .success {
        Oversub.exit(withError: error)  // --help, --version
    }
    if error is ExitCode { exit(exitCode.rawValue) }
    guard exitCode == .validationFailure else {
        // Not about the command line: e.g. an encoding failure while writing the result.
        fail("\(error)", code: 1)
    }
    fail("\(Oversub.message(for: error)) (see 'oversub help')", code: 2)
}

func writeStandardError(_ text: String) {
    var bytes = Array(text.utf8)[...]
    while !bytes.isEmpty {
        let written = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
        if written <= 0 { return }
        bytes = bytes.dropFirst(written)
    }
}
