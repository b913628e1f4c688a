"""Tools around the build, not part of it: `build.py bench` (bench.py, with synthetic.py's cities and
lighthouse.py), `check` (checks.py), `serve` (serve.py), `new-city` (scaffold.py), serving a built site
as GitHub Pages serves it (ghpages.py), and `refresh` (refresh.py: publishers' new releases fetched by fetch.py,
kept with their origin by snapshot.py, compared and reported by changes.py; the only code that goes online)."""
