#!/usr/bin/env bash
# Runs `oversub analyze` on every host over ssh, gathers the results and compares them.
#   fleet/ssh-loop.sh OUT_DIR HOST [HOST ...]
#   ARGS="--config quick.yaml" fleet/ssh-loop.sh results web1 web2 db1
#   SSH="ssh -F fleet_ssh_config" SCP="scp -F fleet_ssh_config" fleet/ssh-loop.sh results web1 web2
# On each host, in turn: `d=$(mktemp -d)`, `oversub analyze ARGS --quiet --out "$d"`, then
# `scp HOST:$d/result.json OUT_DIR/HOST/result.json` and `rm -rf "$d"`; at the end
# `oversub compare OUT_DIR --out OUT_DIR/compare` here.
# Environment: OVERSUB (the oversub command on the hosts, default "oversub"), ARGS (extra analyze
# arguments, split on spaces), SSH and SCP (default ssh and scp; add -F, -i or -o options here),
# COMPARE (the local oversub, default "oversub"). Hosts run one after another, so they never
# disturb each other's measurement through a shared network or storage.
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
    echo "== $host" >&2
    # The scratch folder is made on the host by mktemp (private, unpredictable name).
    if remote_dir=$($ssh_cmd -n "$host" 'mktemp -d "${TMPDIR:-/tmp}/oversub-fleet.XXXXXXXX"') && [ -n "$remote_dir" ]; then
        if ! { $ssh_cmd -n "$host" "$remote_oversub analyze ${ARGS:-} --quiet --out '$remote_dir'" >&2 \
            && mkdir -p "$out/$host" \
            && $scp_cmd -q "$host:$remote_dir/result.json" "$out/$host/result.json"; }; then
            echo "ssh-loop.sh: $host failed; its result is missing" >&2
            status=1
        fi
        $ssh_cmd -n "$host" "rm -rf '$remote_dir'" || true
    else
        echo "ssh-loop.sh: $host: cannot make a scratch folder there; its result is missing" >&2
        status=1
    fi
done
${COMPARE:-oversub} compare "$out" --out "$out/compare"
exit $status
