import Foundation

/// Where a JSON document stops being JSON, in words a person can act on: what is wrong and the
/// line and column, e.g. "the number 1e400 is too large (line 12, column 20)".
enum JSONProblem {
    static func describe(_ data: Data) -> String {
        let description: String
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            return "it is JSON, but not an oversub result"
        } catch {
            description = ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String) ?? "it is not valid JSON"
        }
        let bytes = [UInt8](data)
        // "Number 1e400 is not representable in Swift."
        if let range = description.range(of: #"^Number (\S+) is not representable"#, options: .regularExpression) {
            let number = description[range].dropFirst("Number ".count).prefix { !$0.isWhitespace }
            let offset = firstOffset(of: Array(number.utf8), in: bytes)
            return "the number \(number) is outside what a result can hold" + (offset.map { " " + position($0, in: bytes) } ?? "")
        }
        // "Invalid value around character 12." (a byte offset from 0, whatever the encoding)
        if let range = description.range(of: #"around character [0-9]+"#, options: .regularExpression),
           let offset = Int(description[range].split(separator: " ").last ?? "") {
            let what = description[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
            return "\(what.isEmpty ? "invalid JSON" : what.prefix(1).lowercased() + what.dropFirst()) "
                + position(offset, in: bytes)
        }
        return description.hasSuffix(".") ? String(description.dropLast()) : description
    }

    /// "(line 3, column 5)", both from 1.
    static func position(_ offset: Int, in bytes: [UInt8]) -> String {
        let before = bytes.prefix(max(0, min(offset, bytes.count)))
        let line = before.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
        let lineStart = before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let column = String(decoding: before[lineStart...], as: UTF8.self).count + 1
        return "(line \(line), column \(column))"
    }

    static func firstOffset(of needle: [UInt8], in bytes: [UInt8]) -> Int? {
        guard !needle.isEmpty, needle.count <= bytes.count else { return nil }
        return (0...(bytes.count - needle.count)).first { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }
    }
}
