#!/usr/bin/env bash
# Runs `oversub analyze` on every host over ssh, gathers the results and compares them.
#   fleet/ssh-loop.sh OUT_DIR HOST [HOST ...]
# Environment: OVERSUB (the oversub command on the hosts, default "oversub"), ARGS (extra analyze
# arguments, e.g. "--config quick.yaml"), SSH and SCP (default ssh and scp), COMPARE (the local
# oversub, default "oversub"). Hosts run one after another, so they never disturb each other's
# measurement through a shared network or storage.
set -euo pipefail
out="${1:?usage: ssh-loop.sh OUT_DIR HOST [HOST ...]}"
shift
[ "$#" -ge 1 ] || { echo "ssh-loop.sh: give at least one host" >&2; exit 2; }
ssh_cmd="${SSH:-ssh}"
scp_cmd="${SCP:-scp}"
remote_oversub="${OVERSUB:-oversub}"
mkdir -p "$out"
status=0
for host in "$@"; do
    remote_dir="/tmp/oversub-fleet-$$"
    echo "== $host" >&2
    if $ssh_cmd "$host" "$remote_oversub analyze ${ARGS:-} --quiet --out $remote_dir" >&2 \
        && mkdir -p "$out/$host" \
        && $scp_cmd "$host:$remote_dir/result.json" "$out/$host/result.json"; then
        $ssh_cmd "$host" "rm -rf $remote_dir" || true
    else
        echo "ssh-loop.sh: $host failed; its result is missing" >&2
        status=1
    fi
done
${COMPARE:-oversub} compare "$out" --out "$out/compare"
exit $status
