"""Tools around the build, not part of it: `build.py bench` (bench.py, with synthetic.py's cities and
lighthouse.py), `check` (checks.py), `serve` (serve.py), `new-city` (scaffold.py), and serving a built site
as GitHub Pages serves it (ghpages.py)."""
