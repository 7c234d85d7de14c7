"""Personal access tokens for the API: made, listed, revoked and checked here.

The secret is 32 random bytes, so a plain SHA-256 of it is enough to store (a slow password
hash guards guessable secrets, which these are not); the secret itself is never stored.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import QuerySet

from supple.accounts.models import AccessToken, User

PREFIX = "sup_"
MAX_DAYS = 366
MAX_NAME = 80
MAX_ACTIVE = 20
# The last use is written at most this often, so that reads do not each write.
LAST_USED_EVERY = timedelta(minutes=1)
SCOPES = tuple(AccessToken.Scope.values)


class TokenError(ValueError):
    """A token request that cannot be granted, said in plain words."""


@dataclass(frozen=True, slots=True)
class NewToken:
    token: AccessToken
    # Shown once; only its hash is stored.
    secret: str


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(user: User, name: str, *, scope: str, days: int | None, now: datetime) -> NewToken:
    name = " ".join(name.split())
    if not name:
        raise TokenError("give the token a name, to recognise it later")
    if len(name) > MAX_NAME:
        raise TokenError(f"the name is too long (at most {MAX_NAME} characters)")
    if scope not in SCOPES:
        raise TokenError(f"the scope must be read or write, not {scope!r}")
    if days is not None and not 1 <= days <= MAX_DAYS:
        raise TokenError(f"the expiry must be between 1 and {MAX_DAYS} days")
    secret = PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        if active_tokens(user, now).count() >= MAX_ACTIVE:
            raise TokenError(f"at most {MAX_ACTIVE} tokens at a time: revoke one first")
        token = AccessToken.objects.create(
            user=user,
            name=name,
            scope=scope,
            prefix=secret[: len(PREFIX) + 4],
            secret_hash=digest(secret),
            created_at=now,
            expires_at=now + timedelta(days=days) if days is not None else None,
        )
    return NewToken(token, secret)


def active_tokens(user: User, now: datetime) -> QuerySet[AccessToken]:
    return AccessToken.objects.filter(user=user, revoked_at__isnull=True).exclude(
        expires_at__lte=now
    )


def tokens_of(user: User) -> list[AccessToken]:
    """Every token of the person, revoked and expired ones too, newest first."""
    return list(AccessToken.objects.filter(user=user))


def revoke(user: User, token_id: int, now: datetime) -> AccessToken:
    """Revoke one of the person's own tokens; revoking twice keeps the first time."""
    token = AccessToken.objects.filter(user=user, pk=token_id).first()
    if token is None:
        raise TokenError(f"there is no token {token_id}")
    if token.revoked_at is None:
        token.revoked_at = now
        token.save(update_fields=["revoked_at"])
    return token


def authenticate(secret: str, now: datetime) -> AccessToken | None:
    """The live token with this secret (its person active), its last use noted; else None."""
    if not secret.startswith(PREFIX):
        return None
    token = (
        AccessToken.objects.select_related("user")
        .filter(secret_hash=digest(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None or (token.expires_at is not None and token.expires_at <= now):
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def is_live(token: AccessToken, now: datetime) -> bool:
    return token.revoked_at is None and (token.expires_at is None or token.expires_at > now)
