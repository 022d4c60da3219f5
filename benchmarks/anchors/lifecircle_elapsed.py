"""Runs a `lifecircle coverage` command and prints its own work time, as the
anchors print theirs: summary.json's `elapsed_s` (from the first file read to
the GeoPackage written, the span the anchors time) and, beside it, the whole
process's wall time (start-up and shared-library loading included).
usage: lifecircle_elapsed.py SUMMARY.json CMD [ARG ...]"""
import json
import subprocess
import sys
import time

summary, cmd = sys.argv[1], sys.argv[2:]
t0 = time.perf_counter()
rc = subprocess.call(cmd)
wall = time.perf_counter() - t0
if rc != 0:
    sys.exit(rc)
with open(summary, encoding="utf-8") as f:
    s = json.load(f)
print(json.dumps({"seconds": s["elapsed_s"], "process_seconds": round(wall, 4),
                  "stages": {t["stage"]: round(t["seconds"], 4) for t in s["timings_s"]}}))
