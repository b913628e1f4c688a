"""The download kits: one per dataset layout, each snippet a declaration the real schema accepts and each
example CSV a file sources.read_dataset reads and its Table Schema passes; generated from the schema, so a
changed model changes them; published with the site."""
from __future__ import annotations

import json
import typing
import zipfile
from typing import Literal

import frictionless
import pytest

from auditportal.read import rowchecks, sources, strings, yamlfile
from auditportal.records import Table
from auditportal.schema import Dataset
from auditportal.write import kits, reference
from helpers import ROOT

LANGS = ["es", "en", "pt"]


@pytest.fixture(scope="module")
def locales():
    return strings.load(ROOT, LANGS)


def read_back(kit: kits.Kit, contents: dict[str, str], root) -> Table:
    """The kit's snippet through the schema, and its CSV through the portal's own reader."""
    (root / "kit.yml").write_text(contents["city.yml"], encoding="utf-8")
    declared, _ = yamlfile.load(root / "kit.yml", "kit.yml")
    ds = Dataset.model_validate(declared["datasets"][kit.id])
    (root / "data" / "your_city").mkdir(parents=True, exist_ok=True)
    (root / "data" / "your_city" / f"{kit.id}.csv").write_text(contents[f"{kit.id}.csv"], encoding="utf-8")
    return sources.read_dataset(root, kit.id, ds, {"01"} if ds.area_column else None,
                                district_names={"S1": "Central"} if ds.area_name_match else None)


@pytest.mark.parametrize("kit", kits.KITS, ids=[k.id for k in kits.KITS])
def test_each_kit_is_read_by_the_portal_and_passes_its_table_schema(kit, locales, tmp_path):
    contents = kits.files(kit, locales, LANGS, ROOT / "templates")
    assert sorted(contents) == sorted([f"{kit.id}.csv", f"{kit.id}.schema.json", "city.yml",
                                       "README.es.md", "README.en.md", "README.pt.md"])
    table = read_back(kit, contents, tmp_path)
    assert table.rows_read == 1 and len(table.frame) >= 1
    ds = table.config
    years = [c for c in kit.example if c.isdigit()]
    assert {c for c, _ in kits.columns(kit)} == set(rowchecks.referenced_columns(ds)) | set(years)
    schema = json.loads(contents[f"{kit.id}.schema.json"])
    report = frictionless.Resource(path=f"{kit.id}.csv", basepath=str(tmp_path / "data" / "your_city"),
                                   schema=frictionless.Schema.from_descriptor(schema)).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "note"])
    for lang in LANGS:
        guide = contents[f"README.{lang}.md"]
        assert all(f"| `{c}` |" in guide for c, _ in kits.columns(kit)) and "```yaml\n# The" in guide


def test_the_kits_cover_every_layout_the_portal_reads():
    declared = [kits.dataset(k) for k in kits.KITS]
    features = {"by year": any(d.period_column and d.period_type == "year" for d in declared),
                "by month": any(d.month_column for d in declared),
                "by district": any(d.area_column and d.area_level == "district" for d in declared),
                "years as columns": any(d.wide_periods for d in declared),
                "stations by name": any(d.area_name_match for d in declared),
                "incident records": any(d.area_level == "point" and d.date_column and not d.walk for d in declared),
                "survey results": any(d.survey for d in declared),
                "safety walks": any(d.walk for d in declared)}
    assert features == {name: True for name in features}


def test_a_changed_schema_changes_the_templates(locales):
    """The generator reads the model it is given: a new docstring or a new allowed value shows in the kit."""
    class Changed(Dataset):
        period_column: str | None = None
        """Column holding the calendar year of each row, written with four digits."""
        period_type: Literal["year", "month", "financial_year", "quarter"] = "year"
        """'year', 'month', 'financial_year' or 'quarter'."""

    kit = kits.KITS[0]
    before = kits.files(kit, locales, ["en"], ROOT / "templates")["README.en.md"]
    after = kits.files(kit, locales, ["en"], ROOT / "templates", model=Changed)["README.en.md"]
    assert "| `period_column` | text |  | Column holding the calendar year of each row, written with four " \
           "digits. |" in after
    assert "Column holding the calendar year" not in before
    changed = [line for line in after.splitlines() if line not in before.splitlines()]
    assert changed == ["| `period_column` | text |  | Column holding the calendar year of each row, written with "
                       "four digits. |"]
    kind, allowed, _ = reference.describe(reference.model_schema(Changed)["properties"]["period_type"])
    assert (kind, allowed) == ("one of", "year, month, financial_year, quarter")
    assert typing.get_args(Dataset.model_fields["period_type"].annotation) == ("year", "month", "financial_year")


def test_the_kits_are_published_with_the_site_and_linked_from_their_page(built_fixture):
    site = built_fixture / "site"
    for kit in kits.KITS:
        with zipfile.ZipFile(site / "kits" / f"{kit.id}.zip") as z:
            names = z.namelist()
        assert names == sorted(f"{kit.id}/{n}" for n in (f"{kit.id}.csv", f"{kit.id}.schema.json", "city.yml",
                                                          "README.en.md", "README.es.md", "README.pt.md"))
        assert (site / "kits" / kit.id / f"{kit.id}.csv").read_text(encoding="utf-8") == kits.csv_text(kit)
    for lang in LANGS:
        page = (site / lang / "templates" / "index.html").read_text(encoding="utf-8")
        assert all(f'href="../../kits/{k.id}.zip"' in page for k in kits.KITS)
        assert f'href="../../kits/safety_walks/README.{lang}.md"' in page
