#!/usr/bin/env python3
"""make.py re-makes testdata/boundaries from the shared CBS/Kadaster files.

Usage (from the repository root, standard library only):

    python3 testdata/make.py ../shared/data

Whole files are copied byte for byte and checked against the sha256 sums
published in shared/data/README.md. The subsets keep whole features of the
source files unchanged: a GeoJSON subset holds the selected features exactly
as they are written in the source (checked), with the collection bbox
recomputed; a TopoJSON subset holds the selected geometry objects unchanged
and only the arcs they use, renumbered in their original order (the arcs
themselves, quantized and delta-encoded, are copied as they are).
"""

import hashlib
import json
import os
import sys

# Whole files: name -> sha256 from shared/data/README.md.
WHOLE = {
    "gemeente_2025.geojson": "fd7f67d231e9af6d1f7fbce218ab91576ad3e088d15637e8a35ed587336f6cdd",
    "provincie_2025.geojson": "2de99b16bbce1e59119244357372d3e04ff64d517f00c158c0c640ebce880bb5",
    "gemeente_2025.topojson": "12f0da7537f29582ae20ba43713cf7291dcc61bfbe81914febbbf95b3945d077",
    "provincie_2025.topojson": "f36dd9c50f81d701b8a86a79c9f04b5b51b2eba1170286ae07ed0e57dcf2e04f",
    "gemeenten_2025.csv": "99b9e1dc86e6e16e33c398aeb978cf5e37e2fb674b41b67863a845a865fee6e2",
}

# gemeente_2024 subset: Hardenberg (GM0160) and Ommen (GM0175), whose shared
# border holds the source's one self-intersection, with every municipality
# that shares a border arc with either; every 2024 MultiPolygon; and
# Schouwen-Duiveland (GM1676), whose ring has a spike.
GM2024_CORE = ["GM0160", "GM0175"]
GM2024_EXTRA = ["GM1676"]

# wijk_2025 subset: all districts of these municipalities.
#   GM0363 Amsterdam: letter codes (WK0363AA..), a self-touching ring and a spike (WK0363NF)
#   GM0715 Terneuzen: holes, a MultiPolygon, a self-touching ring (WK071530)
#   GM1961 Vijfheerenlanden: holes, a self-touching ring (WK196133)
#   GM0180 Staphorst: a MultiPolygon, a self-touching ring (WK018003)
#   GM0638 Zoeterwoude: a district with two holes that touches itself (WK063809)
#   GM1676 Schouwen-Duiveland: a spike (WK167600)
WIJK_MUNICIPALITIES = ["GM0180", "GM0363", "GM0638", "GM0715", "GM1676", "GM1961"]


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def dump(v):
    return json.dumps(v, ensure_ascii=False, separators=(",", ":"))


def arc_indices(arcs):
    """arc_indices yields every arc index (as stored, ~i negative) in a geometry's arcs."""
    if isinstance(arcs, int):
        yield arcs
        return
    for a in arcs:
        yield from arc_indices(a)


def remap(arcs, new):
    if isinstance(arcs, int):
        return new[arcs] if arcs >= 0 else ~new[~arcs]
    return [remap(a, new) for a in arcs]


def subset_topojson(src, dst, keep):
    with open(src, encoding="utf-8") as f:
        topo = json.load(f)
    (name, obj), = topo["objects"].items()
    geoms = [g for g in obj["geometries"] if keep(g["properties"])]
    used = sorted({i if i >= 0 else ~i for g in geoms for i in arc_indices(g["arcs"])})
    new = {old: n for n, old in enumerate(used)}
    out = dict(topo)
    out["arcs"] = [topo["arcs"][i] for i in used]
    out["objects"] = {name: dict(obj, geometries=[dict(g, arcs=remap(g["arcs"], new)) for g in geoms])}
    with open(dst, "w", encoding="utf-8") as f:
        f.write(dump(out))
    return [g["properties"]["statcode"] for g in geoms]


def positions(coords):
    if isinstance(coords[0], (int, float)):
        yield coords
        return
    for c in coords:
        yield from positions(c)


def subset_geojson(src, dst, keep):
    with open(src, encoding="utf-8") as f:
        text = f.read()
    fc = json.loads(text)
    feats = [ft for ft in fc["features"] if keep(ft["properties"])]
    for ft in feats:
        if dump(ft) not in text:
            sys.exit(f"{src}: feature {ft['id']} does not serialise back to its source text")
    pts = [p for ft in feats for p in positions(ft["geometry"]["coordinates"])]
    out = dict(fc)
    out["bbox"] = [min(p[0] for p in pts), min(p[1] for p in pts), max(p[0] for p in pts), max(p[1] for p in pts)]
    out["features"] = feats
    with open(dst, "w", encoding="utf-8") as f:
        f.write(dump(out))
    return [ft["id"] for ft in feats]


def neighbours_2024(src):
    """neighbours_2024 is the set of codes sharing an arc with GM2024_CORE, the core included."""
    with open(src, encoding="utf-8") as f:
        topo = json.load(f)
    (obj,) = topo["objects"].values()
    arcs = {g["properties"]["statcode"]: {i if i >= 0 else ~i for i in arc_indices(g["arcs"])} for g in obj["geometries"]}
    core = set().union(*(arcs[c] for c in GM2024_CORE))
    return {c for c, a in arcs.items() if a & core}


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: python3 testdata/make.py SHARED_DATA_DIR")
    shared = sys.argv[1]
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "boundaries")
    os.makedirs(out, exist_ok=True)

    for name, want in WHOLE.items():
        src = os.path.join(shared, name)
        if sha256(src) != want:
            sys.exit(f"{src}: sha256 differs from shared/data/README.md")
        with open(src, "rb") as f, open(os.path.join(out, name), "wb") as g:
            g.write(f.read())

    gm24 = os.path.join(shared, "gemeente_2024.geojson")
    with open(gm24, encoding="utf-8") as f:
        multi = {ft["id"] for ft in json.load(f)["features"] if ft["geometry"]["type"] == "MultiPolygon"}
    codes24 = neighbours_2024(os.path.join(shared, "gemeente_2024.topojson")) | multi | set(GM2024_EXTRA)
    in24 = lambda p: p["statcode"] in codes24
    a = subset_geojson(gm24, os.path.join(out, "gemeente_2024.geojson"), in24)
    b = subset_topojson(os.path.join(shared, "gemeente_2024.topojson"), os.path.join(out, "gemeente_2024.topojson"), in24)
    assert a == b, (a, b)
    print(f"gemeente_2024: {len(a)} municipalities: {' '.join(a)}")

    inwijk = lambda p: p["gmCode"] in WIJK_MUNICIPALITIES
    a = subset_geojson(os.path.join(shared, "wijk_2025.geojson"), os.path.join(out, "wijk_2025.geojson"), inwijk)
    b = subset_topojson(os.path.join(shared, "wijk_2025.topojson"), os.path.join(out, "wijk_2025.topojson"), inwijk)
    assert a == b, (a, b)
    print(f"wijk_2025: {len(a)} districts of {' '.join(WIJK_MUNICIPALITIES)}")


if __name__ == "__main__":
    main()
