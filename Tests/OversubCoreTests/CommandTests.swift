import Foundation
import Testing
@testable import OversubCore

struct CommandTemplateTests {
    @Test func threadsIsReplacedInArgumentsAndSettings() throws {
        let template = try CommandTemplate(arguments: ["make", "-j{threads}", "-C", "src"],
                                           environment: [try .parse("OMP_NUM_THREADS={threads}"), try .parse("A=b=c")])
        #expect(template.arguments(threads: 16) == ["make", "-j16", "-C", "src"])
        let environment = template.environment(threads: 4, base: ["PATH": "/bin", "A": "old"])
        #expect(environment == ["A=b=c", "OMP_NUM_THREADS=4", "PATH=/bin"])
        #expect(template.commandLine == "OMP_NUM_THREADS={threads} A=b=c make -j{threads} -C src")
    }

    @Test func somethingMustVary() throws {
        #expect(throws: UsageError.self) { try CommandTemplate(arguments: ["true"], environment: [try .parse("X=1")]) }
        #expect(throws: UsageError.self) { try CommandTemplate(arguments: [], environment: []) }
        _ = try CommandTemplate(arguments: ["./solver"], environment: [try .parse("OMP_NUM_THREADS={threads}")])
    }

    @Test func settingsAreCheckedOneWay() {
        for bad in ["NOEQUALS", "=x", "1A=x", "A-B=x", "Ä=x"] {
            #expect(throws: UsageError.self) { try CommandTemplate.Setting.parse(bad) }
        }
        #expect(throws: UsageError.self) {
            try CommandTemplate(arguments: ["x", "{threads}"], environment: [try .parse("A=1"), try .parse("A=2")])
        }
    }

    @Test func quotingIsForAPOSIXShell() {
        #expect(CommandTemplate.quoted("plain-1.txt") == "plain-1.txt")
        #expect(CommandTemplate.quoted("two words") == "'two words'")
        #expect(CommandTemplate.quoted("it's") == "'it'\\''s'")
        #expect(CommandTemplate.quoted("") == "''")
    }
}

struct CommandMetricTests {
    @Test func theLastMatchsFirstGroupIsTheValue() throws {
        let metric = try CommandMetric(pattern: #"events per second:\s*([0-9.]+)"#)
        #expect(try metric.value(in: "events per second: 1.5\nevents per second:   2500.75\n").get() == 2500.75)
        #expect(throws: MetricMissing.self) { try metric.value(in: "nothing here").get() }
    }

    @Test func aCaptureThatIsNotADecimalIsRefused() throws {
        let metric = try CommandMetric(pattern: #"rate: (\S+)"#)
        #expect(throws: MetricMissing.self) { try metric.value(in: "rate: 0x10").get() }
        #expect(throws: MetricMissing.self) { try metric.value(in: "rate: inf").get() }
        #expect(throws: MetricMissing.self) { try metric.value(in: "rate: -5").get() }
        #expect(throws: MetricMissing.self) { try metric.value(in: "rate: " + String(repeating: "9", count: 400)).get() }
    }

    @Test func lowerIsBetterIsThroughputAsItsReciprocal() throws {
        let metric = try CommandMetric(pattern: #"took ([0-9.]+) ms"#, unit: "ms", lowerIsBetter: true)
        #expect(metric.throughput(4) == 0.25)
        #expect(metric.throughputUnit == "1/ms")
        #expect(throws: MetricMissing.self) { try metric.value(in: "took 0 ms").get() }
    }

    @Test func patternsNeedAGroupAndMustCompile() {
        #expect(throws: UsageError.self) { try CommandMetric(pattern: "[0-9]+") }
        #expect(throws: UsageError.self) { try CommandMetric(pattern: "(?:[0-9]+)") }
        #expect(throws: UsageError.self) { try CommandMetric(pattern: "([0-9]+") }
        #expect(CommandMetric.groups(in: #"\(([0-9]+)\)"#) == 1)
        #expect(CommandMetric.groups(in: #"[(](?<n>[0-9]+)"#) == 1)
    }
}

struct ProcessTreeParserTests {
    @Test func childrenFilesListPids() {
        #expect(ProcessTree.children("28096 28101 \n") == [28096, 28101])
        #expect(ProcessTree.children("") == [])
        #expect(ProcessTree.numbers(["12", "x", "-3", "7"]) == [12, 7])
    }

    @Test func pressureTotalsAreParsed() {
        let text = "some avg10=99.13 avg60=95.31 avg300=49.98 total=3662647499\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=12\n"
        #expect(CPUPressureTotals.parse(text) == CPUPressureTotals(someMicroseconds: 3662647499, fullMicroseconds: 12))
        #expect(CPUPressureTotals.parse("some avg10=1.00 avg60=0 avg300=0 total=5\n")?.fullMicroseconds == nil)
        #expect(CPUPressureTotals.parse("garbage") == nil)
    }

    /// The live tree of this test process: a child it started is found with its thread.
    @Test func theLiveTreeFindsAChild() throws {
        var execution = CommandExecution(path: "/bin/sh", arguments: ["sh", "-c", "sleep 0.3 & wait"], environment: ["PATH=/bin:/usr/bin"],
                                         cpus: nil, timeoutSeconds: 5, sampleHz: 50, keptBytes: 1024,
                                         stop: StopCondition(requested: { nil }, sleepUntil: { _ in false }))
        execution.memory = .firstTouch
        let outcome = try execution.run()
        #expect(outcome.exitStatus == 0)
        #expect((outcome.tree?.maxThreads ?? 0) >= 2)
        #expect((outcome.tree?.processes.count ?? 0) >= 2)
        #expect(outcome.wallSeconds >= 0.25)
    }
}
