#!/usr/bin/env bash
# The whole test suite: system libraries, unit and real-data tests, and the
# report's check in a real browser.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build --build-tests
swift test --skip-build
if [ -x scripts/check_report.sh ]; then
  swift build --product lifecircle
  bash scripts/check_report.sh
fi
