"""What a letter and a print run refuse, and that long texts still fit on one page."""

import io
from dataclasses import replace
from datetime import datetime

import pytest
from pypdf import PdfReader

from printing.letters import HINTS, Letter, UnknownLanguage, render_letters


def test_vote_url_must_end_in_the_letters_code(new_letter):
    letter = new_letter(1, "Erika Beispiel", "Amselweg 1", "13357")
    with pytest.raises(ValueError, match="does not end in its code"):
        replace(letter, vote_url=letter.vote_url[:-1] + "X")


def test_vote_page_is_the_url_without_the_code(new_letter):
    letter = new_letter(1, "Erika Beispiel", "Amselweg 1", "13357")
    assert letter.vote_page == "https://wahl.example.org/vote"


def test_times_need_a_time_zone(election):
    with pytest.raises(ValueError, match="time zone"):
        replace(election, opens=datetime(2027, 3, 1, 8, 0))


def test_election_must_close_after_it_opens(election):
    with pytest.raises(ValueError, match="close after"):
        replace(election, closes=election.opens)


def test_unknown_language_is_refused(election):
    with pytest.raises(UnknownLanguage, match="xx"):
        replace(election, languages=("de", "xx"))


def test_an_empty_run_is_refused(election):
    with pytest.raises(ValueError, match="no letters"):
        render_letters(election, [])


def test_letters_of_one_run_share_the_vote_page(election, new_letter):
    first = new_letter(1, "Erika Beispiel", "Amselweg 1", "13357")
    second = new_letter(2, "Karim Haddad", "Amselweg 2", "13357")
    moved = Letter(**{**vars(second), "vote_url": "https://other.example.org/vote#" + second.code})
    with pytest.raises(ValueError, match="share the vote page"):
        render_letters(election, [first, moved])


def test_all_languages_and_long_texts_fit_on_one_page(election, new_letter):
    crowded = replace(
        election,
        title="Wahl des Quartiersrats und der Aktionsfonds-Jury im Quartier Lindenhof 2027",
        languages=("de", *sorted(HINTS)),
        help_contact="QM-Büro Lindenhof, Erdgeschoss links\nAhornplatz 3, 13357 Berlin\n"
        "Tel. 030 0000000, Mo–Fr 10–16 Uhr\nwahl@lindenhof.example.org",
    )
    letters = [
        new_letter(1, "Maximiliane Beispielhaft-Mustermannsdorf", "Lange Straße 100a", "13357"),
        new_letter(2, "Ali", "Ring 1", "13357"),
    ]
    reader = PdfReader(io.BytesIO(render_letters(crowded, letters)))
    assert len(reader.pages) == 2
    text = reader.pages[0].extract_text()
    assert letters[0].code in text
    assert letters[0].name in text
    for hint in ("Your personal code", "Votre code personnel", "Twój osobisty kod"):
        assert hint in text


def test_texts_that_cannot_fit_are_refused(election, new_letter):
    verbose = replace(election, privacy_note="Datenschutz. " * 400)
    with pytest.raises(ValueError, match="do not fit"):
        render_letters(verbose, [new_letter(1, "Erika Beispiel", "Amselweg 1", "13357")])
