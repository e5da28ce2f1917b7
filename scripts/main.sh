#!/usr/bin/env bash
# The main job (README): installs kamerspoor into .venv, ingests the fictional documents in examples/ into
# the embedded default store (SQLite, kamerspoor.db) and serves it: open the address it prints.
# KAMERSPOOR_HOST / KAMERSPOOR_PORT choose where it listens (default 127.0.0.1:8000); Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check -e .
.venv/bin/kamerspoor ingest examples/ --db kamerspoor.db
host="${KAMERSPOOR_HOST:-127.0.0.1}"
port="${KAMERSPOOR_PORT:-8000}"
echo "kamerspoor: open http://${host}:${port}/ in a browser (search, documents, motions, commitments)"
exec .venv/bin/kamerspoor serve --db kamerspoor.db --host "$host" --port "$port"
