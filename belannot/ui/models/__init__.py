"""Thin Qt item models over the store's typed reads."""
