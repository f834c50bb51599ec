import Testing
@testable import OversubCore

@Suite struct DisplayTextTests {
    /// Terminal controls (ESC, BEL, CR, the C1 CSI) and bidi overrides become U+FFFD.
    @Test(arguments: ["\u{1B}", "\u{07}", "\u{00}", "\u{7F}", "\u{9B}", "\u{85}", "\u{061C}", "\u{200E}", "\u{200F}",
                      "\u{202A}", "\u{202B}", "\u{202C}", "\u{202D}", "\u{202E}", "\u{2066}", "\u{2067}", "\u{2068}", "\u{2069}",
                      "\u{2028}", "\u{2029}"])
    func unsafeCharactersAreReplaced(character: String) {
        #expect(DisplayText.clean("a" + character + "b") == "a\u{FFFD}b")
        #expect(singleLine("a" + character + "b") == "a\u{FFFD}b")
    }

    @Test func tabsAndLineBreaks() {
        #expect(DisplayText.clean("a\tb") == "a b")
        #expect(DisplayText.clean("a\nb") == "a\u{FFFD}b")
        #expect(DisplayText.clean("a\r\nb\rc\nd", keepingLineBreaks: true) == "a\nb\nc\nd")
        #expect(singleLine(" one \r\n two\n\nthree\r") == "one; two; three")
        #expect(singleLine("host\u{1B}[2J\u{202E}cod.exe") == "host\u{FFFD}[2J\u{FFFD}cod.exe")
    }

    @Test func ordinaryTextIsKept() {
        for text in ["Intel(R) Xeon(R) CPU @ 3.0GHz", "µs · × é 中文 🙂", "cache:size=256KiB", "a\u{200D}b", "\u{05D0}\u{05D1}"] {
            #expect(DisplayText.clean(text) == text)
            #expect(singleLine(text) == text)
        }
    }
}
