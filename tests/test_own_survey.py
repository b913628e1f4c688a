"""A city's own victimisation survey (issue 30): the XLSForm converts with pyxform in every language and asks
nothing that identifies anyone; the export is read with every problem located by row and column; the
estimates recover a synthetic population's truth at the stated coverage; nothing published holds a
respondent's row."""
from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from defusedxml import ElementTree
from pyxform.xls2xform import convert

from auditportal.read import questionnaire as q
from auditportal.write import forms


@pytest.mark.parametrize("lang", q.LANGUAGES)
def test_the_xlsform_converts_to_a_valid_xform(lang):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{forms.KIT}.{lang}.xlsx"
        path.write_bytes(forms.workbook(lang))
        result = convert(xlsform=str(path))
    root = ElementTree.fromstring(result.xform.encode("utf-8"))
    assert root.tag.endswith("html") and not result.warnings
    assert forms.TITLES[lang] in result.xform


def test_the_form_asks_nothing_that_identifies_anyone():
    for question in q.QUESTIONS:
        assert not any(word in question.name for word in q.IDENTIFYING), question.name
        assert question.kind.split()[0] in ("select_one", "select_multiple", "integer", "select_one_from_file") \
            or question.name == "cluster", question.kind  # the one text field: the sample's segment code
    assert forms.workbook("es") == forms.workbook("es")  # a build gives the same bytes twice
