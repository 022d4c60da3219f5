"""Second anchor for pair `site`: the same MCLP and LSCP as site_spopt.py
(residents within 300 m of an existing facility served already, straight-line
300 m sets) written directly as sparse PuLP models from SciPy cKDTree sets
and solved by PuLP's bundled CBC: MCLP max Σ w_i y_i, y_i ≤ Σ x_j over the
sites reaching i, Σ x_j ≤ P; LSCP min Σ x_j, Σ x_j ≥ 1 for every reachable
unserved resident (one row per resident: residents with the same set of
candidates give identical rows, the same program as LifeCircle's one row per
demand group). CBC runs with a relative gap of 0 and prints its solution
status honestly (PuLP's LpStatus says "Optimal" also when CBC stops at the
time limit with a feasible solution; sol_status tells the two apart), with
its best bound for the LSCP. A flushed JSON line follows the MCLP, so its
time survives a later timeout; the last line carries both.
usage: site_pulp.py DIR P [TIME_LIMIT_S]"""
import os
import sys

from _common import Timer, report

import numpy as np
import json

import pulp
from scipy.spatial import cKDTree

RADIUS = 300.0
d = sys.argv[1]
P = int(sys.argv[2])
TIME_LIMIT = float(sys.argv[3]) if len(sys.argv) > 3 else 600.0
res = np.loadtxt(os.path.join(d, "residents.csv"), delimiter=",", skiprows=1)
cand = np.loadtxt(os.path.join(d, "candidates.csv"), delimiter=",", skiprows=1, ndmin=2)
existing = np.loadtxt(os.path.join(d, "existing.csv"), delimiter=",", skiprows=1, ndmin=2)

t = Timer()
served = cKDTree(existing).query(res[:, :2], distance_upper_bound=RADIUS)[0] <= RADIUS
un = np.flatnonzero(~served)
sets = cKDTree(res[un, :2]).query_ball_point(cand, r=RADIUS)
reach = {}
for j, members in enumerate(sets):
    for k in members:
        reach.setdefault(un[k], []).append(j)
w = res[:, 2]
t.lap("sets")
mclp = pulp.LpProblem("mclp", pulp.LpMaximize)
x = [pulp.LpVariable(f"x{j}", cat="Binary") for j in range(len(cand))]
y = {i: pulp.LpVariable(f"y{i}", lowBound=0, upBound=1) for i in reach}
mclp += pulp.lpSum(w[i] * y[i] for i in reach)
for i, js in reach.items():
    mclp += y[i] <= pulp.lpSum(x[j] for j in js)
mclp += pulp.lpSum(x) <= P
mclp.solve(pulp.PULP_CBC_CMD(msg=False, timeLimit=TIME_LIMIT, gapRel=0))
mclp_value = sum(w[i] for i, js in reach.items() if any(x[j].value() > 0.5 for j in js))
t.lap("mclp")
mclp_seconds = t.laps["sets"] + t.laps["mclp"]
mclp_status = pulp.LpSolution[mclp.sol_status]
print(json.dumps({"pair": "site-mclp", "side": "anchor", "mclp_seconds": round(mclp_seconds, 6),
                  "quality": {"mclp_value": round(float(mclp_value), 6), "mclp_status": mclp_status, "p": P}}),
      flush=True)
lscp = pulp.LpProblem("lscp", pulp.LpMinimize)
xs = [pulp.LpVariable(f"s{j}", cat="Binary") for j in range(len(cand))]
lscp += pulp.lpSum(xs)
for i, js in reach.items():
    lscp += pulp.lpSum(xs[j] for j in js) >= 1
lscp.solve(pulp.PULP_CBC_CMD(msg=False, timeLimit=TIME_LIMIT, gapRel=0))
t.lap("lscp")
lscp_sites = sum(1 for v in xs if v.value() is not None and v.value() > 0.5)
# The LSCP's own sets time counts too: both problems share the one "sets" lap, charged to the MCLP above.
report("site", t.total(), mclp_seconds=round(mclp_seconds, 6), lscp_seconds=round(t.laps["lscp"], 6),
       quality={"mclp_value": round(float(mclp_value), 6), "mclp_status": mclp_status,
                "lscp_sites": lscp_sites, "lscp_status": pulp.LpSolution[lscp.sol_status],
                "lscp_rows": len(reach), "p": P},
       stages={k: round(v, 4) for k, v in t.laps.items()})
