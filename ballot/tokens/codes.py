"""Generating and formatting voting codes.

A code is 15 random symbols (75 bits from `secrets`) followed by one check symbol, printed in
four groups of four: `K7QF-3M9D-TX2H-8WPC`. Groups of four are easy to read aloud and to type
on a phone.
"""

import secrets

from ballot.tokens.alphabet import to_symbols
from ballot.tokens.check import check_value

DATA_SYMBOLS = 15
CODE_SYMBOLS = DATA_SYMBOLS + 1
GROUP_SIZE = 4
BITS_PER_SYMBOL = 5


def generate_code() -> str:
    """A fresh random code, formatted `XXXX-XXXX-XXXX-XXXX`."""
    random_bits = secrets.randbits(DATA_SYMBOLS * BITS_PER_SYMBOL)
    values = [(random_bits >> (BITS_PER_SYMBOL * i)) & 0b11111 for i in range(DATA_SYMBOLS)]
    values.append(check_value(values))
    return format_symbols(to_symbols(values))


def format_symbols(symbols: str) -> str:
    """`K7QF3M9DTX2H8WPC` → `K7QF-3M9D-TX2H-8WPC`."""
    groups = [symbols[i : i + GROUP_SIZE] for i in range(0, len(symbols), GROUP_SIZE)]
    return "-".join(groups)
