/// A JSON document as the mutator edits it: members keep their order (and may repeat, which
/// Foundation's serializer cannot write), and numbers keep their spelling, so `1e400` or
/// `9223372036854775808` can be written exactly.
indirect enum JSONTree: Equatable, Sendable {
    case object([JSONMember])
    case array([JSONTree])
    case string(String)
    /// The number as written in the file, or any raw text the mutator puts in a value's place.
    case raw(String)

    static func == (left: JSONTree, right: JSONTree) -> Bool {
        switch (left, right) {
        case (.object(let a), .object(let b)): a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case (.array(let a), .array(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.raw(let a), .raw(let b)): a == b
        default: false
        }
    }

    subscript(key: String) -> JSONTree? {
        get {
            guard case .object(let members) = self else { return nil }
            return members.last { $0.key == key }?.value
        }
        set {
            guard case .object(var members) = self else { return }
            if let index = members.lastIndex(where: { $0.key == key }) {
                if let newValue { members[index].value = newValue } else { members.remove(at: index) }
            } else if let newValue {
                members.append(JSONMember(key: key, value: newValue))
            }
            self = .object(members)
        }
    }

    var arrayItems: [JSONTree]? {
        if case .array(let items) = self { return items }
        return nil
    }

    // MARK: Reading (trusted fixture text only: a malformed file is a broken fixture)

    struct Malformed: Error { let offset: Int }

    static func parse(_ bytes: [UInt8]) throws -> JSONTree {
        var reader = Reader(bytes: bytes)
        let value = try reader.value()
        reader.skipSpace()
        guard reader.offset == bytes.count else { throw Malformed(offset: reader.offset) }
        return value
    }

    private struct Reader {
        let bytes: [UInt8]
        var offset = 0

        static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }

        mutating func skipSpace() {
            while offset < bytes.count, Self.isSpace(bytes[offset]) { offset += 1 }
        }

        mutating func value() throws -> JSONTree {
            skipSpace()
            guard offset < bytes.count else { throw Malformed(offset: offset) }
            switch bytes[offset] {
            case UInt8(ascii: "{"):
                offset += 1
                var members: [JSONMember] = []
                skipSpace()
                if offset < bytes.count, bytes[offset] == UInt8(ascii: "}") { offset += 1; return .object(members) }
                while true {
                    skipSpace()
                    let key = try string()
                    skipSpace()
                    try expect(":")
                    members.append(JSONMember(key: key, value: try value()))
                    skipSpace()
                    if try separatorOrEnd("}") { return .object(members) }
                }
            case UInt8(ascii: "["):
                offset += 1
                var items: [JSONTree] = []
                skipSpace()
                if offset < bytes.count, bytes[offset] == UInt8(ascii: "]") { offset += 1; return .array(items) }
                while true {
                    items.append(try value())
                    skipSpace()
                    if try separatorOrEnd("]") { return .array(items) }
                }
            case UInt8(ascii: "\""):
                return .string(try string())
            default:
                let start = offset
                while offset < bytes.count, !Self.isSpace(bytes[offset]), bytes[offset] != UInt8(ascii: ","),
                      bytes[offset] != UInt8(ascii: "]"), bytes[offset] != UInt8(ascii: "}") { offset += 1 }
                guard offset > start else { throw Malformed(offset: offset) }
                return .raw(String(decoding: bytes[start..<offset], as: UTF8.self))
            }
        }

        mutating func expect(_ character: Character) throws {
            guard offset < bytes.count, bytes[offset] == character.asciiValue! else { throw Malformed(offset: offset) }
            offset += 1
        }

        mutating func separatorOrEnd(_ end: Character) throws -> Bool {
            guard offset < bytes.count else { throw Malformed(offset: offset) }
            if bytes[offset] == UInt8(ascii: ",") { offset += 1; return false }
            try expect(end)
            return true
        }

        mutating func string() throws -> String {
            try expect("\"")
            var scalars = String.UnicodeScalarView()
            var pendingHigh: UInt32?
            while offset < bytes.count {
                let byte = bytes[offset]
                if byte == UInt8(ascii: "\"") {
                    offset += 1
                    return String(scalars)
                }
                if byte == UInt8(ascii: "\\") {
                    guard offset + 1 < bytes.count else { throw Malformed(offset: offset) }
                    let escaped = bytes[offset + 1]
                    offset += 2
                    switch escaped {
                    case UInt8(ascii: "n"): scalars.append("\n")
                    case UInt8(ascii: "t"): scalars.append("\t")
                    case UInt8(ascii: "r"): scalars.append("\r")
                    case UInt8(ascii: "b"): scalars.append("\u{8}")
                    case UInt8(ascii: "f"): scalars.append("\u{C}")
                    case UInt8(ascii: "u"):
                        guard offset + 4 <= bytes.count,
                              let code = UInt32(String(decoding: bytes[offset..<offset + 4], as: UTF8.self), radix: 16)
                        else { throw Malformed(offset: offset) }
                        offset += 4
                        if (0xD800..<0xDC00).contains(code) {
                            pendingHigh = code
                        } else if (0xDC00..<0xE000).contains(code), let high = pendingHigh {
                            scalars.append(Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00))!)
                            pendingHigh = nil
                        } else {
                            scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                        }
                    default: scalars.append(Unicode.Scalar(escaped))
                    }
                    continue
                }
                // A run of unescaped bytes up to the next quote or backslash, as UTF-8.
                let start = offset
                while offset < bytes.count, bytes[offset] != UInt8(ascii: "\""), bytes[offset] != UInt8(ascii: "\\") { offset += 1 }
                scalars.append(contentsOf: String(decoding: bytes[start..<offset], as: UTF8.self).unicodeScalars)
            }
            throw Malformed(offset: offset)
        }
    }

    // MARK: Writing

    /// Compact JSON. Control characters in strings are escaped unless `rawControls`, which
    /// writes them as they are (invalid JSON, which a reader must refuse in its own words).
    func text(rawControls: Bool = false) -> String {
        var out = ""
        write(into: &out, rawControls: rawControls)
        return out
    }

    private func write(into out: inout String, rawControls: Bool) {
        switch self {
        case .object(let members):
            out += "{"
            for (index, member) in members.enumerated() {
                if index > 0 { out += "," }
                Self.quote(member.key, into: &out, rawControls: rawControls)
                out += ":"
                member.value.write(into: &out, rawControls: rawControls)
            }
            out += "}"
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                item.write(into: &out, rawControls: rawControls)
            }
            out += "]"
        case .string(let text): Self.quote(text, into: &out, rawControls: rawControls)
        case .raw(let text): out += text
        }
    }

    private static func quote(_ text: String, into out: inout String, rawControls: Bool) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20 && !rawControls:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}

/// One member of a JSON object.
struct JSONMember: Equatable, Sendable {
    var key: String
    var value: JSONTree
}
