"""Forms validate shape; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from budget.models import BudgetLine
from engagement_plan.models import Activity, Plan
from initiatives.models import Application
from monitoring.models import Protocol
from municipality.forms.attendance import AttendanceFormMixin
from municipality.limits import COUNT_MAX, TEXT_MAX, validate_text_lines
from municipality.models import LocalIssue, Person, Village

from .models import Assessment, Gathering, InitiativeGroupMember, Problem, Question


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def text(label, *, required=True, rows=3):
    return forms.CharField(
        label=label,
        max_length=TEXT_MAX,
        validators=[validate_text_lines],
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class GatheringForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Gathering.Kind.choices)
    title = forms.CharField(label=_("Title (Kyrgyz)"), max_length=300)
    title_ru = forms.CharField(label=_("Title (Russian)"), max_length=300, required=False)
    agenda = text(_("Agenda (Kyrgyz)"))
    agenda_ru = text(_("Agenda (Russian)"), required=False)
    starts_at = forms.DateTimeField(label=_("Date and time"), widget=DATETIME)
    place = forms.CharField(label=_("Place (Kyrgyz)"), max_length=300)
    place_ru = forms.CharField(label=_("Place (Russian)"), max_length=300, required=False)
    village = forms.ModelChoiceField(
        label=_("Village"), queryset=Village.objects.all(), required=False
    )
    #: A public discussion of the engagement plan belongs to a plan under discussion; the
    #: plan's service refuses one without it (engagement_plan/services/gatherings.py).
    plan = forms.ModelChoiceField(
        label=_("Plan under public discussion"),
        queryset=None,
        required=False,
        help_text=_("Only for a public discussion of the engagement plan."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = Plan.objects.filter(status=Plan.Status.DISCUSSION)

    def clean(self):
        data = super().clean()
        if data.get("plan") and data.get("kind") != Gathering.Kind.PLAN_DISCUSSION:
            self.add_error("plan", _("A plan is chosen only for a public discussion of the plan."))
        return data


class HoldForm(AttendanceFormMixin, forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    chair_name = forms.CharField(label=_("Chaired by"), max_length=200)
    secretary_name = forms.CharField(label=_("Secretary"), max_length=200, required=False)
    minutes = text(_("Minutes: what was discussed"), rows=6)
    decisions = text(_("Decisions"), rows=4)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_attendance_fields(require_total=True)


class ReasonForm(forms.Form):
    reason = text(_("Reason"), rows=2)


class AssessmentForm(AttendanceFormMixin, forms.Form):
    village = forms.ModelChoiceField(label=_("Village"), queryset=Village.objects.all())
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    situation = text(_("The situation studied"), required=False)
    method = forms.ChoiceField(
        label=_("How the ranking was agreed"), choices=Assessment.Method.choices
    )
    deputies_present = text(_("Kenesh deputies present (one name a line)"), required=False)
    staff_present = text(_("Ayil okmotu staff present (one name a line)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_attendance_fields(require_total=True)


class ProblemForm(forms.Form):
    title = forms.CharField(label=_("Problem"), max_length=300, required=False)
    causes = text(_("Causes"), required=False, rows=2)
    consequences = text(_("Consequences"), required=False, rows=2)
    rank = forms.IntegerField(label=_("Rank"), min_value=1, max_value=100, required=False)
    votes = forms.IntegerField(label=_("Votes"), min_value=0, max_value=COUNT_MAX, required=False)


ProblemFormSet = forms.formset_factory(ProblemForm, extra=5, max_num=20, validate_max=True)


class PriorityForm(forms.Form):
    title = forms.CharField(label=_("Title (Kyrgyz)"), max_length=300)
    title_ru = forms.CharField(label=_("Title (Russian)"), max_length=300, required=False)
    description = text(_("Description"), required=False)
    local_issue = forms.ModelChoiceField(
        label=_("Issue of local significance"),
        queryset=LocalIssue.objects.filter(is_active=True),
        required=False,
        empty_label=_("Other / outside the competence of local self-government"),
    )
    rank = forms.IntegerField(label=_("Rank in the register"), min_value=1, max_value=1000)
    problems = forms.ModelMultipleChoiceField(
        label=_("Problems raised at the meetings"),
        queryset=Problem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    villages = forms.ModelMultipleChoiceField(
        label=_("Other villages that raised it"),
        queryset=Village.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["problems"].queryset = Problem.objects.filter(
            priority__isnull=True
        ).select_related("assessment__village")
        self.fields["problems"].label_from_instance = lambda p: (
            f"{p.assessment.village}, {p.assessment.held_on:%d.%m.%Y}: {p.title} ({p.rank})"
        )


class LinkForm(forms.Form):
    """One thing the cycle did about the priority."""

    plan_activity = forms.ModelChoiceField(label=_("Plan activity"), queryset=None, required=False)
    budget_line = forms.ModelChoiceField(label=_("Budget line"), queryset=None, required=False)
    application = forms.ModelChoiceField(label=_("Contest project"), queryset=None, required=False)
    protocol = forms.ModelChoiceField(
        label=_("Monitoring protocol"), queryset=None, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan_activity"].queryset = Activity.objects.all()
        self.fields["budget_line"].queryset = BudgetLine.objects.select_related("category")
        self.fields["application"].queryset = Application.objects.exclude(
            status=Application.Status.DRAFT
        )
        self.fields["protocol"].queryset = Protocol.objects.public().select_related("subject")

    def clean(self):
        data = super().clean()
        if sum(1 for value in data.values() if value is not None) != 1:
            raise forms.ValidationError(_("Choose one thing to link."))
        return data


class InitiativeGroupForm(forms.Form):
    name = forms.CharField(label=_("Name of the group"), max_length=300)
    formed_on = forms.DateField(label=_("Formed on"), widget=DateInput())
    people = forms.ModelMultipleChoiceField(
        label=_("Residents (from the register of people)"),
        queryset=Person.objects.select_related("village"),
        widget=forms.CheckboxSelectMultiple,
    )
    leader = forms.ModelChoiceField(
        label=_("Leader"), queryset=Person.objects.all(), required=False
    )
    deputies = text(_("Kenesh deputies (one name a line)"), required=False, rows=2)
    staff = text(_("Ayil okmotu staff (one name a line)"), required=False, rows=2)

    def members(self) -> list[dict]:
        data = self.cleaned_data
        rows = [
            {
                "person": person,
                "role": InitiativeGroupMember.Role.RESIDENT,
                "is_leader": person == data.get("leader"),
            }
            for person in data["people"]
        ]
        for field, role in (
            ("deputies", InitiativeGroupMember.Role.DEPUTY),
            ("staff", InitiativeGroupMember.Role.STAFF),
        ):
            for line in (data.get(field) or "").splitlines():
                if line.strip():
                    rows.append({"name": line.strip(), "role": role})
        return rows


class ReportForm(forms.Form):
    introduction = text(_("Head's introduction (Kyrgyz)"), required=False, rows=5)
    introduction_ru = text(_("Head's introduction (Russian)"), required=False, rows=5)
    conclusions = text(_("Conclusions (Kyrgyz)"), required=False, rows=5)
    conclusions_ru = text(_("Conclusions (Russian)"), required=False, rows=5)
    gathering = forms.ModelChoiceField(
        label=_("Presented at the gathering"),
        queryset=Gathering.objects.filter(status=Gathering.Status.HELD),
        required=False,
    )


class SurveyForm(forms.Form):
    KINDS = {"single", "multiple", "scale", "text"}

    title = forms.CharField(label=_("Title"), max_length=300)
    description = text(_("Description"), required=False)
    opens_on = forms.DateField(label=_("Open from"), widget=DateInput())
    closes_on = forms.DateField(label=_("Open until"), widget=DateInput())
    free_text_public = forms.BooleanField(label=_("Publish the free-text answers"), required=False)
    allow_anonymous = forms.BooleanField(
        label=_("Allow anonymous answers (once per browser, limited per address)"),
        required=False,
    )
    questions = text(
        _("Questions, one a line: kind: question | option | option"),
        rows=8,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questions"].help_text = _(
            "Kinds: single, multiple, scale (1–5), text. Example: "
            "single: Is there enough water? | Yes | No"
        )

    def clean_questions(self):
        rows = []
        for line in self.cleaned_data["questions"].splitlines():
            if not line.strip():
                continue
            kind, _sep, rest = line.partition(":")
            parts = [p.strip() for p in rest.split("|")]
            if kind.strip() not in self.KINDS or not parts[0]:
                raise forms.ValidationError(
                    _("Write each line as kind: question | option | option.")
                )
            rows.append({"kind": kind.strip(), "text": parts[0], "options": parts[1:]})
        return rows


class AnswerForm(forms.Form):
    """The questions of one survey as fields (`q<pk>`)."""

    def __init__(self, *args, survey, person_field=False, **kwargs):
        super().__init__(*args, **kwargs)
        if person_field:
            self.fields["person"] = forms.ModelChoiceField(
                label=_("Person in the register"), queryset=Person.objects.all()
            )
        for question in survey.questions.prefetch_related("options"):
            choices = [(o.pk, o.text) for o in question.options.all()]
            name = f"q{question.pk}"
            if question.kind == Question.Kind.SINGLE:
                field = forms.TypedChoiceField(
                    choices=choices, coerce=int, widget=forms.RadioSelect, required=False
                )
            elif question.kind == Question.Kind.MULTIPLE:
                field = forms.TypedMultipleChoiceField(
                    choices=choices,
                    coerce=int,
                    widget=forms.CheckboxSelectMultiple,
                    required=False,
                )
            elif question.kind == Question.Kind.SCALE:
                field = forms.TypedChoiceField(
                    choices=[(n, n) for n in range(1, 6)],
                    coerce=int,
                    widget=forms.RadioSelect,
                    required=False,
                )
            else:
                field = text("", required=False)
            field.label = question.text
            self.fields[name] = field

    def values(self) -> dict:
        return {
            int(name[1:]): value
            for name, value in self.cleaned_data.items()
            if name.startswith("q")
        }
