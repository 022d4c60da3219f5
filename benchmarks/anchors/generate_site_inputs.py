"""Inputs of pair `site` from pair parks' instance (generate_parks_instance.py):
50,000 residents and 2,000 candidates in an 8 km square, plus 30 seeded
existing facilities, as GeoPackages (UTM 50N metres) for `lifecircle site`
and residents.csv / candidates.csv / existing.csv for spopt. Reach is
straight-line (spopt measures Euclidean distance), so both sides build
the same distance sets.
usage: generate_site_inputs.py DIR [RESIDENTS CANDIDATES]  (smaller sizes for smoke
runs; the defaults, 50,000 and 2,000, give the benchmark instance)"""
import os
import subprocess
import sys

import geopandas as gpd
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
d = sys.argv[1]
subprocess.check_call([sys.executable, os.path.join(HERE, "generate_parks_instance.py"), d, *sys.argv[2:4]])
res = np.loadtxt(os.path.join(d, "residents.csv"), delimiter=",", skiprows=1)
cand = np.loadtxt(os.path.join(d, "candidates.csv"), delimiter=",", skiprows=1)
rng = np.random.default_rng(20261201)
existing = rng.random((30, 2)) * 8_000.0
np.savetxt(os.path.join(d, "existing.csv"), existing, delimiter=",", header="x,y", comments="", fmt="%.3f")


def save(name, xy, **cols):
    gpd.GeoDataFrame(cols, geometry=gpd.points_from_xy(xy[:, 0], xy[:, 1]), crs=32650).to_file(
        os.path.join(d, f"{name}.gpkg"), driver="GPKG")


save("residents", res[:, :2], weight=res[:, 2])
save("candidates", cand)
save("existing", existing, kind=["clinic"] * len(existing))
print(f"site inputs: {len(res)} residents, {len(cand)} candidates, {len(existing)} existing in {d}", file=sys.stderr)
