"""Benchmarks: scripts that print numbers (`python -m bench`, `make bench`); not run by the tests."""
