"""Anchor for pair `grids-*/gerrychain`: GerryChain's recursive seed plan
(±5% of ideal weight) followed by 1,000 ReCom steps under the same ±5% bound,
seeded. Times the seed plan plus the chain (the graph is built before).
usage: grids_gerrychain.py PREFIX K [STEPS]"""
import os
import random
import sys
import warnings
from functools import partial

from _common import Timer, report
from _grids import load, score

import networkx as nx
from gerrychain import Graph, MarkovChain, Partition, accept, constraints, updaters
from gerrychain.partition import recursive_seed_part
from gerrychain.proposals import recom

warnings.filterwarnings("ignore")
prefix, k = sys.argv[1], int(sys.argv[2])
steps = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
g = load(prefix)
nxg = nx.Graph()
nxg.add_nodes_from((i, {"weight": int(w)}) for i, w in enumerate(g["weight"]))
nxg.add_edges_from(zip(g["a"].tolist(), g["b"].tolist()))
graph = Graph.from_networkx(nxg)
ideal = g["weight"].sum() / k
EPS = 0.05

t = Timer()
seed = recursive_seed_part(graph, range(k), ideal, "weight", EPS, rng=random.Random(1))
t.lap("seed_plan")
initial = Partition(graph, seed, updaters={"population": updaters.Tally("weight", alias="population")})
chain = MarkovChain(
    partial(recom, pop_col="weight", pop_target=ideal, epsilon=EPS, node_repeats=2),
    constraints=[constraints.within_percent_of_ideal_population(initial, EPS)],
    acceptance_fn=accept.always_accept, initial_partition=initial, total_steps=steps, rng=2)
last = initial
for last in chain:
    pass
t.lap("recom")
seconds = t.total()
part = [last.assignment[i] for i in range(g["n"])]
report(f"grids-{os.path.basename(prefix)}", seconds, quality=score(g, part, k),
       steps=steps, stages={k_: round(v, 3) for k_, v in t.laps.items()})
