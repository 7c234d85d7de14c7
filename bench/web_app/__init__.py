"""The app as `supple serve` runs it, plus one hello-world view for the benchmark's baseline:
a settings module that only swaps the URL list (used by bench/web.py, never in production)."""
