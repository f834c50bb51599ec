import Testing
import OversubCore
@testable import OversubReport

/// The topology text rendered from captured trees in the library, without spawning the binary
/// (TopologyCommandTests checks the command end to end).
@Suite struct TopologyTextTests {
    static func lines(_ fixture: String) throws -> [String] {
        let report = try TopologyReport.captured(root: Fixtures.path("topology/" + fixture))
        return TopologyText.render(report).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    static func value(_ key: String, in lines: [String]) -> String? {
        lines.first { $0.hasPrefix(key + "  ") }.map { String($0.dropFirst(key.count)).trimmingCharacters(in: .whitespaces) }
    }

    @Test func epycSummaryAndCaches() throws {
        let lines = try Self.lines("epyc-2s-nps2")
        #expect(Self.value("kernel", in: lines) == "(captured tree)")
        #expect(Self.value("physical cores", in: lines) == "32 among the 64 CPUs in the affinity mask")
        #expect(Self.value("SMT siblings", in: lines) == "0,32 1,33 2,34 3,35 4,36 5,37 6,38 7,39 … (32 cores)")
        #expect(Self.value("NUMA nodes", in: lines) == "4 (0-3)")
        // Every "key  value" line of the summary aligns its values in one column.
        let summary = lines.prefix { !$0.isEmpty }
        let columns = Set(summary.map { line in line.distance(from: line.startIndex, to: line.firstIndex(of: " ")!) })
        #expect(!columns.isEmpty)
        let valueColumns = Set(summary.compactMap { line -> Int? in
            guard let gap = line.range(of: "  ") else { return nil }
            let rest = line[gap.upperBound...]
            let start = rest.firstIndex { $0 != " " } ?? rest.startIndex
            return line.distance(from: line.startIndex, to: start)
        })
        #expect(valueColumns.count == 1, "\(summary)")
    }

    @Test func quotaDistancesAndPlacements() throws {
        let quota = try Self.lines("container-v2-quota")
        #expect(Self.value("CPU quota", in: quota) == "1.50 cores (cgroup v2 cpu.max at /sys/fs/cgroup)")
        let smt = try Self.lines("two-socket-smt")
        let heading = try #require(smt.firstIndex(of: "node distances (10 = local)"))
        #expect(smt[heading + 2] == "  0: 10 21")
        #expect(smt.contains { $0.hasPrefix("  --pin spread --numa none ") })
        #expect(smt.allSatisfy { $0.count <= TopologyText.lineWidth || !$0.contains(" ") }, "a line is wider than the wrap width")
    }

    @Test func cacheSizesUseTheOneByteFormatter() throws {
        let lines = try Self.lines("vm-2core")
        let caches = try #require(lines.firstIndex { $0.hasPrefix("caches (as CPU ") })
        let rows = lines[(caches + 1)...].prefix { $0.hasPrefix("  ") }
        #expect(!rows.isEmpty)
        #expect(rows.allSatisfy { $0.contains(" KiB") || $0.contains(" MiB") }, "\(rows)")
    }
}
