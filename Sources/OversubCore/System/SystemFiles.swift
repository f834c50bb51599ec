#if canImport(Glibc)
import Glibc
#endif

/// Reads text files below a root directory: "/" on a live system, a fixture tree in tests, so a
/// 2-socket machine or a container with a quota can be described by files.
public struct SystemFiles: Sendable {
    public let root: String

    public init(root: String = "/") {
        self.root = root.hasSuffix("/") ? String(root.dropLast()) : root
    }

    public func path(_ absolute: String) -> String { root + absolute }

    /// The whole file, or nil when it cannot be opened or read.
    public func read(_ absolute: String) -> String? {
        readFile(atPath: path(absolute))
    }

    /// Names in a directory, or an empty list when it cannot be read.
    public func list(_ absolute: String) -> [String] {
        guard let dir = opendir(path(absolute)) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}

/// Reads a file with open/read/close, without Foundation: /proc files report size 0, so the
/// read loops until end of file. Used on hot-ish paths (per-thread /proc reads).
public func readFile(atPath path: String) -> String? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count < 0 {
            if errno == EINTR { continue }
            return nil
        }
        if count == 0 { break }
        bytes.append(contentsOf: chunk[0..<count])
    }
    return String(decoding: bytes, as: UTF8.self)
}

/// Reads a small file (at most 16 KiB, as /proc status files are) into a stack buffer and hands
/// its bytes to `body`, without allocating. Returns nil when the file cannot be read.
public func readFile<T>(atPath path: String, _ body: (UnsafeRawBufferPointer) -> T) -> T? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    return withUnsafeTemporaryAllocation(byteCount: 16384, alignment: 8) { buffer -> T? in
        var filled = 0
        while filled < buffer.count {
            let count = read(fd, buffer.baseAddress! + filled, buffer.count - filled)
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { break }
            filled += count
        }
        return body(UnsafeRawBufferPointer(rebasing: buffer[0..<filled]))
    }
}
