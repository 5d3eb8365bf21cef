"""Typed input is normalised; anything else is refused with a reason the web can translate."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ballot.tokens import CodeFormatError, CodeProblem, generate_code, normalise_code
from ballot.tokens.alphabet import ALPHABET, to_symbols
from ballot.tokens.check import check_value
from ballot.tokens.codes import format_symbols

data_symbols = st.text(alphabet=ALPHABET, min_size=15, max_size=15)


@st.composite
def codes(draw):
    symbols = draw(data_symbols)
    values = [ALPHABET.index(s) for s in symbols]
    return format_symbols(symbols + to_symbols([check_value(values)]))


separators = st.sampled_from(
    [
        " ",
        "-",
        "\u00a0",
        "\u202f",
        "\u2009",
        "\u2010",
        "\u2011",
        "\u2013",
        "\u2014",
        "\u2212",
        "\u200b",
        "\t",
        "\u3000",
        "\u060c",  # Arabic comma
    ]
)


@given(codes())
def test_round_trip(code):
    assert normalise_code(code) == code


@given(codes())
def test_lower_case_is_accepted(code):
    assert normalise_code(code.lower()) == code


@given(codes())
def test_without_dashes(code):
    assert normalise_code(code.replace("-", "")) == code


@given(codes(), st.lists(st.tuples(st.integers(0, 19), separators), max_size=6))
def test_separators_anywhere(code, insertions):
    text = code
    for position, separator in insertions:
        text = text[:position] + separator + text[position:]
    assert normalise_code(f" {text} ") == code


@given(codes())
def test_letters_o_i_l_read_as_digits(code):
    typed = code.replace("0", "O").replace("1", "I")
    assert normalise_code(typed) == code
    assert normalise_code(code.replace("1", "l")) == code
    assert normalise_code(code.replace("1", "L").lower()) == code


@given(codes())
def test_full_width_phone_input(code):
    full_width = "".join(chr(ord(c) + 0xFEE0) if c != "-" else c for c in code)
    assert normalise_code(full_width) == code


# Zero of each script's digits: Arabic-Indic, Persian (Extended Arabic-Indic), Devanagari,
# Bengali, Thai.
DIGIT_ZEROS = [0x0660, 0x06F0, 0x0966, 0x09E6, 0x0E50]


def _in_script(code: str, zero: int) -> str:
    return "".join(chr(zero + int(c)) if c.isdigit() else c for c in code)


@given(codes(), st.sampled_from(DIGIT_ZEROS))
def test_digits_of_other_scripts_read_as_ascii_digits(code, zero):
    assert normalise_code(_in_script(code, zero)) == code


def test_eastern_arabic_and_persian_digits_with_arabic_commas():
    assert _in_script("K7QF-3M9D", 0x0660) == "K٧QF-٣M٩D"
    assert _in_script("K7QF-3M9D", 0x06F0) == "K۷QF-۳M۹D"
    for _ in range(50):
        code = generate_code()
        assert normalise_code(_in_script(code, 0x0660).replace("-", "،")) == code
        assert normalise_code(_in_script(code, 0x06F0).replace("-", "، ")) == code


@given(codes())
def test_turkish_dotted_and_dotless_i_read_as_one(code):
    assert normalise_code(code.replace("1", "İ")) == code
    assert normalise_code(code.replace("1", "ı").lower()) == code


def test_a_digit_that_is_no_decimal_digit_is_refused():
    assert "፩".isdigit() and not "፩".isdecimal()  # Ethiopic one: a digit, not a decimal one
    with pytest.raises(CodeFormatError) as caught:
        normalise_code("K7QF-3M9D-TX2H-8WP፩")
    assert caught.value.reason is CodeProblem.SYMBOL


@pytest.mark.parametrize("text", ["", "   ", "K7QF", "K7QF-3M9D-TX2H-8WP", "K7QF-3M9D-TX2H-8WPCC"])
def test_wrong_length(text):
    with pytest.raises(CodeFormatError) as caught:
        normalise_code(text)
    assert caught.value.reason is CodeProblem.LENGTH


def test_overlong_input_is_refused_before_processing():
    with pytest.raises(CodeFormatError) as caught:
        normalise_code("-" * 10_000)
    assert caught.value.reason is CodeProblem.LENGTH


@pytest.mark.parametrize("bad", ["U", "u", "?", "Ä", "+", "€"])
def test_invalid_symbol(bad):
    code = generate_code()
    with pytest.raises(CodeFormatError) as caught:
        normalise_code(bad + code[1:])
    assert caught.value.reason is CodeProblem.SYMBOL
    assert caught.value.reason == "symbol"


@given(codes())
def test_the_letters_link_pasted_whole_reads_as_its_code(code):
    link = f"https://wahlen.quartiersmanagement-berlin.example/vote#{code.lower()}"
    assert normalise_code(link) == code
    assert normalise_code(f"#{code}\n") == code


def test_a_code_cut_by_a_hash_is_refused():
    code = generate_code()
    with pytest.raises(CodeFormatError):
        normalise_code(code[:5] + "#" + code[5:])


@pytest.mark.parametrize("value", [None, 7, b"K7QF-3M9D-TX2H-8WPC", ["K7QF"], object()])
def test_anything_but_text_is_refused_as_a_code(value):
    with pytest.raises(CodeFormatError) as caught:
        normalise_code(value)
    assert caught.value.reason is CodeProblem.SYMBOL


@given(codes(), st.integers(0, 18), st.sampled_from(ALPHABET))
def test_one_wrong_symbol_fails_the_check(code, position, replacement):
    if code[position] in ("-", replacement):
        return
    typo = code[:position] + replacement + code[position + 1 :]
    with pytest.raises(CodeFormatError) as caught:
        normalise_code(typo)
    assert caught.value.reason is CodeProblem.CHECK


def test_reasons_are_distinct_stable_keys():
    assert {problem.value for problem in CodeProblem} == {"length", "symbol", "check"}
