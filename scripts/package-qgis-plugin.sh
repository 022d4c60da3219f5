#!/usr/bin/env bash
# Builds the QGIS plugin zip that Plugins → Manage and Install Plugins →
# Install from ZIP accepts: one top folder lifecircle_qgis/ with
# metadata.txt, the icon and the Python sources (no caches).
#
# Usage: scripts/package-qgis-plugin.sh [OUT.zip]   (default dist/lifecircle_qgis-VERSION.zip)
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(sed -n 's/^version=//p' qgis/lifecircle_qgis/metadata.txt)
out="${1:-dist/lifecircle_qgis-$version.zip}"
mkdir -p "$(dirname "$out")"
out="$(cd "$(dirname "$out")" && pwd)/$(basename "$out")"
rm -f "$out"
# Python's zipfile: no zip binary needed, and entries are sorted with fixed
# times so the same sources give the same zip.
python3 - "$out" <<'PY'
import os, sys, zipfile
out = sys.argv[1]
files = []
for root, dirs, names in os.walk("qgis/lifecircle_qgis"):
    dirs[:] = sorted(d for d in dirs if d != "__pycache__")
    files += [os.path.join(root, n) for n in names if not n.endswith((".pyc", ".pyo"))]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for f in sorted(files):
        info = zipfile.ZipInfo(os.path.relpath(f, "qgis"), date_time=(2000, 1, 1, 0, 0, 0))
        info.external_attr = 0o644 << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        with open(f, "rb") as fh:
            z.writestr(info, fh.read())
print(f"wrote {out} ({len(files)} files)")
PY
