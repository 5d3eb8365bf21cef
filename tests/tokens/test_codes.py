"""Generated codes: format, alphabet, randomness."""

import re

from ballot.tokens import ALPHABET, generate_code, normalise_code

CODE_PATTERN = re.compile(rf"^[{ALPHABET}]{{4}}(-[{ALPHABET}]{{4}}){{3}}$")


def test_generated_codes_have_the_printed_format():
    for _ in range(1000):
        code = generate_code()
        assert CODE_PATTERN.match(code), code


def test_generated_codes_are_their_own_canonical_form():
    for _ in range(1000):
        code = generate_code()
        assert normalise_code(code) == code


def test_generated_codes_differ():
    codes = {generate_code() for _ in range(10_000)}
    assert len(codes) == 10_000


def test_every_symbol_appears_in_every_data_position():
    """A crude check that no position is stuck: 2,000 codes hit all 32 symbols everywhere."""
    symbols_by_position = [set() for _ in range(15)]
    for _ in range(2000):
        plain = generate_code().replace("-", "")
        for position, symbol in enumerate(plain[:15]):
            symbols_by_position[position].add(symbol)
    assert all(seen == set(ALPHABET) for seen in symbols_by_position)
