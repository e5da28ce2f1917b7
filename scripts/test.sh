#!/usr/bin/env bash
# The test command (README): installs kamerspoor with its test dependencies into .venv, starts the services
# the tests need (PostgreSQL on loopback, when it can), then runs ruff, mypy and the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check -e '.[test]'

if [ -f .ci/postgres.sh ]; then
  # Starts a throw-away PostgreSQL server on 127.0.0.1 (installing Debian's postgresql when missing) and
  # exports KAMERSPOOR_TEST_PG_URL, so the store tests run against PostgreSQL as well as SQLite.
  if pg_env=$(bash .ci/postgres.sh); then
    eval "$pg_env"
    trap 'bash .ci/postgres.sh stop >/dev/null 2>&1 || true' EXIT
  else
    echo "test.sh: PostgreSQL could not be started; PostgreSQL tests will be skipped" >&2
  fi
fi
if [ -f .ci/browser.sh ]; then
  # Installs Debian's chromium + chromium-driver for the browser tests when missing.
  bash .ci/browser.sh || echo "test.sh: chromium could not be installed; browser tests will be skipped" >&2
fi

if [ -f .ci/graphviz.sh ]; then
  # Installs Debian's graphviz (layout of the policy map) when `dot` is missing.
  bash .ci/graphviz.sh || echo "test.sh: graphviz could not be installed; map tests needing dot will be skipped" >&2
fi

.venv/bin/ruff check src tests bench
.venv/bin/mypy  # src/, configured in pyproject.toml ([tool.mypy]): zero errors, strict on record.py and rules/
.venv/bin/pytest -q --durations=10 "$@"  # the ten slowest tests, to see where CI time goes
