"""Arithmetic in the finite field GF(32) = GF(2)[x] / (x^5 + x^2 + 1).

Elements are the integers 0..31 read as polynomials over GF(2) (bit i is the coefficient of x^i).
Addition is XOR. The check symbol needs only multiplication by one fixed element, but the full
table is small and lets the tests verify the field laws the check relies on.
"""

MODULUS = 0b100101  # x^5 + x^2 + 1, irreducible over GF(2)
ORDER = 32


def multiply(left: int, right: int) -> int:
    """Product of two field elements (shift-and-add, reducing by the modulus)."""
    product = 0
    while right:
        if right & 1:
            product ^= left
        right >>= 1
        left <<= 1
        if left & ORDER:
            left ^= MODULUS
    return product
