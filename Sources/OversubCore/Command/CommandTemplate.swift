import Foundation

/// The user's command for `oversub run`: its arguments and extra environment, in which
/// `{threads}` stands for the point's thread count.
public struct CommandTemplate: Codable, Equatable, Sendable {
    public static let placeholder = "{threads}"

    /// The program and its arguments, as given (the program as typed, not resolved).
    public var arguments: [String]
    /// `NAME=VALUE` settings added to oversub's own environment, in the order given.
    public var environment: [Setting]

    public struct Setting: Codable, Equatable, Sendable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }

        /// "NAME=VALUE"; the name is a shell variable name, the value anything without a NUL.
        public static func parse(_ text: String) throws(UsageError) -> Setting {
            guard let equals = text.firstIndex(of: "=") else {
                throw UsageError("--env '\(text)' is not NAME=VALUE (e.g. OMP_NUM_THREADS={threads})")
            }
            let name = String(text[..<equals]), value = String(text[text.index(after: equals)...])
            guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic),
                  name.unicodeScalars.allSatisfy({ $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) })
            else {
                throw UsageError("--env '\(text)': '\(name)' is not a variable name (letters, digits and _, not starting with a digit)")
            }
            guard !value.contains("\0") else { throw UsageError("--env \(name): the value holds a NUL byte") }
            return Setting(name: name, value: value)
        }
    }

    /// Checks what can be checked before anything runs: a program is named, it does not depend on
    /// the thread count, no NUL, a setting named once, and something varies with `{threads}`.
    public init(arguments: [String], environment: [Setting]) throws(UsageError) {
        guard let program = arguments.first, !program.isEmpty else {
            throw UsageError("no command given: put it after --, e.g. oversub run -- xz -T{threads} -k -c data.bin")
        }
        guard !program.contains(Self.placeholder) else {
            throw UsageError("the program '\(program)' cannot contain \(Self.placeholder): put it in an argument or an --env value")
        }
        if let bad = arguments.first(where: { $0.contains("\0") }) {
            throw UsageError("the argument '\(bad.replacingNUL)' holds a NUL byte")
        }
        var names: Set<String> = []
        for setting in environment where !names.insert(setting.name).inserted {
            throw UsageError("--env \(setting.name) is given twice: give each variable once")
        }
        guard arguments.contains(where: { $0.contains(Self.placeholder) })
            || environment.contains(where: { $0.value.contains(Self.placeholder) }) else {
            throw UsageError("nothing in the command varies with the thread count: put \(Self.placeholder) in an argument "
                             + "(e.g. make -j\(Self.placeholder)) or an --env value (e.g. --env OMP_NUM_THREADS=\(Self.placeholder))")
        }
        self.arguments = arguments
        self.environment = environment
    }

    /// The arguments for one point.
    public func arguments(threads: Int) -> [String] {
        arguments.map { $0.replacingOccurrences(of: Self.placeholder, with: String(threads)) }
    }

    /// `base` (oversub's environment) with the settings for one point over it, as NAME=VALUE.
    public func environment(threads: Int, base: [String: String]) -> [String] {
        var merged = base
        for setting in environment {
            merged[setting.name] = setting.value.replacingOccurrences(of: Self.placeholder, with: String(threads))
        }
        return merged.keys.sorted().map { "\($0)=\(merged[$0]!)" }
    }

    /// The command as a person would type it: settings first, then the arguments, each quoted
    /// for a POSIX shell when it needs it.
    public var commandLine: String {
        (environment.map { "\($0.name)=\(Self.quoted($0.value))" } + arguments.map(Self.quoted)).joined(separator: " ")
    }

    static func quoted(_ word: String) -> String {
        let plain = word.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_./=:,+%{}@".unicodeScalars.contains($0))
        }
        if plain, !word.isEmpty { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

private extension String {
    var replacingNUL: String { replacingOccurrences(of: "\0", with: "\\0") }
}
