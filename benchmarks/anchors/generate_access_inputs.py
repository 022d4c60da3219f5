"""Inputs of pair `access`: São Paulo's hex cells as residents (centroids,
weight `population`) and the cells with schools as facilities (centroids,
capacity `schools`), in UTM 23S, as GeoPackages for `lifecircle access` and
as CSVs (x,y,value) for the PySAL side.
usage: generate_access_inputs.py DIR"""
import os
import sys

from _common import geodata

import geopandas as gpd

d = sys.argv[1]
os.makedirs(d, exist_ok=True)
cells = gpd.read_file(geodata("sao_paulo", "spo_hexgrid_EPSG32723.gpkg"))
pts = cells.set_geometry(cells.geometry.centroid)
res = pts[["population", "geometry"]]
fac = pts[pts["schools"] > 0][["schools", "geometry"]]
res.to_file(os.path.join(d, "residents.gpkg"), driver="GPKG")
fac.to_file(os.path.join(d, "facilities.gpkg"), driver="GPKG")
for name, frame, col in [("residents", res, "population"), ("facilities", fac, "schools")]:
    with open(os.path.join(d, f"{name}.csv"), "w", encoding="utf-8") as f:
        f.write(f"x,y,{col}\n")
        for g, v in zip(frame.geometry, frame[col]):
            f.write(f"{g.x!r},{g.y!r},{float(v)!r}\n")
print(f"access inputs: {len(res)} residents, {len(fac)} facilities in {d}", file=sys.stderr)
