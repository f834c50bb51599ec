#!/usr/bin/env bash
# Slurm: each job (or array task) runs `oversub analyze` on a whole node and writes
# OUT_DIR/<hostname>-<task or job id>/; a dependent job compares them all. OUT_DIR must be on
# storage every node sees. Arguments after OUT_DIR go to `oversub analyze`; OVERSUB names the
# oversub command on the nodes (sbatch passes the environment on).
#
# Any N nodes, as an array (Slurm picks the nodes):
#   jobid=$(sbatch --parsable --array=0-7 fleet/slurm-array.sh /shared/oversub)
#   sbatch --dependency=afterok:$jobid --wrap "oversub compare /shared/oversub --out /shared/oversub/compare"
# --exclusive gives each task a whole node while it measures, but an array cannot ask for distinct
# nodes: with fewer free nodes than tasks, tasks wait and then run on a node another task already
# measured, one after the other (on a one-node cluster every task runs there, one at a time).
#
# Every node of a partition that is up, once (distinct nodes forced: one job per node, pinned
# with --nodelist):
#   jobs=$(for node in $(sinfo -h -N -p PARTITION -t idle,mixed,allocated -o %N | sort -u); do
#       sbatch --parsable --nodelist="$node" fleet/slurm-array.sh /shared/oversub; done | paste -sd:)
#   sbatch --dependency=afterok:$jobs --wrap "oversub compare /shared/oversub --out /shared/oversub/compare"
#
# A quick sweep instead of the default one:
#   sbatch --array=0-7 fleet/slurm-array.sh /shared/oversub --config configs/quick.yaml
#SBATCH --job-name=oversub
#SBATCH --nodes=1
#SBATCH --ntasks=1
#SBATCH --exclusive
set -euo pipefail
out="${1:?usage: slurm-array.sh OUT_DIR [oversub analyze arguments]}"
shift
job="${SLURM_JOB_ID:?submit with sbatch (see the header of slurm-array.sh)}"
task="${SLURM_ARRAY_TASK_ID:-$job}"
# The hostname as a folder name: only [A-Za-z0-9._-], no "..", no leading dot or dash (as
# oversub's own default folder), so a node's name can never point outside OUT_DIR.
host=$(hostname | head -n 1 | LC_ALL=C tr -cs 'A-Za-z0-9._-' '-' | sed -e 's/\.\.*/./g' -e 's/^[.-]*//' -e 's/[.-]*$//' | cut -c 1-64)
dir="$out/${host:-host}-$task"
mkdir -p "$dir"
exec ${OVERSUB:-oversub} analyze "$@" --quiet --out "$dir"
