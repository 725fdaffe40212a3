"""citeaudit: a source-reliability and cross-citation auditor for news text."""

__version__ = "0.1.0"
