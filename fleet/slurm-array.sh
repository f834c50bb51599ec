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
dir="$out/$(hostname)-$task"
mkdir -p "$dir"
exec ${OVERSUB:-oversub} analyze ${ARGS:-} --quiet --out "$dir"
