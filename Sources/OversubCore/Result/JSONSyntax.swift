import Foundation

/// Why bytes are not JSON, and where, in oversub's words: Foundation's decoder says only "The
/// given data was not valid JSON" (and its NSError names NSCocoaErrorDomain), so a file that
/// fails to decode is parsed once more to find the line and column of the problem.
public enum JSONSyntax {
    /// "number 1e400 at line 3 column 12 is out of range", "unexpected text at line 1 column 6",
    /// or nil when the bytes are valid JSON (the problem is then a value that does not fit).
    public static func problem(in data: Data) -> String? {
        let description: String
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            return nil
        } catch {
            description = ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String) ?? ""
        }
        let bytes = [UInt8](data)
        if let match = description.firstMatch(of: /Number (\S+) is not representable/) {
            let number = String(match.1)
            let place = offset(of: number, in: bytes).map { " at " + position($0, in: bytes) } ?? ""
            return "number \(number)\(place) is out of range"
        }
        if let match = description.firstMatch(of: /around character (\d+)/), let offset = Int(match.1) {
            let what = description.hasPrefix("Unescaped control character") ? "a control character not escaped"
                : description.hasPrefix("Too many nested") ? "nesting deeper than 512 levels"
                : "unexpected text"
            return "\(what) at \(position(offset, in: bytes))"
        }
        if let match = description.firstMatch(of: /Invalid UTF-8 sequence .* from character (\d+)/), let offset = Int(match.1) {
            return "bytes that are not UTF-8 at \(position(offset, in: bytes))"
        }
        if description.hasPrefix("Unexpected end of file") {
            return bytes.allSatisfy({ [0x20, 0x0A, 0x0D, 0x09].contains($0) }) ? "the file is empty"
                : "it ends in the middle of a value (\(bytes.count) bytes; was it cut short?)"
        }
        return "unexpected text"
    }

    /// "line L column C" (both from 1) of a byte offset.
    static func position(_ offset: Int, in bytes: [UInt8]) -> String {
        let before = bytes.prefix(max(0, min(offset, bytes.count)))
        let line = before.count { $0 == 0x0A } + 1
        let column = before.count - (before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0) + 1
        return "line \(line) column \(column)"
    }

    /// Where `number` first stands as a value (after ':', ',', '[' or white space).
    static func offset(of number: String, in bytes: [UInt8]) -> Int? {
        let needle = Array(number.utf8)
        guard !needle.isEmpty, bytes.count >= needle.count else { return nil }
        for start in 0...(bytes.count - needle.count) where bytes[start..<start + needle.count].elementsEqual(needle) {
            let previous = start == 0 ? UInt8(ascii: " ") : bytes[start - 1]
            if [UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "["), 0x20, 0x0A, 0x0D, 0x09].contains(previous) { return start }
        }
        return nil
    }
}
