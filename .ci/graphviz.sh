#!/usr/bin/env bash
# Installs Debian's graphviz (the `dot` layout program) when it is missing. `kamerspoor map` lays out the
# policy map with it; without it the map falls back to kamerspoor's own layered layout (and PNG is not
# available), and the tests that need `dot` are skipped. Called from scripts/test.sh.
set -euo pipefail

if command -v dot >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "graphviz.sh: no apt-get here; install Graphviz yourself (https://graphviz.org/download/)" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "graphviz.sh: not root and no sudo; cannot install graphviz" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get install -y --no-install-recommends graphviz >/dev/null 2>&1 || {
  $SUDO apt-get update -qq
  $SUDO apt-get install -y --no-install-recommends graphviz >/dev/null
}
command -v dot >/dev/null 2>&1
