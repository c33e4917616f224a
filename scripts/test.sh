#!/usr/bin/env bash
# Lint and run every test (unit, AppTest, browser end-to-end).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m ruff check .
python3 -m pytest "$@"
