"""The visuals as Chromium draws them on the built example site: text size at 1280 px and in
print, no page scrolling sideways on a phone, no overlapping labels (measured with the real
font), WCAG 1.4.3 contrast in the light and dark palettes, and screenshots of the brief, an
actor and the Timeline page (desktop, mobile, dark, print) kept in test-artifacts/visuals/.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest
from helpers import ROOT
from test_browser import site_url  # noqa: F401  (the built example site, served)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = ROOT / "test-artifacts" / "visuals"
PAGES = {
    "brief": "briefs/north-korea-weapon-test-shoigu-visit/",
    "actor": "actors/kim-jong-un/",
    "timeline": "timeline/",
    "actors": "actors/",
}
PRINT_WIDTH = 605  # A4 (210 mm) less Material's @page margins (25 mm each side), in CSS px

# Every <text> of every visual: its rendered font size, box, colour and opacity, and the
# page's background colour behind it.
MEASURE = """() => {
  const bg = getComputedStyle(document.body).backgroundColor;
  return [...document.querySelectorAll('svg.bf-vis')].map(svg => ({
    kind: svg.getAttribute('class'),
    texts: [...svg.querySelectorAll('text')].map(t => {
      const r = t.getBoundingClientRect();
      const s = getComputedStyle(t);
      let opacity = 1;
      for (let el = t; el && el !== svg; el = el.parentElement) {
        opacity *= parseFloat(getComputedStyle(el).opacity);
      }
      return {
        text: t.textContent,
        px: parseFloat(t.getAttribute('font-size')) * t.getScreenCTM().a,
        box: [r.left, r.top, r.right, r.bottom],
        fill: s.fill, fillOpacity: parseFloat(s.fillOpacity) * opacity, bg: bg,
      };
    }),
  }));
}"""


@pytest.fixture
def browser(chromium: Browser) -> Browser:
    return chromium


def open_page(browser: Browser, url: str, width: int, scheme: str = "light") -> Page:
    context = browser.new_context(
        viewport={"width": width, "height": 900},
        color_scheme=scheme,  # type: ignore[arg-type]
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(url)
    return page


@pytest.fixture
def pages(chromium: Browser, site_url: str) -> Iterator[dict[str, Any]]:  # noqa: F811
    opened: list[Page] = []

    def get(name: str, width: int = 1280, scheme: str = "light") -> Page:
        page = open_page(chromium, site_url + PAGES[name], width, scheme)
        opened.append(page)
        return page

    yield {"get": get}
    for page in opened:
        page.context.close()


def visuals(page: Page) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = page.evaluate(MEASURE)
    assert found, f"no visual on {page.url}"
    return found


def test_all_visual_text_is_at_least_12px_at_1280_and_in_print(pages: dict[str, Any]) -> None:
    for name in PAGES:
        page = pages["get"](name)
        for media, width in (("screen", 1280), ("print", PRINT_WIDTH)):
            page.emulate_media(media=media)
            page.set_viewport_size({"width": width, "height": 900})
            for visual in visuals(page):
                small = [(t["text"], round(t["px"], 1)) for t in visual["texts"] if t["px"] < 11.95]
                assert not small, (name, media, visual["kind"], small)
                assert not [t for t in visual["texts"] if "…" in t["text"] and name != "actors"]


def test_no_page_scrolls_sideways_on_a_phone(pages: dict[str, Any]) -> None:
    for name in PAGES:
        page = pages["get"](name, 390)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (name, width)


def test_labels_do_not_overlap_as_drawn(pages: dict[str, Any]) -> None:
    for name in PAGES:
        for visual in visuals(pages["get"](name)):
            boxes = [(t["text"], t["box"]) for t in visual["texts"]]
            for i, (a, (ax0, ay0, ax1, ay1)) in enumerate(boxes):
                for b, (bx0, by0, bx1, by1) in boxes[i + 1 :]:
                    overlap = min(ax1, bx1) - max(ax0, bx0), min(ay1, by1) - max(ay0, by0)
                    assert min(overlap) <= 0.5, (name, visual["kind"], a, b)


def rgba(css: str) -> tuple[float, float, float, float]:
    inner = css[css.index("(") + 1 : css.index(")")].replace("/", ",")
    parts = [float(p) for p in inner.replace(",", " ").split()]
    return parts[0], parts[1], parts[2], parts[3] if len(parts) > 3 else 1.0


def luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(text: dict[str, Any]) -> float:
    """WCAG contrast of the text colour (its alpha and opacity blended over the page's
    background) against that background."""
    *fg, alpha = rgba(text["fill"])
    *bg, _ = rgba(text["bg"])
    a = alpha * text["fillOpacity"]
    mixed = tuple(a * f + (1 - a) * b for f, b in zip(fg, bg, strict=True))
    hi, lo = sorted((luminance(mixed), luminance((bg[0], bg[1], bg[2]))), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_visual_text_meets_wcag_contrast(pages: dict[str, Any], scheme: str) -> None:
    for name in PAGES:
        for visual in visuals(pages["get"](name, scheme=scheme)):
            for text in visual["texts"]:
                ratio = contrast(text)
                assert ratio >= 4.5, (scheme, name, visual["kind"], text["text"], ratio)


def test_screenshots_of_brief_actor_and_timeline_pages(pages: dict[str, Any]) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for name in ("brief", "actor", "timeline"):
        for label, width, scheme in (("desktop", 1280, "light"), ("mobile", 390, "light")):
            page = pages["get"](name, width, scheme)
            page.screenshot(path=str(ARTIFACTS / f"{name}-{label}.png"), full_page=True)
        page = pages["get"](name, 1280, "dark")
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
        page.screenshot(path=str(ARTIFACTS / f"{name}-dark.png"), full_page=True)
        pdf = ARTIFACTS / f"{name}-print.pdf"
        page.emulate_media(media="print", color_scheme="light")
        page.pdf(path=str(pdf), format="A4", print_background=True)
        if shutil.which("pdftoppm"):
            subprocess.run(
                ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "3", str(pdf), str(pdf)[:-4]],
                check=True,
                timeout=60,
            )
    shots = sorted(p.name for p in ARTIFACTS.glob("*.png"))
    for name in ("brief", "actor", "timeline"):
        for label in ("desktop", "mobile", "dark"):
            assert f"{name}-{label}.png" in shots
        if shutil.which("pdftoppm"):
            assert any(s.startswith(f"{name}-print-") for s in shots)
