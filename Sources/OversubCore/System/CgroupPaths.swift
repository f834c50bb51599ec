/// The cgroup directories of this process for one controller: cgroup v2's unified hierarchy
/// and, on v1 or hybrid hosts, the hierarchy the controller is mounted with. Each list runs from
/// the process's own cgroup up to the mount point.
public struct CgroupPaths: Sendable {
    public let files: SystemFiles

    public init(files: SystemFiles) { self.files = files }

    public struct Hierarchy: Equatable, Sendable {
        public var isV2: Bool
        /// Deepest first.
        public var directories: [String]
    }

    public func hierarchies(controller: String) -> [Hierarchy] {
        let memberships = files.read("/proc/self/cgroup").map(CgroupMembership.parse) ?? []
        let mounts = files.read("/proc/self/mountinfo").map(MountInfo.parse) ?? []
        return memberships.compactMap { membership in
            let isV2 = membership.hierarchyID == 0 && membership.controllers.isEmpty
            let mount: MountInfo? = isV2
                ? mounts.first { $0.filesystemType == "cgroup2" }
                : (membership.controllers.contains(controller)
                    ? mounts.first { $0.filesystemType == "cgroup" && $0.superOptions.contains(controller) }
                    : nil)
            guard let mount else { return nil }
            return Hierarchy(isV2: isV2, directories: CgroupQuotaResolver.directories(cgroupPath: membership.path, mount: mount))
        }
    }
}
