from django.shortcuts import render


def home(request):
    return render(request, "municipality/home.html")


def placeholder(request, **kwargs):
    return render(request, "municipality/placeholder.html")
