"""The phone-width drawing of a figure: the same Vega-Lite spec, redrawn narrow enough that its
text keeps its size on a 360-pixel screen (a 700-pixel drawing shrunk to fit would show 12-pixel
labels at 5 pixels). The page offers it to narrow screens in a <picture>; titles are left out,
since the caption under the image says them, and legends go below the plot. No text is smaller than
SMALLEST (a map's place names included), and an axis keeps only the labels that fit apart (every other year
of a long series, written upright), since a browser's font is often wider than the one the drawing was
measured with."""
from __future__ import annotations

import copy
import re
from typing import Callable

WIDTH = 250    # plot width to start from
FITS = 330     # pixels a 360-pixel screen gives a figure, margins taken
SHORTEST = 120
GRADIENT = ("color", "fill", "stroke", "opacity")  # channels whose quantitative legend is a colour ramp
SMALLEST = 11  # font size, px: at least 10 CSS px once a drawing a little wider than FITS is shrunk to fit
APART = {"labelOverlap": "greedy", "labelSeparation": 4}  # an axis's labels: those that overlap are left out


def spec(wide: dict, width: int = WIDTH) -> dict:
    """`wide` with a plot `width` pixels wide (a map keeps its proportions), untitled, legends below."""
    out = copy.deepcopy(wide)
    old, height = out.get("width"), out.get("height")
    if isinstance(old, int | float) and old > width:
        out["width"] = width
        mapped = "projection" in out or any("projection" in layer for layer in out.get("layer", []))
        if mapped and isinstance(height, int | float):
            out["height"] = round(height * width / old)
    _walk(out, "", True)
    config = out.setdefault("config", {})
    config["legend"] = {**config.get("legend", {}), "orient": "bottom", "symbolDirection": "vertical",
                        "gradientDirection": "horizontal", "labelFontSize": 12, "titleFontSize": 12,
                        # several legends one above the other, not side by side wider than the screen
                        "layout": {"bottom": {"direction": "vertical", "anchor": "start"}}}
    config["axis"] = {**config.get("axis", {}), **APART}
    config["text"] = {**config.get("text", {}), "fontSize": max(config.get("text", {}).get("fontSize", 0), SMALLEST)}
    return out


def svg(wide: dict, render: Callable[[dict], str]) -> str:
    """The narrow drawing, its plot narrowed further when long labels make it wider than FITS."""
    width = WIDTH
    drawn = render(spec(wide, width))
    for _ in range(2):
        excess = size(drawn)[0] - FITS
        if excess <= 0 or width <= SHORTEST or not isinstance(wide.get("width"), int | float):
            break
        width = max(SHORTEST, width - excess)
        drawn = render(spec(wide, width))
    return drawn


def size(svg_text: str) -> tuple[int, int]:
    """Width and height of a drawing, from its root element (for the page's <img width height>)."""
    found = re.search(r'<svg[^>]*?\swidth="([\d.]+)"[^>]*?\sheight="([\d.]+)"', svg_text)
    if found is None:
        raise ValueError("the drawing's root <svg> has no width and height")
    return round(float(found.group(1))), round(float(found.group(2)))


def _walk(node, key: str, view: bool) -> None:
    """Views (the spec, its layers) lose their titles; every legend goes below, symbols in a column."""
    if isinstance(node, dict):
        if view:
            node.pop("title", None)
        if isinstance(node.get("fontSize"), int | float) and node["fontSize"] < SMALLEST:
            node["fontSize"] = SMALLEST
        axis = node.get("axis")
        if isinstance(axis, dict):
            axis.update(APART)
            if axis.get("labelAngle") == -45:  # upright: slanted labels need more room each
                axis["labelAngle"] = -90
        legend = node.get("legend")
        if isinstance(legend, dict):
            ramp = key in GRADIENT and node.get("type") == "quantitative"
            legend.update(orient="bottom", direction="horizontal" if ramp else "vertical")
            legend.pop("columns", None)
        for k, value in node.items():
            _walk(value, k, k == "layer")
    elif isinstance(node, list):
        for value in node:
            _walk(value, key, view)
