"""Charts drawn: from the table a chart shows (compute/charts.py) to its Vega-Lite spec in one language.

Only the published table is drawn, its notes worded: what a reader downloads is what they saw.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from ...i18n import Locale
from ...schema import Chart, tr

VL_VERSION = "6.4"
# Okabe-Ito, without yellow (too light on white): distinguishable with every common colour-vision deficiency.
CATEGORICAL = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#E69F00", "#000000", "#999999"]
SINGLE = "#0b5394"
WIDTH, HEIGHT = 640, 300


def spec(chart: Chart, shown: pd.DataFrame, loc: Locale, labels: dict[str, str], unit: str = "count") -> dict:
    """The Vega-Lite spec, in one language, drawn from the published table (its notes worded) only."""
    t = shown
    value_title = loc(f"unit_{unit}") if unit in ("percent", "per_100k") else loc("chart_value")
    base = alt.Chart(alt.Data(values=_records(t, labels, loc)), title=tr(chart.title, loc.lang),
                     width=WIDTH, height=HEIGHT)
    fmt = ",.1f" if unit in ("percent", "per_100k") else ",.0f"
    tooltip_value = alt.Tooltip("value:Q", title=value_title, format=fmt)
    if chart.type == "trend" and "line" in t:
        x = alt.X("period:O", title=loc("chart_period"), sort=None, axis=alt.Axis(labelAngle=-45))
        lines = base.mark_line(point=alt.OverlayMarkDef(size=40)).encode(
            x=x, y=alt.Y("value:Q", title=value_title),
            color=alt.Color("label:N", title=None, scale=alt.Scale(range=CATEGORICAL),
                            legend=alt.Legend(orient="bottom", columns=1, labelLimit=400)),
            tooltip=["period:O", alt.Tooltip("label:N", title=loc("chart_series")), tooltip_value, "note:N"])
        return finish(alt.layer(lines, *_note_marks(base, t, x)))
    if chart.type == "trend":
        x = alt.X("period:O", title=loc("chart_period"), sort=None, axis=alt.Axis(labelAngle=-45))
        line = base.mark_line(color=SINGLE, point=alt.OverlayMarkDef(color=SINGLE, size=40)).encode(
            x=x, y=alt.Y("value:Q", title=value_title), tooltip=["period:O", tooltip_value, "note:N"])
        return finish(alt.layer(line, *_note_marks(base, t, x)))
    if chart.type == "seasonality":
        heat = base.mark_rect().encode(
            x=alt.X("month_label:O", title=loc("chart_month"), sort=[loc.month(m) for m in range(1, 13)]),
            y=alt.Y("year:O", title=loc("chart_year")),
            color=alt.Color("value:Q", title=value_title, scale=alt.Scale(scheme="blues")),
            tooltip=["year:O", "month_label:O", tooltip_value])
        return finish(heat.properties(height=max(HEIGHT, 16 * t["year"].nunique())))
    if chart.type == "weekday_hour":
        days = [loc.weekday(d) for d in range(7)]
        heat = base.mark_rect().encode(
            x=alt.X("hour:O", title=loc("chart_hour"), axis=alt.Axis(labelAngle=0)),
            y=alt.Y("weekday_label:O", title=None, sort=days),
            color=alt.Color("value:Q", title=value_title, scale=alt.Scale(scheme="blues")),
            tooltip=[alt.Tooltip("weekday_label:O", title=loc("chart_weekday")),
                     alt.Tooltip("hour:O", title=loc("chart_hour")), tooltip_value])
        return finish(heat.properties(height=HEIGHT))
    if chart.type == "profile":
        dim = chart.dimension or "measure"
        bars = base.mark_bar(color=SINGLE).encode(
            y=alt.Y("label:N", title=None, sort=alt.EncodingSortField("value", op="sum", order="descending")),
            x=alt.X("value:Q", title=value_title),
            tooltip=[alt.Tooltip("label:N", title=dim), tooltip_value, alt.Tooltip("share:Q", title="%")])
        text = bars.mark_text(align="left", dx=4, color="#000000").encode(text=alt.Text("share:Q", format=".1f"))
        return finish(alt.layer(bars, text).properties(height=max(120, 40 * t[dim].nunique())))
    if chart.type == "composition":
        dim = chart.dimension or "measure"
        focus = _focus(sorted({labels.get(v, v) for v in t[dim]}), loc)
        bars = base.mark_bar().add_params(focus).encode(
            opacity=alt.condition("focus == null || datum.label == focus", alt.value(1), alt.value(0.25)),
            x=alt.X("period:O", title=loc("chart_period"), axis=alt.Axis(labelAngle=-45)),
            y=alt.Y("value:Q", title=value_title, stack="zero"),
            color=alt.Color("label:N", title=None, scale=alt.Scale(range=CATEGORICAL),
                            legend=alt.Legend(orient="bottom", columns=2, labelLimit=300)),
            tooltip=["period:O", alt.Tooltip("label:N", title=dim), tooltip_value])
        return finish(bars)
    focus = _focus(list(t["area_name"]), loc)
    if "highlight" in t:  # the city's own area in the accent colour, the others in grey
        base = base.encode(color=alt.condition("datum.highlight", alt.value(CATEGORICAL[1]), alt.value("#7a7a7a")))
    bars = base.mark_bar(color=SINGLE).add_params(focus).encode(
        opacity=alt.condition("focus == null || datum.area_name == focus", alt.value(1), alt.value(0.25)),
        y=alt.Y("area_name:N", title=None, sort=None),
        x=alt.X("value:Q", title=value_title),
        tooltip=[alt.Tooltip("area_name:N", title=loc("chart_area")), tooltip_value])
    return finish(bars.properties(height=max(HEIGHT, 18 * len(t))))


def indicator_spec(shown: pd.DataFrame, title: str, value_title: str, target: tuple[float, int] | None,
                   target_label: str, loc: Locale) -> dict:
    """An indicator's trend, with its target as a dashed line labelled with value and year."""
    t = shown.dropna(subset=["value"])
    base = alt.Chart(alt.Data(values=_records(t[["period", "value", "note"]], {}, loc)), title=title,
                     width=WIDTH, height=HEIGHT)
    x = alt.X("period:O", title=loc("chart_period"), sort=None, axis=alt.Axis(labelAngle=-45))
    line = base.mark_line(color=SINGLE, point=alt.OverlayMarkDef(color=SINGLE, size=40)).encode(
        x=x, y=alt.Y("value:Q", title=value_title),
        tooltip=["period:O", alt.Tooltip("value:Q", title=value_title, format=",.1f"), "note:N"])
    layers = [line, *_note_marks(base, t, x)]
    if target is not None:
        rule = alt.Chart(alt.Data(values=[{"target": target[0], "label": target_label}])).mark_rule(
            color=CATEGORICAL[1], strokeDash=[6, 4], strokeWidth=2).encode(y="target:Q")
        label = alt.Chart(alt.Data(values=[{"target": target[0], "label": target_label}])).mark_text(
            align="left", dy=-8, color="#8a3000", fontSize=12).encode(y="target:Q", x=alt.value(4), text="label:N")
        layers += [rule, label]
    return finish(alt.layer(*layers))


def comparison_spec(shown: pd.DataFrame, title: str, value_title: str, loc: Locale) -> dict:
    """Cities on one indicator, one line each (`shown`: period, city name, value); only cities whose
    figures may share an axis are ever drawn together."""
    t = shown.dropna(subset=["value"])
    base = alt.Chart(alt.Data(values=_records(t[["period", "name", "value"]], {}, loc)), title=title,
                     width=WIDTH, height=HEIGHT)
    x = alt.X("period:O", title=loc("chart_period"), sort=None, axis=alt.Axis(labelAngle=-45))
    lines = base.mark_line(point=alt.OverlayMarkDef(size=40)).encode(
        x=x, y=alt.Y("value:Q", title=value_title),
        color=alt.Color("name:N", title=None, scale=alt.Scale(range=CATEGORICAL),
                        legend=alt.Legend(orient="bottom", columns=2, labelLimit=300)),
        tooltip=[alt.Tooltip("name:N", title=loc("cities")), "period:O",
                 alt.Tooltip("value:Q", title=value_title, format=",.1f")])
    return finish(lines)


def _note_marks(base, t: pd.DataFrame, x) -> list:
    """A dagger above each value that carries a note (partial year, change of base); none if none do."""
    if not t["note"].fillna("").astype(bool).any():
        return []
    return [base.transform_filter("datum.note != ''").mark_text(dy=-12, fontSize=14, color="#000000").encode(
        x=x, y="value:Q", text=alt.value("†"))]


def _focus(options: list[str], loc: Locale):
    """A named, select-bound parameter: the interactive layer keeps its value in the URL."""
    return alt.param(name="focus", value=None, bind=alt.binding_select(
        options=[None, *options], labels=[loc("filter_all"), *options], name=loc("focus_label") + " "))


def _records(t: pd.DataFrame, labels: dict[str, str], loc: Locale) -> list[dict]:
    out = t.copy()
    for col in out.columns:
        if col not in ("value", "share", "month") and out[col].dtype == object:
            out[col] = out[col].fillna("")
    if "month" in out:
        out["month_label"] = out["month"].map(loc.month)
    if "weekday" in out:
        out["weekday_label"] = out["weekday"].map(loc.weekday)
    dim_cols = [c for c in out.columns if c not in ("period", "value", "note", "flag", "share", "year", "month",
                                                       "month_label", "area_code", "area_name", "weekday",
                                                       "weekday_label", "hour", "highlight")]
    # the breakdown column, whatever its name, is shown through its readable label
    if dim_cols:
        out["label"] = out[dim_cols[0]].map(lambda v: labels.get(v, v))
    return [{k: (None if isinstance(v, float) and v != v else v) for k, v in row.items()}
            for row in out.to_dict("records")]


def finish(chart) -> dict:
    """The chart's Vega-Lite spec. Altair's schema validation is skipped (it was a quarter of the drawing
    stage): vl-convert compiles every spec when it draws the SVG and fails the build on an invalid one."""
    return chart.configure_view(stroke=None).configure_axis(
        labelColor="#333333", titleColor="#333333", labelFontSize=12, titleFontSize=12
    ).configure_title(fontSize=15, anchor="start", color="#000000").to_dict(validate=False)
