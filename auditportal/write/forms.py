"""The victimisation survey's XLSForm, one workbook per language, written from read/questionnaire.py: what a
city loads into ODK Central or KoboToolbox to collect the survey on phones (ODK Collect, KoboCollect). The
tests convert each workbook with pyxform, as both servers do. The workbooks are written with fixed dates and
zip times, so that two builds give the same bytes."""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import openpyxl

from ..read import questionnaire as q
from . import publish

KIT = "victimisation_survey"
FORM_ID = "local_victimisation_survey"
VERSION = "2026120501"
FIXED_TIME = "2026-12-05T00:00:00Z"
TITLES = {"es": "Encuesta local de victimización y percepción de seguridad",
          "en": "Local victimisation and perception of safety survey",
          "pt": "Pesquisa local de vitimização e percepção de segurança"}
EXAMPLE_DISTRICTS = [("01", {"es": "Comuna 1", "en": "District 1", "pt": "Distrito 1"}),
                     ("02", {"es": "Comuna 2", "en": "District 2", "pt": "Distrito 2"})]
"""The kit's districts.csv: each city replaces it with its districts file's codes and names."""


def workbook(lang: str) -> bytes:
    """The XLSForm in one language: its survey, choices and settings sheets."""
    book = openpyxl.Workbook()
    survey = book.active
    assert survey is not None
    survey.title = "survey"
    survey.append(["type", "name", "label", "relevant", "constraint", "required"])
    for question in q.QUESTIONS:
        survey.append([question.kind, question.name, question.label[lang], question.relevant, question.constraint,
                       "yes" if question.required else ""])
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label"])
    for list_name, options in q.CHOICE_LISTS.items():
        for choice in options:
            choices.append([list_name, choice.code, choice.label[lang]])
    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id", "version", "default_language"])
    settings.append([TITLES[lang], FORM_ID, VERSION, lang])
    raw = io.BytesIO()
    book.save(raw)
    return _fixed(raw.getvalue())


def _fixed(xlsx: bytes) -> bytes:
    """The workbook's bytes made repeatable: its creation and modification dates, and its zip times, fixed."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dest:
        for name in source.namelist():
            data = source.read(name)
            if name == "docProps/core.xml":
                data = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", FIXED_TIME.encode(), data)
            info = zipfile.ZipInfo(name, date_time=publish.ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            dest.writestr(info, data)
    return out.getvalue()


def districts_csv(lang: str) -> str:
    return "name,label\n" + "".join(f"{code},{names[lang]}\n" for code, names in EXAMPLE_DISTRICTS)


def files() -> dict[str, bytes]:
    """Every file of the survey kit: a workbook and an example districts.csv per language."""
    out = {f"{KIT}.{lang}.xlsx": workbook(lang) for lang in q.LANGUAGES}
    out["districts.csv"] = districts_csv("en").encode("utf-8")
    return out


def write(folder: Path) -> list[str]:
    """The survey kit under `folder` (the site's kits/): its files in a folder, and a zip of them."""
    contents = files()
    (folder / KIT).mkdir(parents=True, exist_ok=True)
    for name, data in contents.items():
        (folder / KIT / name).write_bytes(data)
    with open(folder / f"{KIT}.zip", "wb") as z:
        publish.write_zip(z, KIT, sorted(contents.items()))
    return sorted(contents)
