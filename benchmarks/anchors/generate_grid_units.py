"""Writes the unit graphs of pair `grids` into DIR (skipped when present).
For each instance NAME (spo-hex-10, voronoi-2k-40, lattice-10k-80, voronoi-10k-80,
lattice-100k-800, voronoi-100k-800, wuhan-blocks-K; the last number is the grid
count; helsinki-buildings-7 comes from `lifecircle-bench grids-export-helsinki`):
  NAME.units.csv  id, weight, area, perimeter, cx, cy      (one row a unit)
  NAME.adj.csv    a, b, shared                              (rook adjacency, shared boundary m)
Weights are households (integers 20..80), seeded per instance (by its name, so
an instance is the same whichever others are generated with it). Both sides read the same
graph, so the pair times partitioning alone and scores every plan with the
same formulas (anchors/_grids.py and LifeCircleBenchKit/GridsWorkload.swift)."""
import os
import sys
import zlib

import numpy as np
import shapely

SEED = 20261125
out = sys.argv[1]
only = sys.argv[2:]  # optional instance names
os.makedirs(out, exist_ok=True)


def rook_adjacency(polys):
    """Pairs of polygons sharing a boundary of positive length."""
    tree = shapely.STRtree(polys)
    a, b = tree.query(polys, predicate="intersects")
    keep = a < b
    a, b = a[keep], b[keep]
    shared = shapely.length(shapely.intersection(shapely.boundary(polys[a]), shapely.boundary(polys[b])))
    keep = shared > 1e-6
    return a[keep], b[keep], shared[keep]


def write(name, polys, rng, weight=None):
    units = os.path.join(out, f"{name}.units.csv")
    if os.path.exists(units):
        return
    n = len(polys)
    a, b, shared = rook_adjacency(polys)
    c = shapely.get_coordinates(shapely.centroid(polys))
    if weight is None:
        weight = rng.integers(20, 81, n)
    tmp = units + ".tmp"
    np.savetxt(tmp, np.column_stack([np.arange(n), weight, shapely.area(polys), shapely.length(polys), c]),
               delimiter=",", header="id,weight,area,perimeter,cx,cy", comments="",
               fmt=["%d", "%d", "%.6f", "%.6f", "%.3f", "%.3f"])
    np.savetxt(os.path.join(out, f"{name}.adj.csv"), np.column_stack([a, b, shared]),
               delimiter=",", header="a,b,shared", comments="", fmt=["%d", "%d", "%.6f"])
    os.replace(tmp, units)
    print(f"generated {name}: {n} units, {len(a)} adjacencies", file=sys.stderr)


def lattice(rows, cols, size=50.0):
    x, y = np.meshgrid(np.arange(cols) * size, np.arange(rows) * size)
    x, y = x.ravel(), y.ravel()
    return shapely.box(x, y, x + size, y + size)


def voronoi(n, rng, side):
    pts = shapely.multipoints(rng.random((n, 2)) * side)
    box = shapely.box(0, 0, side, side)
    cells = shapely.get_parts(shapely.voronoi_polygons(pts, extend_to=box))
    return shapely.intersection(cells, box)


def wanted(name):
    return not only or any(name.startswith(o) for o in only)


def rng_for(name):
    """Each instance draws from its own stream, seeded by its name."""
    return np.random.default_rng([SEED, zlib.crc32(name.encode())])


if wanted("spo-hex"):
    # Real cells, real weights: São Paulo's 323 H3 cells by population, 10 grids.
    import pyogrio
    from _common import geodata
    hexes = pyogrio.read_dataframe(geodata("sao_paulo", "spo_hexgrid_EPSG32723.gpkg"))
    write("spo-hex-10", hexes.geometry.values, None, weight=hexes["population"].to_numpy().astype(np.int64))
if wanted("voronoi-2k"):
    # A community-sized irregular graph: 2,000 Voronoi cells of about 2,500 m², 40 grids.
    rng = rng_for("voronoi-2k")
    write("voronoi-2k-40", voronoi(2_000, rng, 2_236.0), rng)
if wanted("lattice-10k"):
    write("lattice-10k-80", lattice(100, 100), rng_for("lattice-10k"))
if wanted("voronoi-10k"):
    rng = rng_for("voronoi-10k")
    write("voronoi-10k-80", voronoi(10_000, rng, 5_000.0), rng)
if wanted("lattice-100k"):
    write("lattice-100k-800", lattice(250, 400), rng_for("lattice-100k"))
if wanted("voronoi-100k"):
    rng = rng_for("voronoi-100k")
    write("voronoi-100k-800", voronoi(100_000, rng, 15_800.0), rng)
if wanted("wuhan-blocks"):
    # Real adjacency: the street blocks of Wuhan (faces of the street network).
    if not any(f.startswith("wuhan-blocks") for f in os.listdir(out)):
        import pyogrio
        from _common import geodata
        streets = pyogrio.read_dataframe(geodata("wuhan", "wuhan_streets.gpkg"), layer="streets", columns=[])
        blocks = shapely.get_parts(shapely.polygonize(streets.geometry.values))
        blocks = blocks[shapely.area(blocks) > 100.0]  # drop slivers between parallel carriageways
        # Keep the largest connected piece: contiguous partitioners need one.
        import scipy.sparse as sp
        from scipy.sparse.csgraph import connected_components
        a, b, _ = rook_adjacency(blocks)
        _, label = connected_components(sp.coo_matrix((np.ones(len(a)), (a, b)), shape=(len(blocks),) * 2), directed=False)
        blocks = blocks[label == np.bincount(label).argmax()]
        k = max(2, int(round(len(blocks) / 125)))
        write(f"wuhan-blocks-{k}", blocks, rng_for("wuhan-blocks"))
