"""Issue 12, part B: judgments' horizon, basis and indicators; partial quotes with medium
and venue; affiliations with role and years; brief authors; TLP labels and `tlp_max`.

The example briefing plus three files: a TLP:AMBER brief, a TLP:CLEAR brief relating to
it, and their author. Built in memory (`build_site`) for the page, API, JSON-LD and feed
contents; with `mkdocs build --strict` for what "left out of the build" means on a real
site; in Chromium for the TLP label's colours on screen and in print.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from helpers import (
    EXAMPLE_BRIEF,
    EXAMPLE_CONTENT,
    browser_page,
    copy_project,
    mkdocs,
    read_json,
    set_plugin_options,
    write_files,
)

from generator.cli import main
from generator.edition import withheld_links, withheld_summary
from generator.model import TLP_LEVELS, Content
from generator.settings import SettingsError, read_settings
from generator.site import Options, Site, build_site
from generator.validate import load_content

SITE_URL = "https://briefing.example.org/"
AMBER, CLEAR, AUTHOR = "amber-assessment", "clear-assessment", "lee-analyst"

EXTRA_FILES = {
    f"actors/{AUTHOR}.yml": """\
name: Lee Analyst
kind: person
affiliations:
  - actor: united-nations
    as: ambassador to
    from: 2019
    to: "2023-06"
  - south-korea
""",
    f"briefs/{AMBER}.yml": """\
title: Sensitive assessment of the launch site
date: 2025-03-24
tlp: amber
authors: [lee-analyst]
summary: "[[north-korea]] prepares another launch.[^site-report]"
sources:
  - id: site-report
    title: Launch site report
    publisher: Example Wire
    url: https://example.org/site-report
""",
    f"briefs/{CLEAR}.yml": """\
title: Open assessment of the launch
date: 2025-03-23
tlp: clear
authors: [lee-analyst]
summary: "[[north-korea]] tested a missile.[^wire]"
related: [amber-assessment, north-korea-weapon-test-shoigu-visit]
key_judgments:
  - text: More tests will follow.
    likelihood: likely
    confidence: moderate
    horizon: through the end of 2025
    basis: "Past practice of [[north-korea]] after visits.[^wire]"
    indicators: [A moratorium is announced, Launch pads are dismantled]
quotes:
  - by: kim-jong-un
    text: the test was "a complete success"
    kind: partial
    medium: press-conference
    venue: Pyongyang
    source: wire
  - by: kim-jong-un
    text: We will keep testing.
    kind: direct
    medium: speech
    source: wire
sources:
  - id: wire
    title: Wire report on the launch
    publisher: Example Wire
    url: https://example.org/wire
""",
}


@pytest.fixture(scope="module")
def content_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("analytic") / "content"
    shutil.copytree(EXAMPLE_CONTENT, folder)
    return write_files(folder, EXTRA_FILES)


@pytest.fixture(scope="module")
def content(content_dir: Path) -> Content:
    loaded, warnings = load_content(content_dir)
    assert warnings == []  # an author counts as referenced: no "unused actor" warning
    return loaded


def _site(content: Content, tlp_max: str = "clear") -> Site:
    shown = content.shown(tlp_max=tlp_max)  # type: ignore[arg-type]
    return build_site(shown, Options(site_url=SITE_URL, history=False))


@pytest.fixture(scope="module")
def site(content: Content) -> Site:
    return _site(content)


@pytest.fixture(scope="module")
def amber_site(content: Content) -> Site:
    return _site(content, "amber")


def _page(site: Site, brief_id: str) -> str:
    return site.pages[f"briefs/{brief_id}.md"]


def test_tlp_levels_withhold_what_is_above_tlp_max(content: Content) -> None:
    for level in TLP_LEVELS:
        shown = content.shown(tlp_max=level)
        assert (AMBER in shown.briefs) == (TLP_LEVELS.index(level) >= 2), level
        assert CLEAR in shown.briefs and EXAMPLE_BRIEF in shown.briefs  # unmarked is clear
    shown = content.shown()
    assert dict(shown.withheld) == {AMBER: "marked above TLP:CLEAR"}
    assert withheld_summary(shown) == "1 brief withheld: 1 marked above TLP:CLEAR"
    assert list(withheld_links(shown)) == [
        f"briefing: brief '{CLEAR}' relates to '{AMBER}', which this build withholds "
        "(marked above TLP:CLEAR): shown as plain text"
    ]
    assert withheld_summary(content.shown(tlp_max="amber")) == ""
    assert content.published().withheld == shown.withheld  # one decision, drafts and TLP


@pytest.mark.slow  # a third of a second or more: out of make test-fast
def test_withheld_brief_is_in_no_output(site: Site, amber_site: Site) -> None:
    everything = "\n".join([*site.pages.values(), *site.files.values()])
    assert AMBER not in everything.replace(f"{AMBER} (not published here)", "")
    assert "Sensitive assessment" not in everything  # its title is withheld too
    assert "Sensitive assessment" in _page(amber_site, AMBER)
    assert f"briefs/{AMBER}.json" in "\n".join(amber_site.files)


def test_related_entry_to_a_withheld_brief_is_plain_text(site: Site, amber_site: Site) -> None:
    page = _page(site, CLEAR)
    assert f"<li>{AMBER} (not published here)</li>" in page
    assert f"briefs/{AMBER}" not in page and f"{AMBER}/" not in page
    assert f'<a href="../{EXAMPLE_BRIEF}/">' in page  # a shown brief is still linked
    assert f'<a href="../{AMBER}/">' in _page(amber_site, CLEAR)
    assert "not published here" not in _page(amber_site, CLEAR)


def test_brief_page_shows_label_byline_and_judgment_analysis(amber_site: Site) -> None:
    page = _page(amber_site, CLEAR)
    label = re.search(r'<span class="bf-tlp bf-tlp-clear"[^>]*>([^<]*)</span>', page)
    assert label and label.group(1) == "TLP:CLEAR"
    assert page.index("bf-tlp-line") < page.index("Bottom line")  # at the top
    assert re.search(r'<p class="bf-byline"[^>]*>By <a href="[^"]*actors/lee-analyst/">Lee', page)
    assert "<dt>Horizon</dt><dd>through the end of 2025</dd>" in page
    basis = re.search(r"<dt>Basis</dt><dd>(.*?)</dd>", page)
    assert basis and "actors/north-korea/" in basis.group(1) and "bf-cite" in basis.group(1)
    assert "<li>A moratorium is announced</li><li>Launch pads are dismantled</li>" in page
    amber = _page(amber_site, AMBER)
    assert ">TLP:AMBER</span>" in amber and "bf-tlp-amber" in amber


def test_partial_quote_is_labelled_and_never_a_direct_quote(amber_site: Site) -> None:
    page = _page(amber_site, CLEAR)
    partial = page[page.index('id="quote-1"') : page.index('id="quote-2"')]
    assert "Partial quote" in partial and "bf-quote-partial" in partial
    assert "bf-quote-direct" not in partial
    assert '<span class="bf-quote-setting">Press conference, Pyongyang</span>' in partial
    assert '<span class="bf-quote-setting">Speech</span>' in page
    quotes = amber_site.pages["quotes.md"] + amber_site.pages["actors/kim-jong-un.md"]
    assert quotes.count("Press conference, Pyongyang") == 2


def test_actor_pages_show_ties_and_briefs_written(site: Site, amber_site: Site) -> None:
    author = site.pages[f"actors/{AUTHOR}.md"]
    assert "(ambassador to, 2019–2023)" in author
    assert "[South Korea](south-korea.md)," not in author  # a bare id: no role, no years
    assert "Briefs written" in author and f'href="../../briefs/{CLEAR}/"' in author
    assert AMBER not in author
    assert f'href="../../briefs/{AMBER}/"' in amber_site.pages[f"actors/{AUTHOR}.md"]
    org = site.pages["actors/united-nations.md"]
    assert f"[Lee Analyst]({AUTHOR}.md) (ambassador to, 2019–2023)" in org


def test_api_carries_the_new_fields(amber_site: Site) -> None:
    brief = json.loads(amber_site.files[f"api/briefs/{CLEAR}.json"])
    assert brief["tlp"] == "clear"
    assert brief["authors"] == [
        {"id": AUTHOR, "url": f"{SITE_URL}actors/{AUTHOR}/", "name": "Lee Analyst", "role": None}
    ]
    judgment = brief["key_judgments"][0]
    assert judgment["horizon"] == "through the end of 2025"
    assert judgment["indicators"][0] == "A moratorium is announced"
    assert brief["quotes"][0]["kind"] == "partial"
    assert brief["quotes"][0]["medium"] == "press-conference"
    assert brief["quotes"][0]["venue"] == "Pyongyang"
    listing = json.loads(amber_site.files["api/briefs.json"])["briefs"]
    assert {b["id"]: b.get("tlp") for b in listing}[AMBER] == "amber"
    actor = json.loads(amber_site.files[f"api/actors/{AUTHOR}.json"])
    assert [b["id"] for b in actor["authored"]] == [AMBER, CLEAR]
    assert actor["affiliations"][0] == {
        "id": "united-nations",
        "url": f"{SITE_URL}actors/united-nations/",
        "role": "ambassador to",
        "start": "2019",
        "start_precision": "year",
        "end": "2023-06",
        "end_precision": "month",
    }
    schema = json.loads(amber_site.files["api/schema/brief.schema.json"])
    assert "tlp" in schema["properties"] and "tlp" not in schema["required"]


def test_jsonld_has_author_claims_and_quotations(amber_site: Site) -> None:
    page = _page(amber_site, CLEAR)
    found = re.search(r'^jsonld: "(.*)"$', page, re.MULTILINE)
    assert found
    doc = json.loads(json.loads(f'"{found.group(1)}"'))
    assert doc["author"][0]["@type"] == "Person" and doc["author"][0]["name"] == "Lee Analyst"
    claim, quotation = doc["hasPart"]
    assert claim["@type"] == "Claim" and claim["text"] == "More tests will follow."
    assert {"@type": "PropertyValue", "name": "horizon", "value": "through the end of 2025"} in (
        claim["additionalProperty"]
    )
    assert claim["description"] == "Past practice of North Korea after visits."
    # Only the direct quote is a Quotation: a partial quote is not the speaker's own words.
    assert quotation["@type"] == "Quotation" and quotation["text"] == "We will keep testing."
    assert quotation["creator"]["name"] == "Kim Jong Un"


def test_feeds_carry_authors_and_the_tlp_label(amber_site: Site) -> None:
    atom = amber_site.files["feed.xml"]
    entry = atom[atom.index(f"{SITE_URL}briefs/{AMBER}/") :]
    entry = entry[: entry.index("</entry>")]
    assert '<category term="TLP:AMBER" scheme="https://www.first.org/tlp/"' in entry
    assert "<name>Lee Analyst</name>" in entry and f"<uri>{SITE_URL}actors/{AUTHOR}/</uri>" in entry
    items = {i["id"]: i for i in json.loads(amber_site.files["feed.json"])["items"]}
    item = next(i for i in items.values() if i["url"].endswith(f"/{AMBER}/"))
    assert item["_briefing"] == {"tlp": "TLP:AMBER"}
    assert item["authors"] == [{"name": "Lee Analyst", "url": f"{SITE_URL}actors/{AUTHOR}/"}]
    author_feed = json.loads(amber_site.files[f"actors/{AUTHOR}/feed.json"])["items"]
    assert [i["url"].rsplit("/", 2)[-2] for i in author_feed] == [AMBER, CLEAR]  # written
    plain = next(i for i in items.values() if i["url"].endswith(f"/{EXAMPLE_BRIEF}/"))
    assert "authors" not in plain and "_briefing" not in plain  # unmarked: as before


@pytest.mark.slow  # a third of a second or more: out of make test-fast
def test_generate_takes_tlp_max_from_flag_and_mkdocs_yml(content_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["generate", "--content", str(content_dir), "--out", str(out)]) == 0
    assert not (out / "docs" / "briefs" / f"{AMBER}.md").exists()
    args = ["generate", "--content", str(content_dir), "--out", str(out), "--tlp-max", "amber"]
    assert main(args) == 0
    assert (out / "docs" / "briefs" / f"{AMBER}.md").is_file()
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: X\nplugins:\n  - briefing:\n      tlp_max: red\n", "utf-8")
    assert read_settings(config).tlp_max == "red"
    config.write_text("site_name: X\nplugins:\n  - briefing:\n      tlp_max: orange\n", "utf-8")
    with pytest.raises(SettingsError, match="tlp_max"):
        read_settings(config)


# --- A real build ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("tlp-build"))
    write_files(project / "content", EXTRA_FILES)
    return project


def _everything(site: Path) -> str:
    """Every text file of a built site, one string (the sitemap, search index, feeds...)."""
    texts = []
    for path in site.rglob("*"):
        if path.suffix in {".html", ".xml", ".json", ".txt"}:
            texts.append(path.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(texts)


@pytest.mark.slow
def test_amber_brief_is_left_out_of_the_default_build(project: Path) -> None:
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    site = project / "site"
    assert not (site / "briefs" / AMBER).exists()
    assert not (site / "api" / "briefs" / f"{AMBER}.json").exists()
    everything = _everything(site)
    assert "Sensitive assessment" not in everything
    for listing in ("sitemap.xml", "search/search_index.json", "feed.xml", "api/briefs.json"):
        text = (site / listing).read_text(encoding="utf-8")
        assert AMBER not in text.replace(f"{AMBER} (not published here)", ""), listing
    page = (site / "briefs" / CLEAR / "index.html").read_text(encoding="utf-8")
    assert f"<li>{AMBER} (not published here)</li>" in page
    assert f'href="../{AMBER}/"' not in page
    assert "1 brief withheld: 1 marked above TLP:CLEAR" in result.stderr
    assert f"relates to '{AMBER}', which this build withholds" in result.stderr
    assert re.search(r"INFO\s+-\s+briefing: brief 'clear-assessment' relates", result.stderr)


@pytest.mark.slow
def test_amber_brief_is_in_the_build_with_tlp_max_amber(project: Path) -> None:
    set_plugin_options(project, tlp_max="amber")
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    site = project / "site"
    assert (site / "briefs" / AMBER / "index.html").is_file()
    for listing in ("sitemap.xml", "search/search_index.json", "feed.xml", "api/briefs.json"):
        assert AMBER in (site / listing).read_text(encoding="utf-8"), listing
    assert AMBER in {b["id"] for b in read_json(site, "api/briefs.json")["briefs"]}
    page = (site / "briefs" / CLEAR / "index.html").read_text(encoding="utf-8")
    assert f'href="../{AMBER}/"' in page
    assert "withheld" not in result.stderr


# --- The TLP label in Chromium -----------------------------------------------------------

TLP_STYLE = """() => {
  const label = document.querySelector('.bf-tlp');
  const style = getComputedStyle(label);
  const box = label.getBoundingClientRect();
  return {text: label.textContent, color: style.color, background: style.backgroundColor,
          lines: label.getClientRects().length, top: box.top + window.scrollY,
          visible: box.width > 0 && style.display !== 'none' && style.visibility !== 'hidden',
          h1: document.querySelector('h1').getBoundingClientRect().top + window.scrollY};
}"""


@pytest.mark.slow
def test_tlp_label_in_tlp_colours_on_screen_and_in_print(project: Path, chromium: object) -> None:
    from playwright.sync_api import Browser

    assert isinstance(chromium, Browser)
    built = project / "site" / "briefs"
    if not (built / AMBER).exists():  # run alone: build with the amber brief
        set_plugin_options(project, tlp_max="amber")
        assert mkdocs(project, "build", "--strict").returncode == 0
    expected = {AMBER: "rgb(255, 192, 0)", CLEAR: "rgb(255, 255, 255)"}
    with browser_page(chromium) as page:
        for brief_id, colour in expected.items():
            page.goto((built / brief_id / "index.html").as_uri())
            for media in ("screen", "print"):
                page.emulate_media(media=media)
                label = page.evaluate(TLP_STYLE)
                assert label["text"] == f"TLP:{brief_id.split('-')[0].upper()}", label
                assert label["color"] == colour and label["background"] == "rgb(0, 0, 0)", label
                assert label["lines"] == 1 and label["visible"], (media, label)
                assert label["h1"] <= label["top"] < label["h1"] + 200, label  # at the top
        page.goto((built / AMBER / "index.html").as_uri())
        page.emulate_media(media="print")
        pdf = project / "amber.pdf"
        page.pdf(path=str(pdf), format="A4", print_background=True)
    from test_editions import _pdf_text

    assert "TLP:AMBER" in _pdf_text(pdf).split("\n\f")[0]  # on the first printed page


# --- History: revisions with the new fields ----------------------------------------------

REVISION = """\
title: Launch
date: 2025-03-01
{marking}summary: A missile was fired.
key_judgments:
  - text: More tests will follow.
    likelihood: likely
    confidence: moderate
{analysis}"""


def test_history_reads_and_diffs_revisions_with_the_new_fields() -> None:
    from generator.changes import diff_briefs
    from generator.revisions import load_revision
    from generator.validate import brief_from_text

    texts = [
        REVISION.format(marking="", analysis=""),
        REVISION.format(
            marking="tlp: amber\nauthors: [lee-analyst]\n",
            analysis="    horizon: through 2025\n    indicators: [A moratorium]\n",
        ),
        REVISION.format(marking="tlp: clear\n", analysis="    horizon: through 2026\n"),
    ]
    before, briefs = None, []
    for text in texts:
        loaded = load_revision(text, "b", before)
        assert loaded is not None and loaded.brief == brief_from_text(text, "b")
        briefs.append(loaded.brief)
        before = loaded
    assert [c.text for c in diff_briefs(briefs[0], briefs[1])] == [
        "horizon and indicators changed",
        "1 author added: lee-analyst",
        "TLP: unmarked → TLP:AMBER",
    ]
    assert [c.text for c in diff_briefs(briefs[1], briefs[2])] == [
        "horizon and indicators changed",
        "1 author removed: lee-analyst",
        "TLP: TLP:AMBER → TLP:CLEAR",
    ]


@pytest.mark.parametrize(
    ("written", "meant"),
    [("orange", "amber"), ("TLP:AMBER+STRICT", "amber+strict"), ("Amber Strict", "amber+strict")],
)
def test_a_tlp_label_as_written_elsewhere_gets_a_did_you_mean(written: str, meant: str) -> None:
    from generator.fieldcheck import enum_hint

    assert enum_hint(written, list(TLP_LEVELS)) == f"did you mean '{meant}'?"


def test_history_shows_no_details_of_revisions_marked_above_tlp_max(tmp_path: Path) -> None:
    """A brief that was TLP:AMBER and is TLP:CLEAR now: its amber revisions (and the
    change out of amber) keep their date and commit, but not what changed or the subject."""
    from gitrepo import brief_yaml, commit, new_project, write_brief

    from generator.history import read_history
    from generator.history_pages import HistoryPages
    from generator.index import build_index
    from generator.paths import Urls

    project = new_project(tmp_path / "p")
    secret = "tlp: amber\n" + brief_yaml(summary="Secret amber summary.").replace(
        "North Korea will test again within the year.", "Secret amber judgment here."
    )
    write_brief(project, secret)
    commit(project, "Add the amber source's reporting", "2025-03-01T09:00:00+00:00")
    write_brief(project, "tlp: clear\n" + brief_yaml())
    commit(project, "Publish an open version", "2025-03-02T09:00:00+00:00")
    write_brief(project, "tlp: clear\n" + brief_yaml("very likely"))
    commit(project, "Raise likelihood", "2025-03-03T09:00:00+00:00")
    content, _ = load_content(project / "content", project)
    history = read_history(project / "content")
    for tlp_max, shown in (("clear", False), ("amber", True)):
        index = build_index(content.shown(tlp_max=tlp_max))  # type: ignore[arg-type]
        pages = HistoryPages(history, index, Urls(SITE_URL))
        outputs = "\n".join(
            [
                pages.brief_section("briefs/missile-test.md", "missile-test"),
                pages.changes_page(),
                *(text for _, text in pages.files("Briefing")),
            ]
        )
        assert ("Secret amber" in outputs) is shown, tlp_max
        assert ("amber source" in outputs) is shown, tlp_max
        assert ("details withheld" in outputs) is not shown, tlp_max
        assert "likelihood: likely → very likely" in outputs  # a clear revision, in full
