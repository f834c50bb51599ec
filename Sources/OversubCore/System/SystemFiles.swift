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

/// Reads a file the user named (a profile, a saved result): it must be a regular file of at most
/// `maxBytes`, so `/dev/zero` or a named pipe is refused instead of filling memory or blocking.
public func readUserFile(atPath path: String, what: String, maxBytes: Int) throws(UsageError) -> [UInt8] {
    var info = stat()
    guard stat(path, &info) == 0 else {
        throw UsageError("cannot read \(what) '\(path)': \(String(cString: strerror(errno)))")
    }
    guard (info.st_mode & S_IFMT) == S_IFREG else {
        throw UsageError("\(what) '\(path)' is not a regular file")
    }
    guard info.st_size <= maxBytes else {
        throw UsageError("\(what) '\(path)' is \(info.st_size) bytes; at most \(maxBytes) are read")
    }
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else {
        throw UsageError("cannot read \(what) '\(path)': \(String(cString: strerror(errno)))")
    }
    defer { close(fd) }
    var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
    var filled = 0
    while filled < bytes.count {
        let count = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, $0.count - filled) }
        if count < 0 {
            if errno == EINTR { continue }
            throw UsageError("cannot read \(what) '\(path)': \(String(cString: strerror(errno)))")
        }
        if count == 0 { break }
        filled += count
    }
    return Array(bytes[0..<filled])
}
