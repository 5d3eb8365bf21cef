"""The published result on a phone: its tables scroll sideways, and a keyboard reaches them."""

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from flask import render_template

from tests.browser.test_vote_browser import AXE_OPTIONS
from tests.helpers import example_election

pytestmark = pytest.mark.browser

CSS = Path(__file__).resolve().parents[2] / "ballot" / "web" / "static" / "ballot.css"


def _result_page(app, election, lang: str) -> str:
    """The result section as the election page shows it, with a count for every candidate."""
    result = {"contests": {}}
    for contest in election.contests:
        votes = {c.name: 3 for c in contest.candidates}
        result["contests"][contest.key] = {
            "votes": votes,
            "ballots_cast": 7,
            "elected": [contest.candidates[0].name],
            "substitutes": [c.name for c in contest.candidates[1:]],
            "ties": [],
        }
    with app.test_request_context("/", headers={"Accept-Language": lang}):
        section = render_template("public/_result.html", election=election, result=result)
    direction = "rtl" if lang == "ar" else "ltr"
    return (
        f'<!doctype html><html lang="{lang}" dir="{direction}"><head><title>Result</title>'
        f"<style>{CSS.read_text()}</style></head><body><main>{section}</main></body></html>"
    )


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_a_keyboard_reaches_the_result_tables_on_a_phone(app, session, clock, phone, lang):
    election = example_election(session, clock())
    page = phone(width=320, locale=lang)
    page.set_content(_result_page(app, election, lang))
    wrap = page.locator(".table-wrap").first
    assert wrap.evaluate("e => e.scrollWidth > e.clientWidth"), "the table fits: nothing to test"
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()
    page.keyboard.press("Tab")
    while page.evaluate("document.activeElement.tagName") == "A":
        page.keyboard.press("Tab")  # the downloads
    assert page.evaluate("document.activeElement.className") == "table-wrap"
    name = page.evaluate("document.activeElement.getAttribute('aria-labelledby')")
    assert page.inner_text(f"#{name}") == election.contests[0].title
    assert wrap.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"  # focus visible
