"""Dialogs; each exposes a classmethod ask() that tests patch."""
