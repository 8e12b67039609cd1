"""Forms check shape only; the services decide and the views map their errors back."""

from django import forms
from django.utils.translation import gettext_lazy as _

from municipality.forms.attendance import AttendanceFormMixin
from municipality.limits import COUNT_MAX, TEXT_MAX, validate_text_lines
from municipality.models import Village
from municipality.uploads import CheckedFileField

from .models import Decision, Deputy, Initiative, Session

FILE_HINT = _("PDF, JPEG or PNG, up to 10 MB.")


class DateInput(forms.DateInput):
    input_type = "date"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"


def _text(label, required=True, rows=4):
    return forms.CharField(
        label=label,
        required=required,
        max_length=TEXT_MAX,
        validators=[validate_text_lines],
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class CharterForm(forms.Form):
    number = forms.CharField(label=_("Charter number"), max_length=50, required=False)
    adopted_on = forms.DateField(label=_("Charter date"), required=False, widget=DateInput())
    signature_threshold = forms.IntegerField(
        label=_("Signatures a people's initiative needs (if the charter sets its own number)"),
        required=False,
        min_value=1,
        max_value=COUNT_MAX,
    )


class DeputyForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    village = forms.ModelChoiceField(
        label=_("Village"), queryset=Village.objects.all(), required=False
    )
    constituency = forms.CharField(label=_("Constituency"), max_length=200, required=False)
    term_start = forms.DateField(label=_("Term start"), widget=DateInput())
    term_end = forms.DateField(label=_("Term end"), required=False, widget=DateInput())

    def clean(self):
        data = super().clean()
        start, end = data.get("term_start"), data.get("term_end")
        if start and end and end < start:
            self.add_error("term_end", _("The term cannot end before it starts."))
        return data


class CommissionForm(forms.Form):
    name_ky = forms.CharField(label=_("Name (Kyrgyz)"), max_length=300)
    name_ru = forms.CharField(label=_("Name (Russian)"), max_length=300, required=False)
    members = forms.ModelMultipleChoiceField(
        label=_("Members"),
        queryset=Deputy.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    chair = forms.ModelChoiceField(label=_("Chair"), queryset=Deputy.objects.all(), required=False)


class SessionForm(forms.Form):
    convocation = forms.IntegerField(label=_("Convocation"), min_value=1, max_value=100)
    number = forms.IntegerField(label=_("Session number"), min_value=1, max_value=1000)
    starts_at = forms.DateTimeField(label=_("Date and time"), widget=DateTimeInput())
    place = forms.CharField(label=_("Place"), max_length=300)
    is_closed = forms.BooleanField(
        label=_("Closed session (only for a state secret)"), required=False
    )
    closed_reason = _text(_("Why the session is closed"), required=False, rows=2)


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Agenda item"), max_length=500)
    description = _text(_("Description"), required=False, rows=3)
    material = CheckedFileField(
        label=_("Draft and materials"), required=False, help_text=FILE_HINT
    )


class HoldForm(AttendanceFormMixin, forms.Form):
    deputies_present = forms.ModelMultipleChoiceField(
        label=_("Deputies present"),
        queryset=Deputy.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, session=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_attendance_fields(attendance=session.attendance if session else None)


class InviteForm(forms.Form):
    how = forms.CharField(
        label=_("How and when the initiators were invited"),
        max_length=300,
        help_text=_("For example: by phone on 12.03, letter № 45."),
    )


class ToAgendaForm(forms.Form):
    session = forms.ModelChoiceField(
        label=_("Session"), queryset=Session.objects.filter(status=Session.Status.DRAFT)
    )


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), choices=Decision.Outcome.choices)
    votes_for = forms.IntegerField(label=_("For"), min_value=0, max_value=1000, initial=0)
    votes_against = forms.IntegerField(label=_("Against"), min_value=0, max_value=1000, initial=0)
    votes_abstained = forms.IntegerField(
        label=_("Abstained"), min_value=0, max_value=1000, initial=0
    )
    initiators_present = forms.BooleanField(label=_("The initiators are present"), required=False)
    reasons = _text(_("Reasons"), required=False, rows=3)
    resolution_title = forms.CharField(
        label=_("Title of the resolution"), max_length=500, required=False
    )
    resolution_text = _text(_("Text of the resolution"), required=False, rows=8)


class InitiativeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = _text(_("What the act changes and why"))
    draft_text = _text(_("Draft act"), rows=8)
    draft_file = CheckedFileField(label=_("Draft act (file)"), required=False, help_text=FILE_HINT)
    initiators = _text(_("Members of the initiative group (one name a line)"), rows=4)


class RegisterForm(forms.Form):
    signing_ends = forms.DateField(label=_("Signatures collected until"), widget=DateInput())


class RefuseForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason for refusal"), choices=Initiative.RefusalReason.choices
    )
    note = _text(_("Explanation"), rows=3)


class SignForm(forms.Form):
    show_name = forms.BooleanField(label=_("Show my name in the list of signers"), required=False)
    wants_news = forms.BooleanField(label=_("Tell me the kenesh's decision"), required=False)


class SheetForm(forms.Form):
    scan = CheckedFileField(label=_("Scan of the signed sheet"), help_text=FILE_HINT)


class SignerForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    birth_year = forms.IntegerField(
        label=_("Birth year"), min_value=1900, max_value=2100, required=False
    )
    village = forms.ModelChoiceField(label=_("Village"), queryset=Village.objects.all())
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    signed_on = forms.DateField(label=_("Date of the signature"), widget=DateInput())


SignerFormSet = forms.formset_factory(SignerForm, extra=5, max_num=50)


class PetitionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    text = _text(_("Petition"), rows=6)


class AnswerForm(forms.Form):
    answer = _text(_("Answer of the ayil okmotu"), rows=6)
