"""The catalogue in a real browser: headless Chromium (Debian's chromium and chromium-driver) driven by
selenium, the page opened from file:// as a front desk opens it from a shared drive.

Skipped, with the reason, where Chromium or chromedriver is not installed; the axe-core check also needs
axe-core's axe.min.js (`.ci/run` installs it with npm into .ci/npm; AXE_CORE_JS names another copy).
Screenshots go to CATALOGUE_SCREENSHOTS when it names a folder, else to the test's temporary folder.
"""
from __future__ import annotations

import base64
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from PIL import Image, ImageStat
from pypdf import PdfReader

from conftest import ESCAPE_TITLE, ROOT

try:
    from selenium import webdriver
    from selenium.common.exceptions import TimeoutException, WebDriverException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:  # pragma: no cover - the test extra installs it
    webdriver = None

CHROMIUM = next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)
CHROMEDRIVER = shutil.which("chromedriver")
AXE = next((p for p in (os.environ.get("AXE_CORE_JS"), ROOT / ".ci" / "npm" / "node_modules" / "axe-core" /
                        "axe.min.js", ROOT / "node_modules" / "axe-core" / "axe.min.js")
            if p and Path(p).is_file()), None)

REQUIRED = os.environ.get("MAKE_LEAFLET_BROWSER_TESTS") == "required"  # .ci/run: fail rather than skip
NO_BROWSER = ("needs Chromium and chromedriver (Debian: apt-get install chromium chromium-driver) and selenium "
              "(pip install '.[test]'); .ci/run installs them")
NO_AXE = ("needs axe-core's axe.min.js: `npm install --prefix .ci/npm axe-core` (.ci/run does), or "
          "AXE_CORE_JS=path/to/axe.min.js")
pytestmark = pytest.mark.skipif(not REQUIRED and (webdriver is None or not CHROMIUM or not CHROMEDRIVER),
                                reason=NO_BROWSER)

DESKTOP, PHONE = (1280, 900), (390, 844)
FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars")


@pytest.fixture(scope="module")
def browser():
    if webdriver is None or not CHROMIUM or not CHROMEDRIVER:
        pytest.fail(NO_BROWSER)
    profile = tempfile.mkdtemp(prefix="catalogue-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    try:
        driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    except WebDriverException as exc:
        shutil.rmtree(profile, ignore_errors=True)
        (pytest.fail if REQUIRED else pytest.skip)(f"Chromium would not start: {exc.msg}")
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def page(browser, catalogue_library):
    """Opens the catalogue at a width (CSS pixels) and zoom; returns the driver."""

    def open_at(size=DESKTOP, zoom=1, path: Path | None = None):
        width, height = size
        browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width // zoom, "height": height // zoom, "deviceScaleFactor": zoom, "mobile": size == PHONE})
        browser.get((path or catalogue_library / "index.html").as_uri())
        WebDriverWait(browser, 10).until(lambda d: d.execute_script(
            "return document.readyState === 'complete' && !document.getElementById('find').hidden"))
        return browser

    return open_at


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("CATALOGUE_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def search(driver, text: str) -> list[dict]:
    """Type into the search box as a person does; the cards shown once the count has caught up."""
    box = driver.find_element(By.ID, "q")
    box.clear()
    box.send_keys(text)
    shown = driver.execute_script("return document.querySelectorAll('.card:not([hidden])').length")
    total = len(driver.find_elements(By.CSS_SELECTOR, ".card"))
    want = f"{total} PDFs." if shown == total else f"Showing {shown} of {total} PDF{'s' * (total != 1)}."
    try:
        WebDriverWait(driver, 5).until(lambda d: d.find_element(By.ID, "count").text == want)
    except TimeoutException:
        pytest.fail(f"the count says {driver.find_element(By.ID, 'count').text!r}, expected {want!r}")
    return driver.execute_script("""
        return [...document.querySelectorAll('.card')].filter(c => c.offsetParent !== null).map(c => ({
            lang: c.dataset.lang, layout: c.dataset.layout, paper: c.dataset.paper,
            title: c.querySelector('h3').textContent, href: c.querySelector('a.print').getAttribute('href')}));""")


def test_one_search_finds_urdu_large_print(page):
    driver = page()
    found = search(driver, "Urdu, large print")
    assert [(c["lang"], c["layout"], c["paper"]) for c in found] == [("ur", "large-print", "a4")]
    assert found[0]["href"] == "a4/ur/lung-cancer-back-pain.large-print.pdf"
    assert not driver.find_element(By.ID, "none").is_displayed()
    assert search(driver, "urdu large-print") == found  # however it is written
    english = search(driver, "back pain letter")
    seed = sorted(c["lang"] for c in english if "lung-cancer" in c["href"])
    assert seed == ["ar", "en", "ur"]  # the English title finds every language
    assert all(c["paper"] == "letter" for c in english)


def test_search_in_arabic_script(page):
    driver = page()
    arabic = search(driver, "سرطان الرئة")  # words of the Arabic title
    assert {c["lang"] for c in arabic} == {"ar"} and len(arabic) == 3
    assert search(driver, "العربية") == arabic  # the language's own name
    urdu = search(driver, "كيوں")  # an Urdu title word typed on an Arabic keyboard (kaf and yeh)
    assert {c["lang"] for c in urdu} == {"ur"} and len(urdu) == 3
    assert search(driver, "اردو") == urdu
    assert search(driver, "no such leaflet anywhere") == []
    assert driver.find_element(By.ID, "none").is_displayed()
    assert not any(s.is_displayed() for s in driver.find_elements(By.CSS_SELECTOR, "section.leaflet"))


def test_keyboard_only(page):
    driver = page()
    body = driver.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    skip = driver.switch_to.active_element
    assert skip.get_attribute("class") == "skip" and skip.is_displayed() and skip.rect["y"] >= 0
    skip.send_keys(Keys.ENTER)
    assert driver.switch_to.active_element.get_attribute("id") == "leaflets"

    driver = page()
    driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    order = []
    for _ in range(8):
        el = driver.switch_to.active_element
        order.append(el.get_attribute("id") or el.get_attribute("class"))
        outline = driver.execute_script(
            "const s = getComputedStyle(arguments[0]); return [s.outlineStyle, parseFloat(s.outlineWidth)]", el)
        assert outline[0] != "none" and outline[1] >= 2, (order[-1], outline)  # focus visible
        el.send_keys(Keys.TAB)
    assert order == ["skip", "q", "f-lang", "f-layout", "f-paper", "", "print-list", "print"], order

    driver = page()
    driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB, Keys.TAB)
    driver.switch_to.active_element.send_keys("large", Keys.ENTER)  # Enter does not leave the page
    assert driver.current_url.endswith("index.html")
    driver.switch_to.active_element.send_keys(Keys.TAB, "U")  # the language list: type-ahead to Urdu
    assert driver.find_element(By.ID, "f-lang").get_attribute("value") == "ur"
    for _ in range(5):
        driver.switch_to.active_element.send_keys(Keys.TAB)
    link = driver.switch_to.active_element
    assert link.get_attribute("href").endswith("a4/ur/lung-cancer-back-pain.large-print.pdf")
    assert link.accessible_name == ("Open and print: Why Does Lung Cancer Cause Back Pain?, Urdu, Large print, A4 "
                                    "(opens the PDF in a new tab)")


def test_titles_are_text_with_their_language(page):
    driver = page()
    titles = driver.execute_script("""return [...document.querySelectorAll('.card h3')].map(h =>
        [h.textContent, h.lang, getComputedStyle(h).direction, h.closest('.card').dataset.lang])""")
    assert ESCAPE_TITLE in [t[0] for t in titles]
    assert driver.execute_script("return window.catalogueInjected === undefined")
    for text, lang, direction, card_lang in titles:
        assert lang == card_lang and direction == ("rtl" if lang in ("ar", "ur") else "ltr"), text
    # Arabic and Urdu titles are set in the font their PDFs use, from the files beside the page
    driver.set_script_timeout(20)
    loaded = driver.execute_async_script("""const done = arguments[arguments.length - 1];
        document.fonts.ready.then(() => done([...document.fonts].filter(f => f.status === 'loaded')
            .map(f => f.family.replace(/"/g, ''))));""")
    assert "leaflet-noto-sans-arabic" in loaded, loaded


def test_review_date_passed_since_the_page_was_made(page, catalogue_library, tmp_path):
    html = (catalogue_library / "index.html").read_text(encoding="utf-8")
    copy = catalogue_library / "overdue-test.html"
    copy.write_text(html.replace('data-review="2027-11-25"', 'data-review="2001-01-01"', 1), encoding="utf-8")
    try:
        driver = page(path=copy)
        shown = driver.execute_script("""return [...document.querySelectorAll('.badge.overdue')]
            .map(b => b.offsetParent !== null)""")
    finally:
        copy.unlink()
    assert shown.count(True) == 1 and len(shown) == 12


@pytest.mark.parametrize("name,size,zoom", [("desktop", DESKTOP, 1), ("phone", PHONE, 1),
                                            ("desktop-200-percent", DESKTOP, 2), ("narrowest", (320, 640), 1)])
def test_reflows_without_sideways_scrolling(page, shots, name, size, zoom):
    driver = page(size, zoom)
    width = driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    wide = driver.execute_script("""return [...document.querySelectorAll('body *')].filter(el =>
        el.getBoundingClientRect().right > innerWidth + 1).map(el => el.outerHTML.slice(0, 80))""")
    assert width[0] <= width[1], f"{name}: the page is {width[0]} px wide in a {width[1]} px window: {wide[:3]}"
    for query, suffix in (("", ""), ("Urdu large print", "-urdu")):
        if query:
            search(driver, query)
        path = shots / f"catalogue-{name}{suffix}.png"
        driver.save_screenshot(str(path))
        with Image.open(path) as img:
            assert img.width == size[0] and ImageStat.Stat(img.convert("L")).stddev[0] > 20  # not blank


def test_printed_list_is_what_the_search_shows(page, tmp_path):
    driver = page()
    driver.find_element(By.ID, "f-lang").send_keys("U")  # Urdu
    search(driver, "")
    pdf = driver.execute_cdp_cmd("Page.printToPDF", {"printBackground": False})
    path = tmp_path / "list.pdf"
    path.write_bytes(base64.b64decode(pdf["data"]))
    text = "".join(p.extract_text() for p in PdfReader(path).pages)
    flat = "".join(text.split())
    for name in ("a4/ur/lung-cancer-back-pain.pdf", "a4/ur/lung-cancer-back-pain.large-print.pdf",
                 "letter/ur/lung-cancer-back-pain.pdf"):
        assert name in flat
    assert "/ar/" not in flat and "/en/" not in flat  # filtered out on screen, so not printed
    assert "Showing3of12PDFs" in flat and "Review by" in text
    assert "Openandprint" not in flat and "Search" not in text  # the form and buttons are not printed


@pytest.mark.skipif(AXE is None and not REQUIRED, reason=NO_AXE)
@pytest.mark.parametrize("size,query", [(DESKTOP, ""), (PHONE, ""), (DESKTOP, "Urdu large print"),
                                        (DESKTOP, "no match at all")])
def test_axe_core_finds_no_violation(page, size, query):
    if AXE is None:
        pytest.fail(NO_AXE)
    driver = page(size)
    if query:
        search(driver, query)
    driver.execute_script(Path(AXE).read_text(encoding="utf-8"))
    driver.set_script_timeout(60)
    result = driver.execute_async_script("""const done = arguments[arguments.length - 1];
        axe.run(document, {resultTypes: ['violations']}).then(r => done(r), e => done({error: String(e)}));""")
    assert "error" not in result, result
    assert len(result["passes"]) > 20  # axe ran its rules
    violations = [{"id": v["id"], "impact": v["impact"], "nodes": [n["html"][:160] for n in v["nodes"][:3]]}
                  for v in result["violations"]]
    assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)
