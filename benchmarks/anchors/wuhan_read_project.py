"""Anchor for pair `wuhan-read-project`: read the Wuhan street layer with
pyogrio into GeoPandas and reproject it from EPSG:32650 to EPSG:4326.
Same work as `lifecircle-bench wuhan-read-project`."""
from _common import Timer, geodata, report

import numpy as np
import pyogrio
import shapely

path = geodata("wuhan", "wuhan_streets.gpkg")

t = Timer()
gdf = pyogrio.read_dataframe(path, layer="streets")
t.lap("read")
out = gdf.to_crs(epsg=4326)
t.lap("project")
seconds = t.total()

coords = shapely.get_coordinates(out.geometry.values)
report("wuhan-read-project", seconds,
       features=int(len(out)),
       vertices=int(len(coords)),
       mean_lon=float(np.mean(coords[:, 0])),
       mean_lat=float(np.mean(coords[:, 1])),
       stages={k: round(v, 6) for k, v in t.laps.items()})
