import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

/// Command-line arguments are bytes. `CommandLine.arguments` decodes them as UTF-8 and puts
/// U+FFFD where they are not, so `--out $'\xff'dir` would write to a folder with another name
/// than the one given. oversub takes paths and values as UTF-8 text and refuses anything else.
enum ArgumentBytes {
    /// The position (1 = the first argument after the program name) and text, with the bad
    /// bytes as `\xFF`, of the first argument that is not valid UTF-8; nil when all are.
    static func firstInvalid(_ arguments: [[UInt8]]) -> (position: Int, shown: String)? {
        for (index, bytes) in arguments.enumerated().dropFirst() where String(validating: bytes, as: UTF8.self) == nil {
            return (index, show(bytes))
        }
        return nil
    }

    /// The bytes as text: valid UTF-8 as it is, every byte of an invalid sequence as `\xHH`.
    static func show(_ bytes: [UInt8]) -> String {
        var shown = ""
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                shown.unicodeScalars.append(Unicode.UTF8.decode(encoded))
                offset += encoded.count
            case .error(let length):
                for byte in bytes[offset..<offset + length] {
                    let hex = String(byte, radix: 16, uppercase: true)
                    shown += "\\x" + (hex.count == 1 ? "0" : "") + hex
                }
                offset += length
            case .emptyInput:
                return shown
            }
        }
    }

    /// This process's arguments as the kernel passed them.
    static func live() -> [[UInt8]] {
        (0..<Int(CommandLine.argc)).map { index in
            guard let pointer = CommandLine.unsafeArgv[index] else { return [] }
            return Array(UnsafeBufferPointer(start: pointer, count: strlen(pointer)).map { UInt8(bitPattern: $0) })
        }
    }

    /// Throws the usage error for the first argument that is not UTF-8. `main.swift` calls it
    /// before the arguments are parsed, for every command.
    static func check(_ arguments: [[UInt8]] = live()) throws {
        guard let invalid = firstInvalid(arguments) else { return }
        throw ValidationError("argument \(invalid.position) '\(invalid.shown)' is not valid UTF-8: "
                              + "oversub takes paths and values as UTF-8 text only; rename the file or folder")
    }
}
