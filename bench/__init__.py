"""Benchmarks for Tocsin (`make bench`): the core against bare spaCy, end to end on a real broker against a raw
pass-through, and scaling. Results are JSON files under bench/results/; method and table in docs/benchmarks.md."""
