"""Benchmarks and reference material for flake8-fstring-regex."""
