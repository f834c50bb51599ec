/// A folder name made from text oversub does not control (the hostname, or any other string from
/// the environment): only `[A-Za-z0-9._-]`, no `..`, no leading dot or dash, at most
/// `maximumLength` characters, never empty. `reports/<name>-<time>/` made from it is always one
/// folder directly below `reports/`, whatever the hostname says (a UTS namespace lets anyone
/// name the host `../../etc`).
public enum FolderName {
    public static let maximumLength = 64

    /// `text` with every run of other characters replaced by one `-`, runs of dots shortened to
    /// one, and dots and dashes trimmed from both ends; `fallback` when nothing is left.
    public static func component(_ text: String, fallback: String = "host") -> String {
        var name = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let keep = scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                                          || scalar == "." || scalar == "_" || scalar == "-")
            if keep {
                if scalar == ".", name.last == "." { continue }
                name.append(scalar)
            } else if name.last != "-" {
                name.append("-")
            }
        }
        var result = trimmed(String(name))
        if result.count > maximumLength { result = trimmed(String(result.prefix(maximumLength))) }
        return result.isEmpty ? fallback : result
    }

    /// The default folder of a run: `reports/<host>-<timestamp>`.
    public static func reportsFolder(host: String, timestamp: String) -> String {
        "reports/" + component(host) + "-" + component(timestamp, fallback: "run")
    }

    private static func trimmed(_ text: String) -> String {
        var slice = Substring(text)
        while let first = slice.first, first == "." || first == "-" { slice.removeFirst() }
        while let last = slice.last, last == "." || last == "-" { slice.removeLast() }
        return String(slice)
    }
}
