#!/usr/bin/env bash
# Sets up and runs every check: ruff, mypy and the test suite (real PostgreSQL and broker).
# PostgreSQL: WMO_TEST_DATABASE_URL, else 127.0.0.1:5432 when it answers, else the embedded one.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_uv.sh
uv sync --locked --quiet
uv run ruff check .
uv run mypy shared/src services/*/src deploy/devstack/src
uv run pytest "$@"
