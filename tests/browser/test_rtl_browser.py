"""Right to left on a desktop: the German titles of an Arabic ballot stand where the page's
text starts, above what they name, not across the screen on the left."""

import pytest

pytestmark = pytest.mark.browser

TEXT_EDGES = """element => {
  const range = document.createRange();
  range.selectNodeContents(element);
  const box = range.getBoundingClientRect();
  return [box.left, box.right];
}"""


def _text_edges(page, selector):
    return page.locator(selector).first.evaluate(TEXT_EDGES)


def test_german_titles_on_an_arabic_ballot_keep_the_pages_alignment(live_server, phone):
    page = phone(width=1280, locale="ar")
    page.goto(f"{live_server.base}/vote#{live_server.codes['R0001']}")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/vote/ballot")
    assert page.get_attribute("html", "dir") == "rtl"
    _, hint_right = _text_edges(page, "fieldset.contest p.hint")
    for title in ("main p.lead", "fieldset.contest legend h2"):
        _, right = _text_edges(page, title)
        assert abs(right - hint_right) < 40, f"{title} ends at {right}, the hint at {hint_right}"
