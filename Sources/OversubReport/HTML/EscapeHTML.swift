import OversubCore

/// Makes any text safe as HTML (and SVG/XML) element content or as a quoted attribute value.
/// Every string that comes from the environment, the config, warnings, notes, errors or the
/// command line goes through here. Tabs and newlines stay (HTML treats them as spaces), a carriage
/// return becomes a newline; other
/// control characters, which XML forbids, and bidi formatting characters become U+FFFD as
/// `DisplayText` says everywhere, so a hostile hostname can neither break the document nor
/// reorder what it reads; so do U+FFFE and U+FFFF, which XML forbids too.
public func escapeHTML(_ text: String) -> String {
    var escaped = ""
    escaped.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
    for scalar in text.unicodeScalars {
        switch scalar {
        case "&": escaped += "&amp;"
        case "<": escaped += "&lt;"
        case ">": escaped += "&gt;"
        case "\"": escaped += "&quot;"
        case "'": escaped += "&#39;"
        case "\t", "\n": escaped.unicodeScalars.append(scalar)
        case "\r": escaped += "\n"
        case _ where DisplayText.isUnsafe(scalar) || scalar.value == 0xFFFE || scalar.value == 0xFFFF:
            escaped.unicodeScalars.append(DisplayText.replacement)
        default: escaped.unicodeScalars.append(scalar)
        }
    }
    return escaped
}
