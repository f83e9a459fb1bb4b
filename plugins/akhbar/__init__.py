"""Akhbar: a Pelican plugin that turns raw scraped news files (seeds) into archive pages.

The pure modules (decoding, cleaning, dates ...) import nothing from Pelican, so they can be
used and tested alone; Pelican is only imported when the plugin is registered.
"""


def register():
    """Entry point Pelican calls; wires the signals (see plugin.py)."""
    from .plugin import register as _register  # noqa: PLC0415 - Pelican only once registered

    _register()
