"""Writes the inputs of pair `coverage-megacity` into DIR (skipped when present):
  streets.gpkg    layer streets:    the Wuhan streets tiled T x T (translated copies),
                                    joined across every seam by connector lines
  residents.gpkg  layer residents:  N points on network vertices, field weight (1..5)
  facilities.gpkg layer facilities: 12 categories x F points, field category (cat01..cat12)
usage: generate_megacity_inputs.py DIR [T=4] [N=2000000] [F=1200] [SEED=20261202]

Why connectors: translated copies alone are T*T separate components, and a
coverage run keeps the largest; a real megacity network is one. Along each
seam, every 500 m band gets one line from the outermost vertex of one tile to
the outermost vertex of the next (when both exist within 5 km of the seam), so
walking crosses tiles as it crosses districts. Points stand on vertices (as in
generate_coverage_inputs.py) so every pipeline attaches them exactly. Seeded."""
import os
import sys

import numpy as np
import pyogrio
import shapely
import geopandas as gpd

from _common import geodata

out = sys.argv[1]
T = int(sys.argv[2]) if len(sys.argv) > 2 else 4
N = int(sys.argv[3]) if len(sys.argv) > 3 else 2_000_000
F = int(sys.argv[4]) if len(sys.argv) > 4 else 1_200
SEED = int(sys.argv[5]) if len(sys.argv) > 5 else 20261202
CATEGORIES = 12
GAP = 100.0      # metres between tiles, bridged only by connectors
BAND = 500.0     # one connector per band along a seam
REACH = 5_000.0  # a connector end lies within this distance of the seam

os.makedirs(out, exist_ok=True)
paths = {k: os.path.join(out, f"{k}.gpkg") for k in ("streets", "residents", "facilities")}
if all(os.path.exists(p) for p in paths.values()):
    sys.exit(0)

base = pyogrio.read_dataframe(geodata("wuhan", "wuhan_streets.gpkg"), layer="streets", columns=[])
geoms = base.geometry.values
xmin, ymin, xmax, ymax = shapely.total_bounds(geoms)
W, H = xmax - xmin + GAP, ymax - ymin + GAP
# Street ends and junctions only: a connector meets the tile at a node.
ends = np.vstack([shapely.get_coordinates(shapely.get_point(geoms, 0)),
                  shapely.get_coordinates(shapely.get_point(geoms, -1))])
ends = np.unique(ends, axis=0)


def outermost(side):
    """Per band along a side, the vertex nearest that side (within REACH), or None."""
    if side in ("east", "west"):
        along, across = ends[:, 1], ends[:, 0]
        lo, n = ymin, int(np.ceil((ymax - ymin) / BAND))
        edge = xmax if side == "east" else xmin
    else:
        along, across = ends[:, 0], ends[:, 1]
        lo, n = xmin, int(np.ceil((xmax - xmin) / BAND))
        edge = ymax if side == "north" else ymin
    dist = np.abs(across - edge)
    band = np.minimum(((along - lo) // BAND).astype(np.int64), n - 1)
    best = [None] * n
    for i in np.flatnonzero(dist <= REACH)[np.argsort(dist[dist <= REACH], kind="stable")]:
        if best[band[i]] is None:
            best[band[i]] = ends[i]
    return best


east, west, north, south = (outermost(s) for s in ("east", "west", "north", "south"))
tiles, connectors = [], []
for i in range(T):
    for j in range(T):
        tiles.append(shapely.transform(geoms, lambda c, dx=i * W, dy=j * H: c + [dx, dy]))
        for a_side, b_side, di, dj in ((east, west, 1, 0), (north, south, 0, 1)):
            if i + di >= T or j + dj >= T:
                continue
            for a, b in zip(a_side, b_side):
                if a is not None and b is not None:
                    connectors.append(shapely.linestrings([a + [i * W, j * H], b + [(i + di) * W, (j + dj) * H]]))
lines = np.concatenate(tiles + [np.array(connectors, dtype=object)])
streets = gpd.GeoDataFrame(geometry=lines, crs=base.crs)

vertices = np.unique(shapely.get_coordinates(lines), axis=0)
rng = np.random.default_rng(SEED)


def on_network(n):
    return shapely.points(vertices[rng.integers(0, len(vertices), n)])


res = gpd.GeoDataFrame({"weight": rng.integers(1, 6, N).astype("int32")}, geometry=on_network(N), crs=base.crs)
cats = np.repeat([f"cat{k + 1:02d}" for k in range(CATEGORIES)], F)
fac = gpd.GeoDataFrame({"category": cats}, geometry=on_network(len(cats)), crs=base.crs)
for name, df in (("streets", streets), ("residents", res), ("facilities", fac)):
    tmp = paths[name][:-5] + ".tmp.gpkg"
    pyogrio.write_dataframe(df, tmp, layer=name, driver="GPKG")
    os.replace(tmp, paths[name])
print(f"generated {T}x{T} tiles ({len(lines)} lines, {len(connectors)} connectors), {N} residents and "
      f"{len(cats)} facilities in {out}", file=sys.stderr)
