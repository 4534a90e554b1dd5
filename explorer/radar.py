"""The radar chart of Figure IV.1 of the ECLAC guide as a Vega-Lite spec (drawn by Streamlit's bundled Vega, offline).

Vega-Lite has no polar line chart, so the points are placed in Python: axis i of n points up and
turns clockwise (angle 2πi/n), a value v sits at (v·sin, v·cos). The grid is the guide's: rings from
0.5 to 4 in steps of 0.5, one spoke per component. A series with a value for every axis is drawn
as a closed, lightly filled polygon; a series with missing values (a suggested profile whose
component no rule could inform) as an open line that breaks at the gap: never as a zero.
"""

from __future__ import annotations

import math

MAX = 4.0
RINGS = [0.5 * i for i in range(1, 9)]


def _xy(index: int, count: int, value: float) -> tuple[float, float]:
    angle = 2 * math.pi * index / count
    return round(value * math.sin(angle), 6), round(value * math.cos(angle), 6)


def _wrap(text: str, width: int = 26) -> str:
    """A label broken into lines of about `width` characters (Vega breaks at "\\n")."""
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    lines.append(current)
    return "\n".join(lines)


def radar(axes: list[tuple[str, str]], series: list[dict], height: int = 640) -> dict:
    """axes: [(code, label)]; series: [{"name", "values": {code: float | None}, "dashed": bool}]."""
    n = len(axes)
    grid, spokes, labels, points, closed, open_lines = [], [], [], [], [], []
    for r in RINGS:
        for i in range(n + 1):
            x, y = _xy(i % n, n, r)
            grid.append({"ring": r, "order": i, "x": x, "y": y, "major": r == int(r)})
    for i, (code, label) in enumerate(axes):
        x, y = _xy(i, n, MAX)
        spokes.append({"x": 0, "y": 0, "x2": x, "y2": y})
        lx, ly = _xy(i, n, MAX * 1.12)
        labels.append({"x": lx, "y": ly, "text": _wrap(f"{code} {label}"), "align": "center" if abs(lx) < 0.3 else ("left" if lx > 0 else "right")})
    for s in series:
        values = [s["values"].get(code) for code, _ in axes]
        complete = all(v is not None for v in values)
        for i, ((code, label), v) in enumerate(zip(axes, values)):
            if v is None:
                continue
            x, y = _xy(i, n, v)
            points.append({"series": s["name"], "component": f"{code} {label}", "value": round(v, 2), "x": x, "y": y})
        if complete:
            for i, v in enumerate(values):
                x, y = _xy(i, n, v)
                closed.append({"series": s["name"], "order": i, "x": x, "y": y, "style": "dashed" if s.get("dashed") else "solid"})
        else:
            for i in range(n + 1):
                v = values[i % n]
                x, y = (None, None) if v is None else _xy(i % n, n, v)
                open_lines.append({"series": s["name"], "order": i, "x": x, "y": y, "style": "dashed" if s.get("dashed") else "solid"})
    domain = [-MAX * 1.5, MAX * 1.5]
    scale = {"domain": domain, "nice": False, "zero": False}
    hidden = {"axis": None, "scale": scale}
    names = [s["name"] for s in series]
    colour = {"field": "series", "type": "nominal", "title": None, "scale": {"domain": names, "scheme": "tableau10"}, "legend": {"orient": "bottom", "labelLimit": 400}}
    dash = {"field": "style", "type": "nominal", "scale": {"domain": ["solid", "dashed"], "range": [[1, 0], [6, 4]]}, "legend": None}
    layers = [
        {"data": {"values": grid}, "mark": {"type": "line", "color": "#d0d0d0", "interpolate": "linear"},
         "encoding": {"x": {"field": "x", "type": "quantitative", **hidden}, "y": {"field": "y", "type": "quantitative", **hidden},
                      "detail": {"field": "ring"}, "order": {"field": "order"},
                      "strokeWidth": {"condition": {"test": "datum.major", "value": 1}, "value": 0.4}}},
        {"data": {"values": spokes}, "mark": {"type": "rule", "color": "#c0c0c0", "strokeWidth": 0.6},
         "encoding": {"x": {"field": "x", "type": "quantitative", **hidden}, "y": {"field": "y", "type": "quantitative", **hidden},
                      "x2": {"field": "x2"}, "y2": {"field": "y2"}}},
        {"data": {"values": [{"x": 0.08, "y": r, "text": f"{r:g}"} for r in RINGS if r == int(r)]},
         "mark": {"type": "text", "align": "left", "baseline": "middle", "fontSize": 10, "color": "#888888"},
         "encoding": {"x": {"field": "x", "type": "quantitative", **hidden}, "y": {"field": "y", "type": "quantitative", **hidden}, "text": {"field": "text"}}},
        {"data": {"values": labels}, "mark": {"type": "text", "baseline": "middle", "fontSize": 11, "lineBreak": "\n"},
         "encoding": {"x": {"field": "x", "type": "quantitative", **hidden}, "y": {"field": "y", "type": "quantitative", **hidden},
                      "text": {"field": "text"}, "align": {"field": "align", "type": "nominal", "scale": None}}},
    ]
    if closed:
        layers.append({"data": {"values": closed}, "mark": {"type": "line", "interpolate": "linear-closed", "strokeWidth": 2, "fillOpacity": 0.12},
                       "encoding": {"x": {"field": "x", "type": "quantitative", **hidden}, "y": {"field": "y", "type": "quantitative", **hidden},
                                    "color": colour, "fill": colour, "order": {"field": "order"}, "strokeDash": dash}})
    if open_lines:
        layers.append({"data": {"values": open_lines}, "mark": {"type": "line", "strokeWidth": 2},
                       "encoding": {"x": {"field": "x", "type": "quantitative", **hidden}, "y": {"field": "y", "type": "quantitative", **hidden},
                                    "color": colour, "order": {"field": "order"}, "strokeDash": dash}})
    if points:
        layers.append({"data": {"values": points}, "mark": {"type": "point", "filled": True, "size": 45},
                       "encoding": {"x": {"field": "x", "type": "quantitative", **hidden}, "y": {"field": "y", "type": "quantitative", **hidden},
                                    "color": colour,
                                    "tooltip": [{"field": "series"}, {"field": "component"}, {"field": "value", "type": "quantitative", "format": ".2f"}]}})
    return {"layer": layers, "height": height, "width": height, "autosize": {"type": "fit", "contains": "padding"}, "config": {"view": {"stroke": None}}}
