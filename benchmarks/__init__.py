"""Benchmarks and load tests, outside the runtime package: `python -m benchmarks.bench` times the
Overview's queries against pandas, `python -m benchmarks.spike` sends a crowd to a server on this
machine."""
