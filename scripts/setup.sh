#!/usr/bin/env bash
# Set up everything Mandato needs on a fresh Debian/Ubuntu machine with Python 3.11+:
# a Java runtime for HermiT, Debian's apache2 and virtuoso-opensource (the published site and the
# loaded graph are tested on them; the tests start their own servers), (with --browser) Debian's
# Chromium for the browser tests, and a virtual environment in .venv with the package and its test
# dependencies. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=0
for arg in "$@"; do
  case "$arg" in
    --browser) want_browser=1 ;;
  esac
done

PY="${PYTHON:-python3}"
"$PY" - <<'PY' || { echo "mandato needs Python 3.11 or newer (found $("$PY" --version 2>&1))" >&2; exit 2; }
import sys
sys.exit(0 if sys.version_info >= (3, 11) else 1)
PY

apt_install() {
  local sudo=""
  if [ "$(id -u)" != "0" ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      echo "please install: $* (needs root)" >&2; return 1; fi
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "please install: $* (no apt-get on this machine)" >&2; return 1
  fi
  if [ -z "${MANDATO_APT_UPDATED:-}" ]; then
    $sudo apt-get update -qq
    export MANDATO_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

if ! command -v java >/dev/null 2>&1; then
  echo "setup: installing a Java runtime for HermiT (openjdk-17-jre-headless)"
  apt_install openjdk-17-jre-headless || apt_install default-jre-headless
fi

if [ ! -x /usr/sbin/apache2 ]; then
  echo "setup: installing Debian's apache2 for the hosting tests (the tests start their own server)"
  apt_install apache2
fi

if [ ! -x /usr/bin/virtuoso-t ]; then
  echo "setup: installing Debian's Virtuoso 7 for the triple-store tests (the tests start their own server)"
  apt_install virtuoso-opensource
fi

if [ "$want_browser" = 1 ] && [ ! -x /usr/bin/chromium ]; then
  echo "setup: installing Debian's Chromium for the browser tests"
  apt_install chromium
fi

# The explorer's front-end packages (YASGUI for the SPARQL console, axe-core for the accessibility
# test) come from the npm registry at the versions of explorer/frontend/package-lock.json and are
# copied into explorer/editor/vendor/, which the explorer serves itself (nothing is fetched at run time).
if ! command -v npm >/dev/null 2>&1; then
  echo "setup: installing Node.js and npm for the explorer's front-end packages"
  apt_install nodejs npm || echo "setup: no npm; the SPARQL console will use its plain editor" >&2
fi
if command -v npm >/dev/null 2>&1; then
  stamp=explorer/editor/vendor/.package-lock.sha256
  wanted="$(sha256sum explorer/frontend/package-lock.json | cut -d' ' -f1)"
  if [ ! -f explorer/editor/vendor/yasgui.min.js ] || [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
    (cd explorer/frontend && npm ci --no-audit --no-fund --loglevel=error >/dev/null && npm run --silent build)
    echo "$wanted" > "$stamp"
  fi
fi

if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e ".[test,docs]"
echo "setup: ready ($(.venv/bin/mandato --version), $(java -version 2>&1 | head -1))"
