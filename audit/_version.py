"""The package version, in one place (read by pyproject via hatch)."""

__version__ = "0.1.0"
