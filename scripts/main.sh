#!/usr/bin/env bash
# The main job (README): installs kamerspoor into .venv and runs it on the fictional examples/ with the
# embedded default store (SQLite, kamerspoor.db).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check -e .
for f in examples/*.pdf.txt examples/*.xml; do
  .venv/bin/kamerspoor analyze "$f" --format md
done
