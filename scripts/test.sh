#!/usr/bin/env bash
# The whole test suite: system libraries, unit and real-data tests, and the
# report's check in a real browser.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
# Style: swift-format (part of the toolchain) with the repository's .swift-format.
swift format lint --strict --recursive --parallel Sources Tests benchmarks/Sources benchmarks/Benchmarks
swift build --build-tests
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
swift test --skip-build 2>&1 | tee "$log" || status=$?
# The browser check renders the demo's report (README's first command) in
# Chromium; the QGIS check opens the demo's and the example's outputs in PyQGIS;
# the plugin check runs the packaged QGIS plugin's algorithms against the CLI.
checked=0
if [ "$status" -eq 0 ]; then
  bash scripts/check_report.sh && checked=1 || status=$?
fi
if [ "$status" -eq 0 ]; then
  bash scripts/check_qgis.sh && checked=$((checked + 1)) || status=$?
fi
if [ "$status" -eq 0 ]; then
  bash scripts/check_qgis_plugin.sh && checked=$((checked + 1)) || status=$?
fi
# One closing line for the whole run. Swift Testing reports the tests; the
# XCTest runner beside it reports "Executed 0 tests", as no XCTest cases exist.
# Per-test verdict lines only: not the run's own summary line, not the
# "recorded an issue … Expectation failed" lines that precede a failure.
passed=$(grep -E '^✔ Test .* passed after' "$log" | grep -cv '^✔ Test run with' || true)
failed=$(grep -E '^✘ Test .* failed after' "$log" | grep -cv '^✘ Test run with' || true)
skipped=$(grep -cE '^➜ Test .* skipped' "$log" || true)
# A failure outside the tests (the browser check) counts as one.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "tests: $((passed + checked)) passed, $failed failed, $skipped skipped"
exit "$status"
