"""Who the office pages are for."""

from municipality.permissions import role_required

office_only = role_required("staff", "head")
