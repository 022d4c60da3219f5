"""Writes a synthetic national batch into DIR: 300 cities whose sizes follow a
realistic distribution for China's prefecture-level cities (a few megacities
above 10 million, most between 0.5 and 3 million people), and a manifest
running the template study `city-template.yaml` on each.

Every city stands on the Wuhan street network (92,667 edges, EPSG:32650): its
residents are building-like points of about 100 people placed on random
network vertices, its facilities 12 categories scaled with its size. Only the
standard library is used (GeoJSON out, the GeoPackage read through sqlite3),
so the generator runs anywhere LifeCircle does. Seeded: the same files every
run.

usage: generate_cities.py DIR [--cities 300] [--sample K]
  --sample K  also writes manifest-sample.yaml with K cities spread over the
              size range (the ones measured for docs/SCALING.md)
"""
import json
import math
import os
import random
import sqlite3
import struct
import sys

from _common import geodata

SEED = 20261201
PEOPLE_PER_POINT = 100


def vertices():
    """Street vertices of the Wuhan network (WKB linestrings inside GeoPackage blobs)."""
    db = sqlite3.connect(geodata("wuhan", "wuhan_streets.gpkg"))
    out = set()
    for (blob,) in db.execute("SELECT geom FROM streets"):
        if blob is None:
            continue
        flags = blob[3]
        env = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}[(flags >> 1) & 7]
        wkb = blob[8 + env:]
        bo = "<" if wkb[0] == 1 else ">"
        gtype = struct.unpack(bo + "I", wkb[1:5])[0] % 1000
        parts = []
        if gtype == 2:
            parts = [wkb[5:]]
        elif gtype == 5:
            n = struct.unpack(bo + "I", wkb[5:9])[0]
            off = 9
            for _ in range(n):
                bo2 = "<" if wkb[off] == 1 else ">"
                m = struct.unpack(bo2 + "I", wkb[off + 5:off + 9])[0]
                parts.append(wkb[off + 5:off + 9 + 16 * m])
                off += 9 + 16 * m
        for p in parts:
            m = struct.unpack(bo + "I", p[:4])[0]
            for i in range(m):
                x, y = struct.unpack(bo + "dd", p[4 + 16 * i:20 + 16 * i])
                out.add((round(x, 3), round(y, 3)))
    return sorted(out)


def sizes(n, rng):
    """Population per city: log-normal body (median ~1.5 M) plus a Zipf tail of megacities."""
    pops = []
    for i in range(n):
        if i < 6:
            pops.append(int(25e6 / (i + 1) ** 0.9))  # Chongqing/Shanghai/Beijing-like megacities
        else:
            pops.append(int(min(9e6, max(2e5, rng.lognormvariate(math.log(1.5e6), 0.6)))))
    return pops


def write_points(path, pts, props):
    feats = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": list(p)}, "properties": q} for p, q in zip(pts, props)]
    with open(path, "w") as f:
        json.dump({"type": "FeatureCollection", "features": feats}, f)


def main():
    out = sys.argv[1]
    args = sys.argv[2:]
    n = int(args[args.index("--cities") + 1]) if "--cities" in args else 300
    sample = int(args[args.index("--sample") + 1]) if "--sample" in args else 0
    os.makedirs(os.path.join(out, "cities"), exist_ok=True)
    rng = random.Random(SEED)
    vs = vertices()
    pops = sizes(n, rng)
    rows = []
    for i, pop in enumerate(pops):
        code = f"S{i + 1:03d}"
        d = os.path.join(out, "cities", code)
        os.makedirs(d, exist_ok=True)
        res, fac = os.path.join(d, "residents.geojson"), os.path.join(d, "facilities.geojson")
        k = max(100, pop // PEOPLE_PER_POINT)
        if not os.path.exists(res):
            pts = [vs[rng.randrange(len(vs))] for _ in range(k)]
            write_points(res, pts, [{"population": PEOPLE_PER_POINT} for _ in pts])
        if not os.path.exists(fac):
            per = max(5, pop // 20_000)
            pts, props = [], []
            for c in range(12):
                for _ in range(per):
                    pts.append(vs[rng.randrange(len(vs))])
                    props.append({"category": f"cat{c + 1:02d}"})
            write_points(fac, pts, props)
        rows.append((i + 1, code, pop, k, res, fac))
    template = os.path.join(out, "city-template.yaml")
    with open(template, "w") as f:
        f.write(f"""study: {{name: city, lang: en}}
inputs:
  network: {geodata("wuhan", "wuhan_streets.gpkg")}
  residents: {{path: residents.geojson, crs: EPSG:32650}}
  facilities: {{path: facilities.geojson, crs: EPSG:32650}}
coverage:
  network: network
  residents: residents
  weight: population
  facilities: facilities
  category: category
  tiers: [300, 500, 1000]
outputs: {{csv: false, report: false}}
""")

    def manifest(name, chosen):
        with open(os.path.join(out, name), "w") as f:
            f.write("template: city-template.yaml\noutput: batch\nrows:\n")
            for (_, code, pop, k, res, fac) in chosen:
                f.write(f'  - {{city: "{code} ({pop} people, {k} points)", code: "{code}", '
                        f'inputs: {{residents: {res}, facilities: {fac}}}}}\n')

    manifest("manifest.yaml", rows)
    if sample:
        by = sorted(rows, key=lambda r: r[3])
        picks = sorted({by[round(j * (len(by) - 1) / (sample - 1))] for j in range(sample)}, key=lambda r: r[3])
        manifest("manifest-sample.yaml", picks)
    with open(os.path.join(out, "cities.tsv"), "w") as f:
        f.write("row\tcode\tpopulation\tpoints\n")
        for (i, code, pop, k, _, _) in rows:
            f.write(f"{i}\t{code}\t{pop}\t{k}\n")
    print(f"{n} cities, {sum(pops):,} people, {sum(r[3] for r in rows):,} resident points in {out}")


main()
