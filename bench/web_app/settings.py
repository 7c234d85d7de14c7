"""Supple's own settings, with a URL list that adds the hello-world baseline view."""

from supple.config.settings import *  # noqa: F403

ROOT_URLCONF = "web_app.urls"
