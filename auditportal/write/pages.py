"""Pages as a route table: each route is a Markdown path, the template that renders it and the
view that builds its data, plus its place in the navigation. The same table writes the
Markdown tree of each language, the JSON twin of every page and the MkDocs navigation.

Values reach HTML only through Jinja's autoescaping. Hand-written Markdown from a city's
folder and from content/ is passed through as Markdown (it is reviewed in a pull request).
"""
from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Callable

import jinja2
import yaml

from ..read import geography
from ..records import CityBuild
from ..schema import tr
from . import escaping, urls
from .draw import drawing, maps, orientation
from .views import city as city_views
from .views import compare as compare_views
from .views import editions as edition_views
from .views import indicator as indicator_views
from .views import portal as portal_views
from .views import practices as practice_views
from .views import recommendations as recommendation_views
from .views import survey as survey_views
from .views import toolkit as toolkit_views
from .views import walks as walk_views
from .views.common import CityCtx, Ctx


@dataclass(frozen=True)
class Route:
    md: str                        # the page's Markdown path (urls.py)
    template: str
    view: Callable[..., dict]      # takes a Ctx, or a CityCtx for a city's page
    nav: tuple[str, ...]           # the sections it sits in (city name, "Indicators"), outermost first
    title: str | None = None       # its title in the navigation; None: the page's own title
    city: CityBuild | None = None  # for a city's pages
    hidden: bool = False           # out of the navigation (an earlier edition: linked from its city's pages)


def routes(site, lang: str) -> list[Route]:
    """Every page of one language, in navigation order."""
    t = site.locales[lang]
    out = [Route(urls.home(), "home.md.j2", portal_views.home_page, (), t("nav_home"))]
    for c in site.built:
        name = tr(c.config.name, lang, c.config.languages)
        s = c.slug
        hide = c.current is not None  # an earlier edition: its pages stay, out of the navigation
        out += [replace(route, hidden=hide) for route in [
            Route(urls.city(s), "city.md.j2", city_views.overview_page, (name,), None, c),
            Route(urls.findings(s), "findings.md.j2", recommendation_views.findings_page, (name,),
                  t("nav_findings"), c),
            Route(urls.indicators(s), "indicators.md.j2", indicator_views.dashboard_page, (name, t("nav_indicators")),
                  None, c),
            *[Route(urls.indicator(s, i.id), "indicator.md.j2", partial(indicator_views.indicator_page, ind_id=i.id),
                    (name, t("nav_indicators")), None, c) for i in c.indicators],
            Route(urls.tracker(s), "tracker.md.j2", recommendation_views.tracker_page, (name,), t("nav_tracker"), c),
            Route(urls.left_behind(s), "left_behind.md.j2", city_views.left_behind_page, (name,),
                  t("nav_left_behind"), c),
            Route(urls.datasets(s), "datasets.md.j2", city_views.datasets_page, (name, t("nav_data")), None, c),
            *[Route(urls.dataset(s, ds), "dataset.md.j2", partial(city_views.dataset_page, slug=ds),
                    (name, t("nav_data")), None, c) for ds in c.tables],
        ]]
        if not hide and site.editions(s):
            out.append(Route(urls.changes(s), "changes.md.j2", edition_views.changes_page, (name,),
                             t("nav_changes"), c))
    out += [Route(urls.comparisons(), "compare_index.md.j2", compare_views.index_page, (t("nav_compare"),),
                  t("nav_compare")),
            *[Route(urls.comparison(comp.id), "compare.md.j2", partial(compare_views.compare_page, ind_id=comp.id),
                    (t("nav_compare"),), None) for comp in site.comparisons]]
    out += [Route(urls.practices(), "practices.md.j2", practice_views.catalogue_page, (t("nav_practices"),),
                  t("nav_practices")),
            *[Route(urls.practice(s.id), "practice.md.j2", partial(practice_views.practice_page, practice_id=s.id),
                    (t("nav_practices"),), None) for s in site.practices]]
    out += [Route(urls.framework(), "framework.md.j2", indicator_views.framework_page, (), t("nav_framework")),
            Route(urls.text_page("methodology"), "content.md.j2", partial(portal_views.text_page, name="methodology"),
                  (), t("nav_methodology")),
            Route(urls.text_page("about"), "content.md.j2", partial(portal_views.text_page, name="about"),
                  (), t("nav_about"))]
    out += toolkit_routes(site, lang)
    return out


def toolkit_routes(site, lang: str) -> list[Route]:
    """The analyst's toolkit (issue 18): each city's safety walks and own surveys (issue 30), in its section;
    the audit step by step, the data templates and the configuration reference, in a section of their own."""
    t = site.locales[lang]
    walks = [Route(urls.walks(c.slug), "walks.md.j2", walk_views.walks_page,
                   (tr(c.config.name, lang, c.config.languages),), t("nav_walks"), c, hidden=c.current is not None)
             for c in site.built if c.walks]
    walks += [Route(urls.survey(c.slug), "survey.md.j2", survey_views.survey_page,
                    (tr(c.config.name, lang, c.config.languages),), t("nav_survey"), c, hidden=c.current is not None)
              for c in site.built if c.surveys]
    return walks + [Route(urls.text_page("method"), "method.md.j2", toolkit_views.method_page,
                          (t("nav_toolkit"),), t("nav_method")),
                    Route(urls.text_page("templates"), "templates.md.j2", toolkit_views.templates_page,
                          (t("nav_toolkit"),), t("nav_templates")),
                    Route(urls.text_page("reference"), "reference.md.j2", toolkit_views.reference_page,
                          (t("nav_toolkit"),), t("nav_reference"))]


def navigation(table: list[Route]) -> list:
    """The MkDocs `nav` of one language, from its routes: sections nest, a titled page is {title: path}.
    Labels are HTML-escaped: the theme prints them as they are."""
    nav: list = []
    for route in table:
        if route.hidden:
            continue
        here = nav
        for section in map(escaping.theme_text, route.nav):
            found = next((item for item in here if isinstance(item, dict) and section in item
                          and isinstance(item[section], list)), None)
            if found is None:
                found = {section: []}
                here.append(found)
            here = found[section]
        here.append({escaping.theme_text(route.title): route.md} if route.title else route.md)
    return nav


def environment(root: Path) -> jinja2.Environment:
    """Templates of Markdown pages: every value is Markdown-escaped unless a filter says otherwise
    (escaping.py: `h` in raw HTML and attributes, `url` for link targets, `md` for hand-written Markdown)."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(root / "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                             trim_blocks=True, lstrip_blocks=True, finalize=escaping.markdown_text)
    env.filters.update(h=escaping.html_text, url=escaping.link, md=escaping.trusted_markdown)
    return env


def html_environment(root: Path) -> jinja2.Environment:
    """Templates of plain HTML pages (the site root): HTML escaping only."""
    return jinja2.Environment(loader=jinja2.FileSystemLoader(root / "templates"), autoescape=True,
                              undefined=jinja2.StrictUndefined)


def front_matter(view: dict) -> str:
    """A page's front matter, written by a YAML serialiser: a title may hold any character."""
    found = view.get("meta")
    if not found:
        return ""
    return "---\n" + yaml.safe_dump(found, allow_unicode=True, sort_keys=True) + "---\n"


@dataclass(frozen=True)
class Rendered:
    lang: str
    md: str
    view: dict


def write_all(site, docs: Path) -> list[Rendered]:
    """Every page of every language as Markdown under docs/<lang>/, with the figures' files beside
    them; returns each page's view for its JSON twin."""
    if docs.exists():
        shutil.rmtree(docs)
    env = environment(site.root)
    out = []
    for lang in site.portal.languages:
        folder = docs / lang
        shutil.copytree(site.root / "content" / "assets", folder / "assets")
        write_figures(site, folder, lang)
        loc = site.locales[lang]
        for route in routes(site, lang):
            ctx = Ctx(site, loc, route.md) if route.city is None else CityCtx(site, loc, route.md, route.city)
            view = route.view(ctx)
            text = front_matter(view) + env.get_template(route.template).render(
                **view, t=loc, lang=lang, portal_title=tr(site.portal.title, lang))
            target = folder / route.md
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            out.append(Rendered(lang, route.md, view))
    return out


def write_figures(site, folder: Path, lang: str) -> None:
    """Each figure's static SVG (wide, and narrow for phones), PNG if asked and Vega-Lite spec, and a map's
    data for the interactive layer, beside the pages of one language."""
    for (ind, group, drawn_lang), drawn in site.comparison_drawings.items():
        if drawn_lang == lang:
            svg, spec = (folder / urls.comparison_figure(ind, group, ext) for ext in ("svg", "vl.json"))
            svg.parent.mkdir(parents=True, exist_ok=True)
            svg.write_text(drawn.svg, encoding="utf-8")
            svg.with_suffix(".narrow.svg").write_text(drawn.narrow, encoding="utf-8")
            spec.write_text(json.dumps(drawn.spec, sort_keys=True), encoding="utf-8")
    for c in site.built:
        for (kind, fig_id, drawn_lang), drawn in site.drawings[c.slug].items():
            if drawn_lang != lang:
                continue
            svg, png, spec = (folder / urls.figure_file(c.slug, kind, fig_id, ext) for ext in ("svg", "png", "vl.json"))
            svg.parent.mkdir(parents=True, exist_ok=True)
            svg.write_text(drawn.svg, encoding="utf-8")
            svg.with_suffix(".narrow.svg").write_text(drawn.narrow, encoding="utf-8")
            if drawn.png is not None:  # portal.yml's png_downloads
                png.write_bytes(drawn.png)
            spec.write_text(json.dumps(drawn.spec, sort_keys=True), encoding="utf-8")
        for fig in c.figures:  # what the interactive map fetches, simplified for the screen, in this language
            if fig.layer is not None:
                keys = drawing.map_keys(fig, c, site.locales[lang])
                files = maps.display(fig.layer, fig.table, keys, site.locales[lang])
                shore = orientation.land(fig.layer.outline or fig.layer.geo)
                files["land.geojson"] = geography.feature_collection(shore, {}, precision=maps.SCREEN_PRECISION)
                for suffix, collection in files.items():
                    path = folder / urls.figure_file(c.slug, fig.kind, fig.id, suffix)
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
