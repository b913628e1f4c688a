"""Metadata in the standards others harvest: Frictionless Data Package v2, schema.org Dataset
(JSON-LD), DCAT (JSON-LD), a versioned static API, and the README of each city's bundle.

Pure functions from computed cities to plain dicts; publish.py writes them.
"""
from __future__ import annotations

from ..compute.indicators import headline, series_status
from ..schema import tr
from . import urls

DP_SCHEMA = "https://datapackage.org/profiles/2.0/datapackage.json"
API_VERSION = "v1"
FIELD_DOCS = {
    "area_level": "Geography of the row: city, district, state or station.",
    "area_code": "Code of the area, as in the boundary file.",
    "area_name": "Name of the area.",
    "period": "Period: 2019, 2019-03, 2012/13 (financial year, April to March) or 2010-2019 (multi-year total).",
    "period_type": "year, month, financial_year or span.",
    "period_start": "First day of the period.",
    "period_end": "Last day of the period.",
    "measure": "What is counted (stable id).",
    "measure_label": "Name of the measure in the source file.",
    "value": "Value; empty when missing or suppressed by the disclosure rule.",
    "flag": "What to know before using the value, ';'-separated: 'suppressed' (removed by the disclosure rule), "
            "'partial' (its period is not complete: not comparable with whole periods), 'unreliable' (fewer than "
            "20 events stand behind it).",
    "lower": "Lower limit of the value's 95% interval: exact Poisson (Garwood) for counts and rates, exact "
             "binomial (Clopper-Pearson) for shares; empty where none is computed (a survey's estimates).",
    "upper": "Upper limit of the value's 95% interval (see lower).",
    "years": "Years the period spans: a rate is per year, so a total over several years is divided by them too "
             "(an annual average).",
    "note": "Notes on the period (partial year, change of population base).",
    "numerator": "Numerator of the indicator.",
    "denominator": "Denominator of the indicator (population for rates).",
    "denominator_period": "Population period used for the rate: one year, or the two years interpolated between "
                          "(2010-2020).",
    "denominator_method": "How the population was found: same (the value's own period), nearest (the nearest year "
                          "with population data) or interpolated (linearly between two population years); for a "
                          "share, same; empty for counts.",
    "population": "Population used for the rate.",
    "population_period": "Year of that population.",
    "rate": "Rate per 100,000 people a year (a total over several years divided by its years).",
    "smoothed": "Empirical-Bayes rate per 100,000 people a year (esda): the rate drawn towards that of all the "
                "districts shown, the more so the fewer people it stands on; empty where the count is withheld.",
    "class": "Hot-spot class of the cell (Getis-Ord Gi*, false-discovery-rate corrected): hot_99, hot_95, hot_90, "
             "not_significant, cold_90, cold_95 or cold_99.",
    "share": "Percentage of the total.",
    "year": "Calendar year.",
    "month": "Month number, 1-12.",
}


def published_tables(c) -> list:
    """Datasets published as files: all but incident points, which appear only as counts (safety walks are
    places, published as such)."""
    return [(slug, t) for slug, t in c.tables.items() if t.config.area_level != "point" or t.config.walk]


def text(value, lang: str, c=None) -> str:
    return tr(value, lang, c.config.languages if c else ())


def licence(code: str) -> dict:
    if code == "unverified":
        return {"name": "unverified", "title": "Terms of use not verified; see the dataset page"}
    return {"name": code, "path": f"https://spdx.org/licenses/{code}.html"}


def site(inputs, path: str = "") -> str:
    return urls.absolute(inputs.portal.site_url, path)


def _resource_name(rel: str) -> str:
    return rel.rsplit(".", 1)[0].replace("/", "-").lower() + ("-geo" if rel.endswith(".geojson") else "")


def _resources(c, written: dict, prefix: str = "") -> list[dict]:
    out = []
    for rel, info in written.items():
        res = {"name": _resource_name(prefix + rel), "path": prefix + rel, "title": info["title"]}
        if info["description"]:
            res["description"] = info["description"]
        if info["kind"] == "csv":
            res.update(type="table", format="csv", mediatype="text/csv", encoding="utf-8",
                       schema={"fields": [{**f, "description": FIELD_DOCS.get(f["name"], "Breakdown as published.")}
                                          for f in info["fields"]],
                               "missingValues": [""]})
        else:
            res.update(format="geojson", mediatype="application/geo+json", encoding="utf-8")
        slug = rel.removesuffix(".csv")
        if slug in c.tables:
            src = c.tables[slug].config.source
            res["licenses"] = [licence(src.licence)]
            res["sources"] = [{"title": text(src.publisher, "en", c), **({"path": src.url} if src.url else {})}]
        out.append(res)
    return out


def _sources(c) -> list[dict]:
    seen: dict[str, str | None] = {}
    for t in c.tables.values():
        src = t.config.source
        seen.setdefault(text(src.publisher, "en", c), src.url)
    return [{"title": title, **({"path": url} if url else {})} for title, url in seen.items()]


def city_package(c, written: dict, inputs) -> dict:
    return {
        "$schema": DP_SCHEMA,
        "name": f"safety-audit-{c.slug}",
        "title": f"Local safety audit: {text(c.config.name, 'en', c)}",
        "description": text(c.description, "en", c),
        "version": c.config.edition,
        "created": f"{c.config.updated.isoformat()}T00:00:00Z",
        "homepage": site(inputs, f"{inputs.portal.languages[0]}/{urls.page_url(urls.city(c.slug))}"),
        "keywords": ["safety audit", "crime", "violence", "SDG 16", c.config.country],
        "licenses": [licence(inputs.portal.licence)],
        "contributors": [{"title": text(inputs.portal.publisher, "en"), "roles": ["publisher"]}]
        + [{"title": s["title"], "roles": ["author"]} for s in _sources(c)],
        "sources": _sources(c),
        "resources": _resources(c, written),
    }


def portal_package(inputs, files_by_city: dict) -> dict:
    resources = []
    for c in inputs.cities:
        resources += _resources(c, files_by_city[c.slug], prefix=f"{c.slug}/")
    return {
        "$schema": DP_SCHEMA, "name": "safety-audit-portal", "title": text(inputs.portal.title, "en"),
        "description": text(inputs.portal.description, "en"),
        "version": max((c.config.edition for c in inputs.cities), default=""),
        "homepage": site(inputs), "licenses": [licence(inputs.portal.licence)],
        "contributors": [{"title": text(inputs.portal.publisher, "en"), "roles": ["publisher"]}],
        "sources": [s for c in inputs.cities for s in _sources(c)],
        "resources": resources,
    }


def _temporal(t) -> tuple[str, str]:
    return t.frame["period_start"].min(), t.frame["period_end"].max()


def citation(c, slug: str, inputs, lang: str) -> str:
    t = c.tables[slug].config
    return (f"{text(t.source.publisher, lang, c)}. {text(t.title, lang, c)}. "
            f"{text(inputs.portal.title, lang)}, {c.config.edition}. "
            f"{site(inputs, urls.dataset_csv(c.slug, slug))}")


def dataset_jsonld(c, slug: str, inputs, lang: str) -> dict:
    """schema.org Dataset for a dataset page, so dataset search engines find it."""
    t = c.tables[slug]
    cfg = t.config
    start, end = _temporal(t)
    description = " ".join([text(cfg.description, lang, c), *[text(x, lang, c) for x in cfg.caveats]])
    if len(description) < 50:  # schema.org / Google ask for 50 to 5,000 characters
        description += (f" {text(c.config.name, lang, c)}, {start[:4]}–{end[:4]}. "
                        f"{text(inputs.portal.description, lang)}")
    measures = sorted(set(t.frame["measure"]))
    return {
        "@context": "https://schema.org/", "@type": "Dataset",
        "name": f"{text(cfg.title, lang, c)} · {text(c.config.name, lang, c)}",
        "description": description[:5000],
        "url": site(inputs, f"{lang}/{urls.page_url(urls.dataset(c.slug, slug))}"),
        "identifier": site(inputs, urls.dataset_csv(c.slug, slug)),
        "version": c.config.edition, "dateModified": c.config.updated.isoformat(),
        "inLanguage": lang, "isAccessibleForFree": True,
        "license": (f"https://spdx.org/licenses/{cfg.source.licence}.html" if cfg.source.licence != "unverified"
                    else site(inputs, f"{lang}/{urls.page_url(urls.dataset(c.slug, slug))}#provenance")),
        "creator": {"@type": "Organization", "name": text(cfg.source.publisher, lang, c),
                    **({"url": cfg.source.url} if cfg.source.url else {})},
        "publisher": {"@type": "Organization", "name": text(inputs.portal.publisher, lang)},
        "distribution": [{"@type": "DataDownload", "encodingFormat": "text/csv",
                          "contentUrl": site(inputs, urls.dataset_csv(c.slug, slug))},
                         {"@type": "DataDownload", "encodingFormat": "application/zip",
                          "contentUrl": site(inputs, urls.bundle(c.slug))}],
        "spatialCoverage": {"@type": "Place", "name": f"{text(c.config.name, lang, c)}, {c.config.country}"},
        "temporalCoverage": f"{start}/{end}",
        "variableMeasured": [text(cfg.measure_labels.get(m), lang, c) or m for m in measures][:50],
        "includedInDataCatalog": {"@type": "DataCatalog", "name": text(inputs.portal.title, lang),
                                  "url": site(inputs)},
        "citation": citation(c, slug, inputs, lang),
    }


def dcat_catalogue(inputs) -> dict:
    """A DCAT catalogue of every dataset, for national portals to harvest."""
    lang = inputs.portal.languages[0]
    datasets = []
    for c in inputs.cities:
        for slug, t in published_tables(c):
            start, end = _temporal(t)
            src = t.config.source
            datasets.append({
                "@id": site(inputs, urls.dataset_csv(c.slug, slug) + "#dataset"), "@type": "dcat:Dataset",
                "dct:identifier": f"{c.slug}/{slug}",
                "dct:title": text(t.config.title, lang, c), "dct:description": text(t.config.description, lang, c),
                "dct:publisher": {"@type": "foaf:Agent", "foaf:name": text(src.publisher, lang, c)},
                "dct:license": licence(src.licence).get("path", "unverified"),
                "dct:spatial": {"@type": "dct:Location", "locn:geographicName": text(c.config.name, lang, c)},
                "dct:temporal": {"@type": "dct:PeriodOfTime", "dcat:startDate": start, "dcat:endDate": end},
                "dct:modified": c.config.updated.isoformat(),
                "dcat:keyword": ["crime", "safety audit", c.slug],
                "dcat:landingPage": site(inputs, f"{lang}/{urls.page_url(urls.dataset(c.slug, slug))}"),
                "dcat:distribution": [{
                    "@type": "dcat:Distribution", "dcat:downloadURL": site(inputs, urls.dataset_csv(c.slug, slug)),
                    "dcat:mediaType": "text/csv", "dct:format": "CSV"}],
            })
    return {
        "@context": {"dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/",
                     "foaf": "http://xmlns.com/foaf/0.1/", "locn": "http://www.w3.org/ns/locn#"},
        "@id": site(inputs, urls.catalogue()), "@type": "dcat:Catalog",
        "dct:title": text(inputs.portal.title, lang), "dct:description": text(inputs.portal.description, lang),
        "dct:publisher": {"@type": "foaf:Agent", "foaf:name": text(inputs.portal.publisher, lang)},
        "foaf:homepage": site(inputs), "dcat:dataset": datasets,
    }


def api(inputs, files_by_city: dict) -> dict[str, dict]:
    """The static API: index.json and one document per city, with absolute file URLs."""
    index = {"version": API_VERSION, "title": text(inputs.portal.title, "en"), "site": site(inputs),
             "languages": inputs.portal.languages,
             "indicators": [{"id": k, "name": text(v.name, "en"), "unit": v.unit, "sdg": v.sdg}
                            for k, v in inputs.registry.items()],
             "cities": []}
    docs = {}
    for c in inputs.cities:
        index["cities"].append({"id": c.slug, "name": text(c.config.name, "en", c), "country": c.config.country,
                                "edition": c.config.edition, "api": site(inputs, urls.api_city(c.slug)),
                                "datapackage": site(inputs, urls.data(c.slug, "datapackage.json")),
                                "bundle": site(inputs, urls.bundle(c.slug))})
        docs[urls.api_city(c.slug)] = {
            "version": API_VERSION, "id": c.slug, "name": text(c.config.name, "en", c), "edition": c.config.edition,
            "updated": c.config.updated.isoformat(),
            "pages": {lang: site(inputs, f"{lang}/{urls.page_url(urls.city(c.slug))}")
                      for lang in inputs.portal.languages},
            "datasets": [{"id": slug, "title": text(t.config.title, "en", c), "area_level": t.config.area_level,
                          "start": _temporal(t)[0], "end": _temporal(t)[1],
                          "csv": site(inputs, urls.dataset_csv(c.slug, slug)),
                          "page": site(inputs, f"{inputs.portal.languages[0]}/"
                                               f"{urls.page_url(urls.dataset(c.slug, slug))}")}
                         for slug, t in published_tables(c)],
            "indicators": [_indicator_entry(c, s, inputs) for s in c.indicators],
            "files": [site(inputs, urls.data(c.slug, rel)) for rel in files_by_city[c.slug]],
        }
    docs[urls.api_index()] = index
    return docs


def _indicator_entry(c, s, inputs) -> dict:
    h = headline(s)
    return {"id": s.id, "csv": site(inputs, urls.data(c.slug, f"indicators/{s.id}.csv")),
            "latest": {"period": h["period"], "value": float(h["value"]), "lower": float(h["lower"]),
                       "upper": float(h["upper"]), "flag": h["flag"]} if h else None,
            **_status_entry(s),
            "page": site(inputs, f"{inputs.portal.languages[0]}/{urls.page_url(urls.indicator(c.slug, s.id))}")}


def _status_entry(s) -> dict:
    """The status as the pages show it, with what it rests on: the fitted trend and the pace the target needs,
    and whether the target is only illustrative."""
    st = series_status(s)
    trend = ({"pct_per_year": st.trend.change, "lower": st.trend.lower, "upper": st.trend.upper,
              "periods": st.trend.periods, "model": st.trend.model} if st.trend else None)
    return {"status": st.key, "target_illustrative": st.illustrative, "trend": trend,
            "required_pct_per_year": st.required}


def bundle_readme(c, package: dict, inputs) -> str:
    lang = "en"
    lines = [f"# {package['title']}", "", package["description"], "",
             f"Edition {c.config.edition}, updated {c.config.updated.isoformat()}. "
             f"Published by {text(inputs.portal.publisher, lang)} at {site(inputs)}.", "",
             "## Victim protection", "",
             f"Counts from 1 to {c.config.disclosure.suppress_below - 1} are suppressed (empty value, flag "
             "'suppressed') in every file, and so are rates and shares computed from them. Where a suppressed "
             "count could be worked out from a total published elsewhere (the areas of a city, the categories of "
             "a breakdown, the months of a year), the next smallest count of the same group is suppressed too.",
             *([f"Protected measures ({', '.join(c.config.disclosure.protected_measures)}) are published by area "
                "only, never at a point: where areas are police stations, they are given per precinct, named by "
                "its station, without coordinates."] if c.config.disclosure.protected_measures else []), "",
             "## Files and their sources", ""]
    for slug, t in published_tables(c):
        src = t.config.source
        lines.append(f"- `{slug}.csv`: {text(t.config.title, lang, c)}. Source: {text(src.publisher, lang, c)}"
                     f"{f' ({src.url})' if src.url else ''}; licence: {src.licence}; "
                     f"terms: {text(src.terms, lang, c)}")
        for caveat in t.config.caveats:
            lines.append(f"  - Caveat: {text(caveat, lang, c)}")
    lines += ["", "Charts, maps and indicators are in `charts/`, `maps/`, `indicators/` and `indicator_maps/`; "
              "`datapackage.json` describes every column.", "", "## How to cite", ""]
    for slug, _ in published_tables(c):
        lines.append(f"- {citation(c, slug, inputs, lang)}")
    return "\n".join(lines) + "\n"
