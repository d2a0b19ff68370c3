"""Benchmarks of social-economy-kg (``make bench``); synthetic data lives only in bench/out."""
