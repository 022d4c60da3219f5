"""Anchor for pair `grids-small`: GerryChain 1.0 ReCom "short bursts"
(Cannon, Goldbloom-Helzner, Gupta, Matthews & Suwal 2023): bursts of 10 ReCom
steps within ±5% of the ideal weight, each burst starting from the best plan
seen so far (fewest cut edges), until the time budget (90 s) is spent. Two
starts. START is `lifecircle` (LifeCircle's own plan, PREFIX.lifecircle.csv,
one grid index a line, written by `lifecircle-bench grids --assignment-out`)
or `seed` (GerryChain's recursive seed plan, bounded by SEED_S seconds). Prints time, max |d_i|, cut
edges and mean Polsby-Popper (anchors/_grids.py formulas) as one JSON line.
usage: grids_shortbursts.py PREFIX K START [SECONDS] [BURST]"""
import os
import random
import sys
import time
import warnings
from functools import partial

from _common import report
from _grids import load, score

import networkx as nx
import numpy as np
from gerrychain import Graph, MarkovChain, Partition, accept, constraints, updaters
from gerrychain.partition import recursive_seed_part
from gerrychain.proposals import recom

warnings.filterwarnings("ignore")
prefix, k = sys.argv[1], int(sys.argv[2])
start_from = sys.argv[3]
budget = float(sys.argv[4]) if len(sys.argv) > 4 else 90.0
burst = int(sys.argv[5]) if len(sys.argv) > 5 else 10
g = load(prefix)
nxg = nx.Graph()
nxg.add_nodes_from((i, {"weight": int(w)}) for i, w in enumerate(g["weight"]))
nxg.add_edges_from(zip(g["a"].tolist(), g["b"].tolist()))
graph = Graph.from_networkx(nxg)
ideal = g["weight"].sum() / k
EPS = 0.05
ups = {"population": updaters.Tally("weight", alias="population"), "cut_edges": updaters.cut_edges}


def short_bursts(assignment, label, seed):
    start = time.perf_counter()
    best = Partition(graph, assignment, updaters=ups)
    bound = constraints.within_percent_of_ideal_population(best, EPS)
    bursts, steps = 0, 0
    rng = random.Random(seed)
    while time.perf_counter() - start < budget:
        chain = MarkovChain(
            partial(recom, pop_col="weight", pop_target=ideal, epsilon=EPS, node_repeats=2),
            constraints=[bound], acceptance_fn=accept.always_accept, initial_partition=best,
            total_steps=burst, rng=rng.randrange(2**31))
        for p in chain:
            steps += 1
            if len(p["cut_edges"]) <= len(best["cut_edges"]):
                best = p
        bursts += 1
    seconds = time.perf_counter() - start
    part = [best.assignment[i] for i in range(g["n"])]
    report(f"grids-{os.path.basename(prefix)}/{label}", seconds, quality=score(g, part, k), bursts=bursts, steps=steps)


if start_from == "lifecircle":
    lc = np.loadtxt(prefix + ".lifecircle.csv", dtype=np.int64, ndmin=1)
    short_bursts({i: int(lc[i]) for i in range(g["n"])}, "shortbursts-from-lifecircle", 1)
else:
    # GerryChain's recursive seed plan has no bound of its own (on Wuhan's 8,304 blocks
    # → 66 it ran 30 min without one): SEED_S seconds (default 600), then a clear failure.
    import signal

    def _no_seed(signum, frame):
        raise TimeoutError(f"recursive_seed_part found no ±5% seed plan in {os.environ.get('SEED_S', '600')} s")

    signal.signal(signal.SIGALRM, _no_seed)
    signal.alarm(int(os.environ.get("SEED_S", "600")))
    seed = recursive_seed_part(graph, range(k), ideal, "weight", EPS, rng=random.Random(1))
    signal.alarm(0)
    short_bursts(seed, "shortbursts-from-seed", 2)
