"""End to end: a real browser against ``python -m searchapp`` on a real index.

Starts the app as a subprocess (waitress) on a free loopback port over the
sample index, drives Debian's Chromium with Playwright: types a query, clicks a
facet, goes back, opens an article; reads a concordance sorted by left context,
compares two terms on the trend chart and exports the citations of two ticked
hits; saves screenshots under tests/artifacts/.
Skipped when /usr/bin/chromium is not installed.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def chromium_page(problems: list[str]):
    """Yield (browser, page) of headless Chromium (the test skipped when it is not installed);
    every console error and uncaught script error of the page is appended to `problems`."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: problems.append(str(e)))
            yield browser, page
        finally:
            browser.close()


@pytest.fixture(scope="module")
def server(built_index):
    """The app served by `python -m searchapp` on a free port; yields its base URL."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "searchapp", "--index", str(built_index), "--host", "127.0.0.1",
         "--port", str(port)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/help", timeout=2).read()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"server did not start: {process.stdout.read()}") from None
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def test_a_researcher_searches_narrows_by_a_facet_and_reads_an_article(server):
    problems: list[str] = []
    with chromium_page(problems) as (_, page):
        from playwright.sync_api import expect

        page.goto(server + "/")
        expect(page.locator("#q")).to_be_focused()
        page.locator("#q").fill("劳模")
        page.locator("#q").press("Enter")
        page.wait_for_url("**/search?q=*")
        expect(page.locator(".summary .total")).not_to_have_text("0")
        expect(page.locator(".snippet mark").first).to_have_text("劳模")

        page.locator("#q").blur()
        page.keyboard.press("/")
        expect(page.locator("#q")).to_be_focused()

        total = int(page.locator(".summary .total").inner_text().replace(",", ""))
        city = page.locator(".facet-city li a").first
        value = city.locator(".value").inner_text()
        count = int(city.locator(".count").inner_text())
        city.click()
        page.wait_for_url("**city=*")
        expect(page.locator(".chip")).to_contain_text(value)
        expect(page.locator(".summary .total")).to_have_text(str(count))
        page.screenshot(path=str(ARTIFACTS / "search-results.png"), full_page=True)

        page.go_back()
        expect(page.locator(".summary .total")).to_have_text(str(total))
        page.go_forward()
        expect(page.locator(".chip")).to_contain_text(value)

        page.locator(".hit-title a").first.click()
        page.wait_for_url("**/article/*")
        expect(page.locator("h1")).to_be_visible()
        expect(page.locator(".body mark").first).to_have_text("劳模")
        expect(page.locator("#citation")).to_contain_text("[N]. 安徽工人日报")
        page.screenshot(path=str(ARTIFACTS / "article.png"), full_page=True)

        page.goto(server + "/trend?q=工会&by=year")
        expect(page.locator("figure.chart svg circle.dot").first).to_be_visible()
        page.screenshot(path=str(ARTIFACTS / "trend.png"), full_page=True)
    assert problems == [], problems  # a CSP violation or a script error shows up here


def test_concordance_trend_and_ticked_citations_in_a_browser(server):
    problems: list[str] = []
    with chromium_page(problems) as (_, page):
        from playwright.sync_api import expect

        page.goto(server + "/kwic?q=勞模&width=20")
        occurrences = int(page.locator(".occurrences").inner_text().replace(",", ""))
        rows = page.locator("table.concordance tbody tr")
        expect(rows).to_have_count(min(100, occurrences))
        expect(page.locator("td.match mark").first).to_have_text("劳模")  # as printed
        page.locator("select[name=sort]").select_option("left")
        page.locator("button", has_text="列出").click()
        page.wait_for_url("**sort=left*")
        rows = page.request.get(server + "/api/kwic?q=勞模&width=20&sort=left").json()["rows"]
        keys = [r["left"][::-1] for r in rows]
        assert keys == sorted(keys)
        shown = page.locator("td.left").all_inner_texts()  # a paragraph break shows as " ¶ "
        assert [" ".join(t.split()) for t in shown] == \
            [" ".join(r["left"].replace("\n", " ¶ ").split()) for r in rows]
        page.screenshot(path=str(ARTIFACTS / "kwic.png"))

        page.goto(server + "/trend?q=劳模&q=工匠&by=year")
        expect(page.locator("svg circle.dot.s0").first).to_be_visible()
        expect(page.locator("svg circle.dot.s1").first).to_be_visible()
        expect(page.locator(".series-key")).to_contain_text("工匠")
        page.screenshot(path=str(ARTIFACTS / "trend-compared.png"), full_page=True)

        page.goto(server + "/search?q=劳模")
        boxes = page.locator('input[name="id"]')
        picked = [boxes.nth(0).get_attribute("value"), boxes.nth(2).get_attribute("value")]
        boxes.nth(0).check()
        boxes.nth(2).check()
        page.get_by_role("button", name="GB/T 7714 引文").click()
        page.wait_for_url("**/cite?*")
        assert all(f"id={i}" in page.url for i in picked)
        text = page.locator("#citations").input_value()
        assert text.count("[N]. 安徽工人日报") == 2
        page.screenshot(path=str(ARTIFACTS / "cite-picked.png"))
    assert problems == [], problems
