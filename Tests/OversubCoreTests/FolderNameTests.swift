import Foundation
import Testing
import OversubCore

@Suite struct FolderNameTests {
    @Test(arguments: [
        ("../../evil/x", "evil-x"),
        ("/", "host"),
        (".", "host"),
        ("..", "host"),
        ("", "host"),
        ("...", "host"),
        ("-rf", "rf"),
        (".hidden", "hidden"),
        ("a..b", "a.b"),
        ("a/../b", "a-.-b"),
        ("node01.cluster_a-1", "node01.cluster_a-1"),
        ("höst name", "h-st-name"),
        ("日本語", "host"),
        ("a\u{202E}b\u{1B}[2Kc", "a-b-2Kc"),
        ("x\0y", "x-y"),
    ])
    func keepsOnlySafeCharacters(text: String, expected: String) {
        #expect(FolderName.component(text) == expected)
    }

    @Test func isAtMostSixtyFourCharacters() {
        #expect(FolderName.component(String(repeating: "a", count: 300)) == String(repeating: "a", count: 64))
        // Cut at 64, then the dash the cut left at the end is trimmed.
        #expect(FolderName.component(String(repeating: "a", count: 63) + "/b") == String(repeating: "a", count: 63))
    }

    @Test func theDefaultFolderIsOneFolderBelowReports() {
        #expect(FolderName.reportsFolder(host: "../../evil/x", timestamp: "20261201T000000Z")
                == "reports/evil-x-20261201T000000Z")
        #expect(FolderName.reportsFolder(host: "", timestamp: "") == "reports/host-run")
    }

    /// Whatever the text, the name is non-empty, made of the allowed characters, not `.` or `..`
    /// or hidden, and a path built from it stays directly below `reports/`.
    @Test func anyTextGivesASafeName() {
        var generator = SplitMix64(seed: 13)
        let alphabet = Array("aZ09._-/\\ ..\u{0}\u{1B}\u{202E}\u{FFFD}é日~$*".unicodeScalars)
        for _ in 0..<2000 {
            var text = String.UnicodeScalarView()
            for _ in 0..<generator.below(80) { text.append(alphabet[generator.below(alphabet.count)]) }
            let name = FolderName.component(String(text))
            #expect(!name.isEmpty && name.count <= FolderName.maximumLength)
            #expect(name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || "0123456789._-".unicodeScalars.contains($0)) },
                    "\(String(text).debugDescription) → \(name)")
            #expect(!name.contains("..") && !name.hasPrefix(".") && !name.hasPrefix("-"))
            let folder = FolderName.reportsFolder(host: String(text), timestamp: "20261201T000000Z")
            #expect(URL(fileURLWithPath: "/base/" + folder).standardized.deletingLastPathComponent().path == "/base/reports")
        }
    }
}
