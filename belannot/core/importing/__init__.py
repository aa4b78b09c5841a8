"""The import pipeline: detect a file's format, read it, store its records in one transaction.

``pipeline`` (import_files, import_records) drives it; ``detect`` names formats;
``batch`` is the fast path, ``careful`` the one-by-one path, ``checks`` the span
rules both obey; ``paths`` picks the files; ``report`` says what happened.
"""
