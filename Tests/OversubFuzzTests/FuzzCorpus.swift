import Foundation

/// Tests/Fixtures/fuzz/: one file per input that once broke something (README.md there says
/// what each broke). Every file starts with `#` lines: what broke, then what oversub must do:
///
///     # broke: --duration 0x10 ran 16 s windows
///     # expect: exit 2            (or: exit 0, or: accepted — taken without an error)
///     # expect-error: 0x10        (text the one error line holds; may repeat)
///     # expect-error-not: yaml_   (text it must not hold; may repeat)
///
/// The rest is the input: for `.args` one argument per line, `\xHH` a raw byte and `\\` a
/// backslash; for `.yaml` a profile; for `.result` a result.json.
struct CorpusEntry {
    enum Kind: String { case args, yaml, result }

    let name: String
    let kind: Kind
    let broke: String
    let expectedExit: Int32?
    let accepted: Bool
    let errorContains: [String]
    let errorLacks: [String]
    /// The input after the header, as bytes.
    let body: [UInt8]

    /// The arguments of an `.args` entry, as raw bytes.
    var arguments: [[UInt8]] {
        String(decoding: body, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .dropLast(body.last == 0x0A ? 1 : 0).map { Self.unescape(String($0)) }
    }

    static func all() throws -> [CorpusEntry] {
        let names = try FileManager.default.contentsOfDirectory(atPath: FuzzFiles.corpus).sorted()
        return try names.compactMap { name in
            guard let kind = Kind(rawValue: (name as NSString).pathExtension) else { return nil }
            return try CorpusEntry(name: name, kind: kind,
                                   bytes: [UInt8](Data(contentsOf: URL(fileURLWithPath: FuzzFiles.corpus + "/" + name))))
        }
    }

    init(name: String, kind: Kind, bytes: [UInt8]) throws {
        self.name = name
        self.kind = kind
        var header: [String] = []
        var rest = bytes[...]
        while rest.first == UInt8(ascii: "#") {
            let end = rest.firstIndex(of: 0x0A) ?? rest.endIndex
            header.append(String(decoding: rest[rest.startIndex..<end], as: UTF8.self))
            rest = end == rest.endIndex ? rest[end...] : rest[(end + 1)...]
        }
        func values(_ key: String) -> [String] {
            header.compactMap { line in
                let prefix = "# \(key):"
                return line.hasPrefix(prefix) ? String(line.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces) : nil
            }
        }
        broke = values("broke").joined(separator: " ")
        let expect = values("expect").first ?? ""
        accepted = expect == "accepted"
        expectedExit = expect.hasPrefix("exit ") ? Int32(expect.dropFirst(5)) : nil
        errorContains = values("expect-error")
        errorLacks = values("expect-error-not")
        body = Array(rest)
        struct BadEntry: Error, CustomStringConvertible { let description: String }
        guard !broke.isEmpty, accepted || expectedExit != nil else {
            throw BadEntry(description: "\(name) needs '# broke:' and '# expect: exit N' or '# expect: accepted'")
        }
    }

    /// "\xFF" a raw byte, "\\" a backslash; every other character as UTF-8.
    static func unescape(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var characters = Array(text.utf8)[...]
        while let byte = characters.first {
            characters = characters.dropFirst()
            guard byte == UInt8(ascii: "\\"), let next = characters.first else { bytes.append(byte); continue }
            if next == UInt8(ascii: "\\") {
                bytes.append(next)
                characters = characters.dropFirst()
            } else if next == UInt8(ascii: "x"), characters.count >= 3,
                      let value = UInt8(String(decoding: characters.dropFirst().prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(value)
                characters = characters.dropFirst(3)
            } else {
                bytes.append(byte)
            }
        }
        return bytes
    }

    /// The message must hold every expected text and none of the unwanted ones.
    func messageProblems(_ message: String) -> [String] {
        errorContains.filter { !message.contains($0) }.map { "error '\(message)' does not say '\($0)'" }
            + errorLacks.filter { message.contains($0) }.map { "error '\(message)' says '\($0)'" }
    }
}
