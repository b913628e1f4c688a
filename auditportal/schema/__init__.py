"""The config schema: the models of every YAML file a city or maintainer writes (city.py, dataset.py,
portal.py, practice.py), the value types they share (types.py) and the rules between keys (rules.py).
Every stage reads these models; read/config.py reads the files into them."""
from __future__ import annotations

from pydantic import BaseModel

from .city import (
    Basemap,
    Chart,
    City,
    Contact,
    Dataset,
    Denominator,
    Disclosure,
    Districts,
    Hotspot,
    IndicatorChoice,
    MapSpec,
    Period,
    PopulationRef,
    Source,
    Target,
)
from .dataset import FileAtUrl, Refresh, Socrata
from .portal import (
    STATUS_ORDER,
    Budget,
    Editor,
    Indicator,
    Portal,
    Recommendation,
    Recommendations,
    Reference,
    Selection,
)
from .types import Text, text_lang, tr

FILES: dict[str, type[BaseModel]] = {"portal.yml": Portal, "city.yml": City, "recommendations.yml": Recommendations}
"""The top-level model of each file; indicators.yml maps ids to Indicator."""


def all_models() -> list[type[BaseModel]]:
    return [Portal, Editor, Selection, Reference, Indicator, Denominator, Source, Period, Districts, Dataset,
            PopulationRef, Target, IndicatorChoice, Chart, MapSpec, Hotspot, Contact, Basemap, Disclosure, City,
            Budget, Recommendation, Recommendations, Refresh, Socrata, FileAtUrl]


__all__ = ["Basemap", "Budget", "Chart", "City", "Contact", "Dataset", "Denominator", "Disclosure", "Districts",
           "Editor", "FILES", "FileAtUrl", "Hotspot", "Indicator", "IndicatorChoice", "MapSpec", "Period",
           "PopulationRef", "Portal", "Recommendation", "Recommendations", "Reference", "Refresh", "STATUS_ORDER",
           "Selection", "Socrata", "Source", "Target", "Text", "all_models", "text_lang", "tr"]
