"""The installed aiozoom version."""

__version__ = "0.1.0"
