"""Benchmarks: scripts run on their own (see the Makefile), not tests."""
