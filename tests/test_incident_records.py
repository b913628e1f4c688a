"""Incident records as the real cities publish them: never a point, never a small count, and every count by
weekday and hour recomputed here from the source file, with pandas alone."""
import json
import re
import struct
import zlib

import pandas as pd
import pytest

from helpers import ROOT, leaked_points, published_texts

SUPPRESS_BELOW = 5  # cities/saopaulo/city.yml and cities/cdmx/city.yml: disclosure.suppress_below


BOUNDARIES = {"saopaulo": "saopaulo/sao_paulo_muni.geojson", "cdmx": "cdmx/cdmx_alcaldias.geojson"}


def source_points(slug: str) -> list[tuple[float, float]]:
    if slug == "saopaulo":
        frame = pd.read_csv(ROOT / "data" / "saopaulo" / "sao_paulo_homicides_2017_2022.csv")
        return list(zip(frame["longitude"], frame["latitude"]))
    doc = json.loads((ROOT / "data" / "cdmx" / "cdmx_car_jacking_2019.geojson").read_text(encoding="utf-8"))
    return [tuple(f["geometry"]["coordinates"][:2]) for f in doc["features"]
            if f["geometry"]["coordinates"][:2] != [0.0, 0.0]]


def vertices(slug: str) -> set[tuple[float, float]]:
    """The public boundary file's vertices, to 5 decimals: a point recorded on one is published by the boundary
    itself, and tells nothing of the incident."""
    text = (ROOT / "data" / BOUNDARIES[slug]).read_text(encoding="utf-8")
    pairs = re.findall(r"\[\s*(-?\d+\.\d+)\s*,\s*(-?\d+\.\d+)", text)
    return {(round(round(float(a), digits), 5), round(round(float(b), digits), 5))  # as published: 6 decimals
            for a, b in pairs for digits in (5, 6)}


def png_texts(site):
    """The text chunks of every PNG (where a renderer would leave metadata)."""
    for path in sorted(site.rglob("*.png")):
        data = path.read_bytes()[8:]
        while len(data) >= 12:
            size, kind = struct.unpack(">I4s", data[:8])
            body = data[8:8 + size]
            if kind == b"zTXt":
                key, _, rest = body.partition(b"\0")
                yield f"{path}:{key.decode()}", zlib.decompress(rest[1:]).decode("latin-1")
            elif kind in (b"tEXt", b"iTXt"):
                yield f"{path}", body.decode("latin-1")
            data = data[12 + size:]


@pytest.mark.parametrize("slug", ["saopaulo", "cdmx"])
def test_no_published_file_holds_a_source_point(built_real, slug):
    on_boundary = vertices(slug)
    # a point given to two decimals or fewer (a kilometre or more: São Paulo's (-47.0, -24.0) and
    # (-46.7, -23.59)) locates nothing finer than a published cell, whose corners a page rounds alike
    coarse = lambda p: all(round(x, 2) == x for x in p)  # noqa: E731
    points = [p for p in source_points(slug)
              if (round(p[0], 5), round(p[1], 5)) not in on_boundary and not coarse(p)]
    assert len(points) == {"saopaulo": 6212, "cdmx": 2656}[slug]  # 3 Mexico City thefts lie on a boundary vertex
    assert leaked_points(built_real, points) == []
    texts = " ".join(text for _, text in png_texts(built_real))
    assert all(f"{lon}" not in texts or f"{lat}" not in texts for lon, lat in points)


def test_the_point_check_finds_a_planted_point(built_real, tmp_path):
    (tmp_path / "leak.csv").write_text("x,y\n-99.1088,19.39638\n")
    assert leaked_points(tmp_path, source_points("cdmx")) == ["leak.csv: 1 points, e.g. (-99.1088, 19.39638)"]


@pytest.mark.parametrize("slug", ["saopaulo", "cdmx"])
def test_no_published_count_is_below_the_threshold(built_real, slug):
    csvs = sorted((built_real / "data" / slug).rglob("*.csv"))
    assert len(csvs) >= 5
    for path in csvs:
        values = pd.read_csv(path)["value"].dropna()
        small = values[(values > 0) & (values < SUPPRESS_BELOW)]
        assert small.empty, f"{path.name}: {small.tolist()}"
    grid = json.loads((built_real / "data" / slug / "hotspots" / next(
        p.name for p in (built_real / "data" / slug / "hotspots").glob("*.geojson"))).read_text())
    counts = [f["properties"]["value"] for f in grid["features"]]
    assert all(v is None or v == 0 or v >= SUPPRESS_BELOW for v in counts)
    # every cell has a class, so every incident counted is in a classed cell; the stated total less the counts
    # shown never gives one withheld cell away
    assert all(f["properties"]["class"] for f in grid["features"]) and sum(v is None for v in counts) != 1


def recomputed_weekday_hour() -> pd.DataFrame:
    """From the source: times are local (the 'Z' is wrong); records at (0, 0) have no place and are left out."""
    doc = json.loads((ROOT / "data" / "cdmx" / "cdmx_car_jacking_2019.geojson").read_text(encoding="utf-8"))
    when = pd.to_datetime(pd.Series([f["properties"]["fecha_hechos"].removesuffix("Z") for f in doc["features"]
                                     if f["geometry"]["coordinates"][:2] != [0.0, 0.0]]))
    counts = pd.crosstab(when.dt.weekday, when.dt.hour).stack()
    return counts.rename("expected").rename_axis(["weekday", "hour"]).reset_index()


def test_weekday_by_hour_equals_the_source_file(built_real):
    published = pd.read_csv(built_real / "data" / "cdmx" / "charts" / "car_theft_hours.csv")
    both = published.merge(recomputed_weekday_hour(), on=["weekday", "hour"], how="outer")
    assert len(both) == 7 * 24 and both["expected"].sum() == 2659
    shown = both[both["flag"].isna()]
    assert (shown["value"] == shown["expected"]).all()
    small = both[(both["expected"] > 0) & (both["expected"] < SUPPRESS_BELOW)]
    assert (small["flag"] == "suppressed").all() and small["value"].isna().all()
    busiest = both.loc[both["expected"].idxmax()]
    assert (busiest["weekday"], busiest["hour"], busiest["expected"]) == (0, 21, 73)
    page = (built_real / "en" / "cdmx" / "index.html").read_text(encoding="utf-8")
    assert "the busiest hour is Monday at 21:00 (73)" in page


def test_every_text_a_build_publishes_is_read_by_the_check(built_real):
    names = [name for name, _ in published_texts(built_real)]
    assert any(n.endswith("car_theft_grid.geojson") for n in names)
    assert any(n.startswith("cdmx.zip:") for n in names)
