"""Text that reads as English and keeps its template and values, for translation later.

Pure (no Flask): the services' messages (`ballot.services.errors.Msg`), the counting rules'
reasons (`ballot.tally`) and the ballot box's refusals of share files (`ballot.box`) all say
what is wrong this way, and the front that shows them puts it in the reader's language.
"""


class TemplateText(str):
    """`TemplateText("min {low} is more than max {high}", low=3, high=2)` reads "min 3 is more
    than max 2" and keeps the template and the values."""

    template: str
    params: dict

    def __new__(cls, template: str, **params: object):
        text = super().__new__(cls, template.format(**params))
        text.template = template
        text.params = params
        return text

    def translated(self, gettext) -> str:
        """The text in the language `gettext` speaks; values that are texts too are translated."""
        params = {
            name: value.translated(gettext) if isinstance(value, TemplateText) else value
            for name, value in self.params.items()
        }
        return gettext(self.template).format(**params)
