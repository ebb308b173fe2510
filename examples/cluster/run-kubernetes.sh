#!/bin/bash
# Runs the embedding Indexed Job, waits until every index has completed, then runs the evaluation Job.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
kubectl apply -f "$here/k8s-embed-job.yaml"
kubectl wait --for=condition=complete --timeout=24h job/reddino-embed
kubectl apply -f "$here/k8s-eval-job.yaml"
kubectl wait --for=condition=complete --timeout=12h job/reddino-eval
kubectl logs job/reddino-eval
