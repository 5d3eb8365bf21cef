"""The check symbol: the Damm algorithm over a quasigroup of order 32.

Damm's algorithm runs the symbols through a quasigroup operation `x ∘ y` starting from 0 and
appends the symbol that brings the result back to 0. It catches every single wrong symbol and
every swap of two neighbouring symbols when the operation is *totally anti-symmetric*:

- `x ∘ y` is a Latin square (each row and each column a permutation), so one changed symbol
  always changes the result, and
- `(c ∘ x) ∘ y = (c ∘ y) ∘ x` only when `x = y`, so swapping neighbours changes the result.

We use `x ∘ y = a·x ⊕ y` in GF(32) with a fixed `a` outside {0, 1}. Rows are permutations
because `⊕ y` is; columns because multiplying by `a ≠ 0` is. And
`(c ∘ x) ∘ y ⊕ (c ∘ y) ∘ x = (a ⊕ 1)·(x ⊕ y)` in characteristic 2, which is zero only when
`x = y` because `a ≠ 1`. The check symbol is one more symbol in the chain, so a swap of the last
data symbol with the check symbol is caught by the same argument. The tests verify all of this
exhaustively on the table itself.
"""

from ballot.tokens.gf32 import ORDER, multiply

MULTIPLIER = 2  # the element x of GF(32); any element outside {0, 1} works

# Flattened operation table: OPERATION[x * ORDER + y] = x ∘ y.
OPERATION = tuple(multiply(MULTIPLIER, x) ^ y for x in range(ORDER) for y in range(ORDER))


def combine(interim: int, value: int) -> int:
    """One step of the chain: interim ∘ value."""
    return OPERATION[interim * ORDER + value]


def interim_of(values: list[int] | tuple[int, ...]) -> int:
    """Result of running all values through the chain, starting from 0."""
    interim = 0
    for value in values:
        interim = OPERATION[interim * ORDER + value]
    return interim


def check_value(values: list[int] | tuple[int, ...]) -> int:
    """The value that, appended to `values`, brings the chain back to 0.

    `interim ∘ c = a·interim ⊕ c` is 0 exactly when `c = a·interim`.
    """
    return multiply(MULTIPLIER, interim_of(values))


def is_consistent(values: list[int] | tuple[int, ...]) -> bool:
    """Whether values that end in their check value run the chain back to 0."""
    return interim_of(values) == 0
