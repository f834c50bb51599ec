import Foundation
import Testing
@testable import OversubCore

@Suite struct ReportOpenerTests {
    @Test func needsADisplayAndXdgOpen() {
        let everywhere: (String) -> Bool = { _ in true }
        #expect(ReportOpener.decide(environment: ["PATH": "/usr/bin"], isExecutable: everywhere)
                == .cannotOpen(reason: "no display (neither DISPLAY nor WAYLAND_DISPLAY is set)"))
        #expect(ReportOpener.decide(environment: ["DISPLAY": "", "WAYLAND_DISPLAY": "", "PATH": "/usr/bin"],
                                    isExecutable: everywhere)
                == .cannotOpen(reason: "no display (neither DISPLAY nor WAYLAND_DISPLAY is set)"))
        #expect(ReportOpener.decide(environment: ["DISPLAY": ":0", "PATH": "/usr/bin"], isExecutable: { _ in false })
                == .cannotOpen(reason: "xdg-open is not on PATH (Debian: apt-get install xdg-utils)"))
        #expect(ReportOpener.decide(environment: ["DISPLAY": ":0"], isExecutable: everywhere)
                == .cannotOpen(reason: "xdg-open is not on PATH (Debian: apt-get install xdg-utils)"))
        #expect(ReportOpener.decide(environment: ["WAYLAND_DISPLAY": "wayland-0", "PATH": "/opt/bin::/usr/bin"],
                                    isExecutable: { $0 == "/usr/bin/xdg-open" })
                == .open(launcher: "/usr/bin/xdg-open"))
    }

    /// A stand-in xdg-open in a temporary folder, which records its argument or fails.
    func launcher(exitStatus: Int) throws -> (folder: String, record: String) {
        let folder = NSTemporaryDirectory() + "/oversub-opener-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let record = folder + "/opened"
        let script = "#!/bin/sh\nprintf '%s' \"$1\" > '\(record)'\nexit \(exitStatus)\n"
        try script.write(toFile: folder + "/xdg-open", atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder + "/xdg-open")
        return (folder, record)
    }

    @Test func opensThePathWithTheLauncher() throws {
        let (folder, record) = try launcher(exitStatus: 0)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let reason = ReportOpener.open("/tmp/some report.html", environment: ["DISPLAY": ":0", "PATH": folder])
        #expect(reason == nil)
        #expect(try String(contentsOfFile: record, encoding: .utf8) == "/tmp/some report.html")
    }

    @Test func aFailingLauncherIsReportedNotThrown() throws {
        let (folder, _) = try launcher(exitStatus: 4)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let reason = ReportOpener.open("/tmp/r.html", environment: ["DISPLAY": ":0", "PATH": folder])
        #expect(reason == "\(folder)/xdg-open failed (exit status 4)")
        #expect(ReportOpener.open("/tmp/r.html", environment: ["PATH": folder]) == "no display (neither DISPLAY nor WAYLAND_DISPLAY is set)")
    }
}
