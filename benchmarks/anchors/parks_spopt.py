"""Anchors for pair `parks` on the instance of generate_parks_instance.py:
  exact:  spopt MCLP (from_geodataframe: Euclidean cost matrix, coverage
          within 300 m, p = 100) solved by PuLP with its bundled CBC;
  greedy: coverage sets with SciPy's cKDTree (query_ball_point, 300 m) and a
          lazy greedy in Python with heapq, the plain-Python way to the same.
Prints greedy_seconds (sets + greedy) and exact_seconds (spopt end to end).
usage: parks_spopt.py DIR [P] [TIME_LIMIT_S]   (defaults 100 and 600)"""
import heapq
import os
import sys
import warnings

from _common import Timer, report

import geopandas as gpd
import numpy as np
import pulp
from scipy.spatial import cKDTree
from spopt.locate import MCLP

warnings.filterwarnings("ignore")
RADIUS = 300.0
d = sys.argv[1]
P = int(sys.argv[2]) if len(sys.argv) > 2 else 100
TIME_LIMIT = float(sys.argv[3]) if len(sys.argv) > 3 else 600.0
res = np.loadtxt(os.path.join(d, "residents.csv"), delimiter=",", skiprows=1)
cand = np.loadtxt(os.path.join(d, "candidates.csv"), delimiter=",", skiprows=1, ndmin=2)
w = res[:, 2]

# --- sets + lazy greedy --------------------------------------------------------
t = Timer()
sets = cKDTree(res[:, :2]).query_ball_point(cand, r=RADIUS)
t.lap("sets")
served = np.zeros(len(res), dtype=bool)
heap = [(-w[s].sum(), j) for j, s in enumerate(sets)]
heapq.heapify(heap)
chosen, greedy_value = [], 0.0
while heap and len(chosen) < P:
    neg, j = heapq.heappop(heap)
    s = np.asarray(sets[j], dtype=np.int64)
    gain = w[s[~served[s]]].sum() if len(s) else 0.0
    if heap and gain < -heap[0][0] - 1e-9:
        heapq.heappush(heap, (-gain, j))
        continue
    chosen.append(j)
    served[s] = True
    greedy_value += gain
t.lap("greedy")
greedy_seconds = t.total()

# --- spopt MCLP through PuLP/CBC -------------------------------------------------
t2 = Timer()
demand = gpd.GeoDataFrame({"weight": w}, geometry=gpd.points_from_xy(res[:, 0], res[:, 1]), crs=32650)
facility = gpd.GeoDataFrame(geometry=gpd.points_from_xy(cand[:, 0], cand[:, 1]), crs=32650)
mclp = MCLP.from_geodataframe(demand, facility, "geometry", "geometry", "weight",
                              service_radius=RADIUS, p_facilities=P, distance_metric="euclidean")
t2.lap("build")
mclp = mclp.solve(pulp.PULP_CBC_CMD(msg=False, timeLimit=TIME_LIMIT))
t2.lap("solve")
exact_seconds = t2.total()
exact_value = float(pulp.value(mclp.problem.objective))

report("parks", greedy_seconds, greedy_seconds=greedy_seconds, exact_seconds=exact_seconds,
       quality={"greedy": round(greedy_value, 1), "exact": round(exact_value, 1),
                "status": pulp.LpStatus[mclp.problem.status], "p": P},
       stages={**{k: round(v, 4) for k, v in t.laps.items()}, **{k: round(v, 4) for k, v in t2.laps.items()}})
