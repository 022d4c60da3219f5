#!/usr/bin/env bash
# Installs the Debian packages LifeCircle builds and tests against.
# GEOS, PROJ, GDAL: geometry, projection, vector I/O. GLPK: exact MIP for park
# siting. METIS: the graph-partitioning baseline for management grids.
# Chromium + a CJK font: the report's real-browser check. python3-qgis +
# qgis-providers: the study outputs' check in a real (headless) QGIS.
set -euo pipefail
PKGS="libgeos-dev libproj-dev libgdal-dev libsqlite3-dev libglpk-dev libmetis-dev pkg-config sqlite3 chromium fonts-wqy-microhei python3-qgis qgis-providers"
missing=""
for p in $PKGS; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "installing:$missing" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi
