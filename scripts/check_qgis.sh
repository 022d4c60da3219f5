#!/usr/bin/env bash
# Checks the study outputs in a real QGIS (Debian's python3-qgis, headless):
# the demo's folder and, when ../shared/geodata is beside the checkout, the
# Huilongguan example's. scripts/check_qgis.py says what is checked; this
# script also reads the .xlsx tables back (grid codes text, shares numbers).
#
# Usage: scripts/check_qgis.sh [STUDY_FOLDER...]
# Without folders, runs `lifecircle demo` and the example with the built
# binary. Environment: LIFECIRCLE_BIN, QGIS_PYTHON (default /usr/bin/python3),
# KEEP=1 keeps the temporary folder (and the layouts' PNGs).
set -euo pipefail
cd "$(dirname "$0")/.."

note() { echo "check_qgis: $*" >&2; }
fail() { echo "check_qgis: FAIL: $*" >&2; exit 1; }

PY="${QGIS_PYTHON:-/usr/bin/python3}"
export QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
if ! "$PY" -c 'import qgis.core' >/dev/null 2>&1; then
  note "SKIP: PyQGIS is not importable by $PY; install Debian's python3-qgis and qgis-providers (scripts/install-deps.sh does)"
  exit 0
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/lifecircle-check-qgis.XXXXXX")"
if [ "${KEEP:-0}" = "1" ]; then note "keeping $WORK"; else trap 'rm -rf "$WORK"' EXIT; fi

FOLDERS=("$@")
if [ "${#FOLDERS[@]}" -eq 0 ]; then
  BIN="${LIFECIRCLE_BIN:-$(swift build --show-bin-path 2>/dev/null)/lifecircle}"
  [ -x "$BIN" ] || fail "no lifecircle binary at $BIN: run swift build first or set LIFECIRCLE_BIN"
  note "running $BIN demo --out $WORK/demo"
  "$BIN" demo --out "$WORK/demo" --quiet >"$WORK/demo.log" 2>&1 || { cat "$WORK/demo.log" >&2; fail "lifecircle demo failed"; }
  FOLDERS+=("$WORK/demo/study")
  if [ -d ../shared/geodata/beijing_hlg ]; then
    note "running $BIN run examples/huilongguan/study.yaml --out $WORK/hlg"
    "$BIN" run examples/huilongguan/study.yaml --out "$WORK/hlg" --quiet >"$WORK/hlg.log" 2>&1 || { cat "$WORK/hlg.log" >&2; fail "the example study failed"; }
    FOLDERS+=("$WORK/hlg")
  else
    note "../shared/geodata is not beside the checkout: checking the demo only"
  fi
fi

"$PY" scripts/check_qgis.py --png-dir "$WORK/png" "${FOLDERS[@]}" || fail "QGIS check failed (see above)"
"$PY" scripts/check_xlsx.py "${FOLDERS[@]}" || fail "spreadsheet check failed (see above)"
note "OK"
