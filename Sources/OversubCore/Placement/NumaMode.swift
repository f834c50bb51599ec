/// Where workers run and where their memory lives on a machine with NUMA nodes.
public enum NumaMode: Hashable, Sendable, CustomStringConvertible {
    /// No NUMA policy: the kernel places threads and memory (first touch).
    case none
    /// Each worker bound to a node (round-robin over nodes, or the node of its pinned CPU), its
    /// memory on that node.
    case local
    /// Every worker and all memory on node N.
    case node(Int)
    /// Workers on one node, memory on the farthest other node: the far-memory case.
    case remote
    /// Memory interleaved page by page over every node with memory.
    case interleave

    public static let allowed = "none, local, node:N, remote or interleave"

    public static func parse(_ text: String) throws(UsageError) -> NumaMode {
        switch text {
        case "none": return .none
        case "local": return .local
        case "remote": return .remote
        case "interleave": return .interleave
        default:
            guard text.hasPrefix("node:") else {
                throw UsageError("unknown numa mode '\(text)': use \(allowed)")
            }
            let number = text.dropFirst(5)
            guard !number.isEmpty, number.allSatisfy(\.isASCII), number.allSatisfy(\.isNumber),
                  let node = Int(number), node <= 65535 else {
                throw UsageError("numa mode '\(text)': N must be a node number from 0 to 65535, e.g. node:0")
            }
            return .node(node)
        }
    }

    public var description: String {
        switch self {
        case .none: "none"
        case .local: "local"
        case .node(let node): "node:\(node)"
        case .remote: "remote"
        case .interleave: "interleave"
        }
    }
}

/// Lists of placement modes as flags and profiles give them: `--pin none,compact,spread`,
/// `--numa none,local`. A `cpus:` item keeps its own commas: `cpus:0,2-3,spread` is the list
/// `cpus:0,2-3` and `spread`.
public enum PlacementLists {
    public static func pins(_ text: String) throws(UsageError) -> [PinMode] {
        var items: [String] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            if let last = items.last, last.hasPrefix("cpus:"), let first = part.first, first.isNumber {
                items[items.count - 1] += "," + part
            } else {
                items.append(part)
            }
        }
        var modes: [PinMode] = []
        var seen = Set<PinMode>()
        for item in items {
            guard !item.isEmpty else { throw UsageError("pin list '\(text)' has an empty item: use \(PinMode.allowed), comma-separated") }
            let mode = try PinMode.parse(item)
            guard seen.insert(mode).inserted else { throw SettingValue.listedTwice("pin mode", "'\(item)'", in: text) }
            modes.append(mode)
        }
        return modes
    }

    public static func numa(_ text: String) throws(UsageError) -> [NumaMode] {
        var modes: [NumaMode] = []
        var seen = Set<NumaMode>()
        for item in text.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            guard !item.isEmpty else { throw UsageError("numa list '\(text)' has an empty item: use \(NumaMode.allowed), comma-separated") }
            let mode = try NumaMode.parse(item)
            guard seen.insert(mode).inserted else { throw SettingValue.listedTwice("numa mode", "'\(item)'", in: text) }
            modes.append(mode)
        }
        return modes
    }
}
