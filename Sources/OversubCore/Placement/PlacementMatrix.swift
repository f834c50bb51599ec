/// What one `--pin` × `--numa` combination does on a machine.
public enum PlacementOutcome: Equatable, Sendable {
    /// The combination runs, placed like this.
    case runs(Placement)
    /// The machine cannot run it (one NUMA node, no libnuma, Mems_allowed too narrow); a sweep
    /// skips it with this reason.
    case skipped(reason: String)
    /// The request names something this machine lacks (a memory-only node, a node outside the
    /// affinity mask); `oversub analyze` refuses it with this usage error.
    case notPossible(UsageError)
}

/// Every pin mode × NUMA mode a machine can be asked for, resolved on it, so one listing shows
/// which `--pin`/`--numa` choices run here and why the others do not.
public enum PlacementMatrix {
    /// One combination and what it does.
    public struct Entry: Equatable, Sendable {
        public var pin: PinMode
        public var numa: NumaMode
        public var outcome: PlacementOutcome
    }

    /// The pin modes that need no CPU list.
    public static let pinModes: [PinMode] = [.none, .compact, .spread]

    /// none, local, node:N for every node sysfs shows, remote, interleave.
    public static func numaModes(topology: Topology) -> [NumaMode] {
        [.none, .local] + topology.numaNodes.map { NumaMode.node($0.id) } + [.remote, .interleave]
    }

    /// Every pin mode (outer) with every NUMA mode (inner).
    public static func entries(topology: Topology, libnumaAvailable: Bool) -> [Entry] {
        pinModes.flatMap { pin in
            numaModes(topology: topology).map { numa in
                Entry(pin: pin, numa: numa,
                      outcome: outcome(pin: pin, numa: numa, topology: topology, libnumaAvailable: libnumaAvailable))
            }
        }
    }

    public static func outcome(pin: PinMode, numa: NumaMode, topology: Topology,
                               libnumaAvailable: Bool) -> PlacementOutcome {
        do throws(UsageError) {
            switch try Placement.make(pin: pin, numa: numa, topology: topology, libnumaAvailable: libnumaAvailable) {
            case .success(let placement): return .runs(placement)
            case .failure(let skipped): return .skipped(reason: skipped.reason)
            }
        } catch {
            return .notPossible(error)
        }
    }
}
