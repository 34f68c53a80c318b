"""site-builder: a static-site generator for comparing news coverage of one story."""

__version__ = "0.1.0"
