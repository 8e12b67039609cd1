"""Public monitoring pages: the groups and their signed protocols."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from municipality.pagination import list_page
from municipality.permissions import is_office

from .. import permissions as perms
from .. import selectors
from ..links import target_url
from ..models import (
    GroupMember,
    Protocol,
)

LATEST = 10

# Public pages


def index(request):
    """The latest groups, a page of signed protocols, the latest recommendations."""
    user = request.user
    page = list_page(request, selectors.protocols_public())
    context = {
        "groups": list(selectors.groups_public()[:LATEST]),
        "protocols": page.object_list,
        "page_obj": page,
        "recommendations": list(selectors.recommendations_public().order_by("-pk")[:LATEST]),
        "can_create_group": perms.can_create_group(user),
        "has_seat": user.is_authenticated and GroupMember.objects.filter(user=user).exists(),
        "is_office": is_office(user),
    }
    return render(request, "monitoring/index.html", context)


def group_detail(request, pk):
    group = get_object_or_404(selectors.groups_public(), pk=pk)
    subjects = list(selectors.subjects_of_group(group=group))
    for subject in subjects:
        subject.target_url = target_url(subject)
    context = {
        "group": group,
        "composition": selectors.group_composition(group),
        "subjects": subjects,
        "protocols": list(selectors.protocols_public(group=group)),
        "recommendations": list(selectors.recommendations_public(group=group)),
        "reports": list(group.reports.select_related("document")),
        "can_manage": perms.can_manage_group(request.user, group),
        "is_member": perms.is_member(request.user, group),
    }
    return render(request, "monitoring/group_detail.html", context)


def protocol_detail(request, pk):
    try:
        protocol = selectors.protocol_detail(pk=pk)
    except Protocol.DoesNotExist:
        raise Http404 from None
    if not perms.can_view_protocol(request.user, protocol):
        raise Http404
    context = {
        "protocol": protocol,
        "members": selectors.protocol_members(protocol=protocol),
        "can_edit": perms.can_edit_protocol(request.user, protocol),
        "can_sign": perms.can_sign_protocol(request.user, protocol),
        "can_answer": is_office(request.user) and protocol.is_public,
        "is_chair": perms.is_chair(request.user, protocol.group),
    }
    return render(request, "monitoring/protocol_detail.html", context)
