"""Office page recording the village gathering that discussed the draft (4.9)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from municipality.drafts import form_action
from municipality.forms.errors import add_service_errors
from municipality.permissions import role_required

from .. import permissions as perms
from .. import services
from ..forms import GatheringForm
from .helpers import _done, _plan_action, _plan_office_url
from .plans import _plan_office_page


@role_required()
@form_action(page=_plan_office_url)
def gathering_record(request, pk: int):
    plan = _plan_action(request, pk, perms.can_manage_discussion)
    form = GatheringForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.gathering_record(
                plan=plan,
                actor=request.user,
                held_on=data["held_on"],
                place=data["place"],
                minutes=data["minutes"],
                decisions=data["decisions"],
                chair_name=data["chair_name"],
                secretary_name=data["secretary_name"],
                by_village=form.attendance_villages(),
                **form.attendance_values(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, plan, _("The gathering has been recorded."), "#discussion")
    return _plan_office_page(request, plan, status=400, gathering_form=form)
