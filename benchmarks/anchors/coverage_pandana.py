"""Anchor for pair `coverage-wuhan` (pandana): same inputs and outputs as
coverage_scipy.py, with pandana doing the network part: Network() builds the
contraction hierarchy, then per category set_pois + nearest_pois(num_pois=1)
within the cut-off; residents and facilities attach to their nearest node.
usage: coverage_pandana.py INPUT_DIR OUT.gpkg"""
import os
import sys
import time

from _common import Timer, geodata, report
from _coverage import TIERS, CoverageTally
from _network import graph_from_lines

import numpy as np
import pandas as pd
import pandana
import pyogrio
import shapely

CUTOFF = max(TIERS)

inputs, out = sys.argv[1], sys.argv[2]
net_path = geodata("wuhan", "wuhan_streets.gpkg")

t = Timer()
streets = pyogrio.read_dataframe(net_path, layer="streets")
res = pyogrio.read_dataframe(os.path.join(inputs, "residents.gpkg"))
fac = pyogrio.read_dataframe(os.path.join(inputs, "facilities.gpkg"))
t.lap("read")

nodes, u, v, w = graph_from_lines(streets.geometry.values)
t.lap("graph")
net = pandana.Network(pd.Series(nodes[:, 0]), pd.Series(nodes[:, 1]),
                      pd.Series(u), pd.Series(v), pd.DataFrame({"length": w}), twoway=True)
t.lap("ch_build")

rxy = shapely.get_coordinates(res.geometry.values)
r_node = net.get_node_ids(pd.Series(rxy[:, 0]), pd.Series(rxy[:, 1])).values
fxy = shapely.get_coordinates(fac.geometry.values)
t.lap("snap")

categories = sorted(fac["category"].unique())
tally = CoverageTally(res, categories)
search_seconds = []
for cat in categories:
    sel = fac["category"].values == cat
    s0 = time.perf_counter()
    net.set_pois(cat, CUTOFF, 1, pd.Series(fxy[sel, 0]), pd.Series(fxy[sel, 1]))
    nearest = net.nearest_pois(CUTOFF, cat, num_pois=1)
    search_seconds.append(time.perf_counter() - s0)
    dist = nearest[1].reindex(r_node).values.astype(float)
    dist[dist >= CUTOFF] = np.inf  # pandana fills "none within" with the cut-off itself
    tally.add(cat, dist)
tally.finish()
summary = tally.summary
t.lap("search")

tally.write(out)
t.lap("write")
seconds = t.total()

report("coverage-wuhan", seconds,
       per_category_seconds=float(np.mean(search_seconds)),
       share_1000_cat01=summary["categories"][categories[0]]["1000"],
       mean_category_share_1000=summary["tiers"]["1000"]["mean_category_share"],
       stages={k: round(v, 4) for k, v in t.laps.items()})
