#!/usr/bin/env bash
# Set up everything (Java, Chromium, Python packages) and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser
.venv/bin/mandato fmt --check
exec .venv/bin/python -m pytest -q -p no:cacheprovider --durations=20 "$@"
