#!/usr/bin/python3
"""Trustworthiness (scikit-learn, k = 10) of `reddino map`'s UMAP and PCA maps against scikit-learn's t-SNE on the
same embeddings: the acceptance check of the UMAP map (UMAP >= PCA + 0.03 and UMAP >= t-SNE - 0.03).

Inputs: an embeddings CSV written by `reddino embed` (columns ..., f0..f{D-1}) and the map.csv files that
`reddino map --method umap` and `--method pca` wrote for it (same rows, same order; coordinates in the last two
columns). t-SNE is sklearn.manifold.TSNE(n_components=2, init="pca", learning_rate="auto", random_state=SEED) on the
same rows; with more than --tsne-max rows, every method is scored on one random subset of that size (UMAP and PCA
keep their maps of all rows; their trustworthiness is computed on the subset's rows) and the script says so. When
umap-learn is importable, its UMAP (random_state=SEED, defaults otherwise) is scored too, for reference.

Example (Chula RBC-12, the smears 601-706 held out of RedDino-nano's pretraining; Debian's python3 with sklearn 1.2):
  reddino manifest chula --root ../shared/data/chula-rbc-12 --out chula.csv
  /usr/bin/python3 -c "import csv,sys; r=csv.reader(open('chula.csv')); h=next(r); i=h.index('image'); w=csv.writer(open('heldout.csv','w',newline='')); w.writerow(h); [w.writerow(x) for x in r if 601<=int(x[i])<=706]"
  reddino embed --model data-manifests/models/reddino-nano.onnx --manifest heldout.csv --out heldout-nano.csv
  reddino map --embeddings heldout-nano.csv --out map-umap
  reddino map --embeddings heldout-nano.csv --method pca --out map-pca
  /usr/bin/python3 benchmarks/scripts/umap_trustworthiness.py --embeddings heldout-nano.csv --umap map-umap/map.csv --pca map-pca/map.csv
"""
import argparse
import csv
import sys
import time

import numpy as np
from sklearn.manifold import TSNE, trustworthiness


def read_embeddings(path):
    with open(path, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        features = [i for i, name in enumerate(header) if name.startswith("f") and name[1:].isdigit()]
        rows = list(reader)
    path_column = header.index("path")
    keys = [(r[path_column],) + tuple(r[i] for i in range(len(header)) if i not in features and header[i] not in ("x", "y")) for r in rows]
    return np.array([[float(r[i]) for i in features] for r in rows], dtype=np.float64), keys


def read_map(path):
    with open(path, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = list(reader)
    return np.array([[float(r[-2]), float(r[-1])] for r in rows]), [r[header.index("path")] for r in rows]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--embeddings", required=True)
    parser.add_argument("--umap", required=True, help="map.csv of reddino map --method umap")
    parser.add_argument("--pca", required=True, help="map.csv of reddino map --method pca")
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--tsne-max", type=int, default=5000, help="score on a random subset of this many rows when there are more")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    x, keys = read_embeddings(args.embeddings)
    maps = {}
    for name, path in (("UMAP (reddino map)", args.umap), ("PCA (reddino map)", args.pca)):
        coordinates, paths = read_map(path)
        if paths != [k[0] for k in keys]:
            sys.exit(f"{path}: its rows are not those of {args.embeddings}")
        maps[name] = coordinates
    n = len(x)
    subset = np.arange(n)
    if n > args.tsne_max:
        subset = np.sort(np.random.default_rng(args.seed).choice(n, args.tsne_max, replace=False))
        print(f"{n} rows: every method is scored on a random subset of {args.tsne_max} (t-SNE fitted on it)")
    xs = x[subset]
    started = time.time()
    maps["t-SNE (scikit-learn)"] = None
    tsne = TSNE(n_components=2, init="pca", learning_rate="auto", random_state=args.seed).fit_transform(xs)
    tsne_seconds = time.time() - started
    try:
        import umap
        started = time.time()
        maps["UMAP (umap-learn, reference)"] = umap.UMAP(random_state=args.seed).fit_transform(xs)
        umap_seconds = time.time() - started
    except ImportError:
        umap_seconds = None

    scores = {}
    for name, coordinates in maps.items():
        y = tsne if coordinates is None else coordinates if name.startswith("UMAP (umap-learn") else coordinates[subset]
        scores[name] = trustworthiness(xs, y, n_neighbors=args.k)
    print(f"{len(xs)} rows x {x.shape[1]} features ({args.embeddings}); trustworthiness k = {args.k}:")
    for name, value in scores.items():
        print(f"  {name:30s} {value:.4f}")
    print(f"  (t-SNE took {tsne_seconds:.0f} s" + (f", umap-learn {umap_seconds:.0f} s)" if umap_seconds else ")"))
    u, p, t = scores["UMAP (reddino map)"], scores["PCA (reddino map)"], scores["t-SNE (scikit-learn)"]
    ok = u >= p + 0.03 and u >= t - 0.03
    print(f"acceptance: UMAP - PCA = {u - p:+.4f} (>= +0.03), UMAP - t-SNE = {u - t:+.4f} (>= -0.03): {'pass' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
