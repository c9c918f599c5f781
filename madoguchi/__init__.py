"""madoguchi: the service counter robot for cryptocurrency exchanges' support mail."""

__version__ = "0.1.0"
