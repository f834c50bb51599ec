extension Fidelity {
    /// Fewer timeslices per worker than this, past the core count, means too few scheduler rounds.
    public static let minimumTimeslices = 4.0

    /// Judges a window from its per-thread figures. Up to the core count every worker has a CPU
    /// to itself, so rounds do not apply.
    public static func judge(threads: Int, usableCores: Int, perThread: [ThreadFigures], model: ConcurrencyModel = .threads) -> Fidelity {
        let idle = perThread.filter { $0.ops == 0 }.count
        if model == .tasks {
            // Tasks share the pool's threads by yielding; a task that made no progress was kept
            // out by tasks that hold pool threads (blocking calls), not by a short window.
            return Fidelity(perThreadMeaningful: idle == 0, medianTimeslices: nil, workersWithoutOps: idle,
                            note: idle == 0 ? nil : "\(idle) of \(threads) tasks made no progress: tasks that block their pool thread (sleep, futex, lock) starve the others")
        }
        let median = Statistics.median(perThread.compactMap(\.timeslices).map(Double.init))
        guard threads > usableCores else {
            return Fidelity(perThreadMeaningful: idle == 0, medianTimeslices: median, workersWithoutOps: idle,
                            note: idle == 0 ? nil : "\(idle) of \(threads) workers made no progress with a core each")
        }
        var reasons: [String] = []
        if idle > 0 { reasons.append("\(idle) of \(threads) workers never ran in the window") }
        if let median, median < minimumTimeslices {
            reasons.append("a worker ran a median of \(Format.decimal(median, maximumDecimals: 1)) timeslices")
        }
        guard !reasons.isEmpty else {
            return Fidelity(perThreadMeaningful: true, medianTimeslices: median, workersWithoutOps: 0, note: nil)
        }
        let note = reasons.joined(separator: " and ")
            + ": the window spans too few scheduler rounds for per-thread or fairness figures; lengthen --duration"
        return Fidelity(perThreadMeaningful: false, medianTimeslices: median, workersWithoutOps: idle, note: note)
    }
}
