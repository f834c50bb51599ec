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

/// Reads a file the user named (a profile, a saved result). It must be a regular file of at most
/// `maxBytes` outside the kernel's trees: `/proc/self/status` stats as 0 bytes and would read as
/// an empty profile, `/dev/zero` would fill memory, a named pipe would block. The path is resolved
/// (realpath) before the check, so a symlink into /proc is refused too; the type and size are then
/// checked on the opened descriptor (opened non-blocking), so a swap after the check cannot slip
/// another file in.
public func readUserFile(atPath path: String, what: String, maxBytes: Int) throws(UsageError) -> [UInt8] {
    let allowed = "give a regular file of at most \(Format.bytes(maxBytes)), not under /proc, /sys or /dev"
    func cannotRead(_ code: Int32) -> UsageError {
        UsageError("cannot read \(what) '\(path)': \(String(cString: strerror(code)))")
    }
    guard let resolved = realpath(path, nil) else { throw cannotRead(errno) }
    let real = String(cString: resolved)
    free(resolved)
    for tree in ["/proc", "/sys", "/dev"] where real == tree || real.hasPrefix(tree + "/") {
        throw UsageError("\(what) '\(path)' is \(real == path ? "" : "'\(real)', ")a kernel file under \(tree), not a regular file: \(allowed)")
    }
    let fd = open(real, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
    guard fd >= 0 else { throw cannotRead(errno) }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw cannotRead(errno) }
    guard (info.st_mode & S_IFMT) == S_IFREG else {
        let kind = switch info.st_mode & S_IFMT {
        case S_IFDIR: "a directory"
        case S_IFIFO: "a named pipe"
        case S_IFCHR, S_IFBLK: "a device"
        case S_IFSOCK: "a socket"
        default: "not a regular file"
        }
        throw UsageError("\(what) '\(path)' is \(kind == "not a regular file" ? "" : kind + ", ")not a regular file: \(allowed)")
    }
    guard info.st_size <= maxBytes else {
        throw UsageError("\(what) '\(path)' is \(info.st_size) bytes: \(allowed)")
    }
    // One byte more than the cap, so a file that grew since fstat is refused, not cut.
    var bytes = [UInt8](repeating: 0, count: Int(info.st_size) + 1)
    var filled = 0
    while filled < bytes.count {
        let count = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, $0.count - filled) }
        if count < 0 {
            if errno == EINTR { continue }
            throw cannotRead(errno)
        }
        if count == 0 { break }
        filled += count
        if filled == bytes.count, bytes.count <= maxBytes { bytes += [UInt8](repeating: 0, count: min(maxBytes + 1, bytes.count * 2) - bytes.count) }
    }
    guard filled <= maxBytes else { throw UsageError("\(what) '\(path)' is more than \(maxBytes) bytes: \(allowed)") }
    return Array(bytes[0..<filled])
}
