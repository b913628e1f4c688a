"""Draw: figures in, drawings out. Each figure's Vega-Lite spec in one language (charts.py, maps.py,
walkmap.py), its static SVG, a narrow SVG for phones (narrow.py) and a PNG, spread over processes and kept
in the cache (drawing.py)."""
