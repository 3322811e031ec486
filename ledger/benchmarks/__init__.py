"""Benchmarks run by `manage.py bench NAME`; each prints figures, none asserts a time."""
