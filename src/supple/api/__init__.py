"""The REST API (django-ninja): one router module per area, mounted in ``urls.py``."""
