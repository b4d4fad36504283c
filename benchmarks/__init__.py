"""Benchmarks: each measures compared variants in one run and writes results/benchmarks/<name>.json."""
