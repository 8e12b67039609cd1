"""Who reaches the kenesh office pages (the services check each action again)."""

from municipality.models import Role

SECRETARY = (Role.KENESH_SECRETARY, Role.ADMINISTRATOR)
OFFICE = (Role.STAFF, Role.HEAD, Role.KENESH_SECRETARY, Role.ADMINISTRATOR)
