#!/usr/bin/env python3
"""Generate the NUMA topology fixture trees under Tests/Fixtures/topology/.

Each fixture is a fake filesystem root holding the sysfs/procfs files the topology code reads
(/sys/devices/system/{cpu,node}, /proc/self/{status,cgroup,mountinfo}, /proc/cpuinfo,
/sys/fs/cgroup). Formats follow the kernel: CPU and node lists as in
Documentation/admin-guide/cputopology.rst (`0-7,16-23`, an empty list is just "\n"),
node distances in ascending node-id order over the online nodes, node meminfo with
right-aligned kB values, and the hex masks in /proc/self/status as comma-separated 32-bit
groups (Cpus_allowed over nr_cpu_ids bits, Mems_allowed over MAX_NUMNODES = 1024 bits).

Machines:
  vm-2core             existing 2-CPU VM: only the node files are added (node0 meminfo is a
                       snapshot of the real /sys/devices/system/node/node0/meminfo of that VM).
  two-socket-smt       existing 2 x 8 cores x SMT-2 Intel box: full per-CPU topology files,
                       cpu/possible, node files, and the allowed masks in proc/self/status.
                       Its cgroup files, cpuinfo and cache files are left as they are.
  epyc-2s-nps2         2 x 16 cores x SMT-2 AMD EPYC, NPS2 (4 nodes), AMD CPU numbering.
  nodes-gap            online nodes 0 and 2 (no node1), 8 CPUs without SMT.
  cpuless-memory-node  1 x 8 x SMT-2 with a memoryless CPU node and a CPU-less memory node.
  container-cpuset     two-socket-smt seen from a container limited to CPUs 4-7,20-21, node 0.

Deterministic and idempotent: files are only rewritten when their content differs, nothing
depends on the host. Python 3 standard library only; run from anywhere:

    python3 Tests/Fixtures/topology/generate_numa_fixtures.py
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

MAX_NUMNODES = 1024  # CONFIG_NODES_SHIFT=10, as on the VM these fixtures came from


# ---------------------------------------------------------------------------------------------
# Formatting helpers


def cpu_list(cpus):
    """Kernel list format: sorted, runs of 2+ consecutive ids as `a-b`, empty -> ""."""
    ids = sorted(set(cpus))
    parts = []
    i = 0
    while i < len(ids):
        j = i
        while j + 1 < len(ids) and ids[j + 1] == ids[j] + 1:
            j += 1
        parts.append(str(ids[i]) if i == j else "%d-%d" % (ids[i], ids[j]))
        i = j + 1
    return ",".join(parts)


def parse_list(text):
    result = []
    for part in text.strip().split(","):
        if not part:
            continue
        if "-" in part:
            lo, hi = part.split("-")
            result.extend(range(int(lo), int(hi) + 1))
        else:
            result.append(int(part))
    return result


def hex_mask(bits, nbits):
    """Bitmap as the kernel's %*pb prints it: 32-bit groups, most significant first, the first
    group only as wide as the bits it holds (2 CPUs -> "3", 32 -> "ffffffff")."""
    value = 0
    for b in bits:
        assert 0 <= b < nbits, (b, nbits)
        value |= 1 << b
    groups = []
    top = (nbits - 1) // 32
    for g in range(top, -1, -1):
        width = 32 if g < top else nbits - 32 * top
        chunk = (value >> (32 * g)) & ((1 << width) - 1)
        groups.append("%0*x" % ((width + 3) // 4, chunk))
    return ",".join(groups)


def node_meminfo(node, total_kb, free_kb):
    used_kb = total_kb - free_kb
    return "".join(
        "Node %d %-16s%8d kB\n" % (node, key + ":", value)
        for key, value in (("MemTotal", total_kb), ("MemFree", free_kb), ("MemUsed", used_kb))
    )


# /proc/self/status of `cat` on the VM (the structure of two-socket-smt/proc/self/status);
# the four allowed-mask lines are filled in per machine.
STATUS_TEMPLATE = """\
Name:\tcat
Umask:\t0022
State:\tR (running)
Tgid:\t5218
Ngid:\t0
Pid:\t5218
PPid:\t5215
TracerPid:\t0
Uid:\t0\t0\t0\t0
Gid:\t0\t0\t0\t0
FDSize:\t256
Groups:\t 
NStgid:\t5218
NSpid:\t5218
NSpgid:\t5215
NSsid:\t1306
Kthread:\t0
VmPeak:\t    3060 kB
VmSize:\t    3060 kB
VmLck:\t       0 kB
VmPin:\t       0 kB
VmHWM:\t    1688 kB
VmRSS:\t    1688 kB
RssAnon:\t     112 kB
RssFile:\t    1576 kB
RssShmem:\t       0 kB
VmData:\t     360 kB
VmStk:\t     132 kB
VmExe:\t      20 kB
VmLib:\t    1528 kB
VmPTE:\t      52 kB
VmSwap:\t       0 kB
HugetlbPages:\t       0 kB
CoreDumping:\t0
THP_enabled:\t1
untag_mask:\t0xffffffffffffffff
Threads:\t1
SigQ:\t0/96365
SigPnd:\t0000000000000000
ShdPnd:\t0000000000000000
SigBlk:\t0000000000000000
SigIgn:\t0000000000000000
SigCgt:\t0000000000000000
CapInh:\t0000000000000000
CapPrm:\t000001fffeffffff
CapEff:\t000001fffeffffff
CapBnd:\t000001fffeffffff
CapAmb:\t0000000000000000
NoNewPrivs:\t0
Seccomp:\t0
Seccomp_filters:\t0
Speculation_Store_Bypass:\tvulnerable
SpeculationIndirectBranch:\talways enabled
Cpus_allowed:\t{cpus_hex}
Cpus_allowed_list:\t{cpus_list}
Mems_allowed:\t{mems_hex}
Mems_allowed_list:\t{mems_list}
voluntary_ctxt_switches:\t1
nonvoluntary_ctxt_switches:\t0
"""


def status(possible_cpus, cpus_allowed, mems_allowed):
    return STATUS_TEMPLATE.format(
        cpus_hex=hex_mask(cpus_allowed, max(possible_cpus) + 1),
        cpus_list=cpu_list(cpus_allowed),
        mems_hex=hex_mask(mems_allowed, MAX_NUMNODES),
        mems_list=cpu_list(mems_allowed),
    )


HOST_MOUNTINFO = (
    "22 1 0:21 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 "
    "rw,nsdelegate,memory_recursiveprot\n"
    "25 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
)

CONTAINER_MOUNTINFO = (
    "1100 1000 0:50 / / rw,relatime - overlay overlay rw\n"
    "1200 1100 0:30 /docker/abc123 /sys/fs/cgroup ro,nosuid,nodev,noexec,relatime - cgroup2 cgroup rw\n"
)

# Snapshot of /sys/devices/system/node/node0/meminfo on the 2-CPU VM (the whole file).
VM_NODE0_MEMINFO = """\
Node 0 MemTotal:       13986004 kB
Node 0 MemFree:        13628012 kB
Node 0 MemUsed:          357992 kB
Node 0 SwapCached:            0 kB
Node 0 Active:            15400 kB
Node 0 Inactive:          10668 kB
Node 0 Active(anon):       1512 kB
Node 0 Inactive(anon):     2484 kB
Node 0 Active(file):      13888 kB
Node 0 Inactive(file):     8184 kB
Node 0 Unevictable:       11312 kB
Node 0 Mlocked:           10408 kB
Node 0 Dirty:                32 kB
Node 0 Writeback:             0 kB
Node 0 FilePages:         30928 kB
Node 0 Mapped:            10680 kB
Node 0 AnonPages:          6480 kB
Node 0 Shmem:              8856 kB
Node 0 KernelStack:        1284 kB
Node 0 PageTables:         2800 kB
Node 0 SecPageTables:         0 kB
Node 0 NFS_Unstable:          0 kB
Node 0 Bounce:                0 kB
Node 0 WritebackTmp:          0 kB
Node 0 KReclaimable:     213876 kB
Node 0 Slab:             245340 kB
Node 0 SReclaimable:     213876 kB
Node 0 SUnreclaim:        31464 kB
Node 0 AnonHugePages:         0 kB
Node 0 ShmemHugePages:        0 kB
Node 0 ShmemPmdMapped:        0 kB
Node 0 FileHugePages:         0 kB
Node 0 FilePmdMapped:         0 kB
Node 0 HugePages_Total:     0
Node 0 HugePages_Free:      0
Node 0 HugePages_Surp:      0
"""


# ---------------------------------------------------------------------------------------------
# Writing


class Tree:
    def __init__(self, name):
        self.name = name
        self.root = os.path.join(HERE, name)
        self.files = {}

    def add(self, rel, text):
        if not text.endswith("\n"):
            text += "\n"
        if rel in self.files and self.files[rel] != text:
            raise SystemExit("%s: conflicting contents for %s" % (self.name, rel))
        self.files[rel] = text

    def write(self):
        changed = 0
        for rel in sorted(self.files):
            path = os.path.join(self.root, rel)
            data = self.files[rel].encode("utf-8")
            try:
                with open(path, "rb") as f:
                    if f.read() == data:
                        continue
            except FileNotFoundError:
                pass
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(data)
            changed += 1
        print("%-20s %3d files, %3d written" % (self.name, len(self.files), changed))


# ---------------------------------------------------------------------------------------------
# Machine descriptions


class Machine:
    """cpus: {cpu: (package, core_id, die_id, [hardware threads of its core])};
    nodes: {node: (cpus, mem_total_kb, mem_free_kb)} for the online nodes;
    distances: {node: [distance to each online node in id order]}."""

    def __init__(self, cpus, nodes, distances, possible_nodes, model=None, caches=None):
        self.cpus = cpus
        self.nodes = nodes
        self.distances = distances
        self.possible_nodes = possible_nodes
        self.model = model
        self.caches = caches or {}
        self.check()

    def check(self):
        online = sorted(self.nodes)
        for node in online:
            assert len(self.distances[node]) == len(online), node
            assert self.distances[node][online.index(node)] == 10, node
        for a in online:
            for b in online:
                i, j = online.index(a), online.index(b)
                assert self.distances[a][j] == self.distances[b][i], (a, b)
        node_cpus = [c for n in online for c in self.nodes[n][0]]
        assert sorted(node_cpus) == sorted(self.cpus), "every CPU in exactly one node"
        for cpu, (package, core, die, threads) in self.cpus.items():
            assert cpu in threads
            for t in threads:
                assert self.cpus[t][:3] == (package, core, die) and self.cpus[t][3] == threads

    def cpu_files(self, tree, with_possible=True):
        all_cpus = cpu_list(self.cpus)
        tree.add("sys/devices/system/cpu/online", all_cpus)
        tree.add("sys/devices/system/cpu/present", all_cpus)
        if with_possible:
            tree.add("sys/devices/system/cpu/possible", all_cpus)
        for cpu, (package, core, die, threads) in sorted(self.cpus.items()):
            base = "sys/devices/system/cpu/cpu%d/topology/" % cpu
            tree.add(base + "core_id", str(core))
            tree.add(base + "physical_package_id", str(package))
            tree.add(base + "die_id", str(die))
            tree.add(base + "thread_siblings_list", cpu_list(threads))
            tree.add(base + "core_cpus_list", cpu_list(threads))
        for cpu, indexes in sorted(self.caches.items()):
            for i, (level, kind, size, shared) in enumerate(indexes):
                base = "sys/devices/system/cpu/cpu%d/cache/index%d/" % (cpu, i)
                tree.add(base + "level", str(level))
                tree.add(base + "type", kind)
                tree.add(base + "size", size)
                tree.add(base + "shared_cpu_list", shared)

    def node_files(self, tree):
        online = sorted(self.nodes)
        base = "sys/devices/system/node/"
        tree.add(base + "online", cpu_list(online))
        tree.add(base + "possible", cpu_list(self.possible_nodes))
        tree.add(base + "has_cpu", cpu_list(n for n in online if self.nodes[n][0]))
        with_memory = cpu_list(n for n in online if self.nodes[n][1] > 0)
        tree.add(base + "has_memory", with_memory)
        tree.add(base + "has_normal_memory", with_memory)
        for node in online:
            cpus, total, free = self.nodes[node]
            tree.add(base + "node%d/cpulist" % node, cpu_list(cpus))
            tree.add(base + "node%d/distance" % node, " ".join(map(str, self.distances[node])))
            tree.add(base + "node%d/meminfo" % node, node_meminfo(node, total, free))

    def proc_files(self, tree, cpus_allowed=None, mems_allowed=None):
        tree.add("proc/self/status", status(
            sorted(self.cpus),
            sorted(self.cpus) if cpus_allowed is None else cpus_allowed,
            sorted(self.nodes) if mems_allowed is None else mems_allowed,
        ))
        if self.model is not None:
            tree.add("proc/cpuinfo", "".join(
                "processor\t: %d\nmodel name\t: %s\n\n" % (cpu, self.model) for cpu in sorted(self.cpus)
            ))

    def host_cgroup_files(self, tree):
        tree.add("proc/self/cgroup", "0::/")
        tree.add("proc/self/mountinfo", HOST_MOUNTINFO)
        tree.add("sys/fs/cgroup/cpu.max", "max 100000")


def smt_machine(sockets, cores_per_socket, threads_per_core):
    """Intel and AMD both number the first thread of every core first (socket by socket), then the
    second threads in the same order, so the sibling of c is c + sockets * cores. The fixtures only
    differ in the core_id numbering, which is per socket in both."""
    cores = sockets * cores_per_socket
    cpus = {}
    for cpu in range(cores * threads_per_core):
        first = cpu % cores
        package = first // cores_per_socket
        core_id = first % cores_per_socket
        threads = [first + t * cores for t in range(threads_per_core)]
        cpus[cpu] = (package, core_id, 0, threads)
    return cpus


def two_socket_smt_machine():
    # CPU c: package (c % 16) // 8, core_id c % 8, siblings {c % 16, c % 16 + 16}.
    cpus = smt_machine(2, 8, 2)
    for c, (package, core, _, threads) in cpus.items():
        assert (package, core, threads) == ((c % 16) // 8, c % 8, [c % 16, c % 16 + 16])
    nodes = {
        0: (parse_list("0-7,16-23"), 98304000, 90000000),
        1: (parse_list("8-15,24-31"), 98304000, 90000000),
    }
    caches = {0: [
        (1, "Data", "32K", "0,16"),
        (1, "Instruction", "32K", "0,16"),
        (2, "Unified", "1024K", "0,16"),
        (3, "Unified", "22528K", "0-7,16-23"),
    ]}
    return Machine(cpus, nodes, {0: [10, 21], 1: [21, 10]}, [0, 1],
                   model="Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz", caches=caches)


def vm_2core():
    tree = Tree("vm-2core")
    base = "sys/devices/system/node/"
    for name in ("online", "possible", "has_cpu", "has_memory", "has_normal_memory"):
        tree.add(base + name, "0")
    tree.add(base + "node0/cpulist", "0-1")
    tree.add(base + "node0/distance", "10")
    tree.add(base + "node0/meminfo", VM_NODE0_MEMINFO)
    return tree


def two_socket_smt():
    # Existing fixture: cpuinfo, cache files, cgroup files and the user.slice hierarchy stay
    # as they are; this adds/overwrites topology, node and status files only.
    machine = two_socket_smt_machine()
    tree = Tree("two-socket-smt")
    machine.cpu_files(tree)
    machine.node_files(tree)
    tree.add("proc/self/status", status(sorted(machine.cpus), sorted(machine.cpus), [0, 1]))
    return tree


def container_cpuset():
    machine = two_socket_smt_machine()
    tree = Tree("container-cpuset")
    machine.cpu_files(tree)
    machine.node_files(tree)
    allowed = parse_list("4-7,20-21")
    machine.proc_files(tree, cpus_allowed=allowed, mems_allowed=[0])
    tree.add("proc/self/cgroup", "0::/")
    tree.add("proc/self/mountinfo", CONTAINER_MOUNTINFO)
    tree.add("sys/fs/cgroup/cpu.max", "max 100000")
    tree.add("sys/fs/cgroup/cpuset.cpus.effective", cpu_list(allowed))
    tree.add("sys/fs/cgroup/cpuset.mems.effective", "0")
    return tree


def epyc_2s_nps2():
    # AMD: CPUs 0-31 are the first threads (socket 0 = 0-15, socket 1 = 16-31), c + 32 the sibling.
    cpus = smt_machine(2, 16, 2)
    for c, (package, core, die, threads) in cpus.items():
        assert (package, core, die, threads) == ((c % 32) // 16, c % 16, 0, [c % 32, c % 32 + 32])
    nodes = {
        0: (parse_list("0-7,32-39"), 65536000, 60000000),
        1: (parse_list("8-15,40-47"), 65536000, 60000000),
        2: (parse_list("16-23,48-55"), 65536000, 60000000),
        3: (parse_list("24-31,56-63"), 65536000, 60000000),
    }
    distances = {
        0: [10, 12, 32, 32],
        1: [12, 10, 32, 32],
        2: [32, 32, 10, 12],
        3: [32, 32, 12, 10],
    }
    caches = {0: [
        (1, "Data", "32K", "0,32"),
        (1, "Instruction", "32K", "0,32"),
        (2, "Unified", "512K", "0,32"),
        (3, "Unified", "16384K", "0-3,32-35"),
    ]}
    machine = Machine(cpus, nodes, distances, [0, 1, 2, 3],
                      model="AMD EPYC 7502 32-Core Processor", caches=caches)
    tree = Tree("epyc-2s-nps2")
    machine.cpu_files(tree)
    machine.node_files(tree)
    machine.proc_files(tree)
    machine.host_cgroup_files(tree)
    return tree


def nodes_gap():
    # No SMT; CPUs 0-3 package 0, 4-7 package 1, core_id 0-3 in each. Online nodes 0 and 2.
    cpus = {c: (c // 4, c % 4, 0, [c]) for c in range(8)}
    nodes = {
        0: (parse_list("0-3"), 16384000, 15000000),
        2: (parse_list("4-7"), 16384000, 15000000),
    }
    machine = Machine(cpus, nodes, {0: [10, 20], 2: [20, 10]}, [0, 1, 2, 3],
                      model="Intel(R) Xeon(R) CPU E5-2637 v4 @ 3.50GHz")
    tree = Tree("nodes-gap")
    machine.cpu_files(tree)
    machine.node_files(tree)
    machine.proc_files(tree)
    machine.host_cgroup_files(tree)
    return tree


def cpuless_memory_node():
    # 1 socket x 8 cores x SMT-2, Intel numbering: sibling of c (< 8) is c + 8.
    cpus = smt_machine(1, 8, 2)
    nodes = {
        0: (parse_list("0-3,8-11"), 65536000, 60000000),
        1: (parse_list("4-7,12-15"), 0, 0),            # memoryless node
        2: ([], 134217728, 134000000),                  # CPU-less node: CXL memory expander
    }
    distances = {0: [10, 11, 20], 1: [11, 10, 20], 2: [20, 20, 10]}
    machine = Machine(cpus, nodes, distances, [0, 1, 2],
                      model="Intel(R) Xeon(R) Gold 6438Y+")
    tree = Tree("cpuless-memory-node")
    machine.cpu_files(tree)
    machine.node_files(tree)
    machine.proc_files(tree)
    machine.host_cgroup_files(tree)
    return tree


def self_test():
    assert cpu_list([]) == ""
    assert cpu_list([0, 1, 2, 5, 7, 8]) == "0-2,5,7-8"
    assert cpu_list([13, 29]) == "13,29"
    assert hex_mask([0, 1], 2) == "3"
    assert hex_mask(range(32), 32) == "ffffffff"
    assert hex_mask([4, 5, 6, 7, 20, 21], 32) == "003000f0"
    assert hex_mask(range(64), 64) == "ffffffff,ffffffff"
    assert hex_mask(range(8), 8) == "ff"
    assert hex_mask([0], 1024).endswith(",00000000,00000001") and len(hex_mask([0], 1024)) == 32 * 9 - 1
    assert node_meminfo(0, 65536000, 60000000) == (
        "Node 0 MemTotal:       65536000 kB\n"
        "Node 0 MemFree:        60000000 kB\n"
        "Node 0 MemUsed:         5536000 kB\n"
    )
    assert node_meminfo(1, 0, 0).splitlines()[0] == "Node 1 MemTotal:              0 kB"
    assert VM_NODE0_MEMINFO.splitlines()[0] == "Node 0 MemTotal:       13986004 kB"


def main():
    self_test()
    trees = [vm_2core(), two_socket_smt(), epyc_2s_nps2(), nodes_gap(), cpuless_memory_node(),
             container_cpuset()]
    for tree in trees:
        tree.write()
    return 0


if __name__ == "__main__":
    sys.exit(main())
