"""Shared helpers for the Python anchors: data paths, timing, JSON output.

Every anchor times only its work (after imports, before exit) and prints one
JSON object on the last line of stdout, which run.sh reads.
"""
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(os.path.dirname(HERE))


def geodata_dir():
    """../shared/geodata beside the repository (or $LIFECIRCLE_GEODATA)."""
    path = os.environ.get("LIFECIRCLE_GEODATA") or os.path.join(
        os.path.dirname(REPO_ROOT), "shared", "geodata")
    if not os.path.isdir(path):
        sys.exit(f"anchors: real data not found at {path}; put the shared geodata "
                 "folder beside the repository or set LIFECIRCLE_GEODATA")
    return path


def geodata(*parts):
    path = os.path.join(geodata_dir(), *parts)
    if not os.path.exists(path):
        sys.exit(f"anchors: missing input {path}")
    return path


class Timer:
    """Wall-clock stopwatch with named laps (perf_counter)."""

    def __init__(self):
        self.start = time.perf_counter()
        self.laps = {}
        self._last = self.start

    def lap(self, name):
        now = time.perf_counter()
        self.laps[name] = self.laps.get(name, 0.0) + (now - self._last)
        self._last = now

    def total(self):
        return time.perf_counter() - self.start


def report(pair, seconds, **extra):
    out = {"pair": pair, "side": "anchor", "seconds": round(seconds, 6)}
    out.update(extra)
    print(json.dumps(out, ensure_ascii=False), flush=True)
