"""End to end in Chromium: tick two cities from the page; the filters on a phone.

Uses the server of ``test_browser`` (``python -m searchapp`` over the sample
index). Saves tests/artifacts/two-cities.png and two-cities-phone.png to be
looked at. Skipped when /usr/bin/chromium is not installed.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from tests.test_browser import ARTIFACTS, chromium_page, server  # noqa: F401  (fixture)


def test_a_researcher_ticks_two_cities_from_the_page(server):  # noqa: F811
    problems: list[str] = []
    with chromium_page(problems) as (browser, page):
        from playwright.sync_api import expect

        page.goto(server + "/search?q=工会")
        cities = page.locator(".facet-city li a")
        before = {cities.nth(i).locator(".value").inner_text(): int(cities.nth(i).locator(".count").inner_text())
                  for i in range(cities.count())}
        first, second = list(before)[:2]
        page.locator(".facet-city li a", has_text=first).click()
        page.wait_for_url("**city=*")
        # the other cities are still listed, with the counts they had
        after = page.locator(".facet-city li a")
        assert after.count() == len(before)
        page.locator(".facet-city li a", has_text=second).click()
        page.wait_for_function("location.search.split('city=').length === 3")
        assert sorted(parse_qs(urlsplit(page.url).query)["city"]) == sorted([first, second])
        expect(page.locator(".facet-city li.selected")).to_have_count(2)
        expect(page.locator(".chip")).to_have_count(2)
        expect(page.locator(".summary .total")).not_to_have_text("0")
        page.screenshot(path=str(ARTIFACTS / "two-cities.png"), full_page=True)

        # The skip link is the first thing the keyboard reaches, visible when focused,
        # and it lands on the results.
        first = page.evaluate("document.querySelector('a[href], button, input, select').className")
        assert first == "skip-link"
        page.focus(".skip-link")
        assert page.locator(".skip-link").bounding_box()["y"] >= 0
        page.keyboard.press("Enter")
        assert page.evaluate("location.hash") == "#results"

        phone = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
        phone.goto(page.url.split("#")[0])
        filters = phone.locator("details.filters")
        expect(filters).not_to_have_attribute("open", "")
        toggle = phone.locator(".filters-toggle")
        expect(toggle).to_be_visible()
        assert toggle.bounding_box()["y"] < phone.locator("#results").bounding_box()["y"]
        toggle.click()
        expect(phone.locator(".facet-city")).to_be_visible()
        phone.screenshot(path=str(ARTIFACTS / "two-cities-phone.png"), full_page=True)
    assert problems == [], problems
