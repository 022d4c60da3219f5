"""Anchor for pair `site`: spopt's MCLP and LSCP with PuLP/CBC on the same
distance sets as `lifecircle site` (the instance's coverage sets, not a
matrix spopt builds itself), for the same optimum and the time ratio.
The instance comes from generate_site_instance.py: residents.csv (x,y,w,
served), candidates.csv (x,y) and sets.csv (candidate,resident pairs within
the radius along the network, written by `lifecircle site`'s solver inputs).
usage: site_spopt.py DIR P [TIME_LIMIT_S]"""
import os
import sys
import warnings

from _common import Timer, report

import numpy as np
import pulp
from spopt.locate import LSCP, MCLP

warnings.filterwarnings("ignore")
d = sys.argv[1]
P = int(sys.argv[2])
TIME_LIMIT = float(sys.argv[3]) if len(sys.argv) > 3 else 600.0
res = np.loadtxt(os.path.join(d, "residents.csv"), delimiter=",", skiprows=1, ndmin=2)
cand = np.loadtxt(os.path.join(d, "candidates.csv"), delimiter=",", skiprows=1, ndmin=2)
pairs = np.loadtxt(os.path.join(d, "sets.csv"), delimiter=",", skiprows=1, ndmin=2, dtype=np.int64)

t = Timer()
# Only residents not yet served are demand (as in LifeCircle); 0/1 cost matrix
# with 0 where the candidate reaches the resident, 2 elsewhere, radius 1.
unserved = np.flatnonzero(res[:, 3] == 0)
row = -np.ones(len(res), dtype=np.int64)
row[unserved] = np.arange(len(unserved))
cost = np.full((len(unserved), len(cand)), 2.0)
for j, i in pairs:
    if row[i] >= 0:
        cost[row[i], j] = 0.0
weights = res[unserved, 2]
t.lap("matrix")
mclp = MCLP.from_cost_matrix(cost, weights, service_radius=1.0, p_facilities=P)
mclp = mclp.solve(pulp.PULP_CBC_CMD(msg=False, timeLimit=TIME_LIMIT))
t.lap("mclp")
reachable = cost.min(axis=1) <= 1.0
lscp = LSCP.from_cost_matrix(cost[reachable], service_radius=1.0)
lscp = lscp.solve(pulp.PULP_CBC_CMD(msg=False, timeLimit=TIME_LIMIT))
t.lap("lscp")
report("site", t.total(),
       quality={"mclp_value": round(float(pulp.value(mclp.problem.objective)), 6),
                "lscp_sites": int(round(pulp.value(lscp.problem.objective))),
                "status": [pulp.LpStatus[mclp.problem.status], pulp.LpStatus[lscp.problem.status]], "p": P},
       stages={k: round(v, 4) for k, v in t.laps.items()})
