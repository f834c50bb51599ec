import Foundation
import Testing

/// The keys of every JSON object in `text`, in the order written, with the object's path: a
/// small scanner (Foundation's parser forgets the order).
enum JSONKeyOrder {
    /// Each object's keys that come before the key written just before them, as "path: b < a".
    static func outOfOrder(in text: String) -> [String] {
        let characters = Array(text.unicodeScalars)
        var stack: [(isObject: Bool, lastKey: String?)] = []
        var problems: [String] = []
        var index = 0
        var expectingKey = false
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "{": stack.append((true, nil)); expectingKey = true
            case "[": stack.append((false, nil)); expectingKey = false
            case "}", "]": stack.removeLast(); expectingKey = false
            case ",": expectingKey = stack.last?.isObject ?? false
            case "\"":
                var end = index + 1
                var string = String.UnicodeScalarView()
                while characters[end] != "\"" {
                    if characters[end] == "\\" { string.append(characters[end]); end += 1 }
                    string.append(characters[end])
                    end += 1
                }
                if expectingKey, let last = stack.last {
                    let key = String(string)
                    if let previous = last.lastKey, !(previous < key) { problems.append("\(key) after \(previous)") }
                    stack[stack.count - 1].lastKey = key
                    expectingKey = false
                }
                index = end
            default: break
            }
            index += 1
        }
        return problems
    }
}

@Suite(.serialized) struct PointsCLITests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures").path
    static let saved = fixtures + "/results/v3-spin-spinlock-2core.json"

    @Test func theKeyScannerFindsDisorder() {
        #expect(JSONKeyOrder.outOfOrder(in: #"{"a": 1, "b": {"x": [1, {"k": "}", "j": 2}]}, "c": "\"d"}"#) == ["j after k"])
        #expect(JSONKeyOrder.outOfOrder(in: #"{"a": 1, "b": [{"a": 1}, {"a": 2}], "c": {}}"#).isEmpty)
    }

    /// Every JSON output is written with sorted keys, so two runs diff by value only.
    @Test(arguments: [
        ["topology", "--json"],
        ["topology", "--json", "--root", fixtures + "/topology/vm-2core"],
        ["report", saved, "--format", "json"],
        ["compare", fixtures + "/results/v1-spin-2core.json", saved, "--format", "json"],
        ["switch-cost", "--json", "--repetitions", "1", "--seconds", "0.01", "--sizes", "0"],
    ])
    func jsonOutputsHaveSortedKeys(arguments: [String]) throws {
        let run = try Binary.run(arguments)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) is [String: Any])
        #expect(JSONKeyOrder.outOfOrder(in: run.standardOutput) == [], "\(arguments)")
    }

    @Test func reportPrintsThePointTableAndWritesNothing() throws {
        let folder = temporaryFolder("points-format")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let copy = folder + "/result.json"
        try FileManager.default.copyItem(atPath: Self.saved, toPath: copy)
        let csv = try Binary.run(["report", copy, "--format", "csv"])
        #expect(csv.status == 0, "\(csv.standardError)")
        let lines = csv.outputLines
        #expect(lines.first?.hasPrefix("series,workload,options,model,pin,numa,threads,") == true)
        #expect(lines.first?.contains(",window_s,ops,ops_per_s,") == true)
        // One line per window of the saved result.
        let result = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: copy))) as? [String: Any])
        let windows = try #require(result["points"] as? [[String: Any]]).map { max(1, ($0["repetitions"] as? [Any])?.count ?? 0) }
        #expect(lines.count == 1 + windows.reduce(0, +))
        let markdown = try Binary.run(["report", copy, "--format", "markdown"])
        #expect(markdown.outputLines.count == 2 + windows.reduce(0, +))
        #expect(markdown.outputLines[1].hasPrefix("| --- |"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["result.json"])

        for (arguments, message) in [(["--out", folder + "/x.html"], "--format csv prints on stdout and writes no file: leave out --out"),
                                     (["--open"], "--format csv writes no report to open: leave out --open")] {
            let refused = try Binary.run(["report", copy, "--format", "csv"] + arguments)
            #expect(refused.status == 2)
            #expect(refused.standardOutput.isEmpty)
            #expect(refused.standardError.contains(message), "\(refused.standardError)")
        }
        let unknown = try Binary.run(["report", copy, "--format", "xlsx"])
        #expect(unknown.status == 2)
        #expect(unknown.errorLines.count == 1)
        #expect(unknown.standardError.contains("'csv', 'json' or 'markdown'"))
    }

    @Test func analyzeAndReportWritePointsCSVBesideTheResult() throws {
        let out = temporaryFolder("points")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let run = try Binary.run(["analyze", "--threads", "1,2", "--duration", "0.1", "--repetitions", "2",
                                  "--switch-cost", "off", "--warmup", "0", "--out", out])
        #expect(run.status == 0, "\(run.standardError)")
        let written = try String(contentsOfFile: out + "/points.csv", encoding: .utf8)
        let lines = written.split(separator: "\n")
        #expect(lines.count == 1 + 2 * 2)
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("spin,spin,,threads,none,none,") })
        // The file is the report command's CSV of the same result, byte for byte.
        let printed = try Binary.run(["report", out + "/result.json", "--format", "csv"])
        #expect(printed.standardOutput == written)
        try FileManager.default.removeItem(atPath: out + "/points.csv")
        let rerendered = try Binary.run(["report", out + "/result.json", "--quiet"])
        #expect(rerendered.status == 0, "\(rerendered.standardError)")
        #expect(try String(contentsOfFile: out + "/points.csv", encoding: .utf8) == written)
    }

    @Test func versionNamesTheRevisionOrSaysItIsUnknown() throws {
        let run = try Binary.run(["--version"])
        #expect(run.status == 0)
        let line = try #require(run.outputLines.first)
        // `swift build` compiles no revision in; scripts/install and scripts/package do.
        #expect(line.wholeMatch(of: /\d+\.\d+\.\d+ \((git [0-9a-f]{7,}(-dirty)?|unknown revision)\)/) != nil, "\(line)")
    }
}
