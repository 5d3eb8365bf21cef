"""A resident votes in a real browser on a phone-sized window: from the code in the printed
letter to the tracker found by the look-up, in German and in Arabic, with and without
JavaScript. axe-core checks every page against WCAG 2.0/2.1 A and AA; each step is
photographed into test-artifacts/vote/."""

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlalchemy import select

from ballot import box
from ballot.models import StoredBallot
from tests.helpers import VOTING_DAY

pytestmark = pytest.mark.browser

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
_axe = Axe()


class Steps:
    """Checks every page a resident sees, and keeps a picture of it."""

    def __init__(self, page, folder, prefix, *, axe=True):
        self.page, self.folder, self.prefix, self.count = page, folder, prefix, 0
        # axe needs the page's own JavaScript (its timers); a window without it only reflows.
        self.axe = axe

    def check(self, name: str) -> None:
        self.count += 1
        page = self.page
        page.screenshot(
            path=self.folder / f"{self.prefix}-{self.count:02d}-{name}.png", full_page=True
        )
        width = page.viewport_size["width"]
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{name}: the page is {scroll_width}px wide at {width}px"
        if self.axe:
            results = _axe.run(page, options=AXE_OPTIONS)
            assert results.violations_count == 0, f"{name}:\n{results.generate_report()}"


def _choose_language(page, base, lang):
    page.goto(f"{base}/")
    page.click(f"nav.langs a[hreflang={lang}]")
    expect(page.locator("html")).to_have_attribute("lang", lang)


def _stored_trackers(live_server) -> set[str]:
    with live_server.sessions() as session:
        hexes = session.scalars(select(StoredBallot.tracker)).all()
    return {box.tracker_display(h) for h in hexes}


def _vote(page, live_server, steps, code, *, javascript=True):
    base = live_server.base
    page.goto(f"{base}/vote#{code}")
    if javascript:
        assert page.input_value("#code") == code  # the QR fragment filled the field
        assert "#" not in page.url  # and left the address bar
    else:
        assert page.input_value("#code") == ""
        page.fill("#code", code.lower().replace("-", " "))
    steps.check("start")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/vote/ballot")
    page.click("label[for=c-bewohner-0]")
    page.click("label[for=c-bewohner-4]")
    assert page.is_checked("#c-bewohner-0") and page.is_checked("#c-bewohner-4")
    steps.check("ballot")
    page.click("#ballot-form button[type=submit]")
    page.wait_for_url("**/vote/review")
    chosen = page.inner_text("main ul.chosen")
    assert "Ayşe Demir" in chosen and "Elif Yılmaz" in chosen and "Bernd" not in chosen
    steps.check("review")
    page.click("button.cast-button")
    page.wait_for_url("**/vote/done")
    tracker = page.inner_text("#tracker")
    steps.check("done")
    page.click("main form[action='/tracker'] button")
    page.wait_for_url("**/tracker")
    expect(page.locator(".result-found")).to_contain_text(tracker)
    # The tracker in the sentence stays on one line, not split at one of its dashes.
    lines = page.locator(".result-found bdi.mono").evaluate("e => e.getClientRects().length")
    assert lines == 1, f"the tracker is split over {lines} lines"
    steps.check("tracker")
    assert tracker in _stored_trackers(live_server)
    return tracker


@pytest.mark.parametrize(("lang", "ref", "width"), [("de", "R0001", 360), ("ar", "R0002", 320)])
def test_a_resident_votes_with_the_letters_code(live_server, phone, artifacts, lang, ref, width):
    page = phone(width=width, locale=f"{lang}")
    _choose_language(page, live_server.base, lang)
    steps = Steps(page, artifacts, lang)
    _vote(page, live_server, steps, live_server.codes[ref])
    assert page.get_attribute("html", "lang") == lang
    assert page.get_attribute("html", "dir") == ("rtl" if lang == "ar" else "ltr")


def test_a_resident_votes_without_javascript(live_server, phone, artifacts):
    page = phone(width=320, javascript=False)
    steps = Steps(page, artifacts, "nojs", axe=False)
    _vote(page, live_server, steps, live_server.codes["R0003"], javascript=False)


def test_at_200_percent_zoom(live_server, phone, artifacts):
    page = phone(width=640, zoom=2)
    _vote(page, live_server, Steps(page, artifacts, "zoom200"), live_server.codes["R0007"])


def test_a_double_click_on_cast_casts_once(live_server, phone):
    page = phone()
    before = _stored_trackers(live_server)
    page.goto(f"{live_server.base}/vote#{live_server.codes['R0004']}")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/vote/ballot")
    page.click("#ballot-form button[type=submit]")
    page.wait_for_url("**/vote/review")
    page.dblclick("button.cast-button")
    page.wait_for_url("**/vote/done")
    tracker = page.inner_text("#tracker")
    assert _stored_trackers(live_server) - before == {tracker}


def test_errors_and_other_resident_pages_are_accessible(live_server, phone, artifacts):
    page = phone(width=320)
    base = live_server.base
    steps = Steps(page, artifacts, "pages")
    page.goto(f"{base}/vote")
    page.fill("#code", "K7QF-3M9D-TX2H-8WPC")
    page.click("main form button[type=submit]")
    # expect() polls without eval, which the pages' CSP (no 'unsafe-eval') would refuse.
    expect(page.locator("#error-summary")).to_be_focused()
    steps.check("wrong-code")
    page.goto(f"{base}/vote?election={live_server.election.slug}#{live_server.codes['R0005']}")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/vote/ballot")
    for position in range(7):
        page.click(f"label[for=c-bewohner-{position}]")
    page.click("#ballot-form button[type=submit]")
    expect(page.locator("#error-summary a[href='#c-bewohner-0']")).to_be_visible()
    steps.check("too-many-crosses")
    page.click("#error-summary a")
    expect(page.locator("#c-bewohner-0")).to_be_focused()
    live_server.clock.moment = VOTING_DAY + timedelta(minutes=16)
    try:
        page.goto(f"{base}/vote/ballot")
        expect(page.locator("a.button[href='/vote']")).to_be_visible()
        steps.check("expired")
    finally:
        live_server.clock.moment = VOTING_DAY
    for name, path in [
        ("index", "/"),
        ("election", f"/{live_server.election.area.slug}/{live_server.election.slug}/"),
        ("tracker-empty", "/tracker"),
        ("tracker-missing", "/tracker?t=0000-0000-0000-0000-0000"),
        ("tracker-format", "/tracker?t=nonsense"),
        ("not-found", "/no-such-page"),
    ]:
        page.goto(f"{base}{path}")
        steps.check(name)


def _to_review(page, base, code):
    page.goto(f"{base}/vote#{code}")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/vote/ballot")
    page.click("#ballot-form button[type=submit]")
    page.wait_for_url("**/vote/review")


def test_a_used_code_is_refused_in_arabic(live_server, phone, artifacts):
    base, code = live_server.base, live_server.codes["R0006"]
    first, second = phone(), phone(width=320, locale="ar")
    _choose_language(second, base, "ar")
    _to_review(first, base, code)
    _to_review(second, base, code)
    first.click("button.cast-button")
    first.wait_for_url("**/vote/done")
    steps = Steps(second, artifacts, "ar-used")
    second.click("button.cast-button")  # the same code, cast in the other window already
    expect(second.locator("a.button[href='/vote']")).to_be_visible()
    steps.check("refused")
    second.goto(f"{base}/vote#{code}")
    second.click("main form button[type=submit]")
    expect(second.locator("#code-error")).to_be_visible()
    expect(second.locator("#error-summary")).to_be_focused()
    steps.check("used-code")


def test_switching_the_language_mid_ballot_keeps_the_marks(live_server, phone):
    page = phone(width=360)
    page.goto(f"{live_server.base}/vote#{live_server.codes['R0005']}")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/vote/ballot")
    page.click("label[for=c-bewohner-0]")
    page.click("nav.langs button[value=tr]")
    expect(page.locator("html")).to_have_attribute("lang", "tr")
    assert page.is_checked("#c-bewohner-0") and not page.is_checked("#c-bewohner-1")
    page.click("#ballot-form button[type=submit]")
    page.wait_for_url("**/vote/review")
    page.click("nav.langs button[value=ar]")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert "Ayşe Demir" in page.inner_text("main ul.chosen")
    page.click("button.cast-button")
    page.wait_for_url("**/vote/done")
    assert page.inner_text("#tracker") in _stored_trackers(live_server)


def test_a_resident_votes_with_the_keyboard_alone(live_server, phone, artifacts):
    """Scanned QR code, language switched before going on (the code stays), Enter in the code
    field, Space and arrow keys on the ballot, Enter on a checkbox: Enter always goes on and
    never switches the language (the header's language buttons belong to the same form)."""
    page = phone(width=375, locale="en-GB")
    code = live_server.codes["R0008"]
    page.goto(f"{live_server.base}/vote?election={live_server.election.slug}#{code}")
    page.focus("nav.langs button[value=tr]")
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "tr")
    assert page.input_value("#code") == code
    Steps(page, artifacts, "keyboard").check("start-switched")
    page.focus("#code")
    page.keyboard.press("Enter")
    page.wait_for_url("**/vote/ballot")
    page.focus("#c-bewohner-1")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    page.wait_for_url("**/vote/review")
    expect(page.locator("html")).to_have_attribute("lang", "tr")
    chosen = page.inner_text("main ul.chosen")
    assert "Bernd Krause" in chosen and "Chiara Rossi" in chosen
    page.focus("button.cast-button")
    page.keyboard.press("Enter")
    page.wait_for_url("**/vote/done")
    assert page.inner_text("#tracker") in _stored_trackers(live_server)
