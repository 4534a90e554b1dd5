"""Regenerate explorer/geo/lac.geojson, the offline map of the 33 LAC countries.

Source: the Natural Earth 1:50m admin-0 countries (public domain) as pre-built TopoJSON in the npm
package `world-atlas` 2.0.2 (ISC licence, Mike Bostock). The explorer never fetches geometry at run
time; this script is only run by a maintainer who wants to change the shapes:

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    .venv/bin/python explorer/geo/make_lac_geometry.py package/countries-50m.json

It keeps the 33 countries (ISO 3166 numeric -> alpha-3), simplifies every ring (Douglas-Peucker),
rounds coordinates to 0.01 degree, drops far-away islands (Easter Island), and adds, as grey context,
the other territories that lie wholly inside the region (French Guiana, Puerto Rico, ...). Each
country feature carries a label point (lon, lat) used for the markers of small island States.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "lac.geojson"
BBOX = (-118.0, -56.5, -33.0, 33.0)  # lon min, lat min, lon max, lat max of the map
TOLERANCE = 0.04  # degrees, Douglas-Peucker
SMALL_AREA = 1.0  # square degrees: below this a country also gets a marker

NUMERIC_TO_ISO3 = {
    "032": "ARG", "028": "ATG", "044": "BHS", "084": "BLZ", "068": "BOL", "076": "BRA", "052": "BRB",
    "152": "CHL", "170": "COL", "188": "CRI", "192": "CUB", "212": "DMA", "214": "DOM", "218": "ECU",
    "222": "SLV", "308": "GRD", "320": "GTM", "328": "GUY", "332": "HTI", "340": "HND", "388": "JAM",
    "659": "KNA", "662": "LCA", "484": "MEX", "558": "NIC", "591": "PAN", "600": "PRY", "604": "PER",
    "740": "SUR", "780": "TTO", "858": "URY", "670": "VCT", "862": "VEN",
}


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    scale_x, scale_y = topo["transform"]["scale"]
    shift_x, shift_y = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def ring(arcs: list, indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def polygons(geometry: dict, arcs: list) -> list[list[list[tuple[float, float]]]]:
    if geometry["type"] == "Polygon":
        return [[ring(arcs, r) for r in geometry["arcs"]]]
    if geometry["type"] == "MultiPolygon":
        return [[ring(arcs, r) for r in poly] for poly in geometry["arcs"]]
    return []


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    if len(points) < 5:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5
        best, index = 0.0, None
        for i in range(first + 1, last):
            px, py = points[i]
            distance = abs(dy * px - dx * py + x2 * y1 - y2 * x1) / norm if norm else ((px - x1) ** 2 + (py - y1) ** 2) ** 0.5
            if distance > best:
                best, index = distance, i
        if index is not None and best > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    out = [p for p, k in zip(points, keep) if k]
    return out if len(out) >= 4 else points[:1] + points[len(points) // 3 : len(points) // 3 + 1] + points[2 * len(points) // 3 : 2 * len(points) // 3 + 1] + points[-1:]


def area(points: list[tuple[float, float]]) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1]))) / 2


def centroid(points: list[tuple[float, float]]) -> tuple[float, float]:
    a = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1]):
        cross = x1 * y2 - x2 * y1
        a += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    if abs(a) < 1e-12:
        return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)
    return cx / (3 * a), cy / (3 * a)


def inside_bbox(points: list[tuple[float, float]]) -> bool:
    return all(BBOX[0] <= x <= BBOX[2] and BBOX[1] <= y <= BBOX[3] for x, y in points)


def rounded(points: list[tuple[float, float]]) -> list[list[float]]:
    out: list[list[float]] = []
    for x, y in points:
        point = [round(x, 2), round(y, 2)]
        if not out or out[-1] != point:
            out.append(point)
    if out[0] != out[-1]:
        out.append(out[0])
    return out


def feature(iso3: str, name: str, polys: list, context: bool) -> dict | None:
    kept = []
    for poly in polys:
        outer = poly[0]
        if not inside_bbox(outer) if context else centroid(outer)[0] < BBOX[0] + 10 and iso3 == "CHL":
            continue
        rings = [rounded(simplify(r, TOLERANCE if area(outer) > 0.5 else TOLERANCE / 8)) for r in poly]
        if len(rings[0]) >= 4:
            kept.append(rings)
    if not kept:
        return None
    largest = max(kept, key=lambda p: area([tuple(c) for c in p[0]]))
    lon, lat = centroid([tuple(c) for c in largest[0][:-1]])
    total = sum(area([tuple(c) for c in p[0]]) for p in kept)
    properties = {"iso3": iso3, "name": name, "context": context}
    if not context:
        properties.update({"lon": round(lon, 2), "lat": round(lat, 2), "small": total < SMALL_AREA})
    return {"type": "Feature", "properties": properties, "geometry": {"type": "MultiPolygon", "coordinates": kept}}


def main(topojson_path: str) -> None:
    topo = json.loads(Path(topojson_path).read_text(encoding="utf-8"))
    arcs = decode_arcs(topo)
    features = []
    for geometry in topo["objects"]["countries"]["geometries"]:
        iso3 = NUMERIC_TO_ISO3.get(geometry.get("id", ""))
        made = feature(iso3 or "", geometry["properties"].get("name", ""), polygons(geometry, arcs), context=iso3 is None)
        if made:
            features.append(made)
    features.sort(key=lambda f: (f["properties"]["context"], f["properties"]["iso3"], f["properties"]["name"]))
    missing = set(NUMERIC_TO_ISO3.values()) - {f["properties"]["iso3"] for f in features}
    if missing:
        raise SystemExit(f"countries missing from the geometry: {sorted(missing)}")
    collection = {
        "type": "FeatureCollection",
        "source": "Natural Earth 1:50m admin-0 countries (public domain), via world-atlas 2.0.2; simplified by explorer/geo/make_lac_geometry.py",
        "features": features,
    }
    OUT.write_text(json.dumps(collection, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KiB, {len(features)} features)")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "countries-50m.json")
