import OversubCore

/// What the runs of a user's command (`oversub run`) show beyond throughput: that the command
/// ignored the thread count, that run-queue wait was undercounted, that runs failed.
public enum CommandFindings {
    /// Below this share of the tree's CPU time covered by samples, the wait is called undercounted.
    public static let countedShareFloor = 0.9

    public static func findings(for series: SeriesSummary, in result: RunResult) -> [Finding] {
        guard let command = result.command else { return [] }
        let name = Finding.SeriesName(series.label)
        let points = series.resultPointIndices.map { result.points[$0] }.sorted { $0.threads < $1.threads }
        var findings: [Finding] = []

        // The most threads each point's tree had at a sample (its most over every run).
        let most: [(threads: Int, seen: Int)] = points.compactMap { point in
            let seen = point.repetitions.compactMap { $0.command?.maxThreads }
            return seen.isEmpty ? nil : (point.threads, seen.max()!)
        }
        if command.sampleHz > 0, let ceiling = most.map(\.seen).max(),
           let first = most.first(where: { $0.threads > ceiling }),
           most.filter({ $0.threads >= first.threads }).allSatisfy({ $0.seen < $0.threads }) {
            findings.append(.commandThreadsUnused(name, asked: most.last!.threads, ranAtMost: ceiling, sampleHz: command.sampleHz))
        }

        if command.sampleHz > 0 {
            let shares: [(threads: Int, share: Double)] = points.compactMap { point in
                let shares = point.repetitions.compactMap { $0.command?.waitCountedShare }
                return shares.min().map { (point.threads, $0) }
            }
            if let worst = shares.min(by: { $0.share < $1.share }), worst.share < countedShareFloor {
                findings.append(.commandWaitUncounted(name, threads: worst.threads, share: worst.share, sampleHz: command.sampleHz))
            }
        }

        let failed = points.filter { $0.failedRun != nil || ($0.error != nil && $0.repetitions.isEmpty) }
        if let first = failed.first {
            findings.append(.commandRunsFailed(name, threads: failed.map(\.threads), reason: first.error ?? "failed"))
        }
        return findings
    }
}
