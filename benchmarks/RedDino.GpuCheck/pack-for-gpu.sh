#!/usr/bin/env bash
# Makes the self-contained bundle that run-on-gpu.sh unpacks on a GPU machine without .NET.
# The linux-x64 publish of ONNX Runtime GPU 1.31 is missing its Linux natives (it copies the Windows
# DLLs instead), so they are taken from the RID-specific build output.
# usage: pack-for-gpu.sh OUT.tar.xz
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(realpath -m "$1")
stage=$(mktemp -d)
dotnet publish "$here" -c Release -r linux-x64 --self-contained -o "$stage/app" >/dev/null
rm -f "$stage"/app/onnxruntime*.dll
cp "$here"/bin/Release/net10.0/linux-x64/libonnxruntime{,_providers_cuda,_providers_shared}.so "$stage/app/"
tar -C "$stage" -cf - app | xz -T0 -6 > "$out"
rm -rf "$stage"
ls -la "$out"
