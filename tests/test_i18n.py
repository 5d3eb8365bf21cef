"""The translations: complete catalogs whose placeholders match, and pages in every language.

`make messages` collects the strings into messages.pot and the catalogs; `make translations`
compiles the .mo files that the page tests read.
"""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

TRANSLATIONS = Path(__file__).resolve().parent.parent / "ballot" / "translations"
TRANSLATED = ["de", "tr", "ar"]
ALL = ["de", "en", "tr", "ar"]
# `%(name)s` in templates and views, `{name}` in the services' Msg texts.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|\{\w*\}")
COUNT = "%(num)s"  # the number an ngettext message is chosen by


def catalog(lang: str):
    with (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f, locale=lang)


def template():
    with (TRANSLATIONS / "messages.pot").open("rb") as f:
        return read_po(f)


def entries(cat):
    return [m for m in cat if m.id]


def forms(value) -> tuple:
    return tuple(value) if isinstance(value, list | tuple) else (value,)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_catalog_is_complete(lang):
    cat = catalog(lang)
    assert not cat.fuzzy, f"{lang}: the catalog header is marked fuzzy"
    untranslated = [m.id for m in entries(cat) if not all(forms(m.string))]
    fuzzy = [m.id for m in entries(cat) if m.fuzzy]
    assert untranslated == [], f"{lang}: untranslated entries"
    assert fuzzy == [], f"{lang}: fuzzy entries"


@pytest.mark.parametrize("lang", ALL)
def test_catalog_has_every_string_of_the_template(lang):
    have = {m.id if isinstance(m.id, str) else tuple(m.id) for m in entries(catalog(lang))}
    want = {m.id if isinstance(m.id, str) else tuple(m.id) for m in entries(template())}
    assert sorted(want - have, key=str) == [], f"{lang}: run `make messages` and translate"


@pytest.mark.parametrize("lang", ALL)
def test_plural_forms_follow_the_header(lang):
    cat = catalog(lang)
    for message in entries(cat):
        if message.pluralizable:
            assert len(forms(message.string)) == cat.num_plurals, (lang, message.id)


@pytest.mark.parametrize("lang", ALL)
def test_placeholders_and_edges_match(lang):
    problems = []
    for message in entries(catalog(lang)):
        ids = forms(message.id)
        expected = set(PLACEHOLDER.findall(ids[0]))
        # A plural form may say its number by the noun alone, as Arabic says one and two
        # ("مقعدان", two seats: "2 مقعدان" would say the two twice); the last form keeps it.
        allowed = [expected, expected - {COUNT}] if message.pluralizable else [expected]
        for text in forms(message.string):
            if not text:
                continue  # English falls back to the msgid
            if set(PLACEHOLDER.findall(text)) not in allowed:
                problems.append(("placeholders", ids[0], text))
            if text[:1].isspace() != ids[0][:1].isspace():
                problems.append(("leading space", ids[0], text))
            if text[-1:].isspace() != ids[0][-1:].isspace():
                problems.append(("trailing space", ids[0], text))
        last = forms(message.string)[-1]
        if message.pluralizable and COUNT in expected and last and COUNT not in last:
            problems.append(("count", ids[0], last))
    assert problems == []


@pytest.mark.parametrize("lang", ALL)
def test_babel_checkers_find_nothing(lang):
    """What `pybabel compile` would warn about (python-format mismatches and the like)."""
    found = [(m.id, [str(e) for e in errors]) for m, errors in catalog(lang).check()]
    assert found == []


PAGES = {
    "/": {
        "de": "Mit meinem Wahlcode wählen",
        "en": "Vote with my code",
        "tr": "Kodumla oy ver",
        "ar": "التصويت برمزي",
    },
    "/vote": {
        "de": "Mit Ihrem Wahlcode wählen",
        "en": "Vote with your code",
        "tr": "Kodunuzla oy verin",
        "ar": "صوّت برمزك",
    },
    "/console/login": {
        "de": "Anmeldung zur Verwaltung",
        "en": "Sign in to the console",
        "tr": "Yönetim paneline giriş",
        "ar": "تسجيل الدخول إلى لوحة الإدارة",
    },
}


@pytest.mark.parametrize("lang", ALL)
@pytest.mark.parametrize("path", list(PAGES))
def test_page_renders_in_the_chosen_language(client, path, lang):
    assert client.get(f"/lang/{lang}").status_code == 302
    response = client.get(path)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    direction = "rtl" if lang == "ar" else "ltr"
    assert f'<html lang="{lang}" dir="{direction}">' in html
    assert PAGES[path][lang] in html, "are the .mo files compiled (`make translations`)?"
    if lang != "en":
        assert PAGES[path]["en"] not in html


def test_german_is_the_default(client):
    html = client.get("/", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert '<html lang="de" dir="ltr">' in html
    assert "Wahlen in Berliner Kiezen" in html
