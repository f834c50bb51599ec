import Foundation

/// The one JSON configuration oversub writes with: indented, sorted keys (so results diff
/// cleanly), slashes as they are.
public enum JSONOutput {
    public static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes, .sortedKeys]
        return try encoder.encode(value)
    }
}
