"""Runs `lifecircle site` twice (--count P, then --cover-all) on the
instance of generate_site_inputs.py and prints one JSON line: the summed
elapsed_s ("seconds"), each run's own elapsed_s ("mclp_seconds",
"lscp_seconds", for the per-problem pairs site-mclp and site-lscp) and the
values to compare with the anchors (exact_value of MCLP, site count, bound
and status of LSCP).
usage: lifecircle_site.py LIFECIRCLE DIR P [TIME_LIMIT_S]"""
import json
import os
import subprocess
import sys

lc, d, p = sys.argv[1], sys.argv[2], sys.argv[3]
limit = sys.argv[4] if len(sys.argv) > 4 else "600"
common = [lc, "site", "--metric", "euclidean", "--crs", "EPSG:32650",
          "--residents", os.path.join(d, "residents.gpkg"), "--weight", "weight",
          "--facilities", os.path.join(d, "existing.gpkg"), "--category", "kind", "--for", "clinic",
          "--candidates", os.path.join(d, "candidates.gpkg"), "--radius", "300", "--time-limit", limit]
out = {}
for name, extra in [("mclp", ["--count", p]), ("lscp", ["--cover-all"])]:
    summary = os.path.join(d, f"lifecircle-{name}.json")
    subprocess.check_call(common + extra + ["--out", os.path.join(d, f"lifecircle-{name}.gpkg"), "--summary", summary])
    with open(summary, encoding="utf-8") as f:
        out[name] = json.load(f)
m, ls = out["mclp"], out["lscp"]
print(json.dumps({"seconds": m["elapsed_s"] + ls["elapsed_s"], "mclp_seconds": m["elapsed_s"], "lscp_seconds": ls["elapsed_s"],
                  "quality": {"mclp_value": m["exact_value"], "mclp_greedy": m["greedy_value"],
                              "mclp_status": m["exact"]["status"],
                              "lscp_sites": ls["exact"]["count"], "lscp_bound": ls["exact"].get("bound"),
                              "lscp_greedy": ls["greedy"]["count"], "lscp_status": ls["exact"]["status"]}}))
