from __future__ import annotations

from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from supple.accounts import services
from supple.accounts.forms import OwnerSetupForm


@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    """First visit to a fresh install: the owner creates their account."""
    if not services.needs_setup():
        return redirect("accounts:login")
    form = OwnerSetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.create_owner(
                form.cleaned_data["username"], form.cleaned_data["password"]
            )
        except services.AccountError as error:
            form.add_error(None, str(error))
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("web:home")
    return render(request, "accounts/setup.html", {"form": form})
