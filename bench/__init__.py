"""Benchmarks of citeaudit (not shipped): synthetic corpora and the store benchmark."""
