"""Benchmarks of vsgraph at portfolio scale (see README, "Benchmark")."""
