#!/usr/bin/env bash
# Checks the QGIS plugin in a real QGIS (Debian's python3-qgis, headless):
# packages the zip with scripts/package-qgis-plugin.sh, unzips it into a fresh
# profile's python/plugins as QGIS's "Install from ZIP" does, and runs scripts/check_qgis_plugin.py (what it
# checks is said there) with the built binary on ../shared/geodata.
#
# Usage: scripts/check_qgis_plugin.sh
# Environment: LIFECIRCLE_BIN, QGIS_PYTHON (default /usr/bin/python3),
# ONLY=coverage,parks,… (a subset of the checks), KEEP=1 keeps the work folder.
set -euo pipefail
cd "$(dirname "$0")/.."

note() { echo "check_qgis_plugin: $*" >&2; }
fail() { echo "check_qgis_plugin: FAIL: $*" >&2; exit 1; }

PY="${QGIS_PYTHON:-/usr/bin/python3}"
export QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
if ! "$PY" -c 'import qgis.core, sys; sys.path.insert(0, "/usr/share/qgis/python/plugins"); import processing' >/dev/null 2>&1; then
  note "SKIP: PyQGIS with Processing is not importable by $PY; install Debian's python3-qgis and qgis-providers (scripts/install-deps.sh does)"
  exit 0
fi
if [ ! -d ../shared/geodata/sao_paulo ] || [ ! -d ../shared/geodata/beijing_hlg ] || [ ! -d ../shared/geodata/shenzhen_nanshan ] || [ ! -d ../shared/geodata/wuhan ]; then
  note "SKIP: ../shared/geodata (São Paulo, Huilongguan, Nanshan, Wuhan) is not beside the checkout"
  exit 0
fi
BIN="${LIFECIRCLE_BIN:-$(swift build --show-bin-path 2>/dev/null)/lifecircle}"
[ -x "$BIN" ] || fail "no lifecircle binary at $BIN: run swift build first or set LIFECIRCLE_BIN"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/lifecircle-check-plugin.XXXXXX")"
if [ "${KEEP:-0}" = "1" ]; then note "keeping $WORK"; else trap 'rm -rf "$WORK"' EXIT; fi

bash scripts/package-qgis-plugin.sh "$WORK/lifecircle_qgis.zip" >&2
# Where "Install from ZIP" puts it: the profile's python/plugins.
mkdir -p "$WORK/profile/python/plugins"
"$PY" -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$WORK/lifecircle_qgis.zip" "$WORK/profile/python/plugins"
[ -f "$WORK/profile/python/plugins/lifecircle_qgis/metadata.txt" ] || fail "the zip has no lifecircle_qgis/metadata.txt"

LIFECIRCLE_BIN="$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")" SHARED="$(cd ../shared/geodata && pwd)" \
  "$PY" scripts/check_qgis_plugin.py "$WORK/profile" "$WORK" || fail "QGIS plugin check failed (see above)"
note "OK"
