"""Django settings, read only from the environment (see ``supple.config.env``).

SQLite in a per-user data directory by default; ``DATABASE_URL`` switches to PostgreSQL.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONE, SELF

from supple.config import env, storage

PACKAGE_DIR = Path(__file__).resolve().parent.parent

DATA_DIR = env.default_data_dir()


def _secret_key() -> str:
    configured = env.get_str("SECRET_KEY", "")
    if configured:
        return configured
    # A single-person install needs no set-up: a key made once and kept with the data (written
    # when the database is set up, see supple.config.storage).
    return storage.secret_key(DATA_DIR)


SECRET_KEY = _secret_key()
DEBUG = env.get_bool("DEBUG", False)
ALLOWED_HOSTS = env.get_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.get_list("CSRF_TRUSTED_ORIGINS", [])
SECURE_COOKIES = env.get_bool("SECURE_COOKIES", False)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Behind HTTPS (secure cookies on), browsers are told to use nothing else for a year.
SECURE_HSTS_SECONDS = 365 * 24 * 3600 if SECURE_COOKIES else 0

SUPPLE_EMERGENCY_NUMBER = env.get_str("SUPPLE_EMERGENCY_NUMBER", "112")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "csp",
    "supple.accounts",
    "supple.library",
    "supple.programs",
    "supple.web",
    "supple.clinic",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "supple.web.middleware.HeadAsGetMiddleware",
    "supple.web.middleware.UndecodableBodyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "supple.web.middleware.BusyMiddleware",
    "axes.middleware.AxesMiddleware",
]


def _style_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def _figure_style() -> str:
    from supple.figures import render as figures

    return figures._STYLE


# No inline script or style anywhere: scripts and styles come from our own static files. The
# one inline <style> allowed is the figures' own (SVG figures inlined in handouts), by hash.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, _style_hash(_figure_style())],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

ROOT_URLCONF = "supple.config.urls"
WSGI_APPLICATION = "supple.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "supple.web.context.site",
            ],
        },
    },
]


def _database(url: str) -> dict[str, Any]:
    config: dict[str, Any] = dict(dj_database_url.parse(url))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # Django's backend, but connecting never creates a missing database file.
        config["ENGINE"] = "supple.config.sqlite"
        # Tests use an in-memory database (named here: the engine's name is not Django's).
        config["TEST"] = {"NAME": ":memory:"}
        # One writer at a time: WAL lets readers go on while a write happens, IMMEDIATE takes
        # the write lock at the start of a transaction (no upgrade deadlocks), and the busy
        # timeout makes a second writer wait instead of failing at once.
        config["OPTIONS"] = {
            # secure_delete: deleted rows are overwritten with zeros, not left in free pages.
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON;"
            ),
            "transaction_mode": "IMMEDIATE",
            # A request waits at most this long for the write lock, then gets a 503 with
            # Retry-After (supple.web.middleware), well before a browser or proxy gives up.
            "timeout": 3,
        }
    else:
        config["CONN_MAX_AGE"] = 60
        config["CONN_HEALTH_CHECKS"] = True
    return config


DATABASES = {"default": _database(env.database_url(DATA_DIR))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "supple.accounts.backends.LockoutBackend",
    "supple.accounts.backends.BoundedModelBackend",
]
# Password guessing: 5 failures for one account, or from one address, pause sign-ins for it
# for 15 minutes (django-axes logs each attempt in the database and the log).
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "supple.accounts.views.locked_out"
# Password reset by e-mail only where an SMTP server is configured; otherwise
# `supple passwd NAME` on the computer that holds the data.
EMAIL_HOST = env.get_str("EMAIL_HOST", "")
PASSWORD_RESET_BY_EMAIL = bool(EMAIL_HOST)
EMAIL_PORT = env.get_int("EMAIL_PORT", 587, low=1, high=65535)
EMAIL_HOST_USER = env.get_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.get_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env.get_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env.get_str("DEFAULT_FROM_EMAIL", "supple@localhost")
PASSWORD_RESET_TIMEOUT = 3600
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env.get_timezone("TIME_ZONE", env.system_timezone())
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Serve straight from the apps' static folders: no collectstatic step for a personal install.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
