"""Support code for the benchmark scripts in bench/ (not a benchmark itself)."""
