from __future__ import annotations

from typing import Any

from django import forms


class InviteForm(forms.Form):
    label = forms.CharField(
        label="Who is it for? (only you see this)",
        max_length=100,
        required=False,
        help_text="A first name or initials, to recognise the invitation in your list.",
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Invitation code",
        max_length=20,
        help_text="The 10 letters and digits you were given, for example ABCDE-23456.",
    )


class SignUpForm(forms.Form):
    username = forms.CharField(label="Choose a username", max_length=150)
    password = forms.CharField(
        label="Choose a password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 10 characters; a few unrelated words are easy to remember.",
    )
    password_again = forms.CharField(
        label="The same password again",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", "The two passwords are not the same.")
        return data
