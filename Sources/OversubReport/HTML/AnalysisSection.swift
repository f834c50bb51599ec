import OversubAnalysis
import OversubCore

/// The analysis' tables and sentences as HTML: the knee, the drops past the core count, the
/// indirect cost per switch, the scalability fits and the direct switch cost. The report's
/// sections place them next to the charts they explain.
enum AnalysisSection {
    static func drops(_ series: SeriesSummary) -> String {
        guard !series.drops.isEmpty else { return "" }
        return table(headers: ["Threads", "× cores", "Throughput vs cores", "Beyond noise"], rows: series.drops.map {
            [String($0.threads), "\($0.multiple)×", Format.percent($0.relativeThroughput), $0.beyondNoise ? "yes" : "no"]
        })
    }

    static func indirectCosts(_ series: SeriesSummary) -> String {
        guard !series.indirectCosts.isEmpty else { return "" }
        return table(headers: ["Threads", "ns per switch", "Range", "Note"], rows: series.indirectCosts.map { cost in
            [String(cost.threads), Format.si(cost.nanosecondsPerSwitch),
             cost.lowNanoseconds.flatMap { low in cost.highNanoseconds.map { "\(Format.si(low))–\(Format.si($0))" } }
                ?? Format.notAvailable,
             cost.note ?? ""]
        })
    }

    static func fits(_ series: SeriesSummary) -> String {
        table(headers: ["Model", "λ (\(series.throughputUnit))", "σ", "κ", "R²", "Peak", "Status"],
              rows: [fitRow(series.amdahl, .amdahl), fitRow(series.usl, .usl)])
    }

    static func switchCost(_ figures: [SwitchCostFigures]) -> String {
        table(headers: ["Method", "CPUs", "Working set", "Round trip", "Overhead", "Net per switch", "Range",
                        "Switches per trip", "Note"],
              rows: figures.map { figure in
            [figure.method.rawValue + " (\(ReportCharts.placementName(figure.placement)))", figure.cpus,
             "\(figure.workingSetKiB) KiB", Format.microseconds(figure.rawRoundTripMicroseconds),
             Format.microseconds(figure.overheadRoundTripMicroseconds), Format.microseconds(figure.netPerSwitchMicroseconds),
             figure.netLowMicroseconds.flatMap { low in figure.netHighMicroseconds.map {
                 "\(Format.decimal(low, maximumDecimals: 2))–\(Format.decimal($0, maximumDecimals: 2)) µs" } }
                ?? Format.notAvailable,
             Format.decimal(figure.switchesPerRoundTrip, maximumDecimals: 2), figure.note ?? ""]
        })
    }

    static func kneeSentence(_ knee: Knee, cores: Int) -> String {
        var parts: [String] = []
        parts.append(knee.plateauThreads.map { "Throughput stops rising (within noise) after \($0) threads (the knee)." }
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
