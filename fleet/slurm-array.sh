#!/usr/bin/env bash
# A Slurm job array: one task per node runs `oversub analyze` on a whole node; a dependent job
# compares them all. Submit both:
#   jobid=$(sbatch --parsable --array=0-7 fleet/slurm-array.sh /shared/oversub)
#   sbatch --dependency=afterok:$jobid --wrap "oversub compare /shared/oversub --out /shared/oversub/compare"
# OUT_DIR must be on storage every node sees. --exclusive keeps other jobs off the node while it
# measures.
#SBATCH --job-name=oversub
#SBATCH --nodes=1
#SBATCH --ntasks=1
#SBATCH --exclusive
set -euo pipefail
out="${1:?usage: slurm-array.sh OUT_DIR}"
task="${SLURM_ARRAY_TASK_ID:?run as a Slurm job array (sbatch --array=...)}"
# The hostname as a folder name: only [A-Za-z0-9._-], no "..", no leading dot or dash (as
# oversub's own default folder), so a node's name can never point outside OUT_DIR.
host=$(hostname | head -n 1 | LC_ALL=C tr -cs 'A-Za-z0-9._-' '-' | sed -e 's/\.\.*/./g' -e 's/^[.-]*//' -e 's/[.-]*$//' | cut -c 1-64)
dir="$out/${host:-host}-$task"
mkdir -p "$dir"
exec ${OVERSUB:-oversub} analyze ${ARGS:-} --quiet --out "$dir"
