"""Writes the inputs of pairs `coverage-wuhan` and `coverage-small-large` into DIR
(skipped when present); usage: generate_coverage_inputs.py DIR [RESIDENTS=100000]
  residents.gpkg  layer residents:  RESIDENTS (default 100,000) points on the Wuhan streets, field weight (1..5)
  facilities.gpkg layer facilities: 12 categories x 300 points, field category (cat01..cat12)
Points stand on network vertices (street ends and junctions, drawn uniformly
with replacement), so every pipeline attaches them to the graph exactly:
LifeCircle snaps them to the nearest point on an edge (offset 0 at a vertex),
the anchors look up the nearest node. Seeded: the same files every run. Both sides read them."""
import os
import sys

import numpy as np
import pyogrio
import shapely
import geopandas as gpd

from _common import geodata

SEED = 20261125
CATEGORIES = 12
PER_CATEGORY = 300

out = sys.argv[1]
RESIDENTS = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
os.makedirs(out, exist_ok=True)
res_path = os.path.join(out, "residents.gpkg")
fac_path = os.path.join(out, "facilities.gpkg")
if os.path.exists(res_path) and os.path.exists(fac_path):
    sys.exit(0)

streets = pyogrio.read_dataframe(geodata("wuhan", "wuhan_streets.gpkg"), layer="streets", columns=[])
vertices = np.unique(shapely.get_coordinates(streets.geometry.values), axis=0)
rng = np.random.default_rng(SEED)


def on_network(n):
    return shapely.points(vertices[rng.integers(0, len(vertices), n)])


res = gpd.GeoDataFrame({"weight": rng.integers(1, 6, RESIDENTS).astype("int32")},
                       geometry=on_network(RESIDENTS), crs=streets.crs)
cats = np.repeat([f"cat{i + 1:02d}" for i in range(CATEGORIES)], PER_CATEGORY)
fac = gpd.GeoDataFrame({"category": cats}, geometry=on_network(len(cats)), crs=streets.crs)
pyogrio.write_dataframe(res, res_path[:-5] + ".tmp.gpkg", layer="residents", driver="GPKG")
pyogrio.write_dataframe(fac, fac_path[:-5] + ".tmp.gpkg", layer="facilities", driver="GPKG")
os.replace(res_path[:-5] + ".tmp.gpkg", res_path)
os.replace(fac_path[:-5] + ".tmp.gpkg", fac_path)
print(f"generated {RESIDENTS} residents and {len(cats)} facilities in {out}", file=sys.stderr)
