import Foundation

/// Whether an output folder's filesystem has room for oversub's files, checked before anything
/// is measured: a sweep that cannot be saved should not start. Later write failures keep the data
/// anyway (`OutputFiles.writeKeepingData`); this check only refuses the obvious case early.
public enum FreeSpace {
    /// 1 MiB: a default sweep's result.json, summary.json and report.html on a small machine
    /// take a few hundred KiB; a filesystem with less than this is full for our purposes.
    public static let minimumBytes: UInt64 = 1 << 20

    /// Pure: the refusal (exit 2) when `availableBytes` is below `minimumBytes`, else nil.
    public static func refusal(folder: String, availableBytes: UInt64,
                               minimumBytes: UInt64 = minimumBytes) -> UsageError? {
        guard availableBytes < minimumBytes else { return nil }
        return UsageError("--out folder '\(folder)' has \(availableBytes) bytes free; oversub needs at least "
                          + "\(Format.bytes(Int(minimumBytes))) there to write its results")
    }

    /// Bytes an unprivileged process may still write on the filesystem holding `folder`
    /// (statvfs(3): `f_bavail` blocks of `f_frsize` bytes), or nil when it cannot be asked.
    /// Root may also use the reserved blocks on ext4, but counting only `f_bavail` keeps the
    /// check on the safe side.
    public static func availableBytes(in folder: String) -> UInt64? {
        var info = statvfs()
        guard statvfs(folder, &info) == 0 else { return nil }
        let blockSize = info.f_frsize > 0 ? UInt64(info.f_frsize) : UInt64(info.f_bsize)
        let (bytes, overflow) = UInt64(info.f_bavail).multipliedReportingOverflow(by: blockSize)
        return overflow ? .max : bytes
    }
}
