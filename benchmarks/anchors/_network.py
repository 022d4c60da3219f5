"""The GeoPandas/NumPy way to turn a line layer into a graph joined at shared
vertices and to attach points to its nodes; shared by the coverage anchors."""
import numpy as np
import shapely
from scipy.spatial import cKDTree


def graph_from_lines(lines):
    """Segments between consecutive vertices; nodes = distinct coordinates.
    Returns node xy and undirected edges (u, v, length), parallel edges kept
    once with their shortest length."""
    coords, part = shapely.get_coordinates(lines, return_index=True)
    same = part[1:] == part[:-1]
    a = coords[:-1][same]
    b = coords[1:][same]
    m = len(a)
    nodes, inv = np.unique(np.vstack([a, b]), axis=0, return_inverse=True)
    inv = inv.ravel()
    u, v = np.minimum(inv[:m], inv[m:]), np.maximum(inv[:m], inv[m:])
    w = np.hypot(b[:, 0] - a[:, 0], b[:, 1] - a[:, 1])
    keep = u != v
    u, v, w = u[keep], v[keep], w[keep]
    order = np.lexsort((w, v, u))
    u, v, w = u[order], v[order], w[order]
    first = np.ones(len(u), dtype=bool)
    first[1:] = (u[1:] != u[:-1]) | (v[1:] != v[:-1])
    return nodes, u[first], v[first], w[first]


def nearest_nodes(nodes, points, max_distance=100.0):
    """Nearest node of each point (KD-tree); -1 beyond max_distance."""
    xy = shapely.get_coordinates(points)
    dist, idx = cKDTree(nodes).query(xy, distance_upper_bound=max_distance)
    ok = np.isfinite(dist)
    return np.where(ok, idx, -1), np.where(ok, dist, np.inf)
