"""Reading a code that a person typed, pasted or dictated.

People type codes in lower case, with spaces or without dashes, paste them with non-breaking
spaces or typographic dashes from a mail program, and mistake 0 for O and 1 for I or l. Phones
set to Arabic or Persian type Eastern Arabic-Indic digits and the Arabic comma, Turkish
keyboards a dotted capital İ. All of that is accepted. What is refused gets a reason that the
web translates for the resident.
"""

import unicodedata
from enum import StrEnum

from ballot.tokens.alphabet import ALPHABET, to_values
from ballot.tokens.check import is_consistent
from ballot.tokens.codes import CODE_SYMBOLS, format_symbols

# Longest input we look at: a code with generous separators, or the letter's whole link,
# fits easily. Anything longer is refused before any Unicode processing, so a huge form field
# costs nothing.
MAX_INPUT_LENGTH = 200

# The Turkish dotted capital İ is an I (upper() keeps it, and NFKC leaves it alone).
LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1", "\u0130": "1"})

# Characters that separate groups: white space, every Unicode dash (category Pd), the minus
# sign, and invisible format characters (category Cf: soft hyphen, zero-width space, word joiner,
# byte order mark) that mail programs and PDF viewers leave in copied text.
SEPARATOR_CATEGORIES = frozenset({"Pd", "Zs", "Cf"})
MINUS_SIGN = "\u2212"
ARABIC_COMMA = "\u060c"


class CodeProblem(StrEnum):
    """Why a text is not a code; the values are stable keys for translations."""

    LENGTH = "length"  # too few or too many symbols
    SYMBOL = "symbol"  # a character that is not in the code alphabet (e.g. U, Ä, ?)
    CHECK = "check"  # all symbols valid, but the check symbol does not match: a typo


class CodeFormatError(ValueError):
    """A text that is not a well-formed code. `reason` says why, `detail` may name a character."""

    def __init__(self, reason: CodeProblem, detail: str = "") -> None:
        self.reason = reason
        self.detail = detail
        message = f"not a valid code: {reason.value}"
        super().__init__(f"{message} ({detail})" if detail else message)


def normalise_code(text: str) -> str:
    """The canonical form `XXXX-XXXX-XXXX-XXXX` of a typed code, or CodeFormatError."""
    if not isinstance(text, str):  # an upload or a number where a typed text belongs
        raise CodeFormatError(CodeProblem.SYMBOL, type(text).__name__)
    if len(text) > MAX_INPUT_LENGTH:
        raise CodeFormatError(CodeProblem.LENGTH)
    # The letter's link carries the code after '#' (…/vote#K7QF-…): pasted whole, it counts.
    symbols = typed_symbols(text.rpartition("#")[2])
    if len(symbols) != CODE_SYMBOLS:
        raise CodeFormatError(CodeProblem.LENGTH, f"{len(symbols)} symbols")
    if not is_consistent(to_values(symbols)):
        raise CodeFormatError(CodeProblem.CHECK)
    return format_symbols(symbols)


def typed_symbols(text: str) -> str:
    """Upper-case alphabet symbols without separators; CodeFormatError on a foreign character.
    Also for the other symbols people copy from a screen: the tracker (`ballot.box`)."""
    # NFKC turns full-width letters and digits from phone keyboards into ASCII.
    folded = unicodedata.normalize("NFKC", text).upper().translate(LOOK_ALIKES)
    symbols = []
    for character in folded:
        if _is_separator(character):
            continue
        character = _ascii_digit(character)
        if character not in ALPHABET:
            raise CodeFormatError(CodeProblem.SYMBOL, repr(character))
        symbols.append(character)
    return "".join(symbols)


def _ascii_digit(character: str) -> str:
    """Any decimal digit (٣ Arabic-Indic, ۳ Persian, ३ Devanagari …) as its ASCII digit; NFKC
    covers full-width and mathematical digits, not these."""
    return str(unicodedata.decimal(character)) if character.isdecimal() else character


def _is_separator(character: str) -> bool:
    if character.isspace() or character in (MINUS_SIGN, ARABIC_COMMA):
        return True
    return unicodedata.category(character) in SEPARATOR_CATEGORIES
