"""Forms check shape only; the services decide and their errors come back onto the form."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from community.models import Priority
from community.selectors import priorities_register
from municipality.forms.attendance import AttendanceFormMixin
from municipality.forms.people import PersonChoiceField
from municipality.i18n import KyrgyzFieldsFormMixin
from municipality.limits import TEXT_MAX, validate_text_lines
from municipality.models import LocalIssue
from municipality.uploads import IMAGE_TYPES, CheckedMultipleFileField

from .models import Activity, Comment, Plan, WorkingGroup, WorkingGroupMember

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class WorkingGroupForm(forms.ModelForm):
    class Meta:
        model = WorkingGroup
        fields = ["title", "head_name"]


class MemberForm(forms.ModelForm):
    class Meta:
        model = WorkingGroupMember
        fields = [
            "full_name",
            "position",
            "category",
            "sex",
            "is_ethnic_minority",
            "is_disabled",
            "is_youth",
            "is_other_social_group",
        ]
        widgets = {"sex": forms.RadioSelect}


class ApproveGroupForm(forms.Form):
    justification = forms.CharField(
        max_length=TEXT_MAX,
        validators=[validate_text_lines],
        label=_("Justification (only when a recommendation is not met)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


NOT_AN_OPEN_PRIORITY = _(
    "A chosen priority is not an open priority of the register; reload the page and choose again."
)


class PriorityChoiceField(forms.ModelMultipleChoiceField):
    """The priority register's entries by rank, each with the villages that raised it."""

    def label_from_instance(self, obj):
        villages = ", ".join(v.name for v in obj.villages.all())
        label = f"{obj.rank}. {obj.title}"
        return f"{label} ({villages})" if villages else label


class PlanForm(KyrgyzFieldsFormMixin, forms.ModelForm):
    local_issues = forms.ModelMultipleChoiceField(
        label=_("Local issues the plan addresses"),
        queryset=LocalIssue.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    assessment_priorities = PriorityChoiceField(
        label=_("Priorities from the needs assessment (the priority register)"),
        queryset=Priority.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Open priorities of the register, by rank."),
        error_messages={
            "invalid_choice": NOT_AN_OPEN_PRIORITY,
            "invalid_pk_value": NOT_AN_OPEN_PRIORITY,
        },
    )

    class Meta:
        model = Plan
        fields = [
            "title_ky",
            "title_ru",
            "summary_ky",
            "summary_ru",
            "period_start",
            "period_end",
            "working_group",
            "local_issues",
            "assessment_priorities",
            "needs_priorities",
            "sedp_reference",
            "sectoral_programmes",
            "monitoring_results",
        ]
        labels = {"title_ru": _("Title in Russian"), "summary_ru": _("Summary in Russian")}
        help_texts = {
            "needs_priorities": _("Anything the register does not hold: no information is lost.")
        }
        widgets = {
            "summary_ky": forms.Textarea(attrs={"rows": 3}),
            "summary_ru": forms.Textarea(attrs={"rows": 3}),
            "sedp_reference": forms.Textarea(attrs={"rows": 2}),
            "sectoral_programmes": forms.Textarea(attrs={"rows": 2}),
            "needs_priorities": forms.Textarea(attrs={"rows": 2}),
            "monitoring_results": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # open priorities, and those this plan already took up even if closed since
        chosen = self.instance.assessment_priorities.all() if self.instance.pk else []
        self.fields["assessment_priorities"].queryset = priorities_register().filter(
            Q(status=Priority.Status.OPEN) | Q(pk__in=[p.pk for p in chosen])
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The last year cannot come before the first year."))
        return data


class ActivityForm(KyrgyzFieldsFormMixin, forms.ModelForm):
    local_issues = forms.ModelMultipleChoiceField(
        label=_("Local issues"),
        queryset=LocalIssue.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Activity
        fields = [
            "title_ky",
            "title_ru",
            "description_ky",
            "description_ru",
            "direction",
            "form",
            "local_issues",
            "channel",
            "periodicity",
            "responsible",
            "resources",
            "deadline",
        ]
        labels = {"title_ru": _("Title in Russian"), "description_ru": _("Description in Russian")}
        widgets = {
            "description_ky": forms.Textarea(attrs={"rows": 2}),
            "description_ru": forms.Textarea(attrs={"rows": 2}),
            "deadline": DATE,
        }
        error_messages = {
            "responsible": {"required": _("Name the person responsible for the activity.")}
        }


class EvidenceForm(AttendanceFormMixin, forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DATE)
    place = forms.CharField(label=_("Place"), max_length=300)
    result = forms.CharField(
        max_length=TEXT_MAX,
        validators=[validate_text_lines],
        label=_("Short result"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, attendance=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_attendance_fields(attendance=attendance)
        self.fields["photos"] = CheckedMultipleFileField(
            label=_("Photos (JPEG or PNG)"), allowed=IMAGE_TYPES, required=False
        )


def _text(label, *, rows: int) -> forms.CharField:
    return forms.CharField(
        max_length=TEXT_MAX,
        validators=[validate_text_lines],
        label=label,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class GatheringForm(AttendanceFormMixin, forms.Form):
    """The village gathering as the community pages record it (minutes, chair, protocol),
    with the place it took place."""

    held_on = forms.DateField(label=_("Date of the gathering"), widget=DATE)
    place = forms.CharField(label=_("Place"), max_length=300)
    chair_name = forms.CharField(label=_("Chaired by"), max_length=200)
    secretary_name = forms.CharField(label=_("Secretary"), max_length=200, required=False)
    minutes = _text(_("Minutes: what was discussed"), rows=4)
    decisions = _text(_("Decisions"), rows=3)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_attendance_fields(require_total=True)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        max_length=TEXT_MAX,
        validators=[validate_text_lines],
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ApproveForm(forms.Form):
    justification = forms.CharField(
        required=False,
        max_length=TEXT_MAX,
        validators=[validate_text_lines],
        label=_("Justification for approving with the open points (printed in the order)"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class OpenDiscussionForm(forms.Form):
    gathering_at = forms.DateTimeField(
        label=_("Date and time of the village gathering"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    place = forms.CharField(label=_("Place of the gathering"), max_length=300)
    comments_until = forms.DateField(
        label=_("Comments accepted until"),
        required=False,
        widget=DATE,
        help_text=_("Empty: until the day of the gathering."),
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        validators=[validate_text_lines],
        label=_("Your comment on the draft plan"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PaperCommentForm(forms.Form):
    person = PersonChoiceField()
    author_name = forms.CharField(label=_("Whose comment"), max_length=200, required=False)
    text = forms.CharField(
        validators=[validate_text_lines],
        label=_("Comment as written on paper"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Answer"),
        choices=[
            (Comment.Answer.ACCEPTED, Comment.Answer.ACCEPTED.label),
            (Comment.Answer.REJECTED, Comment.Answer.REJECTED.label),
        ],
        widget=forms.RadioSelect,
    )
    answer_text = forms.CharField(
        max_length=TEXT_MAX,
        validators=[validate_text_lines],
        label=_("Answer text and reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
