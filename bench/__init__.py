"""Benchmarks: each module prints one JSON line of named figures (python -m bench.NAME)."""
