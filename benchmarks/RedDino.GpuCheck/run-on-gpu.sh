#!/usr/bin/env bash
# Runs the CUDA throughput check on a GPU machine that has no .NET: unpacks a self-contained publish
# of this program (made by `pack-for-gpu.sh` on a .NET machine), points the loader at the machine's
# CUDA 13 / cuDNN 9 libraries (ONNX Runtime GPU 1.31 wants them), makes the vits14 model with
# timm, and embeds the bundled Chula sample crops with the three methods.
# usage: run-on-gpu.sh BUNDLE.tar.xz IMAGES_DIR [COUNT]
set -euo pipefail
bundle=$1; images=$2; count=${3:-512}
work=${TMPDIR:-/tmp}/reddino-gpucheck
mkdir -p "$work"
[ -x "$work/app/reddino-gpucheck" ] || tar -C "$work" -xJf "$bundle"

# Folders holding the CUDA libraries ONNX Runtime's CUDA provider loads (pip's nvidia-* wheels or a toolkit).
libdirs=""
for lib in libcudart.so.13 libcublasLt.so.13 libcublas.so.13 libcufft.so.12 libcurand.so.10 libcudnn.so.9; do
  found=$(find / -xdev -name "$lib*" -not -path '*/proc/*' 2>/dev/null | head -n 1 || true)
  if [ -n "$found" ]; then libdirs="$libdirs:$(dirname "$found")"; else echo "warning: $lib not found"; fi
done
export LD_LIBRARY_PATH="${libdirs#:}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

model="$work/vits14-random.onnx"
[ -f "$model" ] || python3 "$(dirname "$0")/make_vits14_onnx.py" "$model"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true
"$work/app/reddino-gpucheck" --model "$model" --images "$images" --count "$count" --device cuda
