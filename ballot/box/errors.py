"""The errors of the ballot box. Every one of them is a `BoxError`."""

from ballot.template_text import TemplateText


class BoxError(Exception):
    """Something in the ballot box was refused; the message says what and where."""


class InvalidEncoding(BoxError):
    """A point or scalar from outside is not a canonical, valid group encoding."""


class ManifestError(BoxError, ValueError):
    """An election manifest, or the contests it is built from, is malformed."""


class ChoiceError(BoxError, ValueError):
    """A plain choice handed to `encrypt_ballot` does not fit the manifest."""


class BallotRejected(BoxError):
    """An encrypted ballot is not well-formed for this election."""


class ShareRejected(BoxError):
    """A trustee's share file cannot be opened or does not belong to this election.

    Its `reason` keeps the English template and its values, so that a front can show it in
    the trustee's language; `str()` is the filled-in English text.
    """

    def __init__(self, template: str, **params: object):
        self.reason = TemplateText(template, **params)
        super().__init__(self.reason)


class CountError(BoxError):
    """The count cannot be opened: too few, duplicated or invalid partial decryptions."""


class VerificationError(BoxError):
    """An election record fails verification; the message names the first failure."""
