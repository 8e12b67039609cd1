"""The product's URLs plus bench-only routes, not part of the product's URL conf:

- /bench/floor/: the cheapest Django view (the framework floor that page costs are compared to);
- /bench/layout/: an empty page in the public layout (templates, menu, language switch, the
  municipality from the context processor): what every public page pays before its content;
- /bench/cached/notices/: the notice board view behind cache_page(60) (what caching the board
  for visitors would give; the product does not do it).
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.cache import cache_page
from django.views.decorators.vary import vary_on_cookie

from municipality.urls import handler404, handler500  # noqa: F401
from municipality.urls import urlpatterns as product_urlpatterns
from municipality.views.notices import notice_list


def floor(request):
    return HttpResponse("ok", content_type="text/plain")


def layout(request):
    return render(request, "bench/layout.html")


urlpatterns = [
    path("bench/floor/", floor, name="bench-floor"),
    path("bench/layout/", layout, name="bench-layout"),
    path("bench/cached/notices/", vary_on_cookie(cache_page(60)(notice_list))),
    *product_urlpatterns,
]
