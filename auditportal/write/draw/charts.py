"""Charts drawn: from the table a chart shows (compute/charts.py) to its Vega-Lite spec in one language.

Only the published table is drawn, its notes worded: what a reader downloads is what they saw.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from ...compute import flags
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
    value_title = axis_title(unit, loc)
    base = alt.Chart(alt.Data(values=_records(t, labels, loc)), title=tr(chart.title, loc.lang),
                     width=WIDTH, height=HEIGHT)
    fmt = ",.1f" if unit in ("percent", "per_100k") else ",.0f"
    tooltip_value = alt.Tooltip("value:Q", title=value_title, format=fmt)
    if chart.type == "trend":
        series = "label" if "line" in t else None
        records = marked(_records(t, labels, loc), series, loc)
        base = alt.Chart(alt.Data(values=records), title=tr(chart.title, loc.lang), width=WIDTH, height=HEIGHT)
        tooltip = [alt.Tooltip("period:O", title=loc("chart_period")),
                   *([alt.Tooltip("label:N", title=loc("chart_series"))] if series else []),
                   tooltip_value, *_interval_tooltips(t, fmt, loc), alt.Tooltip("note:N", title=loc("notes_label"))]
        return finish(alt.layer(*series_layers(base, t, value_title, tooltip, loc, series)))
    if chart.type == "seasonality":  # coloured by cases per day, so that a long month is not a busy one
        heat = base.mark_rect().encode(
            x=alt.X("month_label:O", title=loc("chart_month"), sort=[loc.month(m) for m in range(1, 13)]),
            y=alt.Y("year:O", title=loc("chart_year")),
            color=alt.Color("per_day:Q", title=loc("axis_per_day"), scale=alt.Scale(scheme="blues")),
            tooltip=["year:O", "month_label:O", tooltip_value,
                     alt.Tooltip("per_day:Q", title=loc("axis_per_day"), format=",.2f")])
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
            y=alt.Y("label:N", title=None, sort=alt.EncodingSortField("value", op="max", order="descending")),
            x=alt.X("value:Q", title=value_title),
            tooltip=[alt.Tooltip("label:N", title=dim), tooltip_value, alt.Tooltip("share:Q", title="%")])
        text = bars.transform_calculate(share_text="format(datum.share, '.1f') + ' %'").mark_text(
            align="left", dx=4, color="#000000").encode(text="share_text:N")
        withheld = base.transform_filter("datum.value == null").mark_text(align="left", dx=4, color="#000000").encode(
            y=alt.Y("label:N", sort=alt.EncodingSortField("value", op="max", order="descending")), x=alt.value(0),
            text=alt.value(loc("withheld_bar")))  # a withheld group says so, rather than look like none
        return finish(alt.layer(bars, text, withheld).properties(height=max(120, 40 * t[dim].nunique())))
    if chart.type == "composition":
        dim = chart.dimension or "measure"
        focus = _focus(sorted({labels.get(v, v) for v in t[dim]}), loc)
        bars = base.mark_bar().add_params(focus).encode(
            opacity=alt.condition("focus == null || datum.label == focus", alt.value(1), alt.value(0.25)),
            x=alt.X("period:O", title=loc("chart_period"), axis=alt.Axis(labelAngle=-45)),
            y=alt.Y("value:Q", title=value_title, stack="zero"),
            color=alt.Color("label:N", title=None, scale=alt.Scale(range=CATEGORICAL),
                            legend=alt.Legend(orient="bottom", columns=2, labelLimit=300)),
            tooltip=[alt.Tooltip("period:O", title=loc("chart_period")), alt.Tooltip("label:N", title=dim),
                     tooltip_value])
        return finish(bars)
    focus = _focus(list(t["area_name"]), loc)
    if "highlight" in t:  # the city's own area in the accent colour, the others in grey
        base = base.encode(color=alt.condition("datum.highlight", alt.value(CATEGORICAL[1]), alt.value("#7a7a7a")))
    bars = base.mark_bar(color=SINGLE).add_params(focus).encode(
        opacity=alt.condition("focus == null || datum.area_name == focus", alt.value(1), alt.value(0.25)),
        y=alt.Y("area_name:N", title=None, sort=None),
        x=alt.X("value:Q", title=value_title),
        tooltip=[alt.Tooltip("area_name:N", title=loc("chart_area")), tooltip_value, *_interval_tooltips(t, fmt, loc)])
    layers = [bars]
    if "lower" in t and t["lower"].notna().any():  # each bar's 95 % interval: neighbours that overlap may swap
        layers.append(base.transform_filter("datum.lower != null").mark_rule(color="#000000", strokeWidth=1.2).encode(
            y=alt.Y("area_name:N", sort=None), x="lower:Q", x2="upper:Q"))
    return finish(alt.layer(*layers).properties(height=max(HEIGHT, 18 * len(t))))


def indicator_spec(shown: pd.DataFrame, title: str, value_title: str, target: tuple[float, int] | None,
                   target_label: str, loc: Locale) -> dict:
    """An indicator's trend, with its target as a dashed line labelled with value and year."""
    t = shown.dropna(subset=["value"])[["period", "value", "lower", "upper", "note", "flag"]]
    base = alt.Chart(alt.Data(values=marked(_records(t, {}, loc), None, loc)), title=title, width=WIDTH,
                     height=HEIGHT)
    tooltip = [alt.Tooltip("period:O", title=loc("chart_period")),
               alt.Tooltip("value:Q", title=value_title, format=",.1f"),
               *_interval_tooltips(t, ",.1f", loc), "note:N"]
    layers = series_layers(base, t, value_title, tooltip, loc, None)
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
    t = shown.dropna(subset=["value"])[["period", "name", "value", "lower", "upper", "flag"]].assign(note="")
    base = alt.Chart(alt.Data(values=marked(_records(t, {}, loc), "name", loc)), title=title, width=WIDTH,
                     height=HEIGHT)
    tooltip = [alt.Tooltip("name:N", title=loc("cities")), alt.Tooltip("period:O", title=loc("chart_period")),
               alt.Tooltip("value:Q", title=value_title, format=",.1f"), *_interval_tooltips(t, ",.1f", loc)]
    return finish(alt.layer(*series_layers(base, t, value_title, tooltip, loc, "name")))


def breakdown_spec(shown: pd.DataFrame, dim: str, title: str, value_title: str, labels: dict[str, str],
                   decimals: int, loc: Locale) -> dict:
    """An indicator by one breakdown (`shown`: period, the breakdown's column, value): one line per group,
    each named by its readable label, drawn like the indicator's own trend."""
    t = shown.dropna(subset=["value"])[["period", dim, "value", "lower", "upper", "note", "flag"]]
    base = alt.Chart(alt.Data(values=marked(_records(t, labels, loc), "label", loc)), title=title, width=WIDTH,
                     height=HEIGHT)
    fmt = f",.{decimals}f"
    tooltip = [alt.Tooltip("label:N", title=loc("chart_series")), alt.Tooltip("period:O", title=loc("chart_period")),
               alt.Tooltip("value:Q", title=value_title, format=fmt), *_interval_tooltips(t, fmt, loc),
               alt.Tooltip("note:N", title=loc("notes_label"))]
    return finish(alt.layer(*series_layers(base, t, value_title, tooltip, loc, "label")))


def latest_spec(shown: pd.DataFrame, title: str, value_title: str, decimals: int, loc: Locale) -> dict:
    """Each city's latest complete value as a bar (`shown`: name, period, value), labelled with the value,
    rounded once as its table and CSV give it, and its period."""
    t = shown.dropna(subset=["value"])
    records = [{"name": n, "period": str(p), "value": float(v)} for n, p, v in zip(t["name"], t["period"], t["value"])]
    base = alt.Chart(alt.Data(values=records), title=title, width=WIDTH, height=max(80, 44 * len(records)))
    y = alt.Y("name:N", title=None, sort=alt.EncodingSortField("value", op="max", order="descending"))
    fmt = f",.{decimals}f"
    bars = base.mark_bar(color=SINGLE).encode(
        y=y, x=alt.X("value:Q", title=value_title),
        tooltip=[alt.Tooltip("name:N", title=loc("cities")), alt.Tooltip("period:O", title=loc("chart_period")),
                 alt.Tooltip("value:Q", title=value_title, format=fmt)])
    text = base.transform_calculate(shown=f"format(datum.value, '{fmt}') + ' (' + datum.period + ')'").mark_text(
        align="left", dx=4, color="#000000").encode(y=y, x="value:Q", text="shown:N")
    return finish(alt.layer(bars, text))


def axis_title(unit: str | None, loc: Locale) -> str:
    """What a value axis or legend shows, in the reader's words: %, per 100,000 people, number of cases, or a
    survey's estimate."""
    return loc(f"axis_{unit}") if unit in ("percent", "per_100k", "estimate") else loc("axis_count")


def marked(records: list[dict], series: str | None, loc: Locale) -> list[dict]:
    """Each value of a line chart with what its point shows (compute/flags.py): `partial` (a hollow point)
    and `status`, the legend's words for a value with fewer than 20 cases behind it."""
    for r in records:
        found = flags.tokens(r.get("flag"))
        r["partial"] = flags.PARTIAL in found
        r["status"] = loc("legend_unreliable") if flags.UNRELIABLE in found else loc("legend_whole")
    return records


def _segments(records: list[dict], series: str | None, loc: Locale) -> list[dict]:
    """The points each line joins: whole periods by a solid segment; a partial period by a dashed one from
    the last whole period before it (which is therefore in both)."""
    whole, partial = loc("legend_whole"), loc("legend_partial")
    out: list[dict] = []
    last_whole: dict = {}
    for r in records:
        line = r.get(series) if series else None
        if r["partial"]:
            if line in last_whole:
                out.append(last_whole.pop(line) | {"segment": partial})
            out.append(r | {"segment": partial})
        else:
            out.append(r | {"segment": whole})
            last_whole[line] = r
    return out


def series_layers(base, t: pd.DataFrame, value_title: str, tooltip: list, loc: Locale,
                  series: str | None) -> list:
    """A line chart's layers: each value's 95 % interval as a band; whole periods joined by a solid line, a
    partial one by a dashed segment to a hollow point (with a legend entry); a triangle, in the legend too,
    where fewer than 20 cases stand behind a value; a dagger over a value with a note."""
    x = alt.X("period:O", title=loc("chart_period"), sort="ascending", axis=alt.Axis(labelAngle=-45))
    y = alt.Y("value:Q", title=value_title)
    scale = alt.Scale(range=CATEGORICAL)
    color = (alt.Color(f"{series}:N", title=None, scale=scale,
                       legend=alt.Legend(orient="bottom", columns=2, labelLimit=400, symbolType="stroke",
                                         symbolStrokeWidth=3, symbolOpacity=1))
             if series else alt.value(SINGLE))
    unlabelled = alt.Color(f"{series}:N", scale=scale, legend=None) if series else color  # fill and stroke
    records = base.data.values
    layers = []
    if "lower" in t and t["lower"].notna().any():
        layers.append(base.transform_filter("datum.lower != null").mark_area(opacity=0.18).encode(
            x=x, y="lower:Q", y2="upper:Q", color=color))
    whole, partial, unreliable = loc("legend_whole"), loc("legend_partial"), loc("legend_unreliable")
    has_partial = any(r["partial"] for r in records)
    dash = alt.StrokeDash("segment:N", title=None, scale=alt.Scale(domain=[whole, partial], range=[[1, 0], [5, 4]]),
                          legend=alt.Legend(values=[partial], orient="bottom", labelLimit=400) if has_partial else None)
    layers.append(alt.Chart(alt.Data(values=_segments(records, series, loc))).mark_line().encode(
        x=x, y=y, color=color, strokeDash=dash, **({"detail": f"{series}:N"} if series else {})))
    has_few = any(r["status"] == unreliable for r in records)
    shape = alt.Shape("status:N", title=None, scale=alt.Scale(domain=[whole, unreliable],
                                                              range=["circle", "triangle-up"]),
                      legend=alt.Legend(values=[unreliable], orient="bottom", labelLimit=400) if has_few else None)
    layers.append(base.mark_point(size=45, strokeWidth=1.5, opacity=1).encode(
        x=x, y=y, shape=shape, stroke=unlabelled,
        fill=alt.condition("datum.partial", alt.value("#ffffff"), unlabelled), tooltip=tooltip))
    return layers + _note_marks(base, t, x)


def _interval_tooltips(t: pd.DataFrame, fmt: str, loc: Locale) -> list:
    if "lower" not in t or not t["lower"].notna().any():
        return []
    return [alt.Tooltip("lower:Q", title=loc("col_lower"), format=fmt),
            alt.Tooltip("upper:Q", title=loc("col_upper"), format=fmt)]


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
    dim_cols = [c for c in out.columns if c not in ("period", "value", "note", "flag", "share", "per_day", "year",
                                                       "month", "month_label", "area_code", "area_name", "weekday",
                                                       "weekday_label", "hour", "highlight", "lower", "upper")]
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
