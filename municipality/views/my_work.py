"""The start page after log-in: what this person has to do or follow ("Менин иштерим")."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from municipality.services.my_work import my_work_sections


@login_required
@never_cache
def my_work(request):
    return render(
        request, "municipality/my_work.html", {"sections": my_work_sections(user=request.user)}
    )
