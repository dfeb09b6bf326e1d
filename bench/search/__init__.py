"""Catalogue search benchmark: ``python -m bench.search [--sizes 100000,1000000] [--queries 40]``."""
