/// Text oversub shows but did not write itself (a host name, a CPU model, a kernel release, a
/// workload option, a command line, an error or skip reason, a file label) made safe for a
/// terminal, a CSV or markdown file, or an HTML page.
///
/// The one rule, for every text output: control characters and bidirectional-formatting
/// characters become U+FFFD (�), so an escape sequence cannot drive the terminal (ESC, BEL, CR,
/// the C1 CSI U+009B) and a right-to-left override cannot make text read other than it is stored
/// (U+202E "Trojan Source"). A tab becomes a space; a line break stays only where the format
/// allows one (`singleLine` joins lines with "; "). result.json keeps the text as recorded: JSON
/// escapes what it must, and this is applied when the text is shown.
public enum DisplayText {
    public static let replacement: Unicode.Scalar = "\u{FFFD}"

    /// C0 controls and DEL, C1 controls, the line and paragraph separators, and the bidi
    /// formatting characters: ALM U+061C, LRM/RLM U+200E–U+200F, the embeddings and overrides
    /// U+202A–U+202E and the isolates U+2066–U+2069 (Unicode UAX #9).
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x061C, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// The text with every unsafe character replaced: a tab by a space, a line break (LF, CR or
    /// CR LF) by LF when `keepingLineBreaks`, everything else by U+FFFD.
    public static func clean(_ text: String, keepingLineBreaks: Bool = false) -> String {
        var cleaned = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar {
            case "\t": cleaned.append(" ")
            case "\n" where keepingLineBreaks: if !previousWasCR { cleaned.append("\n") }
            case "\r" where keepingLineBreaks: cleaned.append("\n")
            case _ where isUnsafe(scalar): cleaned.append(replacement)
            default: cleaned.append(scalar)
            }
        }
        return String(cleaned)
    }
}

/// Text made safe for one line of terminal output or one error line: line breaks become "; ",
/// other unsafe characters as `DisplayText.clean` says, and the ends are trimmed. Every message
/// that quotes user or machine text goes through it.
public func singleLine(_ text: String) -> String {
    DisplayText.clean(text, keepingLineBreaks: true)
        .split(separator: "\n").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        .joined(separator: "; ")
}
