"""Benchmarks: run one with `python -m bench.<name>`; they print numbers, they do not assert."""
