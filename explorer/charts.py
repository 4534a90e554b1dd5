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
STATUS_COLOURS = {"present": "#2e7d32", "absent": "#c62828", "unknown": "#bdbdbd", "not-applicable": "#f5f0e1"}
NO_VALUE = "#e0e0e0"
CONTEXT = "#f3f3f3"


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
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "datasets": {"context": context, "countries": countries},
        "layer": layers,
        "projection": {"type": "mercator"},
        "height": height,
        "width": "container",
        "config": {"view": {"stroke": None}},
    }


def _records(frame: pd.DataFrame) -> list[dict]:
    return json.loads(frame.to_json(orient="records", force_ascii=False)) if len(frame) else []


def status_heatmap(frame: pd.DataFrame, x_order: list[str], y_order: list[str], status_names: dict[str, str],
                   x_title: str, y_title: str) -> dict:
    """A countries x codes matrix coloured by status; `frame` has country, item, status_label."""
    return {
        "data": {"values": _records(frame[["country", "item", "status_label"]])},
        "mark": {"type": "rect", "stroke": "white", "strokeWidth": 1},
        "encoding": {
            "x": {"field": "item", "type": "nominal", "sort": x_order, "title": x_title,
                  "axis": {"labelAngle": -40, "labelLimit": 200, "orient": "top", "labelOverlap": False}},
            "y": {"field": "country", "type": "nominal", "sort": y_order, "title": y_title,
                  "axis": {"labelLimit": 240, "labelOverlap": False}},
            "color": {"field": "status_label", "type": "nominal", "title": None,
                      "scale": {"domain": [status_names[s] for s in STATUS_COLOURS], "range": list(STATUS_COLOURS.values())},
                      "legend": {"orient": "bottom", "direction": "horizontal"}},
            "tooltip": [{"field": "country", "type": "nominal"}, {"field": "item", "type": "nominal"},
                        {"field": "status_label", "type": "nominal"}],
        },
        "height": {"step": 22},
        "width": "container",
    }


def timeline(spans: pd.DataFrame, events: pd.DataFrame, now_year: int, body_title: str) -> dict:
    """Lead mandates as bars over the years (open ones run to now), events as diamonds with tooltips."""
    layers = []
    year_axis = {"format": "d", "title": None}
    if len(spans):
        layers.append({
            "data": {"values": _records(spans)},
            "mark": {"type": "bar", "height": 18, "cornerRadius": 3},
            "encoding": {
                "x": {"field": "start", "type": "quantitative", "axis": year_axis, "scale": {"zero": False}},
                "x2": {"field": "end"},
                "y": {"field": "body", "type": "nominal", "title": body_title, "axis": {"labelLimit": 260}},
                "color": {"field": "state", "type": "nominal", "title": None, "scale": {"range": ["#1565c0", "#90a4ae"]}},
                "tooltip": [{"field": "body"}, {"field": "state"}, {"field": "start", "format": "d"}, {"field": "until"}],
            },
        })
    if len(events):
        layers.append({
            "data": {"values": _records(events)},
            "mark": {"type": "point", "shape": "diamond", "size": 140, "filled": True, "color": "#ef6c00"},
            "encoding": {
                "x": {"field": "year", "type": "quantitative", "axis": year_axis, "scale": {"zero": False}},
                "y": {"field": "body", "type": "nominal", "title": body_title},
                "tooltip": [{"field": "kind"}, {"field": "body"}, {"field": "year", "format": "d"}, {"field": "detail"}],
            },
        })
    bodies = set(spans.get("body", [])) | set(events.get("body", []))
    return {"layer": layers, "height": 40 + 34 * max(1, len(bodies)), "width": "container"}
