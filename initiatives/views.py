from django.shortcuts import render


def index(request):
    # Placeholder until the app's own issue lands its pages.
    return render(request, "initiatives/index.html")
