import OversubAnalysis
import OversubCore

/// Where each series' workers ran and where their own memory landed (recorded since schema 4,
/// for the threads model): one row per series, then each series' points in a collapsed table.
/// A point with less than `PlacementFindings.honouredShare` of its sampled pages on the nodes
/// its policy named is flagged in both, with a marker and words: such a point does not measure
/// the placement its series names. Every worker's own record stays in result.json.
enum PlacementSection {
    static let marker = "⚠"

    static func applies(to result: RunResult) -> Bool {
        result.points.contains { $0.placement != nil }
    }

    /// One point of a series that recorded its placement.
    struct Row {
        var point: PointSummary
        var figures: PlacementFigures
        var record: PointPlacement
    }

    /// The series' points with a placement record, in the result's order.
    static func rows(of series: SeriesSummary, _ summary: SweepSummary, _ result: RunResult) -> [Row] {
        series.resultPointIndices.compactMap { index in
            guard result.points.indices.contains(index), summary.points.indices.contains(index),
                  let record = result.points[index].placement, let figures = summary.points[index].placement
            else { return nil }
            let point = summary.points[index]
            return Row(point: point, figures: figures, record: record)
        }
    }

    static func isFlagged(_ figures: PlacementFigures) -> Bool {
        (figures.shareOnIntendedNodes ?? 1) < PlacementFindings.honouredShare
    }

    static func render(_ summary: SweepSummary, _ result: RunResult) -> String {
        guard applies(to: result) else { return "" }
        let threshold = Format.percent(PlacementFindings.honouredShare)
        var html = ReportSections.open("placement")
        html += ReportSections.paragraph(
            "Where each series' workers ran and where their own memory landed. A worker's CPUs are read back after the "
            + "warm-up and after every window; after the last window, while it is parked, up to 256 pages of its memory "
            + "(fewer above 1024 workers; one at a pseudo-random place in each equal share of it) are located with "
            + "move_pages(2), and the policy the kernel "
            + "holds for it is read with get_mempolicy(2). On intended nodes: the share of those pages on the nodes the "
            + "memory policy named (n/a "
            + "for first touch, which names none). On the worker's node: the share on the node the worker was meant to "
            + "run on or, unpinned, the one node it was seen on. A point with less than \(threshold) on the intended nodes "
            + "is marked \(marker): the node was short of free memory or the policy was not honoured, so that point does "
            + "not measure the placement its series names. Every worker's own record is in result.json.")
        let placed = summary.series.map { ($0, rows(of: $0, summary, result)) }.filter { !$0.1.isEmpty }
        html += table(headers: ["Series", "Check", "Ran on nodes", "On intended nodes", "On the worker's node"],
                      rows: placed.map { series, rows in overviewRow(series, rows) })
        let unplaced = summary.series.filter { series in !placed.contains { $0.0.label == series.label } }
        if !unplaced.isEmpty {
            let why = unplaced.allSatisfy { $0.model == .tasks }
                ? "tasks run on the cooperative pool's threads, which oversub does not place"
                : "none of their points recorded one"
            html += ReportSections.paragraph("No placement is recorded for "
                + unplaced.map(\.label).joined(separator: ", ") + " (\(why)).")
        }
        html += "<h3>Every point</h3>\n"
        for (series, rows) in placed {
            html += "<details class=\"placement\">\n<summary>\(escapeHTML(series.label)): placement at each of "
                + "\(rows.count) \(rows.count == 1 ? "point" : "points")</summary>\n"
            html += ReportSections.paragraph(distinct(rows.map(\.record.summary)).joined(separator: "; ")
                + ". Memory the workers share (a lock, a barrier): " + sharedMemory(rows) + ".")
            if let failure = rows.compactMap(\.figures.policyFailure).first {
                html += ReportSections.paragraph("\(marker) The memory policy could not be set for some workers: \(failure).")
            }
            html += table(headers: ["Threads", "Ran on CPUs", "Ran on nodes", "Off their node", "Memory policy",
                                    "Kernel's policy", "Memory per worker", "Pages sampled", "Pages by node",
                                    "On intended nodes", "On the worker's node"],
                          rows: rows.map(pointRow))
            html += "</details>\n"
        }
        return html + ReportSections.close
    }

    /// A table cell; a flagged one is set in bold.
    struct Cell {
        var text: String
        var flagged = false
    }

    static func overviewRow(_ series: SeriesSummary, _ rows: [Row]) -> [Cell] {
        let flagged = rows.filter { isFlagged($0.figures) }
        let check = flagged.isEmpty
            ? Cell(text: "ok")
            : Cell(text: "\(marker) below \(Format.percent(PlacementFindings.honouredShare)) on the intended nodes at "
                    + threads(flagged.map(\.point.threads)), flagged: true)
        return [
            Cell(text: series.label),
            check,
            Cell(text: nodes(rows.flatMap(\.figures.ranOnNodes))),
            Cell(text: shareRange(rows.compactMap(\.figures.shareOnIntendedNodes)), flagged: !flagged.isEmpty),
            Cell(text: shareRange(rows.compactMap(\.figures.shareOnWorkersNode))),
        ]
    }

    /// The shared state's policy, the kernel's, and where its pages are; "none" when the
    /// workload shares no memory.
    static func sharedMemory(_ rows: [Row]) -> String {
        let records = rows.map(\.record)
        guard records.contains(where: { $0.sharedPagesOnNode != nil || $0.sharedKernelPolicy != nil || $0.sharedPolicyError != nil })
        else { return "none (the workers of this workload share no memory, or it could not be read back)" }
        let policies = distinct(records.map(\.sharedMemoryPolicy)).joined(separator: ", ")
        let kernel = distinct(records.compactMap(\.sharedKernelPolicy))
        let landed = distinct(records.compactMap(\.sharedPagesOnNode).map { pages in
            pages.map { "node \($0.node)" }.joined(separator: " and ")
        })
        var text = "asked \(policies)"
        if !kernel.isEmpty { text += "; the kernel holds \(kernel.joined(separator: ", "))" }
        if !landed.isEmpty { text += "; found on \(landed.joined(separator: "; "))" }
        if let error = records.compactMap(\.sharedPolicyError).first { text += "; \(marker) not set: \(error)" }
        return text
    }

    /// Whether the kernel holds a policy other than the one asked for.
    static func policyDiffers(_ row: Row) -> Bool {
        let kernel = Set(row.figures.kernelPolicies)
        return !kernel.isEmpty && kernel != Set(row.record.totals.memoryPolicies)
    }

    static func pointRow(_ row: Row) -> [Cell] {
        let totals = row.record.totals
        let workers = row.record.workers
        let cpus = workers.map { $0.flatMap { (try? CPUList.parse($0.ranOnCPUs)) ?? [] } }
        let memory = workers.map { distinct($0.map(\.memoryBytes)) }
            ?? (totals.workers > 0 ? [totals.memoryBytes / totals.workers] : [])
        let hasMemory = memory.contains { $0 > 0 }
        let figures = row.figures
        let pages: (sampled: String, byNode: String)
        if figures.pagesSampled > 0 {
            pages = (String(figures.pagesSampled),
                     figures.pagesOnNode.map { "node \($0.node): \($0.pages)" }.joined(separator: ", "))
        } else {
            // No memory of its own (spin), or the pages could not be located (no libnuma).
            pages = hasMemory ? ("not read", Format.notAvailable) : ("none", "–")
        }
        let flagged = isFlagged(figures)
        return [
            Cell(text: String(row.point.threads)),
            Cell(text: cpus.map { $0.isEmpty ? Format.notAvailable : CPUList.format($0) }
                ?? "not recorded above \(PointPlacement.maximumWorkerRecords) workers"),
            Cell(text: nodes(figures.ranOnNodes)),
            Cell(text: totals.workersWithNode == 0 ? "no node asked" : "\(figures.workersOffTheirNode) of \(totals.workersWithNode)"),
            Cell(text: totals.memoryPolicies.joined(separator: ", ")),
            Cell(text: figures.kernelPolicies.isEmpty ? Format.notAvailable
                    : (policyDiffers(row) ? "\(marker) " : "") + figures.kernelPolicies.joined(separator: ", "),
                 flagged: policyDiffers(row)),
            Cell(text: hasMemory ? memory.map(Units.formatBytes).joined(separator: ", ") : "none"),
            Cell(text: pages.sampled),
            Cell(text: pages.byNode),
            Cell(text: (flagged ? "\(marker) " : "") + Format.percent(figures.shareOnIntendedNodes)
                    + (flagged ? " (below \(Format.percent(PlacementFindings.honouredShare)))" : ""), flagged: flagged),
            Cell(text: Format.percent(figures.shareOnWorkersNode)),
        ]
    }

    static func table(headers: [String], rows: [[Cell]]) -> String {
        var html = "<div class=\"table-scroll\">\n<table class=\"analysis\">\n<thead><tr>"
        html += headers.map { "<th scope=\"col\">\(escapeHTML($0))</th>" }.joined()
        html += "</tr></thead>\n<tbody>\n"
        for row in rows {
            html += "<tr>" + row.map { cell in
                cell.flagged ? "<td><strong>\(escapeHTML(cell.text))</strong></td>" : "<td>\(escapeHTML(cell.text))</td>"
            }.joined() + "</tr>\n"
        }
        return html + "</tbody>\n</table>\n</div>\n"
    }

    /// "60%" when every point agrees, else "60% to 100%"; n/a when none has the figure.
    static func shareRange(_ shares: [Double]) -> String {
        guard let low = shares.min(), let high = shares.max() else { return Format.notAvailable }
        let lowText = Format.percent(low), highText = Format.percent(high)
        return lowText == highText ? lowText : "\(lowText) to \(highText)"
    }

    static func nodes(_ ids: [Int]) -> String {
        ids.isEmpty ? Format.notAvailable : CPUList.format(ids)
    }

    static func threads(_ counts: [Int]) -> String {
        counts.map(String.init).joined(separator: ", ") + (counts == [1] ? " thread" : " threads")
    }

    static func distinct<T: Hashable>(_ values: [T]) -> [T] {
        var seen = Set<T>()
        return values.filter { seen.insert($0).inserted }
    }
}
