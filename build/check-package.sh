#!/usr/bin/env bash
# Checks the packages as their users meet them, from a local folder feed, nothing from the repository's
# build outputs:
#   library  packs RedDino.Formats and RedDino.MLNet, creates a brand-new net8.0 console app that references
#            RedDino.MLNet and ML.NET 6's LightGbm from the feed, builds it and runs build/package-check/Program.cs
#            with DOTNET_ROLL_FORWARD=Major (embeddings equal the PyTorch + PIL fixture; transform, PredictionEngine,
#            k-NN and LightGBM run; a timm safetensors checkpoint embeds as PyTorch does; a LightGBM-headed bundle
#            round-trips with identical predictions and the loaded bundle serves CreatePredictionEngine).
#   tool     packs the reddino tool, installs it with `dotnet tool install --tool-path` and runs
#            `reddino export --builtin resnet18-imagenet`, `reddino embed` on bundled cells with it, and
#            `reddino export --checkpoint` of the tiny fixture ViT (LibTorch, with the patched libLibTorchSharp.so).
# Usage: build/check-package.sh [library|tool|all]   (default all; a few minutes on 2 cores, ~1.5 GB of temporary disk)
# Packages get a version of their own (0.0.0-check.<time>), so caches never serve an older build; the work folder
# and those cache entries are deleted at the end.
set -euo pipefail
part=${1:-all}
case "$part" in library|tool|all) ;; *) echo "usage: $0 [library|tool|all]" >&2; exit 2 ;; esac

repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/reddino-package-check.XXXXXX")
version="0.0.0-check.$(date +%s)"
packages=${NUGET_PACKAGES:-$HOME/.nuget/packages}
cleanup() {
  rm -rf "$work" "$packages/reddino.mlnet/$version" "$packages/reddino.formats/$version"
  rmdir "$packages/reddino.mlnet" "$packages/reddino.formats" 2>/dev/null || true
}
trap cleanup EXIT
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
feed="$work/feed"
mkdir -p "$feed"
# Builds go to the work folder (artifacts layout), never into the repository's bin/ and obj/.
pack() { dotnet pack "$repo/$1" -c Release -o "$feed" -p:Version="$version" -p:UseArtifactsOutput=true -p:ArtifactsPath="$work/artifacts" -v:q -nologo; }
seconds() { echo $(( $(date +%s) - $1 )); }

if [[ "$part" != tool ]]; then
  start=$(date +%s)
  pack src/RedDino.Formats
  pack src/RedDino.MLNet
  for id in RedDino.Formats RedDino.MLNet; do
    [[ -f "$feed/$id.$version.snupkg" ]] || { echo "no symbols package for $id" >&2; exit 1; }
  done
  ls -l "$feed"/RedDino.*.nupkg "$feed"/RedDino.*.snupkg
  app="$work/app"
  # The SDK 10 template offers net10.0 only: retarget the new project to net8.0 (LTS).
  dotnet new console -o "$app" -n PackageCheck --no-restore >/dev/null
  sed -i 's|<TargetFramework>net10.0</TargetFramework>|<TargetFramework>net8.0</TargetFramework>|' "$app/PackageCheck.csproj"
  grep -q '<TargetFramework>net8.0</TargetFramework>' "$app/PackageCheck.csproj"
  cp "$repo/build/package-check/Program.cs" "$app/Program.cs"
  # A NuGet.config of the app's own: the local feed beside the sources this machine already uses.
  dotnet new nugetconfig -o "$app" >/dev/null
  dotnet nuget add source "$feed" -n reddino-local --configfile "$app/nuget.config" >/dev/null
  dotnet add "$app" package RedDino.MLNet --version "$version" >/dev/null
  dotnet add "$app" package Microsoft.ML.LightGbm --version 6.0.0 >/dev/null
  dotnet add "$app" package Microsoft.ML.OnnxRuntime --version 1.32.0 >/dev/null
  dotnet build "$app" -c Release -v:q -nologo
  DOTNET_ROLL_FORWARD=Major dotnet "$app/bin/Release/net8.0/PackageCheck.dll" "$repo/tests/fixtures"
  echo "library check: $(seconds "$start") s"
fi

if [[ "$part" != library ]]; then
  start=$(date +%s)
  pack src/RedDino.Cli
  ls -l "$feed"/reddino.*nupkg
  tools="$work/tools"
  dotnet tool install reddino --version "$version" --tool-path "$tools" --add-source "$feed"
  reddino="$tools/reddino"
  echo "installed: $(du -sh "$tools" | cut -f1) under $tools/.store/reddino/$version/"
  # The installed LibTorchSharp must accept an older libstdc++ (the copy patched at pack time).
  if command -v readelf >/dev/null; then
    shim=$(find "$tools/.store" -name libLibTorchSharp.so | head -n 1)
    readelf -V "$shim" > "$work/version-needs.txt" # (not piped into grep -q: pipefail would see readelf's SIGPIPE)
    grep -q 'GLIBCXX_3.4.32.*Flags: WEAK' "$work/version-needs.txt" || { echo "$shim: GLIBCXX_3.4.32 is not marked weak" >&2; exit 1; }
  fi
  out="$work/run"
  mkdir -p "$out"
  "$reddino" export --builtin resnet18-imagenet --out "$out/resnet18.onnx"
  head -n 9 "$repo/data-manifests/chula-sample/manifest.csv" > "$out/cells.csv"
  "$reddino" embed --model "$out/resnet18.onnx" --manifest "$out/cells.csv" --data-root "$repo/data-manifests/chula-sample" \
    --out "$out/cells.csv.emb.csv" --no-cache --device cpu
  rows=$(($(wc -l < "$out/cells.csv.emb.csv") - 1))
  [[ "$rows" == 8 ]] || { echo "embed wrote $rows rows, expected 8" >&2; exit 1; }
  "$reddino" export --checkpoint "$repo/tests/fixtures/backbone/tiny_vit_timm.safetensors" --out "$out/tiny.onnx"
  echo "tool check: $(seconds "$start") s"
fi
echo "package check ($part) passed"
