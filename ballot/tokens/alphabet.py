"""The 32 symbols a code is written in: Crockford's base32.

Crockford's alphabet leaves out I, L, O and U. The first three look like 1 and 0 on paper and on
phone screens; U is dropped so that no accidental rude words appear. Each symbol stands for a
5-bit value, its position in the alphabet.
"""

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
SYMBOL_COUNT = len(ALPHABET)  # 32 = 2**5
VALUE_OF = {symbol: value for value, symbol in enumerate(ALPHABET)}


def to_values(symbols: str) -> list[int]:
    """Values of canonical symbols (upper case, no look-alikes); KeyError on anything else."""
    return [VALUE_OF[symbol] for symbol in symbols]


def to_symbols(values: list[int]) -> str:
    """Symbols for 5-bit values."""
    return "".join(ALPHABET[value] for value in values)
