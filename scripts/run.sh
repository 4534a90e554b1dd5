#!/usr/bin/env bash
# Quick start: set up, build the knowledge graph from the committed data, print the gap report
# summary, then open the explorer (skip it with --no-explore).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ -d ../shared/reference-data ]; then
  # the record-level public datasets (not committed; the indicator values ship in data/indicators/):
  # imported into their own named graphs under build/imports/ for reconciliation
  for dataset in govtech unctad; do .venv/bin/mandato import "$dataset" ../shared/reference-data; done
fi
if [ -d ../shared/sources ]; then
  export MANDATO_SOURCE_TEXTS="$PWD/../shared/sources"  # the explorer quotes the cited passages
fi
.venv/bin/mandato validate
.venv/bin/mandato build
.venv/bin/mandato gaps --format csv > build/gaps.csv
.venv/bin/mandato gaps | tail -n 1
echo "gap report written to build/gaps.csv (also: mandato gaps --format json|ttl, --country ISO3)"
.venv/bin/mandato coverage 2>/dev/null | tail -n 3 || true
if [ "${1:-}" != "--no-explore" ] && .venv/bin/mandato explore --help >/dev/null 2>&1; then
  exec .venv/bin/mandato explore
fi
