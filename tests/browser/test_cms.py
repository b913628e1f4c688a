"""The browser editor at /admin/ (Decap CMS): its forms are generated from the schema, and in Chromium a
city's staff edit through it offline, against decap-server in git mode on a scratch copy of the fixture
project: a status change and a new finding go through the editorial workflow (a cms/* branch, then
publish) and leave files that validate and build; an invalid value is refused before anything is saved.
Any request to a host other than 127.0.0.1 or localhost is aborted and fails the test.

The published editor (a production build) offers no local backend, loads nothing from another host before
sign-in, and signs in through the endpoint portal.yml names; without one, its sign-in says it is not set up.
Its interface is in the portal's first language (Spanish), with English and Portuguese beside it."""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import typing
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml
from playwright.sync_api import expect

from auditportal import schema
from auditportal.pipeline import build, load_site
from auditportal.read import config
from auditportal.tools import ghpages
from auditportal.write import cms
from helpers import ROOT, make_project, problems, quiet

TIMEOUT = 20_000  # ms: the 5 MB bundle parses in 1-2 s, but the machine is shared
LOCAL = {"127.0.0.1", "localhost"}
AUTH = "https://auth.example.org"  # the fixture's OAuth endpoint (portal.yml's editor.auth_url), answered below
RECS = "cities/minicali/recommendations.yml"
FINDINGS = "cities/minicali/findings.es.md"


# ---------------------------------------------------------------- the generated configuration

def fields_of(cfg: dict, collection: str, entry: str) -> list[dict]:
    coll = next(c for c in cfg["collections"] if c["name"] == collection)
    return next(f for f in coll["files"] if f["name"] == entry)["fields"]


def test_config_comes_from_the_models_and_the_project(tmp_path):
    root = make_project(tmp_path / "project")
    cfg = cms.project_config(root)
    registry = config.load_registry(root)
    langs = {slug: config.load_city(root, slug, registry).languages for slug in config.city_slugs(root)}
    items = {f["name"]: f for f in fields_of(cfg, "recommendations", "minicali")[0]["fields"]}
    model = schema.Recommendation.model_fields
    assert list(items) == list(model)
    assert [o["value"] for o in items["status"]["options"]] == list(typing.get_args(model["status"].annotation))
    assert items["status"]["options"][0]["label"] == "Planificada"  # the portal's first language, Spanish
    assert items["indicators"] == {**items["indicators"], "widget": "select", "multiple": True,
                                   "options": list(registry)}
    assert {name: spec["required"] for name, spec in items.items()} == {n: f.is_required() for n, f in model.items()}
    assert items["id"]["pattern"][0] == model["id"].metadata[0].pattern
    assert items["title"]["languages"] == langs["minicali"] and items["title"]["widget"] == "languages"
    assert items["status"]["hint"] == "Where implementation stands."
    for collection, name in (("descriptions", "description"), ("findings", "findings")):
        coll = next(c for c in cfg["collections"] if c["name"] == collection)
        assert [f["file"] for f in coll["files"]] == [f"cities/{slug}/{name}.{lang}.md"
                                                      for slug, ls in langs.items() for lang in ls]
    pages = next(c for c in cfg["collections"] if c["name"] == "pages")
    assert [f["file"] for f in pages["files"]] == [f"content/{lang}/{page}.md"
                                                   for lang in config.load_portal(root).languages
                                                   for page in cms.PAGES]
    assert [c["name"] for c in cfg["collections"]] == ["descriptions", "findings", "recommendations", "pages"]
    # portal.yml names no OAuth endpoint: sign-in opens the page beside the editor saying so, not Netlify's
    assert cfg["backend"] == {"name": "github", "repo": "safety-audit-portal/portal", "branch": "main",
                              "base_url": ".", "auth_endpoint": cms.NO_SIGN_IN}
    assert cfg["publish_mode"] == "editorial_workflow" and "local_backend" not in cfg
    english = cms.project_config(root, "en")
    assert (english["locale"], english["collections"][2]["label"]) == ("en", "Recommendations")


def test_a_sign_in_address_decap_would_ignore_is_refused_where_it_is_written(tmp_path):
    """Decap takes the endpoint's answer only from the exact origin: a path or a final '/' is a located error."""
    root = make_project(tmp_path / "project")
    with open(root / "portal.yml", "a", encoding="utf-8") as portal:
        portal.write("editor:\n  auth_url: https://auth.example.org/\n")
    line = (root / "portal.yml").read_text(encoding="utf-8").count("\n")
    assert problems(config.load_portal, root) == [
        f"portal.yml:{line}: editor.auth_url: expected https:// and the endpoint's host only, with no path and no "
        "final '/', e.g. https://sveltia-cms-auth.example.workers.dev (a path goes in editor.auth_path), "
        "got 'https://auth.example.org/'"]


def test_a_missing_bundle_fails_the_build_and_names_the_fix(monkeypatch, tmp_path):
    from auditportal.problems import MkDocsFailed
    monkeypatch.setattr(cms, "BUNDLE", tmp_path / "nowhere")
    site = type("Site", (), {"portal": config.load_portal(ROOT)})()
    with pytest.raises(MkDocsFailed, match="scripts/setup"):
        cms.write_admin(site, tmp_path)


# ---------------------------------------------------------------- the editor in Chromium

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


def wait_until(predicate, timeout: float = 10.0, what: str = "condition") -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The fixture project with an OAuth endpoint in portal.yml, built once (strictly, as for publishing), with
    its published /admin/ kept aside in `published`; each test writes its own /admin/ into the site."""
    tmp = tmp_path_factory.mktemp("cms")
    root = make_project(tmp / "project")
    with open(root / "portal.yml", "a", encoding="utf-8") as portal:
        portal.write(f"editor:\n  auth_url: {AUTH}\n")
    build(root, tmp / "site", strict=True, progress=quiet, work=tmp / "work")
    shutil.copytree(tmp / "site" / "admin", tmp / "published")
    url, stop = ghpages.serve(tmp / "site")
    yield root, tmp / "site", load_site(root), url, tmp / "published"
    stop()


@pytest.fixture
def repo(built, tmp_path):
    """A scratch git copy of the fixture project, on main, for decap-server to commit to."""
    dest = tmp_path / "repo"
    shutil.copytree(built[0], dest, symlinks=True, ignore=shutil.ignore_patterns("site", "build"))
    (dest / ".gitignore").write_text("node_modules\n")
    git(dest, "init", "-q", "-b", "main")
    for key, value in (("user.name", "Test"), ("user.email", "test@example.invalid"), ("commit.gpgsign", "false")):
        git(dest, "config", key, value)
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "-m", "Seed")
    return dest


@pytest.fixture
def editor(browser, built, repo, tmp_path):
    """decap-server (MODE=git) on a free port working in `repo`, /admin/ written to talk to it, and a
    Chromium page that aborts and records every request to another host."""
    site, loaded, url = built[1:4]
    port = free_port()
    env = {**os.environ, "GIT_REPO_DIRECTORY": str(repo), "MODE": "git", "PORT": str(port),
           "BIND_HOST": "127.0.0.1", "LOG_LEVEL": "error"}
    with open(tmp_path / "decap-server.log", "w") as log:
        proxy = subprocess.Popen(["node", str(ROOT / "node_modules" / "decap-server" / "dist" / "index.js")],
                                 env=env, stdout=log, stderr=subprocess.STDOUT)
    page = None
    try:
        wait_until(lambda: listening(port), 15, "decap-server")
        shutil.rmtree(site / "admin")
        cms.write_admin(loaded, site, local_backend_url=f"http://localhost:{port}/api/v1")
        page = Editor(browser, url + "/admin/")
        yield page
    finally:
        if page:
            page.close()
        proxy.terminate()
        proxy.wait(10)
    assert page.foreign == [], f"requests to other hosts: {page.foreign}"


class Editor:
    """One page of the editor: requests to other hosts aborted and recorded, confirm() accepted."""

    def __init__(self, browser, url: str):
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.context.set_default_timeout(TIMEOUT)
        self.foreign: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        # Decap asks confirm() before publishing; Playwright would dismiss it, cancelling the publish.
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.accept()))
        self.url = url

    def _route(self, route):
        if route.request.url.startswith(("data:", "blob:")) or urlparse(route.request.url).hostname in LOCAL:
            route.continue_()
        else:
            self.foreign.append(route.request.url)
            route.abort()

    def _console(self, msg):
        # the proxy answers 404 for an entry that has no cms/* branch yet
        if msg.type == "error" and not ("404" in msg.text and msg.location.get("url", "").endswith("/api/v1")):
            self.errors.append(f"console: {msg.text}")

    def login(self, folder: str = "en/", login: str = "Login", workflow: str = "Workflow"):
        """Signed in to the editor in one language: English (admin/en/) unless told."""
        p = self.page
        p.goto(self.url + folder)
        # "Login", not "Login with GitHub": the local decap-server was found
        p.get_by_role("button", name=login, exact=True).click()
        expect(p.get_by_role("link", name=workflow)).to_be_visible()
        return p

    def open(self, collection: str, entry: str):
        p = self.page
        p.get_by_role("link", name=collection, exact=True).first.click()
        p.get_by_text(entry, exact=True).click()
        expect(p.get_by_text("Changes saved")).to_be_visible()
        return p

    def close(self):
        self.context.close()


def list_item(p, n: int):
    """The n-th item of the outer list, found by its drag handle (its summary changes as soon as it is edited),
    not inside another item (the partners' items are lists too)."""
    item = "*[*/div[@aria-roledescription='sortable']]"
    return p.locator(f"xpath=//{item}[not(ancestor::{item})]").nth(n)


def expand(item) -> None:
    item.locator("xpath=./div[1]/button[1]").click()  # the chevron; button[2] REMOVES the item
    expect(item.get_by_role("textbox", name="ID", exact=True)).to_be_visible()


def choose(p, combobox, option: str) -> None:
    combobox.focus()  # the react-select input is 2 px wide: clicking it can miss
    p.keyboard.type(option)
    p.get_by_role("option", name=option, exact=True).click()


def to_the_end(p) -> None:
    """The caret after the last character of the focused editor: Control+End until nothing but white space
    follows it, then a pause, as Slate reads the browser's selection at most every 100 ms and types at the
    last one it read."""
    after_caret = """() => { const s = getSelection(), r = document.createRange();
        r.selectNodeContents(document.activeElement); r.setStart(s.focusNode, s.focusOffset);
        return r.toString().trim(); }"""
    wait_until(lambda: p.keyboard.press("Control+End") or p.evaluate(after_caret) == "", 5, "the caret at the end")
    time.sleep(0.3)


def publish(p) -> None:
    # an earlier entry's "Entry published" notice would satisfy the wait below before this one is done
    expect(p.get_by_text("Entry published")).to_have_count(0, timeout=30_000)
    p.get_by_role("button", name=re.compile(r"^Status: ")).click()
    p.get_by_role("menuitem", name="Ready", exact=True).click()
    expect(p.get_by_role("button", name="Status: Ready")).to_be_visible()
    p.get_by_role("button", name="Publish", exact=True).click()
    p.get_by_role("menuitem", name="Publish now", exact=True).click()
    expect(p.get_by_text("Entry published")).to_be_visible()


def published(repo: Path, branch: str) -> None:
    """The draft branch is merged and deleted, and decap-server is back on main with a clean tree (it checks
    cms/* branches out while it works)."""
    wait_until(lambda: not git(repo, "branch", "--list", branch).strip(), 30, what=f"{branch} merged")
    wait_until(lambda: git(repo, "rev-parse", "--abbrev-ref", "HEAD").strip() == "main"
               and git(repo, "status", "--porcelain") == "", 30, what="decap-server idle on main")


def draft(repo: Path, branch: str, path: str) -> str:
    """A file as committed on a draft branch; polls, as the branch exists before its commit does."""
    end = time.monotonic() + 10
    while True:
        shown = subprocess.run(["git", "-C", str(repo), "show", f"{branch}:{path}"], capture_output=True, text=True)
        if shown.returncode == 0 or time.monotonic() > end:
            break
        time.sleep(0.1)
    assert shown.returncode == 0, shown.stderr
    return shown.stdout


def test_staff_edit_through_pull_requests_and_the_result_builds(editor, repo, built, tmp_path):
    site = built[1]
    readers = [p for p in site.rglob("*.html") if "admin" not in p.relative_to(site).parts]
    assert not [p for p in readers if re.search(r"""(src|href)=["'][^"']*admin/|decap""", p.read_text())]
    assert not list((site / "admin").rglob("*.map")) and (site / "admin" / "decap" / "decap-cms.js").is_file()
    before = yaml.safe_load((repo / RECS).read_text())["recommendations"][0]

    p = editor.login()
    editor.open("Recommendations", "Mini Cali — recommendations")
    item = list_item(p, 0)
    expand(item)
    choose(p, item.get_by_role("combobox", name="Status"), "Implemented")
    # the fixture's lead is one text for every language: write it per language, adding English
    item.get_by_role("button", name="Write lead per language").click()
    expect(item.get_by_role("textbox", name="Lead (es)")).to_have_value(before["lead"])
    item.get_by_role("textbox", name="Lead (en)").fill("Security Department")
    p.get_by_role("button", name="Save", exact=True).click()
    expect(p.get_by_role("button", name="Status: Draft")).to_be_visible()
    assert "status: implemented" in draft(repo, "cms/recommendations/minicali", RECS)
    assert yaml.safe_load((repo / RECS).read_text())["recommendations"][0]["status"] == "in_progress"
    publish(p)
    published(repo, "cms/recommendations/minicali")
    after = yaml.safe_load((repo / RECS).read_text())["recommendations"][0]
    assert after == {**before, "status": "implemented", "lead": {"es": before["lead"], "en": "Security Department"}}
    # Decap rewrites the file whole and drops its comments, the line naming its JSON Schema too (a field's
    # `comment` is not written for a files collection in 3.16.3): tests/test_reference.py allows that
    assert (repo / RECS).read_text().startswith("recommendations:\n")

    p.go_back()  # through the UI: changing only the URL hash can keep the previous entry
    p.get_by_role("link", name="Findings", exact=True).first.click()
    p.get_by_text("Mini Cali — findings (es)", exact=True).click()
    expect(p.get_by_text("Changes saved")).to_be_visible()
    old = (repo / FINDINGS).read_text()
    expect(p.get_by_role("textbox")).to_contain_text(old.strip())
    # Markdown typed into the rich-text editor is escaped (\## ...): switch the widget to Markdown first
    p.get_by_role("switch").click()
    expect(p.get_by_role("switch")).to_have_attribute("aria-checked", "true")
    box = p.get_by_role("textbox")
    expect(box).to_contain_text(old.strip())  # the Markdown editor, mounted afresh
    box.click()
    expect(box).to_be_focused()
    to_the_end(p)
    p.keyboard.press("Enter")
    p.keyboard.type("## Robos\n\nLos robos **bajaron** en 2024.")
    p.get_by_role("button", name="Save", exact=True).click()
    expect(p.get_by_role("button", name="Status: Draft")).to_be_visible()
    draft(repo, "cms/findings/minicali_es", FINDINGS)
    publish(p)
    published(repo, "cms/findings/minicali_es")
    added = "\n\n## Robos\n\nLos robos **bajaron** en 2024."
    assert (repo / FINDINGS).read_text().rstrip("\n") == old.rstrip("\n") + added
    assert editor.dialogs == ["Are you sure you want to publish this entry?"] * 2
    assert editor.errors == []

    assert git(repo, "status", "--porcelain") == ""
    checked = subprocess.run([sys.executable, str(ROOT / "build.py"), "--root", str(repo), "validate"],
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    build(repo, tmp_path / "after", strict=True, progress=quiet, work=tmp_path / "after-work")
    page = (tmp_path / "after" / "es" / "minicali" / "findings" / "index.html").read_text()
    assert "Los robos <strong>bajaron</strong> en 2024." in page


def test_an_invalid_value_is_refused_before_anything_is_saved(editor, repo):
    p = editor.login()
    editor.open("Recommendations", "Mini Cali — recommendations")
    head = git(repo, "rev-parse", "HEAD")
    item = list_item(p, 0)
    expand(item)

    # the indicators select offers indicators.yml's ids only: an unknown one cannot be entered
    indicators = item.get_by_role("combobox", name="Indicators")
    indicators.focus()
    p.keyboard.type("not_an_indicator")
    expect(p.get_by_text("No options", exact=True)).to_be_visible()
    p.keyboard.press("Enter")
    p.keyboard.press("Escape")
    expect(item.get_by_role("button", name="Remove homicide_rate")).to_be_visible()
    expect(item.get_by_role("button", name=re.compile("not_an_indicator"))).to_have_count(0)

    # an id that breaks Recommendation.id's pattern, and a required text emptied, are refused on Save
    item.get_by_role("textbox", name="ID").fill("R 1!")
    item.get_by_role("textbox", name="Title (all)").fill("")
    p.get_by_role("button", name="Save", exact=True).click()
    pattern = schema.Recommendation.model_fields["id"].metadata[0].pattern
    expect(item.get_by_text(f"ID didn't match the pattern: must match {pattern}")).to_be_visible()
    expect(item.get_by_text("Title is required.")).to_be_visible()
    item.get_by_role("textbox", name="Title (en)").fill("Only in English")  # not the city's main language
    p.get_by_role("button", name="Save", exact=True).click()
    expect(item.get_by_text("Title needs a text in es, the city's main language.")).to_be_visible()
    expect(p.get_by_text("Unsaved changes")).to_be_visible()
    time.sleep(1)  # the time a (wrong) save would need to reach the proxy
    assert git(repo, "rev-parse", "HEAD") == head
    assert git(repo, "branch", "--list", "cms/*").strip() == ""
    assert git(repo, "status", "--porcelain") == ""
    # Decap rejects its own save promise without a reason: one "pageerror: undefined"
    assert [e for e in editor.errors if e != "pageerror: undefined"] == []


# ---------------------------------------------------------------- the published editor, and its languages

def test_the_published_editor_signs_in_through_the_configured_endpoint_only(browser, built):
    """A production build's /admin/ (kept aside by `built`): no local backend in any language's config.yml or
    CSP; opened with the network limited to the site, nothing goes elsewhere and nothing is logged as an error
    or warning until "Login with GitHub" is clicked; the click opens the configured endpoint, whose answer
    (sveltia-cms-auth's handshake, played here) Decap takes and signs in to GitHub's API with."""
    site, url, published = built[1], built[3], built[4]
    for folder, lang in (("", "es"), ("en/", "en"), ("pt/", "pt")):
        cfg = yaml.safe_load((published / folder / "config.yml").read_text(encoding="utf-8"))
        assert "local_backend" not in cfg and cfg["locale"] == lang
        assert cfg["backend"] == {"name": "github", "repo": "safety-audit-portal/portal", "branch": "main",
                                  "base_url": AUTH, "auth_endpoint": "auth"}
        page = (published / folder / "index.html").read_text(encoding="utf-8")
        assert "localhost" not in page and f'<html lang="{lang}">' in page
    assert not list(published.rglob(cms.NO_SIGN_IN))
    shutil.rmtree(site / "admin")
    shutil.copytree(published, site / "admin")

    context = browser.new_context()
    context.set_default_timeout(TIMEOUT)
    elsewhere, problems = [], []

    def route(r):
        if urlparse(r.request.url).hostname in LOCAL:
            return r.continue_()
        elsewhere.append(r.request.url)
        if r.request.url.startswith(f"{AUTH}/"):
            r.fulfill(content_type="text/html", body=HANDSHAKE)
        else:
            r.abort()
    context.route("**/*", route)
    p = context.new_page()
    p.on("console", lambda m: problems.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    p.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
    p.goto(url + "/admin/", wait_until="networkidle")
    button = p.get_by_role("button", name="Iniciar sesión con GitHub")
    expect(button).to_be_visible()
    p.wait_for_timeout(1000)  # anything Decap would start after showing its sign-in (time.sleep would block it)
    assert (elsewhere, problems) == ([], [])
    with p.expect_request("https://api.github.com/user") as asked, p.expect_popup():
        button.click()
    assert asked.value.headers["authorization"] == "token from-the-endpoint"
    assert elsewhere[0] == f"{AUTH}/auth?provider=github&site_id=127.0.0.1&scope=repo"  # the first, on the click
    context.close()


HANDSHAKE = """<!doctype html><script>
  window.addEventListener("message", function (e) {
    if (e.data === "authorizing:github") {
      e.source.postMessage('authorization:github:success:{"token":"from-the-endpoint","provider":"github"}', e.origin);
    }
  });
  window.opener.postMessage("authorizing:github", "*");
</script>"""
"""What an OAuth endpoint such as sveltia-cms-auth answers once GitHub has sent the user back to it."""


def test_without_an_endpoint_sign_in_says_it_is_not_set_up(browser, built):
    """portal.yml names no OAuth endpoint: "Login with GitHub" opens the page beside the editor, in its language,
    saying sign-in is not set up and where a maintainer sets it up; nothing goes to another host."""
    site, loaded, url = built[1:4]
    unset = replace(loaded, portal=loaded.portal.model_copy(update={"editor": schema.Editor()}))
    shutil.rmtree(site / "admin")
    cms.write_admin(unset, site)
    visit = Editor(browser, url + "/admin/")
    try:
        p = visit.page
        p.goto(visit.url + "pt/")
        with p.expect_popup() as opened:
            p.get_by_role("button", name="Entrar com o GitHub").click()
        notice = opened.value
        expect(notice.get_by_role("heading", name="O login não está configurado")).to_be_visible()
        assert urlparse(notice.url).path == "/portal/admin/pt/sign-in.html"
        assert notice.get_by_role("link", name=re.compile("CONTRIBUTING.md")).get_attribute("href") == (
            "https://github.com/safety-audit-portal/portal/blob/main/CONTRIBUTING.md#edit-in-the-browser-admin")
        assert "\n## Edit in the browser (/admin/)\n" in (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
        assert (visit.foreign, visit.errors) == ([], [])
    finally:
        visit.close()


def test_the_editor_speaks_the_portals_language_with_a_choice(editor):
    """At /admin/ the editor is in the portal's first language, Spanish: Decap's own words and the forms' labels,
    choices and the portal's widget; the other languages are a link away."""
    p = editor.login("", "Iniciar sesión", "Flujo Editorial")
    p.get_by_role("link", name="Recomendaciones", exact=True).first.click()
    p.get_by_text("Mini Cali — recomendaciones", exact=True).click()
    item = list_item(p, 0)
    expand(item)
    expect(item.get_by_role("textbox", name="Título (todos)")).to_be_visible()
    expect(item.get_by_role("button", name="Escribir entidad líder por idioma")).to_be_visible()
    item.get_by_role("combobox", name="Estado").focus()
    p.keyboard.press("ArrowDown")
    expect(p.get_by_role("option")).to_have_text(["Planificada", "En curso", "Implementada", "Descartada"])
    p.keyboard.press("Escape")
    expect(p.get_by_role("button", name="Guardar", exact=True)).to_be_visible()

    p.get_by_role("link", name="English", exact=True).click()
    expect(p).to_have_url(re.compile(r"/portal/admin/en/"))
    # whoever signed in stays signed in: Decap keeps them in the site's storage, which every language shares
    expect(p.get_by_role("link", name="Recommendations", exact=True)).to_be_visible()
    assert editor.errors == []
