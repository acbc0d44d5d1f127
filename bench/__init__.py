"""Benchmarks: speed and memory figures with budgets, run by ``python -m bench``, not pytest."""
