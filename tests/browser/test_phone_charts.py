"""At 360 px, as a phone shows the real site (served under /portal/ as GitHub Pages serves it): every chart's
drawing, static or interactive, keeps its text at 10 CSS px or more and its axis labels apart (the city page's
yearly chart had its years written over each other), and every table shows its first three columns without
scrolling sideways (the indicator table's status column was off screen)."""
from __future__ import annotations

import pytest

from browsing import Visit

PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2}

# a text a reader sees: an axis keeps the labels it leaves out, transparent
SHOWN = "const shown = t => t.getAttribute('opacity') !== '0' && getComputedStyle(t).opacity !== '0';"
# each text of a drawing: its font size and box in CSS px of the drawing, and whether it is an axis label
TEXTS = """() => [...document.querySelectorAll('text')].filter(t => t.textContent.trim() && shown(t)).map(t => {
    const b = t.getBoundingClientRect();
    return {size: parseFloat(getComputedStyle(t).fontSize), text: t.textContent,
            axis: !!t.closest('.role-axis-label'), group: t.closest('g[class*=role-axis]') ?
              [...document.querySelectorAll('g.role-axis-label')].indexOf(t.closest('.role-axis-label')) : -1,
            box: [b.left, b.top, b.right, b.bottom]}; })"""


def crossed(texts: list[dict], scale: float = 1.0) -> list[tuple[str, str]]:
    """Axis labels of the same axis whose boxes overlap (by more than half a pixel)."""
    labels = [t for t in texts if t["axis"]]
    out = []
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            if a["group"] != b["group"]:
                continue
            w = min(a["box"][2], b["box"][2]) - max(a["box"][0], b["box"][0])
            h = min(a["box"][3], b["box"][3]) - max(a["box"][1], b["box"][1])
            if w * scale > 0.5 and h * scale > 0.5:
                out.append((a["text"], b["text"]))
    return out


def static_drawings(v: Visit) -> list[dict]:
    """Every figure's image as the phone shows it: the file it chose (the narrow drawing) and its width."""
    return v.page.eval_on_selector_all("figure.sap-figure picture img", """imgs => Promise.all(imgs.filter(
        i => i.offsetParent !== null).map(i => { i.loading = 'eager';
        return i.decode().then(() => ({src: i.currentSrc, width: i.getBoundingClientRect().width})); }))""")


@pytest.mark.parametrize("path", ["/en/cali/", "/en/cali/indicators/", "/es/cali/indicators/homicide_rate/",
                                  "/en/compare/homicide_count/", "/en/saopaulo/indicators/homicide_count/",
                                  "/pt/queretaro/", "/en/durban/", "/en/saopaulo/"])
def test_at_360_px_chart_text_is_10_px_or_more_labels_apart_and_tables_show_three_columns(browser, site_url,
                                                                                        built_real, path):
    v = Visit(browser, built_real, site_url + path, **PHONE)
    drawings = static_drawings(v)
    tables = v.page.eval_on_selector_all("article table", """ts => ts.filter(t => t.offsetParent !== null).map(t => {
        const cells = t.querySelectorAll('tr:first-child > *');
        return Math.max(...[...cells].slice(0, 3).map(c => c.getBoundingClientRect().right)); })""")
    v.reveal()  # every chart's interactive version, drawn at the phone's width
    v.page.wait_for_function("[...document.querySelectorAll('.sap-interactive')].every(h => h.querySelector('svg'))")
    interactive = v.page.evaluate("(() => {" + SHOWN + """ return [
        ...document.querySelectorAll('.sap-interactive svg')].map(svg =>
        [...svg.querySelectorAll('text')].filter(t => t.textContent.trim() && shown(t)).map(t => {
            const b = t.getBoundingClientRect();
            return {size: b.height ? parseFloat(getComputedStyle(t).fontSize) : 99, text: t.textContent,
                    axis: !!t.closest('.role-axis-label'),
                    group: [...svg.querySelectorAll('g.role-axis-label')].indexOf(t.closest('.role-axis-label')),
                    box: [b.left, b.top, b.right, b.bottom]}; })); })()""")
    assert all(d["width"] <= 360 for d in drawings), drawings
    problems = []
    for d in drawings:
        assert d["src"].endswith(".narrow.svg"), d["src"]
        page = v.context.new_page()
        page.goto(d["src"])
        natural = page.evaluate("document.documentElement.width.baseVal.value")
        texts = page.evaluate(f"(() => {{ {SHOWN} return ({TEXTS})(); }})()")
        page.close()
        scale = d["width"] / natural
        small = sorted({round(t["size"] * scale, 1) for t in texts if t["size"] * scale < 10})
        if small:
            problems.append(f"{d['src']}: text of {small} px")
        if crossed(texts, scale):
            problems.append(f"{d['src']}: labels over each other: {crossed(texts, scale)[:3]}")
    for n, texts in enumerate(interactive):
        small = sorted({t["size"] for t in texts if t["size"] < 10})
        if small:
            problems.append(f"interactive chart {n}: text of {small} px")
        if crossed(texts):
            problems.append(f"interactive chart {n}: labels over each other: {crossed(texts)[:3]}")
    v.close()
    assert problems == [], problems
    assert all(right <= 360 for right in tables), tables  # the first three columns without scrolling
    assert v.problems == [] and v.foreign == []
