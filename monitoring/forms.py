"""Forms check shape only; the services decide and the views map their errors back."""

import datetime
import re

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from municipality.forms.attendance import AttendanceFormMixin
from municipality.limits import TEXT_MAX, validate_text_lines
from municipality.models import Village
from municipality.uploads import CheckedFileField

from .links import link_choices, link_resolve
from .models import ChecklistAnswer, GroupMember, Subject


class IdsField(forms.ModelMultipleChoiceField):
    """Several objects by id; ids that are not 64-bit numbers are refused before any query
    (SQLite raises OverflowError on them instead of finding nothing)."""

    def _check_values(self, value):
        for pk in value:
            try:
                number = int(str(pk))
            except (TypeError, ValueError):
                number = -1
            if not 0 < number < 2**63:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Name of the group (Kyrgyz)"), max_length=300)
    name_ru = forms.CharField(
        label=_("Name of the group (Russian)"), max_length=300, required=False
    )
    resolution_number = forms.CharField(label=_("Resolution number"), max_length=50)
    resolution_date = forms.DateField(label=_("Resolution date"), widget=DateInput())
    resolution_file = CheckedFileField(
        label=_("Resolution (PDF or scan)"),
        required=False,
        help_text=_("PDF, JPEG or PNG, up to 10 MB."),
    )
    register_resolution = forms.BooleanField(
        label=_("Also enter the resolution in the document registry (PDF made by the portal)"),
        required=False,
    )
    period_start = forms.DateField(label=_("Period start"), widget=DateInput())
    period_end = forms.DateField(label=_("Period end"), widget=DateInput())
    mandate = forms.CharField(
        max_length=TEXT_MAX,
        validators=[validate_text_lines],
        label=_("Mandate (Kyrgyz)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    mandate_ru = forms.CharField(
        max_length=TEXT_MAX,
        validators=[validate_text_lines],
        label=_("Mandate (Russian)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["register_resolution"]

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period cannot end before it starts."))
        return data


class MemberForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Account (login name), if the member has one"),
        queryset=get_user_model().objects.filter(is_active=True),
        to_field_name="username",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"invalid_choice": _("There is no account with this login name.")},
    )
    name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    category = forms.ChoiceField(label=_("Category"), choices=GroupMember.Category.choices)
    sex = forms.ChoiceField(label=_("Sex"), choices=GroupMember.Sex.choices)
    village = forms.ModelChoiceField(
        label=_("Village"), queryset=Village.objects.all(), required=False
    )
    is_chair = forms.BooleanField(label=_("Chair of the group"), required=False)

    def clean(self):
        data = super().clean()
        if not data.get("name") and not data.get("user") and "user" not in self.errors:
            self.add_error("name", _("Enter the member's name or login name."))
        return data


def parse_dates(value: str) -> list[datetime.date]:
    dates = []
    for part in re.split(r"[\s,;]+", value.strip()):
        if not part:
            continue
        for fmt in ("%d.%m.%Y", "%Y-%m-%d"):
            try:
                dates.append(datetime.datetime.strptime(part, fmt).date())
                break
            except ValueError:
                continue
        else:
            raise ValidationError(
                _("“%(value)s” is not a date. Write dates as 25.05.2026, separated by commas."),
                params={"value": part},
            )
    return dates


class SubjectForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type of subject"), choices=Subject.Kind.choices)
    title = forms.CharField(label=_("Title (Kyrgyz)"), max_length=300)
    title_ru = forms.CharField(label=_("Title (Russian)"), max_length=300, required=False)
    target = forms.ChoiceField(
        label=_("Linked project, activity, plan or budget line"),
        required=False,
        help_text=_("Its page then shows the group's protocols."),
    )
    planned_visits = forms.CharField(
        label=_("Planned visit dates"),
        max_length=500,
        required=False,
        help_text=_("For example: 10.06.2026, 15.07.2026"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [("", _("No link (free-text subject)")), *link_choices()]

    def clean_planned_visits(self):
        return parse_dates(self.cleaned_data["planned_visits"])

    def clean_target(self):
        value = self.cleaned_data["target"]
        if not value:
            return None
        _kind, obj = link_resolve(value)
        if obj is None:
            raise ValidationError(_("This object no longer exists."))
        return obj

    def clean(self):
        data = super().clean()
        if data.get("target") is not None:
            kind, _obj = link_resolve(self.data.get(self.add_prefix("target"), ""))
            data["kind"] = kind
        return data


class PhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos in one input; each is checked by the service (content, size, pixels)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            PhotoInput(
                attrs={
                    "accept": "image/*",
                    "capture": "environment",
                    "multiple": True,
                }
            ),
        )
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [f for f in files if f]


class ProtocolForm(AttendanceFormMixin, forms.Form):
    """The one-page field protocol: everything a member fills in on a phone."""

    visit_date = forms.DateField(label=_("Date of the visit"), widget=DateInput(), required=False)
    village = forms.ModelChoiceField(
        label=_("Village"), queryset=Village.objects.all(), required=False
    )
    address = forms.CharField(label=_("Address or place"), max_length=300, required=False)
    members_present = IdsField(
        label=_("Members present"),
        queryset=GroupMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    findings = forms.CharField(
        max_length=TEXT_MAX,
        validators=[validate_text_lines],
        label=_("Findings"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    photos = PhotosField(
        label=_("Add photos"), help_text=_("JPEG or PNG, up to 10 MB each; several at once.")
    )
    keep_location = forms.BooleanField(
        label=_("Keep the photo's location (GPS) — otherwise all photo data is removed"),
        required=False,
    )
    remove_photos = IdsField(
        label=_("Remove photos"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    scan = CheckedFileField(
        label=_("Scan of a paper protocol (optional)"),
        required=False,
        help_text=_("PDF, JPEG or PNG, up to 10 MB."),
    )
    scan_summary = forms.CharField(
        max_length=TEXT_MAX,
        validators=[validate_text_lines],
        label=_("Summary of the paper protocol"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, protocol, questions, **kwargs):
        self.protocol = protocol
        self.questions = list(questions)
        kwargs.setdefault("initial", self._initial(protocol))
        super().__init__(*args, **kwargs)
        self.fields["members_present"].queryset = protocol.group.members.all()
        self.fields["remove_photos"].queryset = protocol.photos.all()
        # "Photo 2", never the storage path (a long name made the page wider than a phone).
        numbers = {pk: n for n, pk in enumerate(protocol.photos.values_list("pk", flat=True), 1)}
        self.fields["remove_photos"].label_from_instance = lambda photo: (
            photo.caption or (_("Photo %(number)s") % {"number": numbers.get(photo.pk, "")})
        )
        self.add_attendance_fields(attendance=protocol.attendance)
        answer_choices = [("", _("Not answered")), *ChecklistAnswer.Answer.choices]
        for question in self.questions:
            self.fields[f"q{question.pk}"] = forms.ChoiceField(
                label=question.text,
                choices=answer_choices,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"note{question.pk}"] = forms.CharField(
                label=_("Note"),
                max_length=1000,
                required=False,
            )

    def _initial(self, protocol):
        initial = {
            "visit_date": protocol.visit_date,
            "village": protocol.village_id,
            "address": protocol.address,
            "members_present": [m.pk for m in protocol.members_present.all()],
            "findings": protocol.findings,
            "scan_summary": protocol.scan_summary,
        }
        for answer in protocol.answers.all():
            initial[f"q{answer.question_id}"] = answer.answer
            initial[f"note{answer.question_id}"] = answer.note
        return initial

    def clean_visit_date(self):
        value = self.cleaned_data["visit_date"]
        group = self.protocol.group
        if value and not group.covers(value):
            raise ValidationError(
                _("The visit date must fall within the group's period (%(start)s – %(end)s)."),
                params={
                    "start": f"{group.period_start:%d.%m.%Y}",
                    "end": f"{group.period_end:%d.%m.%Y}",
                },
            )
        return value

    def question_rows(self):
        return [(q, self[f"q{q.pk}"], self[f"note{q.pk}"]) for q in self.questions]

    def answers(self) -> dict:
        """question id → (answer, note) for the answers that passed validation."""
        data = self.cleaned_data
        return {
            q.pk: (data.get(f"q{q.pk}", ""), data.get(f"note{q.pk}", ""))
            for q in self.questions
            if f"q{q.pk}" in data and f"note{q.pk}" in data
        }


class RecommendationForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    text = forms.CharField(
        max_length=TEXT_MAX,
        validators=[validate_text_lines],
        label=_("Recommendation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    addressee = forms.CharField(
        label=_("Addressee"),
        max_length=200,
        required=False,
        help_text=_("The ayil okmotu or a responsible person."),
    )
    due_date = forms.DateField(label=_("Due date"), widget=DateInput(), required=False)


RecommendationFormSet = forms.formset_factory(
    RecommendationForm, extra=1, can_delete=True, max_num=30, validate_max=True
)


class SignForm(forms.Form):
    confirmed = IdsField(
        label=_("Members present who confirmed the protocol"),
        queryset=GroupMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, protocol, **kwargs):
        super().__init__(*args, **kwargs)
        present = protocol.members_present.all()
        self.fields["confirmed"].queryset = present
        self.fields["confirmed"].initial = [m.pk for m in present]


class ReturnForm(forms.Form):
    reason = forms.CharField(
        max_length=TEXT_MAX,
        validators=[validate_text_lines],
        label=_("What must be corrected"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AnswerForm(forms.Form):
    response = forms.CharField(
        max_length=TEXT_MAX,
        validators=[validate_text_lines],
        label=_("Answer of the ayil okmotu"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    action_taken = forms.CharField(
        max_length=TEXT_MAX,
        validators=[validate_text_lines],
        label=_("What was done"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReviewForm(forms.Form):
    note = forms.CharField(
        max_length=TEXT_MAX,
        validators=[validate_text_lines],
        label=_("Note of the group"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class QuestionForm(forms.Form):
    subject_kind = forms.ChoiceField(label=_("Type of subject"), choices=Subject.Kind.choices)
    text = forms.CharField(label=_("Question (Kyrgyz)"), max_length=500)
    text_ru = forms.CharField(label=_("Question (Russian)"), max_length=500, required=False)
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)


class ReportForm(forms.Form):
    period_start = forms.DateField(label=_("From"), widget=DateInput())
    period_end = forms.DateField(label=_("To"), widget=DateInput())
    summary = forms.CharField(
        max_length=TEXT_MAX,
        validators=[validate_text_lines],
        label=_("Summary and conclusions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period cannot end before it starts."))
        return data
