import ArgumentParser
#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import OversubCore

// Arguments → command → run; every failure ends as one line on stderr and an exit code:
// 2 for usage/config/output-folder errors (nothing written), 1 for a failure after the start
// (a sweep that stopped early, a file that could not be written, lost standard output).
func fail(_ message: String, code: Int32) -> Never {
    writeStandardError("oversub: error: \(singleLine(message))\n")
    exit(code)
}

do {
    try ArgumentBytes.check()
    var command = try Oversub.parseAsRoot()
    try command.run()
    finishStandardOutput()
} catch let error as UsageError {
    fail(error.message, code: 2)
} catch let error as RunFailure {
    fail(error.message, code: 1)
} catch let error as WriteFailure {
    fail(error.message, code: 1)
} catch let interrupted as InterruptedRun {
    finishStandardOutput()
    interrupted.signal.endProcess()
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
        if written < 0, errno == EINTR { continue }
        if written <= 0 { return }
        bytes = bytes.dropFirst(written)
    }
}

/// Writes what print buffered and checks that all of it arrived: output lost to a full disk or a
/// vanished terminal is exit 1 with one line. A reader that went away (`| head`) ends oversub
/// quietly: by SIGPIPE like any Unix tool, or with exit 0 when SIGPIPE is ignored (EPIPE).
func finishStandardOutput() {
    errno = 0
    guard fflush(stdout) != 0 || ferror(stdout) != 0 else { return }
    let code = errno
    if code == EPIPE || readerIsGone(STDOUT_FILENO) { exit(0) }
    // stdio drops its buffer after a failed write, so an earlier failure leaves no errno.
    fail("cannot write to standard output: " + (code == 0 ? "part of the output was lost" : String(cString: strerror(code))),
         code: 1)
}

/// Whether `descriptor` is a pipe or socket nobody reads any more (poll(2) reports POLLERR on the
/// write end of a pipe without readers): an EPIPE that happened before the last flush.
func readerIsGone(_ descriptor: Int32) -> Bool {
    var info = stat()
    guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFIFO || (info.st_mode & S_IFMT) == S_IFSOCK else {
        return false
    }
    var request = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
    return poll(&request, 1, 0) == 1 && request.revents & Int16(POLLERR | POLLHUP) != 0
}
