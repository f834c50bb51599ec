import Foundation
import OversubAnalysis
import OversubCore

/// The files rendered from a result beside it: summary.json, points.csv and report.html, as
/// bytes for `OutputFiles.writeKeepingData`. `oversub analyze` and `oversub report` write the same
/// set through this one list.
public enum RenderedFiles {
    /// The names, for clearing an interrupted writer's temporaries.
    public static let names = ["summary.json", "points.csv", "report.html"]

    /// summary.json and points.csv in `folder`, the report at `reportPath`.
    public static func render(_ result: RunResult, summary: SweepSummary, folder: String,
                              reportPath: String) throws -> [(what: String, path: String, data: Data)] {
        [(what: "summary", path: folder + "/summary.json", data: try SummaryDocument.encode(result, summary: summary)),
         (what: "points", path: folder + "/points.csv",
          data: Data(PointTableExport.csv(PointTable(result, summary: summary)).utf8)),
         (what: "report", path: reportPath, data: Data(HTMLReport.render(result, summary: summary).utf8))]
    }
}
