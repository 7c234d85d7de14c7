"""The patient's pages: one module per area (onboarding, today and the player, progress,
daily life and data), each with its own URL list included from ``programs/urls.py``."""
