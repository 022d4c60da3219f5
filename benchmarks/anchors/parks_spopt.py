"""Anchor for pair `parks-exact/spopt-cbc`: spopt's MCLP as published —
MCLP.from_geodataframe (Euclidean cost matrix, 300 m, p sites) solved by
PuLP's bundled CBC — on the instance of generate_parks_instance.py.
spopt builds one constraint per resident over every candidate (a dense
50,000 x 2,000 coverage matrix), so this anchor is slow and memory-hungry;
run.sh bounds it with SPOPT_TIMEOUT.
usage: parks_spopt.py DIR [P] [TIME_LIMIT_S]   (defaults 20 and 600)"""
import os
import sys
import warnings

from _common import Timer, report

import geopandas as gpd
import numpy as np
import pulp
from spopt.locate import MCLP

warnings.filterwarnings("ignore")
RADIUS = 300.0
d = sys.argv[1]
P = int(sys.argv[2]) if len(sys.argv) > 2 else 20
TIME_LIMIT = float(sys.argv[3]) if len(sys.argv) > 3 else 600.0
res = np.loadtxt(os.path.join(d, "residents.csv"), delimiter=",", skiprows=1)
cand = np.loadtxt(os.path.join(d, "candidates.csv"), delimiter=",", skiprows=1, ndmin=2)

t = Timer()
demand = gpd.GeoDataFrame({"weight": res[:, 2]}, geometry=gpd.points_from_xy(res[:, 0], res[:, 1]), crs=32650)
facility = gpd.GeoDataFrame(geometry=gpd.points_from_xy(cand[:, 0], cand[:, 1]), crs=32650)
mclp = MCLP.from_geodataframe(demand, facility, "geometry", "geometry", "weight",
                              service_radius=RADIUS, p_facilities=P, distance_metric="euclidean")
t.lap("build")
mclp = mclp.solve(pulp.PULP_CBC_CMD(msg=False, timeLimit=TIME_LIMIT))
t.lap("solve")
seconds = t.total()
report("parks", seconds, exact_seconds=seconds,
       quality={"exact": round(float(pulp.value(mclp.problem.objective)), 1),
                "status": pulp.LpStatus[mclp.problem.status], "p": P},
       stages={k: round(v, 4) for k, v in t.laps.items()})
