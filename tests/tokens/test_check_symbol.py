"""The check symbol catches every single wrong symbol and every swap of two neighbours."""

import itertools

from hypothesis import given
from hypothesis import strategies as st

from ballot.tokens.alphabet import ALPHABET, to_values
from ballot.tokens.check import OPERATION, check_value, combine, is_consistent
from ballot.tokens.codes import DATA_SYMBOLS, generate_code
from ballot.tokens.gf32 import ORDER, multiply

ELEMENTS = range(ORDER)
SAMPLED_CODES = 10_000


def test_gf32_is_a_field():
    """Multiplication is associative, commutative, distributes over XOR, and has inverses."""
    for x, y in itertools.product(ELEMENTS, repeat=2):
        assert multiply(x, y) == multiply(y, x)
        assert multiply(x, 1) == x
    for x, y, z in itertools.product(ELEMENTS, repeat=3):
        assert multiply(multiply(x, y), z) == multiply(x, multiply(y, z))
        assert multiply(x, y ^ z) == multiply(x, y) ^ multiply(x, z)
    for x in range(1, ORDER):
        assert any(multiply(x, y) == 1 for y in ELEMENTS), f"{x} has no inverse"


def test_operation_is_a_latin_square():
    """Each row and each column is a permutation: one wrong symbol always shows."""
    for x in ELEMENTS:
        assert sorted(combine(x, y) for y in ELEMENTS) == list(ELEMENTS)
        assert sorted(combine(y, x) for y in ELEMENTS) == list(ELEMENTS)


def test_operation_is_totally_anti_symmetric():
    """(c∘x)∘y = (c∘y)∘x only for x = y, and x∘y = y∘x only for x = y: swaps always show."""
    for c, x, y in itertools.product(ELEMENTS, repeat=3):
        if x != y:
            assert combine(combine(c, x), y) != combine(combine(c, y), x), (c, x, y)
    for x, y in itertools.product(ELEMENTS, repeat=2):
        if x != y:
            assert combine(x, y) != combine(y, x), (x, y)


def test_operation_table_has_every_entry():
    assert len(OPERATION) == ORDER * ORDER


def _single_substitutions(values):
    for position, original in enumerate(values):
        for replacement in ELEMENTS:
            if replacement != original:
                changed = list(values)
                changed[position] = replacement
                yield changed


def _neighbour_swaps(values):
    for position in range(len(values) - 1):
        if values[position] != values[position + 1]:
            swapped = list(values)
            swapped[position], swapped[position + 1] = swapped[position + 1], swapped[position]
            yield swapped


def test_every_error_in_sampled_codes_is_detected():
    """Exhaustive over the errors of each code, sampled over 10,000 fresh codes."""
    for _ in range(SAMPLED_CODES):
        code = generate_code()
        values = to_values(code.replace("-", ""))
        assert is_consistent(values), code
        for wrong in _single_substitutions(values):
            assert not is_consistent(wrong), (code, wrong)
        for wrong in _neighbour_swaps(values):
            assert not is_consistent(wrong), (code, wrong)


data_values = st.lists(
    st.integers(min_value=0, max_value=ORDER - 1),
    min_size=DATA_SYMBOLS,
    max_size=DATA_SYMBOLS,
)


@given(data_values)
def test_appended_check_value_makes_a_consistent_code(values):
    assert is_consistent([*values, check_value(values)])


@given(
    data_values,
    st.integers(min_value=0, max_value=DATA_SYMBOLS),
    st.integers(min_value=1, max_value=ORDER - 1),
)
def test_any_substitution_is_detected(values, position, difference):
    code = [*values, check_value(values)]
    code[position] ^= difference  # a different symbol, whatever it was
    assert not is_consistent(code)


@given(data_values, st.integers(min_value=0, max_value=DATA_SYMBOLS - 1))
def test_any_neighbour_swap_is_detected(values, position):
    code = [*values, check_value(values)]
    if code[position] == code[position + 1]:
        return  # swapping equal symbols is no error
    code[position], code[position + 1] = code[position + 1], code[position]
    assert not is_consistent(code)


def test_alphabet_is_crockford_base32():
    assert len(ALPHABET) == ORDER
    assert len(set(ALPHABET)) == ORDER
    assert not set("ILOU") & set(ALPHABET)
