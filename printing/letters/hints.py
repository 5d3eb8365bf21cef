"""One short line per language for residents who read little German.

The letter itself is in German (it is an official document). For each other language of the
election it carries one line that says what the letter is and how to use it. These texts should
be reviewed by native speakers before a real election.
"""

HINTS = {
    "en": "Your personal code for voting online in this election: scan the QR code or enter "
    "the code on the voting page above.",
    "tr": "Bu seçimde internetten oy kullanmak için kişisel kodunuz: QR kodunu okutun veya kodu "
    "yukarıdaki oy sayfasına girin.",
    "ar": "رمزك الشخصي للتصويت عبر الإنترنت في هذه الانتخابات: امسح رمز QR أو أدخل الرمز في "
    "صفحة التصويت المذكورة أعلاه.",
    "ru": "Ваш личный код для онлайн-голосования на этих выборах: отсканируйте QR-код или "
    "введите код на странице голосования выше.",
    "uk": "Ваш особистий код для онлайн-голосування на цих виборах: відскануйте QR-код або "
    "введіть код на сторінці голосування вище.",
    "pl": "Twój osobisty kod do głosowania online w tych wyborach: zeskanuj kod QR lub wpisz "
    "kod na stronie do głosowania podanej wyżej.",
    "fr": "Votre code personnel pour voter en ligne à cette élection : scannez le code QR ou "
    "saisissez le code sur la page de vote indiquée ci-dessus.",
}

RIGHT_TO_LEFT = frozenset({"ar"})
HOME_LANGUAGE = "de"


class UnknownLanguage(ValueError):
    """The election lists a language for which the letter has no text."""


def check_languages(languages: tuple[str, ...]) -> None:
    unknown = [code for code in languages if code != HOME_LANGUAGE and code not in HINTS]
    if unknown:
        known = ", ".join(sorted(HINTS))
        raise UnknownLanguage(f"no letter text for {', '.join(unknown)} (known: {known})")


def hint_lines(languages: tuple[str, ...]) -> list[dict[str, str]]:
    """Language, direction and text for each language other than German, in the given order."""
    return [
        {"lang": code, "dir": "rtl" if code in RIGHT_TO_LEFT else "ltr", "text": HINTS[code]}
        for code in languages
        if code != HOME_LANGUAGE
    ]
