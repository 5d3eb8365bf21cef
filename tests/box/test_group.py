"""The group wrapper: arithmetic, identity, encodings, and refusal of every bad point."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ballot.box import group
from ballot.box.errors import InvalidEncoding

P = 2**255 - 19
scalars = st.integers(min_value=0, max_value=group.ORDER - 1)
nonzero_scalars = st.integers(min_value=1, max_value=group.ORDER - 1)

# The eight points of small order (and sign-bit variants), as in libsodium's blacklist.
SMALL_ORDER = [
    "0100000000000000000000000000000000000000000000000000000000000000",
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000080",
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
    "0100000000000000000000000000000000000000000000000000000000000080",
]
# y ≥ p: the 19 non-canonical values of y, with either sign bit.
NON_CANONICAL = [
    ((P + k) | (sign << 255)).to_bytes(32, "little").hex() for k in range(19) for sign in (0, 1)
]
ORDER_8_POINT = bytes.fromhex(SMALL_ORDER[4])


@given(scalars, scalars)
@settings(max_examples=30, deadline=None)
def test_base_multiplication_is_additive(a, b):
    assert group.base_mul(a + b) == group.add(group.base_mul(a), group.base_mul(b))
    assert group.base_mul(a - b) == group.sub(group.base_mul(a), group.base_mul(b))


@given(scalars, nonzero_scalars)
@settings(max_examples=30, deadline=None)
def test_variable_base_multiplication_agrees_with_base(a, k):
    point = group.base_mul(k)
    assert group.mul(a, point) == group.base_mul(a * k)


def test_identity_is_handled_where_libsodium_refuses():
    point = group.base_mul(12345)
    assert group.base_mul(0) == group.IDENTITY
    assert group.base_mul(group.ORDER) == group.IDENTITY
    assert group.mul(0, point) == group.IDENTITY
    assert group.mul(7, group.IDENTITY) == group.IDENTITY
    assert group.sub(point, point) == group.IDENTITY
    assert group.add(point, group.sub(group.IDENTITY, point)) == group.IDENTITY
    assert group.add(group.IDENTITY, point) == point
    assert group.mul(group.ORDER - 1, point) == group.sub(group.IDENTITY, point)


@pytest.mark.parametrize("encoding", SMALL_ORDER + NON_CANONICAL)
def test_small_order_and_non_canonical_points_are_refused(encoding):
    with pytest.raises(InvalidEncoding):
        group.point_from_hex(encoding)
    point = bytes.fromhex(encoding)
    assert not group.is_valid_point(point)
    # The cheap check plus a multiplication refuses them too (ballot points go that way).
    with pytest.raises(InvalidEncoding):
        if group.has_canonical_encoding(point):
            group.mul(5, point)
        else:
            group.canonical_point_from_hex(encoding)


def test_identity_only_where_allowed():
    assert group.point_from_hex(group.IDENTITY.hex(), allow_identity=True) == group.IDENTITY
    with pytest.raises(InvalidEncoding):
        group.point_from_hex(group.IDENTITY.hex())


@given(nonzero_scalars)
@settings(max_examples=20, deadline=None)
def test_point_with_a_torsion_component_is_refused(k):
    mixed = group.add(group.base_mul(k), ORDER_8_POINT)
    assert not group.is_valid_point(mixed)
    with pytest.raises(InvalidEncoding):
        group.point_from_hex(mixed.hex())
    with pytest.raises(InvalidEncoding):
        group.mul(3, mixed)


@given(st.binary(min_size=32, max_size=32), nonzero_scalars)
@settings(max_examples=200, deadline=None)
def test_cheap_check_plus_multiplication_equals_full_validation(encoding, k):
    """What `canonical_point_from_hex` + `mul` accept is exactly what `is_valid_point` does."""
    try:
        accepted = group.has_canonical_encoding(encoding) and bool(group.mul(k, encoding))
    except InvalidEncoding:
        accepted = False
    assert accepted == group.is_valid_point(encoding)


@pytest.mark.parametrize(
    "text",
    [
        "AB" * 32,
        "ab" * 31,
        "ab" * 33,
        "zz" * 32,
        None,
        42,
        (group.ORDER).to_bytes(32, "little").hex(),
        (2**256 - 1).to_bytes(32, "little").hex(),
    ],
)
def test_bad_scalars_are_refused(text):
    with pytest.raises(InvalidEncoding):
        group.scalar_from_hex(text)


@given(scalars)
@settings(max_examples=50)
def test_scalar_hex_round_trip(value):
    assert group.scalar_from_hex(group.scalar_to_hex(value)) == value


def test_upper_case_point_hex_is_refused():
    text = group.base_mul(12345).hex()
    assert text != text.upper()
    group.point_from_hex(text)
    with pytest.raises(InvalidEncoding):
        group.point_from_hex(text.upper())


def test_random_scalars_are_reduced_and_nonzero():
    values = {group.random_scalar() for _ in range(200)}
    assert len(values) == 200
    assert all(0 < value < group.ORDER for value in values)


def test_hash_to_scalar_separates_domains_and_items():
    point = group.GENERATOR
    first = group.hash_to_scalar("ballot/1/selection", point, 1)
    assert first == group.hash_to_scalar("ballot/1/selection", point, 1)
    assert first != group.hash_to_scalar("ballot/1/contest-sum", point, 1)
    assert first != group.hash_to_scalar("ballot/1/selection", point, 2)
    assert 0 <= first < group.ORDER
    with pytest.raises(ValueError):
        group.hash_to_scalar("ballot/1/selection", b"short")


def test_deterministic_randomness_is_scoped():
    with group.deterministic_randomness(b"seed"):
        first = [group.random_scalar() for _ in range(3)]
    with group.deterministic_randomness(b"seed"):
        second = [group.random_scalar() for _ in range(3)]
    assert first == second
    assert group.random_scalar() not in first
    assert group._random_source is group._random_from_secrets
