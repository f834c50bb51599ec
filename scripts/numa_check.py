#!/usr/bin/env python3
"""Boots multi-node guests under QEMU, runs oversub inside them, and checks from the result
files that every pin and NUMA mode placed workers and pages as docs/placement.md says.

Each guest is Debian's kernel with an initramfs of busybox, the oversub binary and the
libraries `ldd` names. Its /init runs the guest's commands, writes every output file gzipped
and base64-encoded to the second serial port between markers, and powers off. The checks then
read those files here:

- two-node: 2 sockets x 2 cores x 2 threads, nodes 0 and 1 with distance 32. Topology (sockets,
  physical cores, sibling pairs, distances, libnuma agreeing), compact and spread CPU orders,
  and local, node:N, remote and interleave page placement; then a cgroup v2 child with
  cpu.max "200000 100000" inside the guest: oversub must see 2 usable cores.
- cxl: 4 nodes, node 3 with memory and no CPUs, distances that make (0, 3) the farthest pair.
  remote must put pages on node 3 with workers on node 0, interleave must use all 4 nodes, no
  worker may run on node 3, and numa node:3 must be refused (exit 2) as a memory-only node.
- findings: 2 vCPUs on 2 nodes (one CPU each), the sweep of issue 18: no placement comparison
  may put series of different CPU budgets side by side by total throughput.

Usage: numa_check.py --oversub PATH --kernel VMLINUZ --busybox PATH --work DIR [--guest NAME ...] [--tcg]
       numa_check.py --matrix-table RESULT.json   (the table docs/placement.md shows)
Exit status: 0 when every check passes, 1 when one fails, 2 when a guest cannot be run.
"""

import argparse
import base64
import gzip
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import time

SWEEP = ["--duration", "0.05", "--warmup", "0", "--repetitions", "1", "--switch-cost", "off", "--quiet"]
CACHE = "cache:size=256KiB"

def nodes(cpus, size, distances):
    """QEMU arguments for NUMA nodes: node i has CPUs cpus[i] (None: memory only) and `size` of
    memory; distances maps (a, b) to the SLIT distance between them."""
    args = []
    for node, node_cpus in enumerate(cpus):
        args += ["-object", f"memory-backend-ram,id=m{node},size={size}",
                 "-numa", f"node,nodeid={node}" + (f",cpus={node_cpus}" if node_cpus else "") + f",memdev=m{node}"]
    for (a, b), distance in distances.items():
        args += ["-numa", f"dist,src={a},dst={b},val={distance}"]
    return args


GUESTS = {
    "two-node": {
        "qemu": ["-smp", "8,sockets=2,cores=2,threads=2", "-m", "2G"] + nodes(["0-3", "4-7"], "1G", {(0, 1): 32}),
        "commands": [
            ("topology.json", "oversub topology --json"),
            ("matrix", f"oversub analyze --workload {CACHE} --pin none,compact,spread "
                       f"--numa none,local,node:0,node:1,remote,interleave --threads 4,8 --out /out/matrix "
                       + " ".join(SWEEP)),
            ("quota-cgroup.txt", "quota cat /proc/self/cgroup /sys/fs/cgroup/q/cpu.max"),
            ("quota-topology.json", "quota oversub topology --json"),
            ("quota", "quota oversub analyze --workload spin --threads 1,2 --out /out/quota " + " ".join(SWEEP)),
        ],
    },
    "cxl": {
        # Node 3 has memory and no CPUs; 0 -> 3 is the farthest pair.
        "qemu": ["-smp", "3,sockets=3,cores=1,threads=1", "-m", "2G"]
                + nodes(["0", "1", "2", None], "512M",
                        {(0, 1): 20, (0, 2): 25, (1, 2): 20, (0, 3): 40, (1, 3): 30, (2, 3): 30}),
        "commands": [
            ("topology.json", "oversub topology --json"),
            ("matrix", f"oversub analyze --workload {CACHE} --pin none,spread --numa none,local,node:0,remote,interleave "
                       "--threads 3 --out /out/matrix " + " ".join(SWEEP)),
            ("memory-only.txt", f"oversub analyze --workload {CACHE} --numa node:3 --threads 1 --out /out/refused "
                                + " ".join(SWEEP)),
        ],
    },
    "findings": {
        "qemu": ["-smp", "2,sockets=2,cores=1,threads=1", "-m", "1G"] + nodes(["0", "1"], "512M", {(0, 1): 20}),
        "commands": [
            ("example", "oversub analyze --workload cache,spinlock --pin none,spread --numa none,local,remote,interleave "
                        "--threads 2,4,8 --out /out/example " + " ".join(SWEEP)),
        ],
    },
}

INIT = r"""#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin:/usr/bin HOME=/root
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tmpfs tmp /tmp
mkdir -p /out /root
# A child cgroup under cgroup v2 with a 2-CPU quota: "quota CMD" runs CMD inside it.
quota() {
    if [ ! -d /sys/fs/cgroup/q ]; then
        mount -t cgroup2 none /sys/fs/cgroup || return 99
        echo +cpu > /sys/fs/cgroup/cgroup.subtree_control || return 98
        mkdir /sys/fs/cgroup/q && echo "200000 100000" > /sys/fs/cgroup/q/cpu.max || return 97
    fi
    sh -c 'echo $$ > /sys/fs/cgroup/q/cgroup.procs && exec "$@"' quota "$@"
}
emit() {  # name file: the file, gzipped and base64-encoded, between markers
    echo "@@BEGIN $1"
    gzip -c "$2" | base64
    echo "@@END $1"
}
. /commands.sh
sleep 1
poweroff -f
"""


def log(message):
    print(f"numa-check: {message}", file=sys.stderr, flush=True)


def libraries(binary):
    """The absolute paths of the shared libraries `ldd` names, the loader included."""
    out = subprocess.run(["ldd", binary], check=True, capture_output=True, text=True).stdout
    paths = []
    for line in out.splitlines():
        for part in line.split():
            if part.startswith("/") and os.path.exists(part):
                paths.append(part)
    return sorted(set(paths))


def initramfs(guest, root, oversub, busybox, out):
    if root.exists():
        shutil.rmtree(root)
    for folder in ("bin", "proc", "sys", "dev", "tmp", "etc"):
        (root / folder).mkdir(parents=True)
    shutil.copy(busybox, root / "bin" / "busybox")
    shutil.copy(oversub, root / "bin" / "oversub")
    for library in libraries(oversub):
        target = root / library.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(library, target)  # follows symlinks: the file the loader opens
    (root / "etc" / "passwd").write_text("root:x:0:0:root:/root:/bin/sh\n")
    lines = []
    for name, command in GUESTS[guest]["commands"]:
        if name.endswith(".json") or name.endswith(".txt"):
            lines.append(f"{command} > /out/{name} 2>&1; echo \"@@RC {name} $?\" > /dev/ttyS1")
            lines.append(f"emit {name} /out/{name} > /dev/ttyS1")
        else:
            lines.append(f"{command} > /out/{name}.log 2>&1; echo \"@@RC {name} $?\" > /dev/ttyS1")
            lines.append(f"emit {name}.log /out/{name}.log > /dev/ttyS1")
            for file in ("result.json", "summary.json"):
                lines.append(f"[ -f /out/{name}/{file} ] && emit {name}/{file} /out/{name}/{file} > /dev/ttyS1")
    (root / "commands.sh").write_text("\n".join(lines) + "\n")
    (root / "init").write_text(INIT)
    (root / "init").chmod(0o755)
    files = subprocess.run(["find", "."], cwd=root, check=True, capture_output=True).stdout
    with open(out, "wb") as archive:
        cpio = subprocess.Popen([busybox, "cpio", "-o", "-H", "newc"], cwd=root, stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        packer = subprocess.Popen(["gzip", "-1"], stdin=cpio.stdout, stdout=archive)
        cpio.stdout.close()
        cpio.stdin.write(files)
        cpio.stdin.close()
        if cpio.wait() != 0 or packer.wait() != 0:
            raise SystemExit("numa-check: could not pack the initramfs")


def kvm_usable():
    try:
        fd = os.open("/dev/kvm", os.O_RDWR)
        os.close(fd)
        return True
    except OSError:
        return False


def boot(guest, kernel, ramdisk, folder, accel, timeout, silent_limit):
    """Boots the guest and waits for it to power off. A guest whose console stays empty for
    `silent_limit` seconds never started (KVM here: nested virtualisation that does not run)."""
    console, data = folder / "console.log", folder / "data.log"
    for file in (console, data):
        file.unlink(missing_ok=True)
    command = ["qemu-system-x86_64", "-accel", accel, "-cpu", "Skylake-Server" if accel == "tcg" else "host",
               "-M", "pc", "-kernel", str(kernel), "-initrd", str(ramdisk),
               "-append", "console=ttyS0 panic=-1", "-display", "none", "-no-reboot",
               "-serial", f"file:{console}", "-serial", f"file:{data}", "-monitor", "none"] + GUESTS[guest]["qemu"]
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    while process.poll() is None:
        elapsed = time.monotonic() - started
        silent = not console.exists() or console.stat().st_size == 0
        if elapsed > timeout or (silent and elapsed > silent_limit):
            process.kill()
            process.wait()
            why = f"no power-off within {timeout} s" if elapsed > timeout else f"the console stayed empty for {silent_limit} s"
            return True, why, time.monotonic() - started
        time.sleep(0.5)
    stderr = process.stderr.read()
    return process.returncode != 0, stderr, time.monotonic() - started


def unpack(data_log):
    files, codes, current, chunks = {}, {}, None, []
    for raw in data_log.read_text(errors="replace").splitlines():
        line = raw.strip("\r")
        if line.startswith("@@RC "):
            _, name, code = line.split(" ", 2)
            codes[name] = int(code)
        elif line.startswith("@@BEGIN "):
            current, chunks = line[8:], []
        elif line.startswith("@@END ") and current is not None:
            files[current] = gzip.decompress(base64.b64decode("".join(chunks))).decode()
            current = None
        elif current is not None:
            chunks.append(line)
    return files, codes


def run_guest(guest, args, work):
    folder = work / guest
    folder.mkdir(parents=True, exist_ok=True)
    ramdisk = folder / "initramfs.gz"
    initramfs(guest, folder / "root", args.oversub, args.busybox, ramdisk)
    accels = (["kvm"] if kvm_usable() and not args.tcg and not KVM_FAILED else []) + ["tcg"]
    for accel in accels:
        failed, stderr, seconds = boot(guest, args.kernel, ramdisk, folder, accel, timeout=args.timeout,
                                       silent_limit=10 if accel == "kvm" else 60)
        if failed and accel == "kvm":
            KVM_FAILED.append(stderr)  # the next guests go straight to TCG
        files, codes = unpack(folder / "data.log") if (folder / "data.log").exists() else ({}, {})
        if not failed and len(codes) == len(GUESTS[guest]["commands"]):
            log(f"{guest}: booted under {accel}, ran {len(codes)} commands, powered off in {seconds:.1f} s")
            shutil.rmtree(folder / "root")
            return files, codes
        log(f"{guest}: {accel} did not finish ({stderr.strip().splitlines()[-1:] or ['no output']}); "
            + ("falling back to TCG" if accel == "kvm" else "giving up"))
    tail = (folder / "console.log").read_text(errors="replace")[-2000:] if (folder / "console.log").exists() else ""
    raise GuestFailed(f"{guest}: the guest did not run its commands; console tail:\n{tail}")


KVM_FAILED = []


class GuestFailed(Exception):
    pass


class Checks:
    def __init__(self):
        self.failures, self.passed, self.verified = [], 0, []

    def expect(self, condition, what):
        if condition:
            self.passed += 1
        else:
            self.failures.append(what)
            log(f"FAIL {what}")
        return condition


def cpu_list(text):
    cpus = []
    for part in text.split(","):
        if "-" in part:
            low, high = part.split("-")
            cpus += range(int(low), int(high) + 1)
        elif part:
            cpus.append(int(part))
    return cpus


def points(result, workload, pin, numa, threads):
    return [p for p in result["points"] if p["workload"] == workload and p["pin"] == pin
            and p["numa"] == numa and p["threads"] == threads]


def requested_cpus(point):
    threads = sorted(point["repetitions"][0]["perThread"], key=lambda t: t["index"])
    return [t["requestedCPUs"] for t in threads]


def workers(point):
    return sorted(point["placement"]["workers"], key=lambda w: w["index"])


def pages_by_node(records):
    total = {}
    for record in records:
        for entry in record["pagesOnNode"] or []:
            total[entry["node"]] = total.get(entry["node"], 0) + entry["pages"]
    return total


def check_numa_modes(checks, guest, result, cpu_nodes, memory_nodes, far_pair, threads, pins):
    """local, node:N, remote and interleave put pages where docs/placement.md says, for every pin."""
    node_of = {cpu: node for node, cpus in cpu_nodes.items() for cpu in cpus}
    for pin in pins:
        swept = {p["numa"] for p in result["points"]}
        for numa in ["local"] + [f"node:{n}" for n in cpu_nodes if f"node:{n}" in swept] + ["remote", "interleave"]:
            found = points(result, "cache", pin, numa, threads)
            if not checks.expect(len(found) == 1 and found[0]["placement"] and found[0]["placement"]["workers"],
                                 f"{guest}: a cache point with placement records at pin {pin}, numa {numa}, {threads} threads"):
                continue
            point = found[0]
            records = workers(point)
            label = f"{guest}: pin {pin}, numa {numa}, {threads} threads"
            checks.expect(all(r["pagesSampled"] > 0 and r["pagesOnNode"] for r in records), f"{label}: pages sampled")
            checks.expect(all(not set(r["ranOnNodes"]) - set(cpu_nodes) for r in records),
                          f"{label}: workers ran only on nodes with CPUs")
            if numa == "local":
                ok = all(r["node"] is not None and set(e["node"] for e in r["pagesOnNode"]) == {r["node"]}
                         and r["ranOnNodes"] == [r["node"]] for r in records)
                checks.expect(ok, f"{label}: every worker on its own node with all its pages there")
                if pin == "none":
                    checks.expect([r["node"] for r in records] == [list(cpu_nodes)[i % len(cpu_nodes)] for i in range(threads)],
                                  f"{label}: unpinned workers dealt round-robin over the nodes with CPUs")
            elif numa.startswith("node:"):
                n = int(numa[5:])
                checks.expect(all(r["ranOnNodes"] == [n] for r in records), f"{label}: workers ran on node {n} only")
                checks.expect(set(pages_by_node(records)) == {n}, f"{label}: every page on node {n}")
                checks.expect(all((r["kernelPolicy"] or "").startswith("prefer") or r["kernelPolicy"] == f"node {n}"
                                  or str(n) in (r["kernelPolicy"] or "") for r in records),
                              f"{label}: the kernel holds a node {n} policy ({records[0]['kernelPolicy']})")
            elif numa == "remote":
                run, far = far_pair
                checks.expect(all(r["ranOnNodes"] == [run] for r in records), f"{label}: workers ran on node {run} only")
                checks.expect(set(pages_by_node(records)) == {far}, f"{label}: every page on node {far}, the farthest with memory")
            elif numa == "interleave":
                pages = pages_by_node(records)
                total = sum(pages.values())
                even = total / len(memory_nodes)
                checks.expect(set(pages) == set(memory_nodes) and all(abs(v - even) <= 0.15 * even for v in pages.values()),
                              f"{label}: pages interleaved evenly over nodes {sorted(memory_nodes)} ({pages})")
            if pin != "none" and numa in ("local", "interleave"):
                cpus = [cpu_list(c)[0] for c in requested_cpus(point)]
                checks.expect(all(r["ranOnNodes"] == [node_of[c]] for r, c in zip(records, cpus)),
                              f"{label}: pinned workers ran on their CPU's node")
            checks.verified.append(f"{guest}: pin {pin}, numa {numa} @ {threads} ({pages_by_node(records)})")


def check_two_node(checks, files, codes):
    guest = "two-node"
    topology = json.loads(files["topology.json"])
    checks.expect(codes["topology.json"] == 0, f"{guest}: oversub topology exits 0")
    checks.expect(topology.get("sockets") == 2, f"{guest}: 2 sockets ({topology.get('sockets')})")
    checks.expect(topology.get("physicalCores") == 4, f"{guest}: 4 physical cores ({topology.get('physicalCores')})")
    siblings = sorted(tuple(core["siblings"]) for core in topology.get("cores", []))
    checks.expect(siblings == [(0, 1), (2, 3), (4, 5), (6, 7)], f"{guest}: sibling pairs 0,1 2,3 4,5 6,7 ({siblings})")
    nodes = topology.get("numaNodes") or []
    checks.expect([n["id"] for n in nodes] == [0, 1], f"{guest}: 2 NUMA nodes")
    checks.expect(all(n.get("distances") in ([10, 32], [32, 10]) for n in nodes), f"{guest}: distance 32 between the nodes")
    checks.expect(topology.get("libnumaAvailable") is True and topology.get("libnumaDisagreements") == [],
                  f"{guest}: libnuma available and agreeing with sysfs ({topology.get('libnumaDisagreements')})")
    checks.expect(codes["matrix"] == 0, f"{guest}: the placement matrix exits 0:\n{files.get('matrix.log', '')[-1500:]}")
    result = json.loads(files["matrix/result.json"])
    checks.expect(result["skippedPlacements"] == [], f"{guest}: no placement skipped ({result['skippedPlacements']})")
    for threads, pin, expected in [(4, "spread", [0, 4, 2, 6]), (8, "spread", [0, 4, 2, 6, 1, 5, 3, 7]),
                                   (4, "compact", [0, 1, 2, 3]), (8, "compact", [0, 1, 2, 3, 4, 5, 6, 7])]:
        found = points(result, "cache", pin, "none", threads)
        cpus = [cpu_list(c)[0] for c in requested_cpus(found[0])] if found else None
        checks.expect(cpus == expected, f"{guest}: pin {pin} at {threads} workers on CPUs {expected} ({cpus})")
        if found:
            ran = [cpu_list(w["ranOnCPUs"]) for w in workers(found[0])]
            checks.expect(all(r == [c] for r, c in zip(ran, expected)), f"{guest}: pin {pin} at {threads}: each worker ran on its CPU")
            checks.verified.append(f"{guest}: pin {pin} @ {threads} -> CPUs {','.join(map(str, cpus))}")
    for pin in ("none", "compact", "spread"):
        check_numa_modes(checks, guest, result, {0: [0, 1, 2, 3], 1: [4, 5, 6, 7]}, [0, 1], (0, 1), 4, [pin])
    # cgroup v2 quota inside the guest: cpu.max 200000/100000 is 2 CPUs of the 8.
    checks.expect(files.get("quota-cgroup.txt", "").splitlines()[:2] == ["0::/q", "200000 100000"],
                  f"{guest}: the sweep runs in the cgroup v2 child q with cpu.max 200000 100000 ({files.get('quota-cgroup.txt')})")
    quota = json.loads(files["quota-topology.json"])
    checks.expect(codes["quota-topology.json"] == 0, f"{guest}: topology inside the cgroup exits 0")
    checks.expect(quota.get("usableCores") == 2, f"{guest}: cpu.max 200000 100000 gives 2 usable cores ({quota.get('usableCores')})")
    checks.expect(codes["quota"] == 0, f"{guest}: a sweep inside the cgroup exits 0:\n{files.get('quota.log', '')[-800:]}")
    limited = json.loads(files["quota/result.json"])
    env = limited["environment"]
    checks.expect(env["usableCores"] == 2, f"{guest}: result.json inside the cgroup has usableCores 2 ({env['usableCores']})")
    recorded = env["cgroupQuota"] or {}
    checks.expect(recorded.get("quotaMicroseconds") == 200000 and recorded.get("periodMicroseconds") == 100000
                  and "cgroup v2" in recorded.get("source", ""),
                  f"{guest}: result.json records the cgroup v2 cpu.max quota ({env['cgroupQuota']})")
    checks.verified.append(f"{guest}: cgroup v2 cpu.max 200000 100000 -> usableCores {env['usableCores']}, quota {env['cgroupQuota']}")


def check_cxl(checks, files, codes):
    guest = "cxl"
    topology = json.loads(files["topology.json"])
    nodes = {n["id"]: n for n in topology.get("numaNodes") or []}
    checks.expect(sorted(nodes) == [0, 1, 2, 3], f"{guest}: 4 NUMA nodes ({sorted(nodes)})")
    checks.expect(nodes.get(3, {}).get("cpus") == "" and (nodes.get(3, {}).get("memoryBytes") or 0) > 0,
                  f"{guest}: node 3 has memory and no CPUs ({nodes.get(3)})")
    checks.expect(codes["matrix"] == 0, f"{guest}: the placement matrix exits 0:\n{files.get('matrix.log', '')[-1500:]}")
    result = json.loads(files["matrix/result.json"])
    check_numa_modes(checks, guest, result, {0: [0], 1: [1], 2: [2]}, [0, 1, 2, 3], (0, 3), 3, ["none", "spread"])
    every = [r for p in result["points"] if p.get("placement") and p["placement"]["workers"] for r in workers(p)]
    checks.expect(every and all(3 not in r["ranOnNodes"] for r in every), f"{guest}: no worker ran on the CPU-less node 3")
    spread = points(result, "cache", "spread", "none", 3)
    cpus = [cpu_list(c)[0] for c in requested_cpus(spread[0])] if spread else None
    checks.expect(cpus == [0, 1, 2], f"{guest}: pin spread puts 3 workers on CPUs 0,1,2 ({cpus})")
    refused = files.get("memory-only.txt", "")
    checks.expect(codes["memory-only.txt"] == 2 and "node 3 has no CPUs" in refused,
                  f"{guest}: numa node:3 is refused with exit 2 naming the memory-only node ({codes['memory-only.txt']}: {refused.strip()})")
    checks.verified.append(f"{guest}: numa node:3 refused (exit {codes['memory-only.txt']}): {refused.strip()}")


# Findings that compare placements at one thread count: they must name series of one CPU budget.
SAME_BUDGET = {"placementRanking", "placementsAlike", "placementDrift", "memoryPlacementRanking", "memoryPlacementsAlike"}


def check_findings(checks, files, codes):
    guest = "findings"
    checks.expect(codes["example"] == 0, f"{guest}: the example sweep exits 0:\n{files.get('example.log', '')[-1500:]}")
    summary = json.loads(files["example/summary.json"])
    cores = {}
    for series in summary["series"]:
        cores[(series["workload"], f"pin {series['pin']}, numa {series['numa']}")] = series["cores"]
    placement = [f for f in summary["findings"] if f["kind"].startswith("placement") or f["kind"].startswith("memoryPlacement")
                 or f["kind"] == "remoteWithoutControl"]
    checks.expect(placement, f"{guest}: the example has placement findings")
    for finding in placement:
        checks.verified.append(f"{guest}: [{finding['kind']}] {finding['sentence']}")
        if finding["kind"] not in SAME_BUDGET:
            continue
        if finding["kind"] == "placementsAlike":  # names no placement, only how many
            checks.expect(finding["figures"].get("cores") is not None, f"{guest}: '{finding['sentence']}' has its budget")
            continue
        named = placements_named(finding["sentence"])
        budgets = {cores.get((finding["subject"], f"pin {pin}, numa {numa}")) for pin, numa in named}
        checks.expect(len(named) >= 2 and len(budgets) == 1 and finding["figures"].get("cores") in budgets,
                      f"{guest}: '{finding['sentence']}' names series of one CPU budget ({named}: {budgets})")
    remote = [f for f in placement if "numa remote" in f["sentence"] and f["kind"] in SAME_BUDGET]
    checks.expect(remote and all(f["figures"].get("cores") == 1 for f in remote),
                  f"{guest}: every comparison that names numa remote is among 1-core series")


def placements_named(sentence):
    """The (pin, numa) pairs a finding names: "pin spread, numa local", "pin spread with numa
    none or local", "numa node:0 with pin none or spread"."""
    def items(text):
        return [part for chunk in text.split(" or ") for part in chunk.split(", ") if part]
    named = []
    mode = r"[a-z]+(?::[0-9]+)?"
    listed = rf"{mode}(?:, {mode})*(?: or {mode})?"
    for match in re.finditer(rf"pin ({mode}) with numa ({listed})", sentence):
        named += [(match[1], numa) for numa in items(match[2])]
    for match in re.finditer(rf"numa ({mode}) with pin ({listed})", sentence):
        named += [(pin, match[1]) for pin in items(match[2])]
    for match in re.finditer(rf"pin ({mode}), numa ({mode})", sentence):
        named.append((match[1], match[2]))
    return sorted(set(named))


def matrix_table(result, threads=4):
    """The placement matrix as docs/placement.md shows it: per pin and NUMA mode, the CPUs the
    workers were pinned to (or "-" unpinned, "0-3" confined to a node) and pages per node."""
    pins = list(dict.fromkeys(p["pin"] for p in result["points"]))
    modes = list(dict.fromkeys(p["numa"] for p in result["points"]))
    nodes = sorted({e["node"] for p in result["points"] if p.get("placement")
                    for r in p["placement"]["workers"] or [] for e in r["pagesOnNode"] or []})
    lines = ["| pin \\ numa | " + " | ".join(modes) + " |", "| --- |" + " --- |" * len(modes)]
    for pin in pins:
        cells = []
        for numa in modes:
            found = points(result, "cache", pin, numa, threads)
            if not found:
                cells.append("n/a")
                continue
            cpus = requested_cpus(found[0])
            pages = pages_by_node(workers(found[0]))
            asked = "-" if all(c is None for c in cpus) else " ".join(c or "-" for c in cpus)
            cells.append(f"{asked}; " + " / ".join(str(pages.get(n, 0)) for n in nodes))
        lines.append(f"| {pin} | " + " | ".join(cells) + " |")
    return lines


def main():
    parser = argparse.ArgumentParser()
    if len(sys.argv) == 3 and sys.argv[1] == "--matrix-table":
        print("\n".join(matrix_table(json.load(open(sys.argv[2])))))
        return 0
    parser.add_argument("--oversub", required=True)
    parser.add_argument("--kernel", required=True)
    parser.add_argument("--busybox", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--guest", action="append", choices=sorted(GUESTS))
    parser.add_argument("--tcg", action="store_true", help="skip the KVM attempt")
    parser.add_argument("--timeout", type=int, default=300)
    args = parser.parse_args()
    work = pathlib.Path(args.work)
    checks = Checks()
    started = time.monotonic()
    for guest in args.guest or list(GUESTS):
        try:
            files, codes = run_guest(guest, args, work)
        except GuestFailed as failure:
            log(str(failure))
            return 2
        (work / guest / "files").mkdir(exist_ok=True)
        for name, text in files.items():
            target = work / guest / "files" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text)
        try:
            {"two-node": check_two_node, "cxl": check_cxl, "findings": check_findings}[guest](checks, files, codes)
        except (KeyError, ValueError, TypeError, IndexError) as error:
            checks.expect(False, f"{guest}: a result file is missing or malformed ({type(error).__name__}: {error})")
    for line in checks.verified:
        print(f"verified {line}")
    print(f"numa-check: guests booted, run and checked in {time.monotonic() - started:.0f} s")
    print(f"numa-check: {checks.passed} passed, {len(checks.failures)} failed")
    return 1 if checks.failures else 0


if __name__ == "__main__":
    sys.exit(main())
