"""Anchors for pair `parks` done the efficient Python way, on the instance of
generate_parks_instance.py (300 m straight-line reach, p sites):
  sets + greedy: SciPy cKDTree query_ball_point, then a heapq lazy greedy;
  exact:         the MCLP as a sparse PuLP model (one y_i per resident with a
                 reachable site, y_i <= sum of the x_j that reach it,
                 sum x_j <= p) solved by PuLP's bundled CBC.
Prints greedy_seconds (sets + greedy) and exact_seconds (sets + model + solve).
usage: parks_python.py DIR [P] [TIME_LIMIT_S]   (defaults 20 and 600)"""
import heapq
import os
import sys

from _common import Timer, report

import numpy as np
import pulp
from scipy.spatial import cKDTree

RADIUS = 300.0
d = sys.argv[1]
P = int(sys.argv[2]) if len(sys.argv) > 2 else 20
TIME_LIMIT = float(sys.argv[3]) if len(sys.argv) > 3 else 600.0
res = np.loadtxt(os.path.join(d, "residents.csv"), delimiter=",", skiprows=1)
cand = np.loadtxt(os.path.join(d, "candidates.csv"), delimiter=",", skiprows=1, ndmin=2)
w = res[:, 2]

t = Timer()
sets = cKDTree(res[:, :2]).query_ball_point(cand, r=RADIUS)
t.lap("sets")
sets_seconds = t.total()
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

t2 = Timer()
reach = {}
for j, s in enumerate(sets):
    for i in s:
        reach.setdefault(i, []).append(j)
prob = pulp.LpProblem("mclp", pulp.LpMaximize)
x = [pulp.LpVariable(f"x{j}", cat="Binary") for j in range(len(cand))]
y = {i: pulp.LpVariable(f"y{i}", lowBound=0, upBound=1) for i in reach}
prob += pulp.lpSum(w[i] * y[i] for i in reach)
for i, js in reach.items():
    prob += y[i] <= pulp.lpSum(x[j] for j in js)
prob += pulp.lpSum(x) <= P
t2.lap("model")
prob.solve(pulp.PULP_CBC_CMD(msg=False, timeLimit=TIME_LIMIT))
t2.lap("solve")
exact_seconds = sets_seconds + t2.total()
picked = [j for j in range(len(cand)) if (x[j].value() or 0) > 0.5]
cover = np.zeros(len(res), dtype=bool)
for j in picked:
    cover[sets[j]] = True

report("parks", greedy_seconds, greedy_seconds=greedy_seconds, exact_seconds=exact_seconds,
       quality={"greedy": round(greedy_value, 1), "exact": round(float(w[cover].sum()), 1),
                "status": pulp.LpStatus[prob.status], "p": P},
       stages={**{k: round(v, 4) for k, v in t.laps.items()}, **{k: round(v, 4) for k, v in t2.laps.items()}})
