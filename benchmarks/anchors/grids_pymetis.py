"""Anchor for pair `grids-*/pymetis`: METIS contiguous k-way partition of a
generated unit graph with unit weights as vertex weights (5% imbalance, the
same tolerance LifeCircle is asked for). Times part_graph alone.
usage: grids_pymetis.py PREFIX K   (PREFIX.units.csv, PREFIX.adj.csv)"""
import os
import sys

from _common import Timer, report
from _grids import csr, load, score

import pymetis

prefix, k = sys.argv[1], int(sys.argv[2])
g = load(prefix)
xadj, adjncy = csr(g)
opts = pymetis.Options(seed=1, ufactor=50, contig=1)  # ufactor 50 = 5% allowed imbalance; contiguous parts
t = Timer()
cuts, part = pymetis.part_graph(k, pymetis.CSRAdjacency(xadj, adjncy), vweights=g["weight"], options=opts)
seconds = t.total()
report(f"grids-{os.path.basename(prefix)}", seconds, quality=score(g, part, k))
