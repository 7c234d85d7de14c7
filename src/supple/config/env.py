"""Reading settings from the environment, failing loudly on bad values.

Every setting Supple reads is declared in ``SETTINGS`` with a one-line description; a test
checks that each one is documented in ``docs/settings.md``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

SETTINGS: dict[str, str] = {
    "SUPPLE_DATA_DIR": "Directory for the SQLite database and the generated secret key.",
    "DATABASE_URL": "sqlite:///PATH or postgres://USER:PASSWORD@HOST:PORT/NAME.",
    "SECRET_KEY": "Django's secret key; generated once into the data directory when unset.",
    "DEBUG": "Show detailed error pages (never in production).",
    "ALLOWED_HOSTS": "Comma-separated host names the server answers to.",
    "CSRF_TRUSTED_ORIGINS": "Comma-separated origins (scheme://host) trusted for forms.",
    "SECURE_COOKIES": "Send session and CSRF cookies over HTTPS only.",
    "SUPPLE_HOST": "Address `supple serve` binds to.",
    "SUPPLE_PORT": "Port `supple serve` listens on.",
    "SUPPLE_THREADS": "Worker threads of `supple serve`.",
    "SUPPLE_EMERGENCY_NUMBER": "The local emergency telephone number shown by the safety screen.",
    "TIME_ZONE": "The time zone of the clinic or person (IANA name).",
    "EMAIL_HOST": "SMTP server for password-reset e-mails; unset, reset by e-mail is off.",
    "EMAIL_PORT": "SMTP port.",
    "EMAIL_HOST_USER": "SMTP user name.",
    "EMAIL_HOST_PASSWORD": "SMTP password.",
    "EMAIL_USE_TLS": "Use STARTTLS with the SMTP server.",
    "DEFAULT_FROM_EMAIL": "The sender address of Supple's e-mails.",
}

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})
DATABASE_SCHEMES = ("sqlite", "postgres", "postgresql")


class SettingError(Exception):
    """A setting with a value Supple cannot use; the message names the setting."""


def _raw(name: str, environ: Mapping[str, str] | None) -> str | None:
    if name not in SETTINGS:
        raise KeyError(f"undeclared setting {name}")
    value = (os.environ if environ is None else environ).get(name)
    return None if value is None or value.strip() == "" else value.strip()


def get_str(name: str, default: str, environ: Mapping[str, str] | None = None) -> str:
    value = _raw(name, environ)
    return default if value is None else value


def get_bool(name: str, default: bool, environ: Mapping[str, str] | None = None) -> bool:
    value = _raw(name, environ)
    if value is None:
        return default
    if value.lower() in TRUE_WORDS:
        return True
    if value.lower() in FALSE_WORDS:
        return False
    raise SettingError(f"{name} must be true or false (1/0, yes/no, on/off), not {value!r}")


def get_int(
    name: str, default: int, environ: Mapping[str, str] | None = None, *, low: int, high: int
) -> int:
    value = _raw(name, environ)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise SettingError(f"{name} must be a whole number, not {value!r}") from None
    if not low <= number <= high:
        raise SettingError(f"{name} must be between {low} and {high}, not {number}")
    return number


def get_list(name: str, default: list[str], environ: Mapping[str, str] | None = None) -> list[str]:
    value = _raw(name, environ)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def default_data_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The per-user data directory: $XDG_DATA_HOME/supple, else ~/.local/share/supple."""
    env = os.environ if environ is None else environ
    configured = _raw("SUPPLE_DATA_DIR", env)
    if configured:
        return Path(configured).expanduser()
    xdg = env.get("XDG_DATA_HOME", "").strip()
    base = Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share"
    return base / "supple"


def database_url(data_dir: Path, environ: Mapping[str, str] | None = None) -> str:
    """DATABASE_URL, checked for a scheme Supple supports; SQLite in the data dir when unset."""
    value = _raw("DATABASE_URL", environ)
    if value is None:
        return f"sqlite:///{data_dir / 'supple.sqlite3'}"
    scheme = urlsplit(value).scheme.lower()
    if scheme not in DATABASE_SCHEMES:
        shown = scheme or value
        raise SettingError(
            f"DATABASE_URL has an unsupported scheme {shown!r}: "
            "use sqlite:///PATH or postgres://USER:PASSWORD@HOST:PORT/NAME"
        )
    if scheme == "sqlite" and not urlsplit(value).path.strip("/"):
        raise SettingError("DATABASE_URL names no SQLite file: use sqlite:///PATH")
    return value


def system_timezone(environ: Mapping[str, str] | None = None, root: Path = Path("/")) -> str:
    """The computer's own time zone name (so "today" and reminders follow the person's
    clock on a personal install), or UTC when it cannot be told."""
    env = os.environ if environ is None else environ
    candidates = [env.get("TZ", "").lstrip(":").strip()]
    timezone_file = root / "etc" / "timezone"
    if timezone_file.is_file():
        candidates.append(timezone_file.read_text().strip())
    localtime = root / "etc" / "localtime"
    if localtime.is_symlink():
        target = str(localtime.readlink())
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    for candidate in candidates:
        if not candidate:
            continue
        try:
            ZoneInfo(candidate)
        except (ZoneInfoNotFoundError, ValueError):
            continue
        return candidate
    return "UTC"


def get_timezone(name: str, default: str, environ: Mapping[str, str] | None = None) -> str:
    value = get_str(name, default, environ)
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingError(
            f"{name} must be an IANA time zone such as Europe/London, not {value!r}"
        ) from None
    return value
