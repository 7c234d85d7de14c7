from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from supple.api.auth import user_of

router = Router(tags=["account"])


class AccountOut(Schema):
    username: str
    role: str
    clinic: str | None


@router.get("/", response=AccountOut, url_name="account", summary="The signed-in account")
def me(request: HttpRequest) -> AccountOut:
    user = user_of(request)
    return AccountOut(
        username=user.get_username(),
        role=user.role,
        clinic=user.clinic.name if user.clinic else None,
    )
