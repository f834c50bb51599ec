import Foundation
import Testing
@testable import OversubCore

/// A result that is not JSON says what is wrong and where.
@Suite struct JSONProblemTests {
    @Test(arguments: [
        ("{\n  \"a\": 1e400\n}", "the number 1e400 is outside what a result can hold (line 2, column 8)"),
        ("{\"schemaVersion\": 6,\n \"points\": [1,,2]}", "invalid value (line 2, column 15)"),
        ("{\"é\": \"ü\",\n\"x\": -}", "invalid value (line 2, column 7)"),
        ("[1, 2]", "it is JSON, but not an oversub result"),
    ])
    func problemsAreLocated(text: String, expected: String) {
        #expect(JSONProblem.describe(Data(text.utf8)) == expected)
    }

    @Test func aResultWithAHugeNumberNamesItAndItsLine() throws {
        let path = NSTemporaryDirectory() + "/oversub-json-problem-\(getpid()).json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("{\"points\": [],\n \"schemaVersion\": 1e400}".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: UsageError("'\(path)' is not a JSON result of oversub: the number 1e400 is outside what a "
                                   + "result can hold (line 2, column 19)")) {
            try ResultFile.load(path: path)
        }
    }
}
