import OversubAnalysis
import OversubCore

/// The report's analysis: per series the knee, the drops past the core count, the indirect cost
/// per switch and the scalability fits; then the direct switch cost.
enum AnalysisSection {
    static func render(_ summary: SweepSummary) -> String {
        var html = "<section>\n<h2>Analysis</h2>\n"
        for series in summary.series {
            html += "<h3>\(escapeHTML(series.label))</h3>\n"
            html += "<p>" + escapeHTML(kneeSentence(series.knee, cores: summary.usableCores)) + "</p>\n"
            if !series.drops.isEmpty {
                html += table(headers: ["Threads", "× cores", "Throughput vs cores", "Beyond noise"], rows: series.drops.map {
                    [String($0.threads), "\($0.multiple)×", Format.percent($0.relativeThroughput), $0.beyondNoise ? "yes" : "no"]
                })
            }
            if !series.indirectCosts.isEmpty {
                html += "<p>Indirect cost per extra involuntary switch: the work lost against the ideal, priced at the "
                    + "one-thread time per op, divided by the switches added past the core count.</p>\n"
                html += table(headers: ["Threads", "ns per switch", "Range", "Note"], rows: series.indirectCosts.map { cost in
                    [String(cost.threads), Format.si(cost.nanosecondsPerSwitch),
                     cost.lowNanoseconds.flatMap { low in cost.highNanoseconds.map { "\(Format.si(low))–\(Format.si($0))" } }
                        ?? Format.notAvailable,
                     cost.note ?? ""]
                })
            }
            html += table(headers: ["Model", "λ (ops/s)", "σ", "κ", "R²", "Peak", "Status"],
                          rows: [fitRow(series.amdahl, .amdahl), fitRow(series.usl, .usl)])
        }
        if !summary.switchCost.isEmpty {
            html += "<h3>Context-switch cost</h3>\n"
            html += "<p>Two threads pass a token back and forth; the same calls made by one thread to itself are "
                + "subtracted (lmbench lat_ctx's method). Net per switch = (round trip − overhead) ÷ 2. "
                + "Cross-check: <code>taskset -c 0 perf bench sched pipe -T</code> reports a round trip.</p>\n"
            html += table(headers: ["Method", "CPUs", "Working set", "Round trip", "Overhead", "Net per switch", "Range",
                                    "Switches per trip", "Note"],
                          rows: summary.switchCost.map { figure in
                [figure.method.rawValue + (figure.placement == .sameCPU ? " (same CPU)" : " (cross-CPU)"), figure.cpus,
                 "\(figure.workingSetKiB) KiB", Format.microseconds(figure.rawRoundTripMicroseconds),
                 Format.microseconds(figure.overheadRoundTripMicroseconds), Format.microseconds(figure.netPerSwitchMicroseconds),
                 figure.netLowMicroseconds.flatMap { low in figure.netHighMicroseconds.map {
                     "\(Format.decimal(low, maximumDecimals: 2))–\(Format.decimal($0, maximumDecimals: 2)) µs" } }
                    ?? Format.notAvailable,
                 Format.decimal(figure.switchesPerRoundTrip, maximumDecimals: 2), figure.note ?? ""]
            })
        }
        return html + "</section>\n"
    }

    static func kneeSentence(_ knee: Knee, cores: Int) -> String {
        var parts: [String] = []
        parts.append(knee.plateauThreads.map { "Throughput stops rising (within noise) after \($0) threads." }
                     ?? "Throughput was still rising at the last point measured.")
        parts.append(knee.firstDropThreads.map { "It first falls beyond noise past the core count at \($0) threads." }
                     ?? "It does not fall beyond noise past the core count (\(cores)).")
        if let note = knee.note { parts.append(note) }
        return parts.joined(separator: " ")
    }

    static func fitRow(_ outcome: FitOutcome, _ model: ScalabilityModel) -> [String] {
        switch outcome {
        case .fitted(let fit):
            return [model.name, Format.si(fit.lambda), Format.decimal(fit.sigma, maximumDecimals: 4),
                    model == .usl ? Format.decimal(fit.kappa, maximumDecimals: 6) : "–",
                    Format.decimal(fit.rSquared), fit.peakThreads.map { "\($0) threads" } ?? "none", "fitted"]
        case .refused(let reason, let attempt):
            return [model.name, Format.si(attempt?.lambda), Format.decimal(attempt?.sigma, maximumDecimals: 4),
                    model == .usl ? Format.decimal(attempt?.kappa, maximumDecimals: 6) : "–",
                    Format.decimal(attempt?.rSquared), attempt?.peakThreads.map { "\($0) threads" } ?? "n/a",
                    "refused: " + reason]
        }
    }


    static func table(headers: [String], rows: [[String]]) -> String {
        var html = "<div class=\"table-scroll\">\n<table class=\"analysis\">\n<thead><tr>"
        html += headers.map { "<th scope=\"col\">\(escapeHTML($0))</th>" }.joined()
        html += "</tr></thead>\n<tbody>\n"
        for row in rows {
            html += "<tr>" + row.map { "<td>\(escapeHTML($0))</td>" }.joined() + "</tr>\n"
        }
        return html + "</tbody>\n</table>\n</div>\n"
    }
}
