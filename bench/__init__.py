"""Benchmarks (not shipped with the bot). See bench/README.md."""
