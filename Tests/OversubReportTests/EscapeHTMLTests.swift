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
