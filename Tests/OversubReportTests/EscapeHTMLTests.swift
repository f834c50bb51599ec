import Testing
@testable import OversubReport

@Suite struct EscapeHTMLTests {
    @Test func escapingCoversMarkupQuotesAndControlCharacters() {
        #expect(escapeHTML("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;")
        #expect(escapeHTML("a & b \"c\" 'd'") == "a &amp; b &quot;c&quot; &#39;d&#39;")
        #expect(escapeHTML("bell\u{07}esc\u{1B}") == "bell\u{FFFD}esc\u{FFFD}")
        #expect(escapeHTML("µs · ×") == "µs · ×")
    }
}

@Suite struct EscapeHTMLBidiTests {
    @Test func bidiControlsCannotReorderThePage() {
        #expect(escapeHTML("abc\u{202E}gpj.exe") == "abc\u{FFFD}gpj.exe")
        for scalar in [0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x2066, 0x2067, 0x2068, 0x2069] {
            let text = "a" + String(Unicode.Scalar(UInt32(scalar))!) + "b"
            #expect(escapeHTML(text) == "a\u{FFFD}b", "U+\(String(scalar, radix: 16))")
        }
        #expect(escapeHTML("csi\u{9B}31m") == "csi\u{FFFD}31m")
        #expect(escapeHTML("line\none\ttab") == "line\none\ttab")
    }
}
