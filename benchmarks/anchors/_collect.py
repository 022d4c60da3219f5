"""Turns one measured command into result lines for run.sh's results file.

The command's last JSON line on stdout gives its own work time ("seconds");
without one, the process wall time is used and marked. Peak memory comes from
/usr/bin/time -v's report. A pair whose time is a named field ("pair:field")
keeps that field when the command later failed or timed out, if the command
printed it before (e.g. the MCLP of site_spopt.py before its LSCP timed out)."""
import argparse
import json
import re

ap = argparse.ArgumentParser()
ap.add_argument("--side", required=True)
ap.add_argument("--pair", required=True, help="comma-separated pair names this measurement belongs to")
ap.add_argument("--rc", type=int, required=True)
ap.add_argument("--wall", nargs=2, type=float, required=True)
ap.add_argument("--time", required=True)
ap.add_argument("--out", required=True)
ap.add_argument("--err", required=True)
ap.add_argument("--field", default="seconds", help="JSON field holding this pair's time")
a = ap.parse_args()

data = {}
for line in reversed(open(a.out, encoding="utf-8", errors="replace").read().splitlines()):
    line = line.strip()
    if line.startswith("{"):
        try:
            data = json.loads(line)
            break
        except json.JSONDecodeError:
            pass

rss = None
try:
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(a.time).read())
    rss = int(m.group(1)) / 1024 if m else None
except OSError:
    pass

for pair in a.pair.split(","):
    field = a.field
    if ":" in pair:  # "name:field" takes that pair's time from another JSON field
        pair, field = pair.split(":", 1)
    r = {"pair": pair, "side": a.side, "max_rss_mb": rss}
    if a.rc != 0 and field != "seconds" and isinstance(data.get(field), (int, float)):
        r["seconds"] = data[field]
        r["note"] = "the command " + ("timed out" if a.rc == 124 else f"failed (exit {a.rc})") + " after this stage"
        if "quality" in data:
            r["quality"] = data["quality"]
    elif a.rc != 0:
        err = [l for l in open(a.err, encoding="utf-8", errors="replace").read().splitlines() if l.strip()]
        r["error"] = "timed out" if a.rc == 124 else (err[-1] if err else f"exit {a.rc}")[:160]
    else:
        value = data.get(field)
        if value is None and field == "seconds":
            value = a.wall[1] - a.wall[0]
            r["timing"] = "process"
        r["seconds"] = value
        if "process_seconds" in data:
            r["process_seconds"] = data["process_seconds"]
        if "quality" in data:
            r["quality"] = data["quality"]
    print(json.dumps(r, ensure_ascii=False))
