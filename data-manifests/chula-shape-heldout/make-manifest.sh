#!/usr/bin/env bash
# Regenerates the held-out Chula RBC-12 shape manifest (data-manifests/chula-shape-heldout/manifest.csv)
# and the pretraining exclusion list (data-manifests/pretraining/chula-heldout-smears.txt).
#
#   data-manifests/chula-shape-heldout/make-manifest.sh PATH/TO/chula-rbc-12
#
# Held-out smears (a fixed rule, no randomness): every image numbered 601-706 (the bundled sample
# data-manifests/chula-sample is cut from them) and every image numbered 1-600 that is a multiple
# of 7. That is 168 of the 591 labelled smears 1-706 (28%). Pretraining never reads these images.
# Classes kept: the RBC shape classes 0 normal, 3 spherocyte, 6 ovalocyte, 7 teardrop,
# 9 schistocyte. Elliptocytes (12) are left out: all 1,052 of them come from smears 707-738, which
# hold nothing else and were added two years later, so in a cross-validation the smear (its stain)
# would name the class. Paths in the manifest (Dataset/N.jpg with an 80 px crop box centred on the
# label) are relative to the dataset folder: pass it as the pipeline's dataset.data_root or as
# `reddino embed --data-root`.
# Two files with the same rows: manifest.csv in a fixed pseudo-random order (sort key
# (7919 image + 104729 cell) mod 1000003), and manifest-by-smear.csv in the builder's order (smear
# number, then label line). The bench's stratified 5-fold splits rows in file order without
# shuffling (scikit-learn's StratifiedKFold), so manifest.csv gives folds that each draw from all
# held-out smears (the powered paired comparison), while manifest-by-smear.csv gives folds that are
# blocks of smears, so a probe is tested on smears it was not fitted on (a stricter check that
# colour or stain cannot pass, with a fold-to-fold spread of about 10 points).
set -euo pipefail
chula="$(cd "${1:?usage: make-manifest.sh PATH/TO/chula-rbc-12}" && pwd)"
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

heldout() { for i in $(seq 7 7 600) $(seq 601 706); do echo "$i"; done; }

{
  echo "# Chula RBC-12 smears reserved for evaluation: 601-706 (the bundled sample data-manifests/chula-sample"
  echo "# is cut from them) and the multiples of 7 in 1-600 (data-manifests/chula-shape-heldout). Written by"
  echo "# data-manifests/chula-shape-heldout/make-manifest.sh; pretraining never reads them. One image stem per line."
  heldout
} > "$repo/data-manifests/pretraining/chula-heldout-smears.txt"

# A view of the dataset holding only the label files of the held-out smears.
mkdir -p "$work/chula/Label"
ln -s "$chula/Dataset" "$work/chula/Dataset"
cp "$chula/README.md" "$work/chula/"
for i in $(heldout); do
  if [ -f "$chula/Label/$i.txt" ]; then cp "$chula/Label/$i.txt" "$work/chula/Label/"; fi
done

dotnet run --project "$repo/src/RedDino.Cli" -c Release -- manifest chula --root "$work/chula" \
  --classes 0,3,6,7,9 --out "$work/chula/manifest.csv" > /dev/null
# Columns: path,label,crop_x,crop_y,crop_w,crop_h,image,cell,class_id,x,y
{
  head -n 1 "$work/chula/manifest.csv"
  tail -n +2 "$work/chula/manifest.csv" | awk -F, '{ printf "%d,%s\n", ($7 * 7919 + $8 * 104729) % 1000003, $0 }' \
    | sort -t, -k1,1n -k8,8n -k9,9n | cut -d, -f2-
} > "$here/manifest.csv"
cp "$work/chula/manifest.csv" "$here/manifest-by-smear.csv"
awk -F, 'NR > 1 { n[$2]++ } END { for (k in n) printf "%s %d\n", k, n[k] }' "$here/manifest.csv" | sort >&2
