"""Anchor for pair `coverage-wuhan` (GeoPandas + SciPy): the whole coverage
run from reading the files to writing the GeoPackage, as a planner would
script it: pyogrio read; graph from shared vertices; residents and facilities
attached to their nearest node (KD-tree; the generated points stand on
vertices); per category one scipy.sparse.csgraph.dijkstra(min_only=True,
limit=cut-off) from that category's facilities; distance per category and the
number of categories reached per tier for each resident; GPKG write.
usage: coverage_scipy.py INPUT_DIR OUT.gpkg [NETWORK.gpkg]  (default: the Wuhan streets)"""
import os
import sys
import time

from _common import Timer, geodata, report
from _coverage import TIERS, CoverageTally
from _network import graph_from_lines, nearest_nodes

import numpy as np
import pyogrio
import scipy.sparse as sp
from scipy.sparse.csgraph import dijkstra

CUTOFF = max(TIERS)
MAX_SNAP = 100.0

inputs, out = sys.argv[1], sys.argv[2]
net_path = sys.argv[3] if len(sys.argv) > 3 else geodata("wuhan", "wuhan_streets.gpkg")

t = Timer()
streets = pyogrio.read_dataframe(net_path, layer="streets")
res = pyogrio.read_dataframe(os.path.join(inputs, "residents.gpkg"))
fac = pyogrio.read_dataframe(os.path.join(inputs, "facilities.gpkg"))
t.lap("read")

nodes, u, v, w = graph_from_lines(streets.geometry.values)
n = len(nodes)
G = sp.csr_matrix((np.concatenate([w, w]), (np.concatenate([u, v]), np.concatenate([v, u]))), shape=(n, n))
t.lap("graph")

r_node, r_acc = nearest_nodes(nodes, res.geometry.values, MAX_SNAP)
f_node, f_acc = nearest_nodes(nodes, fac.geometry.values, MAX_SNAP)
t.lap("snap")

rs = r_node >= 0
categories = sorted(fac["category"].unique())
tally = CoverageTally(res, categories)
search_seconds = []
for cat in categories:
    sel = (fac["category"].values == cat) & (f_node >= 0)
    s0 = time.perf_counter()
    d = dijkstra(G, directed=True, indices=f_node[sel], min_only=True, limit=CUTOFF)
    search_seconds.append(time.perf_counter() - s0)
    dist = np.where(rs, d[np.maximum(r_node, 0)] + r_acc, np.inf)
    # (facility access distances are 0 here: every facility stands on a node)
    dist[dist > CUTOFF] = np.inf
    tally.add(cat, dist)
tally.finish()
summary = tally.summary
t.lap("search")

tally.write(out)
t.lap("write")
seconds = t.total()

report("coverage-wuhan", seconds,
       per_category_seconds=float(np.mean(search_seconds)),
       unsnapped_residents=int((~rs).sum()),
       share_1000_cat01=summary["categories"][categories[0]]["1000"],
       mean_category_share_1000=summary["tiers"]["1000"]["mean_category_share"],
       stages={k: round(v, 4) for k, v in t.laps.items()})
