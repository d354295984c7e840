"""Benchmark scripts whose figures go into ``reports/perf.md``."""
