from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

router = Router(tags=["account"])


class AccountOut(Schema):
    username: str
    role: str
    clinic: str | None


@router.get("/", response=AccountOut, summary="The signed-in account")
def me(request: HttpRequest) -> AccountOut:
    user = request.user
    clinic = getattr(user, "clinic", None)
    return AccountOut(
        username=user.get_username(),
        role=getattr(user, "role", ""),
        clinic=clinic.name if clinic else None,
    )
