"""Reads a generated unit graph and scores a plan; the same formulas as
LifeCircleBenchKit/GridsWorkload.swift, so every plan is judged alike:
  max |d_i|   d_i = (P_i - P_ideal) / P_ideal, P_ideal = total weight / K
  cut edges   adjacencies whose units lie in different grids
  mean PP     mean over grids of 4 pi A / P^2, A = sum of unit areas,
              P = sum of unit perimeters - 2 x shared boundary inside the grid
  pieces      grids that are not one connected piece of the adjacency graph"""
import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components


def load(prefix):
    units = np.loadtxt(prefix + ".units.csv", delimiter=",", skiprows=1, ndmin=2)
    adj = np.loadtxt(prefix + ".adj.csv", delimiter=",", skiprows=1, ndmin=2)
    return {
        "n": len(units),
        "weight": units[:, 1].astype(np.int64),
        "area": units[:, 2],
        "perimeter": units[:, 3],
        "a": adj[:, 0].astype(np.int64),
        "b": adj[:, 1].astype(np.int64),
        "shared": adj[:, 2],
    }


def csr(g):
    """METIS-style adjacency arrays (xadj, adjncy)."""
    n = g["n"]
    rows = np.concatenate([g["a"], g["b"]])
    cols = np.concatenate([g["b"], g["a"]])
    m = sp.csr_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(n, n))
    m.sum_duplicates()
    return m.indptr.astype(np.int64), m.indices.astype(np.int64)


def score(g, part, k):
    part = np.asarray(part, dtype=np.int64)
    w = np.bincount(part, weights=g["weight"], minlength=k)
    ideal = g["weight"].sum() / k
    dev = (w - ideal) / ideal
    inside = part[g["a"]] == part[g["b"]]
    area = np.bincount(part, weights=g["area"], minlength=k)
    per = np.bincount(part, weights=g["perimeter"], minlength=k) \
        - 2 * np.bincount(part[g["a"]][inside], weights=g["shared"][inside], minlength=k)
    pp = 4 * np.pi * area / np.maximum(per, 1e-12) ** 2
    a, b = g["a"][inside], g["b"][inside]
    _, label = connected_components(sp.coo_matrix((np.ones(len(a)), (a, b)), shape=(g["n"],) * 2), directed=False)
    pieces = np.array([len(np.unique(label[part == i])) for i in range(k)]) if k <= 2000 else None
    return {
        "max_abs_dev": round(float(np.abs(dev).max()), 4),
        "cut_edges": int((~inside).sum()),
        "mean_pp": round(float(pp.mean()), 4),
        "noncontiguous": int((pieces > 1).sum()) if pieces is not None else None,
        "grids": int(len(np.unique(part))),
    }
