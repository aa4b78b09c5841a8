"""Dialogs; each exposes a classmethod (ask / show_for) that tests can patch."""
