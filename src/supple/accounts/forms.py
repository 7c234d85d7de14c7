from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from supple.accounts.models import User


class OwnerSetupForm(forms.Form):
    username = forms.CharField(max_length=150, label="Choose a username")
    password = forms.CharField(
        label="Choose a password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 10 characters; not a common password.",
    )
    password_again = forms.CharField(
        label="Type the password again",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        password, again = data.get("password"), data.get("password_again")
        if password and again and password != again:
            self.add_error("password_again", "The two passwords differ.")
        elif password:
            try:
                validate_password(password, User(username=data.get("username", "")))
            except ValidationError as error:
                self.add_error("password", error)
        return data


class TokenForm(forms.Form):
    """A new personal access token for the API."""

    name = forms.CharField(
        max_length=80,
        label="Name",
        help_text="To recognise it later, for example the program that will use it.",
    )
    scope = forms.ChoiceField(
        label="What it may do",
        choices=[("read", "Read only"), ("write", "Read and write")],
        initial="read",
        widget=forms.RadioSelect,
    )
    expires = forms.TypedChoiceField(
        label="Stops working after",
        choices=[("7", "7 days"), ("30", "30 days"), ("90", "90 days"), ("366", "A year")],
        coerce=int,
        initial="30",
    )
