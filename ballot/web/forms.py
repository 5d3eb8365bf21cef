"""Flask-WTF forms (CSRF on every one of them)."""

from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from werkzeug.datastructures import MultiDict
from wtforms import (
    BooleanField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields import FileField as AnyFileField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ballot.services.election_spec import HELP_CONTACT_LENGTH


class Form(FlaskForm):
    """Every form of ours: a text field reads only typed text, a file field only an upload.

    Flask-WTF mixes the uploads of a multipart post in with the text fields, and reads a JSON
    body as form data, so a file sent under a text field's name (or a number in JSON) would
    reach validators that expect a string and fail with a server error. Here such a value
    counts as not sent, and the field's own validators say what is missing.
    """

    class Meta:
        def wrap_formdata(self, form, formdata):
            if form.is_submitted() and (request.files or request.is_json):
                return _text_and_uploads(form)
            return super().wrap_formdata(form, formdata)


class WholeNumberField(IntegerField):
    """An integer field that refuses more digits than any of our numbers has: WTForms'
    NumberRange compares through math.isnan, which fails on an int of 309 digits."""

    MAX_DIGITS = 12

    def process_formdata(self, valuelist):
        if valuelist and len(valuelist[0].strip().lstrip("+-")) > self.MAX_DIGITS:
            self.data = None
            raise ValueError(self.gettext("Not a valid integer value."))
        super().process_formdata(valuelist)


def _text_and_uploads(form) -> MultiDict:
    """The posted text fields, and the uploads of the form's file fields only; no JSON."""
    data = MultiDict(request.form)
    for field in form:
        if isinstance(field, AnyFileField):
            for upload in request.files.getlist(field.name):
                data.add(field.name, upload)
    return data


class LoginForm(Form):
    email = StringField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=512)])
    totp = StringField(
        _l("Code from your authenticator app"), validators=[DataRequired(), Length(max=12)]
    )


class InvitationForm(Form):
    password = PasswordField(
        _l("New password (at least 12 characters)"),
        validators=[DataRequired(), Length(min=12, max=512)],
    )
    totp = StringField(
        _l("Code from your authenticator app"), validators=[DataRequired(), Length(max=12)]
    )


class ActionForm(Form):
    """A form with nothing but the CSRF token: for buttons that act."""


class ElectionFileForm(Form):
    file = FileField(_l("Election file (TOML)"), validators=[FileRequired()])


class RollUploadForm(Form):
    file = FileField(_l("Roll (CSV, UTF-8)"), validators=[FileRequired()])


class ElectionForm(Form):
    slug = StringField(
        _l("Short name for addresses (a-z, 0-9, -)"), validators=[DataRequired(), Length(max=80)]
    )
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    area = SelectField(_l("Area"), choices=[])
    opens = StringField(_l("Opens (YYYY-MM-DD HH:MM, Berlin time)"), validators=[DataRequired()])
    closes = StringField(_l("Closes (YYYY-MM-DD HH:MM, Berlin time)"), validators=[DataRequired()])
    min_age = WholeNumberField(_l("Minimum age"), default=16, validators=[NumberRange(0, 120)])
    languages = SelectMultipleField(
        _l("Languages"),
        choices=[("de", "Deutsch"), ("en", "English"), ("tr", "Türkçe"), ("ar", "العربية")],
    )
    help_contact = TextAreaField(
        _l("Help contact printed on letters"),
        validators=[Optional(), Length(max=HELP_CONTACT_LENGTH)],
    )
    two_person_rule = BooleanField(
        _l("Opening, early closing and publishing need a second person's confirmation"),
        default=True,
    )


class VotingPeriodForm(Form):
    """After the key ceremony only the voting period of an election can still change."""

    opens = StringField(_l("Opens (YYYY-MM-DD HH:MM, Berlin time)"), validators=[DataRequired()])
    closes = StringField(_l("Closes (YYYY-MM-DD HH:MM, Berlin time)"), validators=[DataRequired()])


class ContestForm(Form):
    key = StringField(_l("Key (a-z, 0-9, -)"), validators=[DataRequired(), Length(max=80)])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=2000)])
    method = SelectField(
        _l("Method"),
        choices=[("most-votes", _l("Most votes")), ("yes-no", _l("Yes / no per candidate"))],
    )
    seats = WholeNumberField(_l("Seats"), validators=[DataRequired(), NumberRange(1, 500)])
    max_choices = WholeNumberField(
        _l("Crosses per ballot at most"), validators=[DataRequired(), NumberRange(1, 500)]
    )
    min_choices = WholeNumberField(
        _l("Crosses per ballot at least"), default=0, validators=[Optional(), NumberRange(0, 500)]
    )
    hurdle_percent = StringField(_l("Hurdle in percent of ballots cast"), default="0")
    electorate = SelectMultipleField(_l("Electorates"), choices=[], validators=[DataRequired()])
    resident = BooleanField(_l("Residents' contest (counts for the residents' majority)"))
    quotas = TextAreaField(
        _l("Quotas, one per line: attribute=value min N max M"),
        validators=[Optional(), Length(max=2000)],
    )


class CandidateForm(Form):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Short description"), validators=[Optional(), Length(max=1000)])
    attributes = StringField(
        _l("Attributes, e.g. gender=f, subarea=Nord"), validators=[Optional(), Length(max=500)]
    )


class AreaForm(Form):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    district = StringField(_l("District (Bezirk)"), validators=[Optional(), Length(max=200)])
    office_address = TextAreaField(_l("Office address"), validators=[Optional(), Length(max=500)])
    help_contact = TextAreaField(_l("Help contact"), validators=[Optional(), Length(max=500)])


class InviteForm(Form):
    email = StringField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    role = SelectField(
        _l("Role"), choices=[("officer", _l("Area officer")), ("committee", _l("Committee member"))]
    )
    area = SelectField(_l("Area"), choices=[])
    election = SelectField(_l("Election (for committee members)"), choices=[])


class ReissueForm(Form):
    serial = WholeNumberField(
        _l("Serial number of the lost letter"), validators=[DataRequired(), NumberRange(1, 10**9)]
    )


class WalkInForm(Form):
    ref = StringField(
        _l("Reference of the roll entry"), validators=[DataRequired(), Length(max=80)]
    )


class TrusteesForm(Form):
    members = SelectMultipleField(_l("Committee members who hold a key share"), coerce=int)
    threshold = WholeNumberField(
        _l("How many of them are needed to count"), validators=[DataRequired(), NumberRange(1, 50)]
    )


class PassphraseForm(Form):
    passphrase = PasswordField(
        _l("Your passphrase (at least 12 characters)"),
        validators=[DataRequired(), Length(min=12, max=512)],
    )
    confirm = PasswordField(_l("The same passphrase again"), validators=[DataRequired()])


class ShareForm(Form):
    share = FileField(_l("Your share file"), validators=[FileRequired()])
    passphrase = PasswordField(_l("Your passphrase"), validators=[DataRequired(), Length(max=512)])


class LotForm(Form):
    lot_input = StringField(
        _l("Public input for the lot (for example the dice rolled)"),
        validators=[Optional(), Length(max=200)],
    )
