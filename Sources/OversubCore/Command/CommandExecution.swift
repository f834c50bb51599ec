import Foundation
#if canImport(Glibc)
import Glibc
#endif
import CLinux

/// One execution of a command: started in its own process group with its placement, its output
/// kept (the last `keptBytes` of each stream), its tree sampled, killed at the deadline or on a
/// stop, and every process of the tree reaped, so nothing is left running.
struct CommandExecution {
    var path: String
    var arguments: [String]
    var environment: [String]
    var cpus: [Int]?
    var memory: MemoryPolicy = .firstTouch
    var timeoutSeconds: Double?
    /// 0: the tree is not sampled.
    var sampleHz: Double
    var keptBytes: Int
    var stop: StopCondition

    /// What one execution gave.
    struct Outcome {
        var exitStatus: Int?
        var signal: Int?
        var timedOut: Bool
        /// Fork to exec, seconds.
        var startupSeconds: Double
        var wallSeconds: Double
        var reapSeconds: Double
        var usage: (user: Int, system: Int, voluntary: Int, involuntary: Int, maxRSS: Int)
        var tree: ProcessTree?
        var readBackCPUs: [Int]?
        var stdout: KeptOutput
        var stderr: KeptOutput
        var leftoversKilled: Int
        /// Set when a stop signal ended the execution (the tree was killed).
        var interrupted: InterruptSignal?
        /// Why the run's end could not be accounted for (no exit status, a survivor), or nil.
        var reapProblem: String?
    }

    /// Why the command could not be started.
    struct StartFailure: Error {
        var step: String
        var errno: Int32
        var description: String { "\(step): \(String(cString: strerror(errno)))" }
    }

    func run() throws(StartFailure) -> Outcome {
        var outPipe: [Int32] = [-1, -1], errPipe: [Int32] = [-1, -1]
        let outStatus = oversub_pipe_cloexec(&outPipe)
        guard outStatus == 0 else { throw StartFailure(step: "pipe", errno: outStatus) }
        let errStatus = oversub_pipe_cloexec(&errPipe)
        guard errStatus == 0 else {
            close(outPipe[0]); close(outPipe[1])
            throw StartFailure(step: "pipe", errno: errStatus)
        }
        let devNull = open("/dev/null", O_RDONLY | O_CLOEXEC)
        defer { if devNull >= 0 { close(devNull) } }

        let mempolicy = Self.mempolicy(memory)
        var pid: Int32 = 0
        var failedStep: UnsafePointer<CChar>?
        let started = monotonicNanoseconds()
        let status = path.withCString { pathPointer in
            withCStrings(arguments) { argv in
                withCStrings(environment) { envp in
                    (cpus ?? []).map(Int32.init).withUnsafeBufferPointer { cpuList in
                        mempolicy.nodes.withUnsafeBufferPointer { nodes in
                            var request = oversub_spawn_request(
                                path: pathPointer, argv: argv, envp: envp, stdin_fd: devNull, stdout_fd: outPipe[1],
                                stderr_fd: errPipe[1], cpus: cpuList.baseAddress, cpu_count: cpuList.count,
                                mempolicy_mode: mempolicy.mode, nodemask: nodes.baseAddress, maxnode: UInt(mempolicy.nodes.count * 64))
                            return oversub_spawn(&request, &pid, &failedStep)
                        }
                    }
                }
            }
        }
        close(outPipe[1]); close(errPipe[1])
        guard status == 0 else {
            close(outPipe[0]); close(errPipe[0])
            throw StartFailure(step: failedStep.map { String(cString: $0) } ?? "fork", errno: status)
        }
        let spawnedAt = monotonicNanoseconds()
        defer { close(outPipe[0]); close(errPipe[0]) }
        _ = fcntl(outPipe[0], F_SETFL, fcntl(outPipe[0], F_GETFL) | O_NONBLOCK)
        _ = fcntl(errPipe[0], F_SETFL, fcntl(errPipe[0], F_GETFL) | O_NONBLOCK)
        let readBack = cpus == nil ? nil : LiveCounters.affinity(tid: pid)

        var stdout = KeptOutput(limit: keptBytes), stderr = KeptOutput(limit: keptBytes)
        var tree: ProcessTree? = sampleHz > 0 ? ProcessTree() : nil
        let pidfd = oversub_pidfd_open(pid)
        let interval = sampleHz > 0 ? Int(1e9 / sampleHz) : Int.max / 4
        var nextSample = spawnedAt + min(interval, 10_000_000)
        let deadline = timeoutSeconds.map { started + Int($0 * 1e9) }
        var timedOut = false, interrupted: InterruptSignal?
        var killedAt: Int?
        var exitedAt: Int?
        var outOpen = true, errOpen = true
        let stopFD = oversub_stop_fd()
        while exitedAt == nil {
            let now = monotonicNanoseconds()
            if interrupted == nil, let signal = stop.requested() {
                interrupted = signal
                killedAt = now
                killTree(group: pid)
            }
            if !timedOut, interrupted == nil, let deadline, now >= deadline {
                timedOut = true
                killedAt = now
                killTree(group: pid)
            }
            // A tree that outlives its SIGKILL (a process in D state) is signalled again.
            if let killedAt, now - killedAt > 200_000_000 {
                killTree(group: pid)
            }
            if tree != nil, now >= nextSample {
                tree!.sample()
                nextSample = now + interval
            }
            var wake = tree != nil ? nextSample : now + 100_000_000
            if let deadline, !timedOut { wake = min(wake, deadline) }
            if killedAt != nil { wake = min(wake, now + 200_000_000) }
            // A stop condition without a pipe (tests) is checked at least every 50 ms.
            if stopFD < 0 { wake = min(wake, now + 50_000_000) }
            // A stream the command closed is at end of file: polled no more (it would wake the
            // poll at once, forever).
            var entries = [pollfd(fd: pidfd, events: Int16(POLLIN), revents: 0),
                           pollfd(fd: outOpen ? outPipe[0] : -1, events: Int16(POLLIN), revents: 0),
                           pollfd(fd: errOpen ? errPipe[0] : -1, events: Int16(POLLIN), revents: 0),
                           pollfd(fd: interrupted == nil ? stopFD : -1, events: Int16(POLLIN), revents: 0)]
            if pidfd < 0 { wake = min(wake, now + 1_000_000) }
            let left = max(0, wake - monotonicNanoseconds())
            // Milliseconds, rounded up: the exit itself wakes the poll at once through the pidfd.
            let ready = poll(&entries, nfds_t(entries.count), Int32(min(1_000_000, (left + 999_999) / 1_000_000)))
            if ready > 0 {
                // The clock first: draining the pipes is not the command's time.
                if entries[0].revents != 0 { exitedAt = monotonicNanoseconds() }
                if entries[1].revents != 0, !stdout.drain(outPipe[0]) { outOpen = false }
                if entries[2].revents != 0, !stderr.drain(errPipe[0]) { errOpen = false }
            }
            if pidfd < 0 {
                // No pidfd (an old kernel): poll the child's state.
                var probe = siginfo_t()
                if waitid(P_PID, id_t(pid), &probe, WEXITED | WNOHANG | WNOWAIT) == 0, probe._sifields._sigchld.si_pid != 0 {
                    exitedAt = monotonicNanoseconds()
                }
            }
        }
        if pidfd >= 0 { close(pidfd) }
        // Whatever of the tree still runs (a daemon it started, a child it left) is killed while
        // the command is a zombie (so its pid, the group's id, cannot be reused meanwhile), then
        // every process is reaped: their CPU time counts, and nothing outlives the run.
        let leftovers = killTree(group: pid)
        var reaped = oversub_reaped()
        var usage = (user: 0, system: 0, voluntary: 0, involuntary: 0, maxRSS: 0)
        var exitStatus: Int?, signal: Int?
        var reapProblem: String?
        let reapStatus = oversub_reap(pid, 0, &reaped)
        if reapStatus == 1 {
            add(reaped, to: &usage)
            let code = oversub_exit_status(reaped.status)
            exitStatus = code >= 0 ? Int(code) : nil
            let terminating = oversub_term_signal(reaped.status)
            signal = terminating != 0 ? Int(terminating) : nil
        } else {
            reapProblem = "its exit status could not be read (wait4: \(String(cString: strerror(-reapStatus))))"
        }
        // The rest of the tree, for at most 5 s: a process that survives SIGKILL (stuck in the
        // kernel) is reported, not waited for forever.
        let reapDeadline = monotonicNanoseconds() + 5_000_000_000
        while true {
            let status = oversub_reap(-1, 1, &reaped)
            if status == 1 { add(reaped, to: &usage); continue }
            if status < 0 { break }  // ECHILD: every descendant is reaped
            if monotonicNanoseconds() > reapDeadline {
                let survivors = ProcessTree().descendants().count
                reapProblem = reapProblem ?? "\(survivors) process\(survivors == 1 ? "" : "es") of its tree survived SIGKILL for 5 s"
                break
            }
            killTree(group: pid)
            usleep(10_000)
        }
        _ = stdout.drain(outPipe[0])
        _ = stderr.drain(errPipe[0])
        let end = monotonicNanoseconds()
        return Outcome(exitStatus: exitStatus, signal: signal, timedOut: timedOut,
                       startupSeconds: Double(spawnedAt - started) / 1e9,
                       wallSeconds: Double((exitedAt ?? end) - started) / 1e9,
                       reapSeconds: Double(end - (exitedAt ?? end)) / 1e9, usage: usage, tree: tree,
                       readBackCPUs: readBack, stdout: stdout, stderr: stderr, leftoversKilled: leftovers,
                       interrupted: interrupted, reapProblem: reapProblem)
    }

    private func add(_ reaped: oversub_reaped, to usage: inout (user: Int, system: Int, voluntary: Int, involuntary: Int, maxRSS: Int)) {
        usage.user += Int(reaped.user_us) * 1000
        usage.system += Int(reaped.system_us) * 1000
        usage.voluntary += reaped.voluntary
        usage.involuntary += reaped.involuntary
        usage.maxRSS = max(usage.maxRSS, reaped.max_rss_kib)
    }

    /// SIGKILL to the command's group and to every other descendant of this process (one that
    /// left the group, an orphan reparented here). Returns how many processes were signalled
    /// other than the command itself.
    @discardableResult
    private func killTree(group: Int32) -> Int {
        var killed: Set<Int> = []
        // Twice: a process may fork between the listing and the signal.
        for _ in 0..<2 {
            kill(-group, SIGKILL)
            for descendant in ProcessTree().descendants() where descendant != Int(group) && !Self.isZombie(descendant) {
                if kill(Int32(descendant), SIGKILL) == 0 { killed.insert(descendant) }
            }
        }
        return killed.count
    }

    /// Whether the process has exited and only waits to be reaped (state Z in /proc/<pid>/stat).
    static func isZombie(_ pid: Int) -> Bool {
        guard let stat = readFile(atPath: "/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")") else { return false }
        return stat[stat.index(after: close)...].split(separator: " ").first == "Z"
    }

    /// MPOL_PREFERRED (1) for a node, MPOL_INTERLEAVE (3) for several; -1 leaves the default.
    static func mempolicy(_ memory: MemoryPolicy) -> (mode: Int32, nodes: [UInt]) {
        func mask(_ nodes: [Int]) -> [UInt] {
            var words = [UInt](repeating: 0, count: (nodes.max() ?? 0) / 64 + 1)
            for node in nodes where node >= 0 { words[node / 64] |= 1 << UInt(node % 64) }
            return words
        }
        switch memory {
        case .firstTouch: return (-1, [])
        case .node(let node): return (1, mask([node]))
        case .interleave(let nodes): return (3, mask(nodes))
        }
    }
}

/// The last `limit` bytes a stream wrote, and how many it wrote in all.
struct KeptOutput {
    var limit: Int
    private(set) var bytes: [UInt8] = []
    private(set) var total = 0

    init(limit: Int) { self.limit = limit }

    /// Reads what the pipe holds now (non-blocking), at most 1 MiB per call so a fast writer
    /// cannot hold the controller here. False at end of file (the writer closed its end).
    @discardableResult
    mutating func drain(_ fd: Int32) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        for _ in 0..<16 {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            if count == 0 { return false }
            guard count > 0 else { return true }
            total += count
            bytes.append(contentsOf: chunk[0..<count])
            // Trimmed in steps, so a chatty command costs amortised constant time per byte.
            if bytes.count > 2 * limit { bytes.removeFirst(bytes.count - limit) }
        }
        return true
    }

    /// The kept bytes, at most `limit`.
    var kept: [UInt8] { bytes.count > limit ? Array(bytes.suffix(limit)) : bytes }

    var text: String { String(decoding: kept, as: UTF8.self) }

    /// The last `lines` lines, cleaned for display, or nil when empty.
    func tail(lines: Int) -> String? {
        let text = DisplayText.clean(self.text, keepingLineBreaks: true)
        // Each line at most 200 characters: a megabyte without a newline is not a line to show.
        let last = text.split(separator: "\n", omittingEmptySubsequences: true).suffix(lines)
            .map { $0.count > 200 ? String($0.prefix(200)) + "…" : String($0) }
        return last.isEmpty ? nil : last.joined(separator: "\n")
    }
}

/// Calls `body` with a NULL-terminated array of C strings.
func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
    var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    pointers.append(nil)
    defer { for pointer in pointers { free(pointer) } }
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}
