"""What a code letter is made of: plain, frozen data handed in by the issuing service."""

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from printing.letters.hints import check_languages

DEFAULT_PRIVACY_NOTE = (
    "Datenschutz: Name und Anschrift stammen aus dem Wählerverzeichnis dieser Wahl. Sie werden "
    "nur für den Versand dieses Briefes und für den Vermerk genutzt, dass Sie gewählt haben, und "
    "nach Ablauf der Einspruchsfrist gelöscht. Ihre Stimme wird verschlüsselt gespeichert und "
    "kann Ihrer Person nicht zugeordnet werden. Der Wahlcode ist nur auf diesem Brief gedruckt; "
    "gespeichert wird nur ein Prüfwert, aus dem er sich nicht zurückrechnen lässt."
)


@dataclass(frozen=True)
class LetterElection:
    """The election as every letter of a print run shows it.

    `opens` and `closes` must carry a time zone; letters show them in Berlin time.
    `help_contact` may span several lines (office, telephone, e-mail). `return_address` is the
    one-line sender shown above the address in the envelope window. `languages` lists the
    election's languages; each one other than German gets a short line on the letter.
    """

    title: str
    area: str
    opens: datetime
    closes: datetime
    help_contact: str
    return_address: str
    languages: tuple[str, ...] = ("de",)
    privacy_note: str = DEFAULT_PRIVACY_NOTE

    def __post_init__(self) -> None:
        for moment in (self.opens, self.closes):
            if moment.tzinfo is None or moment.utcoffset() is None:
                raise ValueError("opens and closes need a time zone")
        if self.closes <= self.opens:
            raise ValueError("the election must close after it opens")
        check_languages(self.languages)


@dataclass(frozen=True)
class Letter:
    """One resident's letter.

    `street` includes the house number (`Koloniestraße 10a`). `vote_url` is built by the caller
    as PUBLIC_URL + "/vote#" + code; it must end in exactly this letter's code, because the QR
    code carries it and a mix-up would hand one resident another's code.
    """

    serial: str
    code: str
    vote_url: str
    name: str
    street: str
    postal_code: str
    city: str

    def __post_init__(self) -> None:
        fragment = urlsplit(self.vote_url).fragment
        if fragment != self.code:
            raise ValueError(f"letter {self.serial}: the vote URL does not end in its code")

    @property
    def vote_page(self) -> str:
        """The vote URL without the code, for residents who type it in."""
        return self.vote_url.split("#", 1)[0]
