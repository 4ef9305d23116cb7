"""Benchmarks: ``make bench``. Each script prints its figures and, last, one line of
``name=value`` pairs. See docs/performance.md."""
