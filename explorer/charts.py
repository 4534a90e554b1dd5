"""Vega-Lite specs (plain dicts) rendered by Streamlit's bundled Vega: nothing is fetched at run time.

Altair is not used: it validates every value of a spec against the schema, which costs most of a
second for the map's inline geometry on this kind of machine.

The map draws the shipped geometry (explorer/geo/lac.geojson, simplified Natural Earth shapes) with
inline data; small island States also get a circle so that they can be seen and clicked.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pandas as pd

GEOMETRY = Path(__file__).resolve().parent / "geo" / "lac.geojson"
# Okabe-Ito colours (safe for the common colour-vision deficiencies), and a symbol in every cell as
# a second cue, so that the matrix reads the same without colour.
STATUS_COLOURS = {"present": "#0072B2", "absent": "#E69F00", "unknown": "#DDDDDD", "not-applicable": "#F5F0E1"}
STATUS_SYMBOLS = {"present": "✓", "absent": "✗", "unknown": "?", "not-applicable": "–"}
STATUS_TEXT = {"present": "#FFFFFF", "absent": "#000000", "unknown": "#000000", "not-applicable": "#000000"}
NO_VALUE = "#e0e0e0"
CONTEXT = "#f3f3f3"


def accessible(spec: dict, description: str) -> dict:
    """The spec with a text description on the chart (read by screen readers as the SVG's label) and
    ARIA off for the individual marks, which have no text of their own; every chart of the explorer
    has a table next to it with the same figures."""
    spec["description"] = description
    config = spec.setdefault("config", {})
    config["aria"] = False
    for mark in ("mark", "area", "bar", "circle", "geoshape", "line", "point", "rect", "rule", "square", "text", "tick", "trail"):
        config.setdefault(mark, {})["aria"] = False
    config["boxplot"] = {part: {"aria": False} for part in ("box", "median", "rule", "ticks", "outliers")}

    def hide(node: dict) -> None:
        if "mark" in node:
            mark = node["mark"] if isinstance(node["mark"], dict) else {"type": node["mark"]}
            node["mark"] = {**mark, "aria": False}
        for layer in node.get("layer", []):
            hide(layer)

    hide(spec)
    return spec


@functools.lru_cache(maxsize=1)
def geometry() -> dict:
    return json.loads(GEOMETRY.read_text(encoding="utf-8"))


def country_points() -> dict[str, tuple[float, float]]:
    """ISO3 -> (lon, lat) label point of every country in the geometry."""
    return {
        f["properties"]["iso3"]: (f["properties"]["lon"], f["properties"]["lat"])
        for f in geometry()["features"]
        if not f["properties"]["context"]
    }


@functools.lru_cache(maxsize=1)
def _shapes() -> tuple[list[dict], list[dict]]:
    """(context features, country features) of the shipped geometry, built once."""
    context, countries = [], []
    for feature in geometry()["features"]:
        props = feature["properties"]
        if props["context"]:
            context.append({"type": "Feature", "geometry": feature["geometry"], "properties": {"name": props["name"]}})
        else:
            countries.append(feature)
    return context, countries


def map_chart(values: dict[str, float | None], names: dict[str, str], title: str, selection: str = "pick",
              height: int = 620) -> dict:
    """A Vega-Lite spec (a plain dict: Altair would walk every coordinate): countries filled by value
    (grey when None), context territories pale, small island States also drawn as circles."""
    context, shapes = _shapes()
    countries, points = [], []
    for feature in shapes:
        props = feature["properties"]
        iso = props["iso3"]
        value = values.get(iso)
        name = names.get(iso, props["name"])
        countries.append({"type": "Feature", "geometry": feature["geometry"], "properties": {"iso3": iso, "name": name, "value": value}})
        if props.get("small"):
            points.append({"iso3": iso, "name": name, "value": value, "lon": props["lon"], "lat": props["lat"]})
    known = [v for v in values.values() if v is not None]
    domain = [min(known), max(known)] if known else [0, 1]
    if domain[0] == domain[1]:
        domain = [domain[0], domain[0] + 1]
    colour = {"field": "value", "type": "quantitative", "title": title,
              "scale": {"scheme": "goldred", "domain": domain}, "legend": {"orient": "bottom-left"}}
    tooltip = [{"field": "name", "type": "nominal", "title": " "},
               {"field": "value", "type": "quantitative", "title": title, "format": ",.3~f"}]
    flat = [{"calculate": f"datum.properties.{k}", "as": k} for k in ("iso3", "name", "value")]
    layers = [
        {"data": {"name": "context"}, "mark": {"type": "geoshape", "fill": CONTEXT, "stroke": "#cccccc", "strokeWidth": 0.4}},
        {"data": {"name": "countries"}, "transform": [*flat, {"filter": "datum.value == null"}],
         "mark": {"type": "geoshape", "fill": NO_VALUE, "stroke": "white", "strokeWidth": 0.6},
         "encoding": {"tooltip": tooltip[:1]}},
        {"data": {"name": "countries"}, "transform": [*flat, {"filter": "datum.value != null"}],
         "mark": {"type": "geoshape", "stroke": "white", "strokeWidth": 0.6},
         "params": [{"name": selection, "select": {"type": "point", "fields": ["iso3"], "on": "click", "clear": "dblclick"}}],
         "encoding": {"color": colour, "tooltip": tooltip}},
    ]
    if points:
        layers.append({
            "data": {"values": points},
            "mark": {"type": "circle", "size": 90, "stroke": "#555555", "strokeWidth": 0.8, "opacity": 1},
            "encoding": {"longitude": {"field": "lon", "type": "quantitative"}, "latitude": {"field": "lat", "type": "quantitative"},
                         "color": {"condition": {"test": "datum.value == null", "value": NO_VALUE}, **colour}, "tooltip": tooltip},
        })
    return accessible({
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "datasets": {"context": context, "countries": countries},
        "layer": layers,
        "projection": {"type": "mercator"},
        "height": height,
        "width": "container",
        "config": {"view": {"stroke": None}},
    }, title)


def _records(frame: pd.DataFrame) -> list[dict]:
    return json.loads(frame.to_json(orient="records", force_ascii=False)) if len(frame) else []


def status_heatmap(frame: pd.DataFrame, x_order: list[str], y_order: list[str], status_names: dict[str, str],
                   x_title: str, y_title: str) -> dict:
    """A countries x codes matrix coloured by status, with the status symbol in each cell (second cue);
    `frame` has country, item, status, status_label, symbol."""
    domain = [status_names[s] for s in STATUS_COLOURS]
    encoding = {
        "x": {"field": "item", "type": "nominal", "sort": x_order, "title": x_title,
              "axis": {"labelAngle": -40, "labelLimit": 200, "orient": "top", "labelOverlap": False}},
        "y": {"field": "country", "type": "nominal", "sort": y_order, "title": y_title,
              "axis": {"labelLimit": 240, "labelOverlap": False}},
        "tooltip": [{"field": "country", "type": "nominal"}, {"field": "item", "type": "nominal"},
                    {"field": "status_label", "type": "nominal"}],
    }
    return accessible({
        "data": {"values": _records(frame[["country", "item", "status", "status_label", "symbol"]])},
        "layer": [
            {"mark": {"type": "rect", "stroke": "white", "strokeWidth": 1},
             "encoding": {**encoding, "color": {
                 "field": "status_label", "type": "nominal", "title": None,
                 "scale": {"domain": domain, "range": list(STATUS_COLOURS.values())},
                 "legend": {"orient": "bottom", "direction": "horizontal",
                            "labelExpr": " + ".join(f"(datum.label == {json.dumps(status_names[s])} ? {json.dumps(STATUS_SYMBOLS[s] + ' ')} : '')" for s in STATUS_COLOURS) + " + datum.label"}}}},
            {"mark": {"type": "text", "fontSize": 12, "fontWeight": "bold"},
             "encoding": {**encoding, "text": {"field": "symbol"},
                          "color": {"field": "status", "type": "nominal", "legend": None,
                                    "scale": {"domain": list(STATUS_TEXT), "range": list(STATUS_TEXT.values())}}}},
        ],
        "height": {"step": 22},
        "width": "container",
    }, f"{y_title} × {x_title}")


def timeline(spans: pd.DataFrame, events: pd.DataFrame, now_year: int, body_title: str, titles: dict[str, str]) -> dict:
    """Lead mandates as bars in the order of the history (open ones run to now), events as diamonds.

    `spans` has order, body, start, end, state, period; `events` has kind, body, year, date.
    Current mandates are solid blue, former ones grey with a dashed outline (a second cue).
    """
    order = list(dict.fromkeys(spans.sort_values("order")["body"])) if len(spans) else []
    y = {"field": "body", "type": "nominal", "title": None, "sort": order, "axis": {"labelLimit": 260}}
    year_axis = {"format": "d", "title": None}
    layers = []
    if len(spans):
        layers.append({
            "data": {"values": _records(spans)},
            "mark": {"type": "bar", "height": 18, "cornerRadius": 3, "stroke": "#37474f"},
            "encoding": {
                "x": {"field": "start", "type": "quantitative", "axis": year_axis, "scale": {"zero": False}},
                "x2": {"field": "end"},
                "y": y,
                "color": {"field": "state", "type": "nominal", "title": None, "scale": {"range": ["#0072B2", "#B0BEC5"]},
                          "legend": {"orient": "bottom"}},
                "strokeDash": {"field": "state", "type": "nominal", "legend": None, "scale": {"range": [[1, 0], [4, 3]]}},
                "tooltip": [{"field": "body", "title": body_title}, {"field": "state", "title": titles["state"]},
                            {"field": "period", "title": titles["period"]}],
            },
        })
    if len(events):
        layers.append({
            "data": {"values": _records(events)},
            "mark": {"type": "point", "shape": "diamond", "size": 140, "filled": True, "color": "#D55E00"},
            "encoding": {
                "x": {"field": "year", "type": "quantitative", "axis": year_axis, "scale": {"zero": False}},
                "y": y,
                "tooltip": [{"field": "kind", "title": titles["kind"]}, {"field": "body", "title": body_title},
                            {"field": "date", "title": titles["date"]}],
            },
        })
    return accessible({"layer": layers, "height": {"step": 32}, "width": "container"}, body_title)
