"""The kernel's own pages under the language prefix (namespace `municipality`).

Each concern keeps its routes in municipality/routes/<concern>.py.
"""

from .routes import accounts, documents, outbox, public

app_name = "municipality"

urlpatterns = (
    public.urlpatterns + accounts.urlpatterns + documents.urlpatterns + outbox.urlpatterns
)
