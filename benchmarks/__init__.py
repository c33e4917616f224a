"""Benchmarks: `python -m benchmarks` measures parsing, loading, page reruns, export and
memory at the four real counties and at 3,000 synthetic counties × 5 years, prints a
table and writes docs/benchmarks.md.

Each scale runs in its own subprocess (benchmarks.scenario) so that its peak memory is
its own; the parent only generates the synthetic data and writes the report.
"""
