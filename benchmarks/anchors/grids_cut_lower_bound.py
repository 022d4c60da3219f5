"""A proven lower bound on the cut edges of any plan of K grids within +-TOL of
the ideal weight (contiguous or not), for a unit graph from generate_grid_units.py
or `lifecircle-bench grids-export`. Used to show that a plan is optimal (issue 14,
requirement 6: Helsinki's 89 buildings -> 7).

  python grids_cut_lower_bound.py PREFIX K [--tol 0.05] [--target T] [--plans GLOB] [--duals-out PATH]

Method: the set-partitioning formulation. A plan is K unit sets S, each with weight
in the band, covering every unit once; its cut edges are sum_S |delta(S)| / 2. For
ANY multipliers pi (one per unit) and mu, every plan z satisfies
  cut(z) = sum_S z_S (c_S - pi(S) - mu) + sum_i pi_i + K mu
         >= sum_i pi_i + K mu + K * min(0, min_S (c_S - pi(S) - mu)),
since sum_S z_S = K and z >= 0 (Lagrangian / Farley bound). The inner minimum over
every set in the band is a small MIP (unit x_i, edge y_e >= |x_a - x_b|, the weight
band; contiguity is not imposed, so the bound also holds for non-contiguous plans),
solved exactly by HiGHS. Column generation over the restricted master LP (with unit
slacks of cost 2m, so it is feasible from the start), with Wentges dual smoothing,
drives pi and mu towards the LP optimum; the best bound seen is kept. The final
bound is re-derived at the best multipliers with CBC (PuLP) as an independent check.
Cut edges are integers, so a bound B proves that every plan has at least ceil(B).
"""
import argparse
import glob
import json
import math
import sys
import time

import numpy as np
import scipy.sparse as sp
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

ap = argparse.ArgumentParser()
ap.add_argument("prefix")
ap.add_argument("k", type=int)
ap.add_argument("--tol", type=float, default=0.05)
ap.add_argument("--target", type=float, default=None, help="stop once the bound exceeds this")
ap.add_argument("--plans", default=None, help="glob of assignment CSVs (one grid index a line) seeding the columns")
ap.add_argument("--duals-out", default=None)
ap.add_argument("--max-iterations", type=int, default=2000)
args = ap.parse_args()

units = np.loadtxt(args.prefix + ".units.csv", delimiter=",", skiprows=1, ndmin=2)
adj = np.loadtxt(args.prefix + ".adj.csv", delimiter=",", skiprows=1, ndmin=2)
n, K = len(units), args.k
w = units[:, 1]
# Each adjacency once, as the scorer (_grids.py) counts the rows of .adj.csv.
E = [(int(a), int(b)) for a, b in adj[:, :2]]
if len({(min(a, b), max(a, b)) for a, b in E}) != len(E) or any(a == b for a, b in E):
    sys.exit("adjacency rows are not unique pairs; the bound below assumes they are")
m = len(E)
ideal = w.sum() / K
lo, hi = ideal * (1 - args.tol), ideal * (1 + args.tol)
ea = np.array([a for a, _ in E])
eb = np.array([b for _, b in E])


def cost(S):
    inside = np.zeros(n, bool)
    inside[list(S)] = True
    return float((inside[ea] != inside[eb]).sum()) / 2


# Pricing MIP: variables x (n, binary), y (m, continuous in [0, 1]).
rows, cols, vals, rlo, rhi = [], [], [], [], []


def add(coefs, lo_, hi_):
    r = len(rlo)
    for c, v in coefs:
        rows.append(r); cols.append(c); vals.append(v)
    rlo.append(lo_); rhi.append(hi_)


add([(i, w[i]) for i in range(n)], lo, hi)
for e, (a, b) in enumerate(E):
    add([(n + e, 1), (a, -1), (b, 1)], 0, np.inf)
    add([(n + e, 1), (a, 1), (b, -1)], 0, np.inf)
pricing_A = LinearConstraint(sp.csr_matrix((vals, (rows, cols)), shape=(len(rlo), n + m)), rlo, rhi)
integrality = np.concatenate([np.ones(n), np.zeros(m)])


def price(pi):
    """min over sets S in the band of |delta(S)|/2 - pi(S): (value, S, proven lower bound)."""
    c = np.concatenate([-pi, np.full(m, 0.5)])
    res = milp(c, constraints=pricing_A, integrality=integrality, bounds=Bounds(0, 1),
               options={"mip_rel_gap": 0, "time_limit": 600})
    if res.x is None:
        return None, None, -math.inf
    S = tuple(int(i) for i in np.nonzero(res.x[:n] > 0.5)[0])
    bound = res.fun if res.status == 0 else res.mip_dual_bound
    return cost(S) - pi[list(S)].sum(), S, bound


columns = []
for f in sorted(glob.glob(args.plans)) if args.plans else []:
    part = np.loadtxt(f, dtype=int)
    for g in range(K):
        S = tuple(np.nonzero(part == g)[0].tolist())
        if S and lo <= w[list(S)].sum() <= hi and S not in columns:
            columns.append(S)

t0 = time.time()
best, best_duals, it = -math.inf, None, 0
stab = None
slack_cost = 2.0 * m
while it < args.max_iterations:
    it += 1
    C = len(columns)
    rr = [i for S in columns for i in S]
    cc = [j for j, S in enumerate(columns) for _ in S]
    A = sp.hstack([sp.csr_matrix((np.ones(len(rr)), (rr, cc)), shape=(n, C)), sp.identity(n)])
    A = sp.vstack([A, sp.csr_matrix(np.concatenate([np.ones(C), np.zeros(n)]))]).tocsr()
    c = np.concatenate([[cost(S) for S in columns], np.full(n, slack_cost)])
    lp = linprog(c, A_eq=A, b_eq=np.concatenate([np.ones(n), [K]]), bounds=(0, None), method="highs")
    duals = lp.eqlin.marginals
    stab = duals.copy() if stab is None else stab
    alpha, new = 0.7, None
    while True:
        y = alpha * stab + (1 - alpha) * duals
        val, S, bnd = price(y[:n])
        bound = y[:n].sum() + K * y[n] + K * min(0.0, bnd - y[n])
        if bound > best:
            best, best_duals, stab = bound, y.copy(), y.copy()
        if S is not None and cost(S) - duals[:n][list(S)].sum() - duals[n] < -1e-7:
            new = S
            break
        if alpha == 0:
            break
        alpha = 0.0 if alpha < 0.2 else alpha / 2  # mis-priced: towards the current duals
    if it % 10 == 1:
        print(f"iteration {it}: columns {C}, master LP {lp.fun:.4f}, bound {best:.4f}, {time.time() - t0:.0f} s",
              file=sys.stderr, flush=True)
    if args.target is not None and best > args.target + 1e-6:
        break
    if new is None or new in columns:
        break  # the master LP is optimal: no set prices out at its duals
    columns.append(new)

# Independent check of the bound at the best multipliers: the pricing MIP again, with CBC.
import pulp  # noqa: E402

pi, mu = best_duals[:n], best_duals[n]
prob = pulp.LpProblem("pricing", pulp.LpMinimize)
x = [pulp.LpVariable(f"x{i}", cat="Binary") for i in range(n)]
y = [pulp.LpVariable(f"y{e}", 0, 1) for e in range(m)]
prob += pulp.lpSum(0.5 * y[e] for e in range(m)) - pulp.lpSum(float(pi[i]) * x[i] for i in range(n))
prob += pulp.lpSum(float(w[i]) * x[i] for i in range(n)) >= lo
prob += pulp.lpSum(float(w[i]) * x[i] for i in range(n)) <= hi
for e, (a, b) in enumerate(E):
    prob += y[e] >= x[a] - x[b]
    prob += y[e] >= x[b] - x[a]
prob.solve(pulp.PULP_CBC_CMD(msg=False, gapRel=0, gapAbs=0))
cbc_min = pulp.value(prob.objective)
cbc_bound = pi.sum() + K * mu + K * min(0.0, cbc_min - mu)
if args.duals_out:
    np.savetxt(args.duals_out, best_duals, fmt="%.17g", header=f"pi_0..pi_{n - 1}, mu (K={K}, band {lo:.6f}..{hi:.6f})")
print(json.dumps({
    "instance": args.prefix.rsplit("/", 1)[-1], "k": K, "tol": args.tol, "units": n, "adjacencies": m,
    "lower_bound_highs": round(best, 4), "lower_bound_cbc": round(cbc_bound, 4),
    "cbc_status": pulp.LpStatus[prob.status], "at_least_cut_edges": math.ceil(min(best, cbc_bound) - 1e-6),
    "iterations": it, "columns": len(columns), "seconds": round(time.time() - t0, 1),
}))
