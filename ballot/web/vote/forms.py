"""The code form. The ballot's marks are read from the posted fields in `marks`; their
forms carry only the CSRF token (`csrf_token()` in the templates)."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired, Length

from ballot.tokens.normalise import MAX_INPUT_LENGTH
from ballot.web.forms import Form


class VoteForm(Form):
    class Meta:
        def get_translations(self, form):
            # Every message here is our own (Flask-Babel); WTForms' catalogue would otherwise be
            # read from disk on every request of the busiest pages.
            return None


class CodeForm(VoteForm):
    code = StringField(
        _l("Your code"),
        validators=[
            DataRequired(message=_l("Please enter the code from your letter.")),
            Length(max=MAX_INPUT_LENGTH, message=_l("This is too long for a code.")),
        ],
    )
    # The election the start page was opened for (?election=slug); only for context.
    election = HiddenField()
