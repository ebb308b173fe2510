#!/bin/bash
# Submits the embedding array and the evaluation that waits for all of its tasks (afterok: only if all succeed).
# Run from the folder that holds models/, data/ and where embeddings/ and results/ go; settings as in the
# .sbatch files (e.g. MODEL=... MANIFEST=... ./submit-slurm.sh); sbatch passes the environment on.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p logs
embed=$(sbatch --parsable "$here/slurm-embed.sbatch")
sbatch --dependency="afterok:${embed%%;*}" "$here/slurm-eval.sbatch"
