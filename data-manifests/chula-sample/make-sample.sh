#!/usr/bin/env bash
# Regenerates the bundled Chula sample (data-manifests/chula-sample/) from a Chula RBC-12 copy.
#
#   data-manifests/chula-sample/make-sample.sh PATH/TO/chula-rbc-12
#
# 1. Only smears 601-706 are used (listed in smears.txt): the pretraining data leaves them out, so
#    the sample never scores a model on cells it was trained on. smears.txt lists the smears that
#    contribute crops to the sample. Classes 0-11 (elliptocytes, class
#    12, exist only in smears 707-738).
# 2. `reddino manifest chula --classes 0..11 --write-crops` writes an 80x80 PNG crop per labelled
#    cell of those smears (edge replication at the border) and a manifest pointing at them.
# 3. Deterministic subset: per class, in manifest order (smear number, then label line), keep all
#    rows when the class has at most PER_CLASS, else the rows at positions floor(i * n / PER_CLASS),
#    i = 0..PER_CLASS-1 (evenly spread over the smears). Unkept crops are deleted.
# 4. A smear_group column (below).
set -euo pipefail
PER_CLASS=40
chula="$(cd "${1:?usage: make-sample.sh PATH/TO/chula-rbc-12}" && pwd)"
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# A view of the dataset holding only the label files of smears 601-706.
mkdir -p "$work/chula/Label"
ln -s "$chula/Dataset" "$work/chula/Dataset"
cp "$chula/README.md" "$work/chula/"
for i in $(seq 601 706); do
  if [ -f "$chula/Label/$i.txt" ]; then cp "$chula/Label/$i.txt" "$work/chula/Label/"; fi
done

rm -rf "$here/crops" "$work/all.csv"
dotnet run --project "$repo/src/RedDino.Cli" -c Release -- manifest chula --root "$work/chula" \
  --classes 0,1,2,3,4,5,6,7,8,9,10,11 --write-crops "$here/crops" --out "$here/all.csv" > /dev/null

# Columns: path,label,image,cell,class_id,x,y (labels hold no commas or quotes).
awk -F, -v per="$PER_CLASS" '
  NR == FNR { if (FNR > 1) n[$5]++; next }
  FNR == 1 { print; next }
  {
    k = $5; i = seen[k]++
    if (n[k] <= per) { print; next }
    # keep position i when it is the next target floor(j * n / per)
    j = taken[k] + 0
    if (j < per && i == int(j * n[k] / per)) { print; taken[k] = j + 1 } else { drop = drop $1 "\n" }
  }
  END { printf "%s", drop > "/dev/stderr" }
' "$here/all.csv" "$here/all.csv" > "$here/manifest.csv" 2> "$work/drop.txt"
(cd "$here" && xargs -r rm -f < "$work/drop.txt")
rm -f "$here/all.csv"

# 4. smear_group: the smear numbers cut into four consecutive ranges, group g = floor((image - 601) * 4 / 106):
#    601-627, 628-653, 654-680, 681-706. Chula records no site, scanner or stain batch; these ranges of
#    acquisition order stand in for batches so that the bench's batch-effect metrics have batches to measure
#    (pipelines/sample.json sets protocol.batch_column to smear_group).
awk -F, -v OFS=, -v ORS='\r\n' '
  BEGIN { split("601-627 628-653 654-680 681-706", range, " ") }
  { sub(/\r$/, "") }
  NR == 1 { print $0, "smear_group"; next }
  { print $0, range[int(($3 - 601) * 4 / 106) + 1] }
' "$here/manifest.csv" > "$work/grouped.csv"
mv "$work/grouped.csv" "$here/manifest.csv"
awk -F, 'NR > 1 { print $3 }' "$here/manifest.csv" | sort -n -u > "$here/smears.txt"
echo "$(($(wc -l < "$here/manifest.csv") - 1)) crops, $(du -sh "$here/crops" | cut -f1) in $here/crops" >&2
