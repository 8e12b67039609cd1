"""The product's URLs plus one bench-only route: /bench/floor/, the cheapest Django view
(the framework floor that page costs are compared to). Not part of the product's URL conf."""

from django.http import HttpResponse
from django.urls import path

from municipality.urls import handler404, handler500, urlpatterns as product_urlpatterns  # noqa: F401


def floor(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/floor/", floor, name="bench-floor"), *product_urlpatterns]
