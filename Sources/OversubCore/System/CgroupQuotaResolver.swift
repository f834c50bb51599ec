/// Finds the CPU quota that bounds this process: every cgroup on its path, for cgroup v2
/// (`cpu.max`) and v1 (`cpu.cfs_quota_us` / `cpu.cfs_period_us` under the `cpu` controller).
public struct CgroupQuotaResolver: Sendable {
    public let files: SystemFiles

    public init(files: SystemFiles) { self.files = files }

    public func tightestQuota() -> CPUQuota? {
        var quotas: [CPUQuota] = []
        for hierarchy in CgroupPaths(files: files).hierarchies(controller: "cpu") {
            for directory in hierarchy.directories {
                if hierarchy.isV2 {
                    if let text = files.read("\(directory)/cpu.max"),
                       let quota = CPUQuota.parseV2(text, source: "cgroup v2 cpu.max at \(directory)") {
                        quotas.append(quota)
                    }
                } else if let quota = files.read("\(directory)/cpu.cfs_quota_us"),
                          let period = files.read("\(directory)/cpu.cfs_period_us"),
                          let parsed = CPUQuota.parseV1(quota: quota, period: period,
                                                        source: "cgroup v1 cpu.cfs_quota_us at \(directory)") {
                    quotas.append(parsed)
                }
            }
        }
        return quotas.min { $0.cores < $1.cores }
    }

    /// The directories from the process's cgroup up to the mount point, deepest first. The cgroup
    /// path is relative to the hierarchy's root; the mount may show only a subtree of it (its
    /// `root` field), as inside a container.
    static func directories(cgroupPath: String, mount: MountInfo) -> [String] {
        var relative = cgroupPath
        if mount.root != "/" {
            if relative.hasPrefix(mount.root) {
                relative = String(relative.dropFirst(mount.root.count))
            } else {
                // The process's cgroup is outside what is mounted (a namespaced view): only the
                // mount's own directory can be read.
                relative = ""
            }
        }
        var components = relative.split(separator: "/").map(String.init)
        var result: [String] = []
        while true {
            let suffix = components.isEmpty ? "" : "/" + components.joined(separator: "/")
            result.append(mount.mountPoint == "/" ? (suffix.isEmpty ? "/" : suffix) : mount.mountPoint + suffix)
            if components.isEmpty { break }
            components.removeLast()
        }
        return result
    }
}
