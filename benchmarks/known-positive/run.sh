#!/usr/bin/env bash
# Known-positive check of the pretraining: does `reddino pretrain` learn where DINO is known to
# learn quickly? Synthetic shapes (circle, triangle, square, star, cross) with random colours,
# position, size and rotation: random-weight features see mostly colour, so 20-NN on the shape is
# near chance for them; a trainer that works lifts it well above.
#
#   benchmarks/known-positive/run.sh [OUT]        (default OUT: results/known-positive)
#
# 1. a labelled evaluation set: 1,000 PNGs of 64 px, seed 1 (`reddino manifest shapes`); the
#    pretraining images come from data.synthetic_seed 0, so none of them is evaluated;
# 2. pretraining with pipelines/pretrain-shapes.json into OUT/run (resumes when OUT/run has a
#    checkpoint; losses.csv, retrieval.csv and losses.png there);
# 3. the same network at its initial weights (--max-iterations 0) into OUT/twin;
# 4. `reddino bench` of both backbones on the set: 5-fold stratified, linear probe, 1-NN, 20-NN.
# Extra arguments after OUT go to the pretraining (e.g. --max-iterations 500 for a shorter check).
# REDDINO overrides how the CLI is started (default: dotnet run of src/RedDino.Cli, Release).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
out="$(mkdir -p "${1:-$repo/results/known-positive}" && cd "${1:-$repo/results/known-positive}" && pwd)"
shift $(( $# > 0 ? 1 : 0 ))
reddino=${REDDINO:-"dotnet run --project $repo/src/RedDino.Cli -c Release --"}
config="$repo/pipelines/pretrain-shapes.json"

if [ ! -f "$out/eval/manifest.csv" ]; then
  $reddino manifest shapes --out "$out/eval/manifest.csv" --count 1000 --seed 1 --size 64 > /dev/null
fi
resume=()
if [ -d "$out/run/checkpoints" ]; then resume=(--resume "$out/run"); fi
$reddino pretrain --config "$config" --out "$out/run" "${resume[@]}" "$@"
if [ ! -f "$out/twin/backbone.onnx" ]; then
  $reddino pretrain --config "$config" --max-iterations 0 --out "$out/twin" > /dev/null
fi
cat > "$out/bench.json" <<JSON
{
  "kind": "bench",
  "format_version": 1,
  "name": "known-positive",
  "description": "Synthetic shapes (seed 1, 1,000 images, 64 px): the pretrained network against the same network at its initial weights.",
  "dataset": "eval/manifest.csv",
  "backbones": [
    {"name": "shapes-trained", "model": "run/backbone.onnx"},
    {"name": "shapes-random", "model": "twin/backbone.onnx"}
  ],
  "protocol": {"type": "kfold", "folds": 5},
  "classifiers": ["linear_probe", "knn_1", "knn_20"]
}
JSON
$reddino bench "$out/bench.json" --out "$out/bench"
