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

    /// The NUMA modes a sweep runs for the ones asked: each as asked and, after `remote`, its
    /// control, `node:N` on remote's own CPU node (the same CPUs with their memory local), unless
    /// it was asked for already. Without it, remote differs from every other series in its CPUs
    /// as well as its memory, and nothing the run measured tells the two apart.
    public static func sweptNumaModes(_ asked: [NumaMode], topology: Topology, libnumaAvailable: Bool) -> [NumaMode] {
        var modes: [NumaMode] = []
        for numa in asked {
            modes.append(numa)
            guard numa == .remote, let control = remoteControl(topology: topology, libnumaAvailable: libnumaAvailable),
                  !asked.contains(control) else { continue }
            modes.append(control)
        }
        return modes
    }

    /// `node:N` for the node `remote` runs its workers on, or nil when remote cannot run here.
    public static func remoteControl(topology: Topology, libnumaAvailable: Bool) -> NumaMode? {
        guard case .runs(let remote) = outcome(pin: .none, numa: .remote, topology: topology, libnumaAvailable: libnumaAvailable),
              let node = remote.confinedNode,
              case .runs = outcome(pin: .none, numa: .node(node), topology: topology, libnumaAvailable: libnumaAvailable)
        else { return nil }
        return .node(node)
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
