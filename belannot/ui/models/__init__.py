"""Thin Qt item models over the store's typed reads."""

from PySide6.QtCore import Qt

# What every cell of these read-only tables is. Made once: views ask per painted cell, and
# or-ing Qt's flag enums in Python costs more than the rest of flags().
READ_ONLY_ITEM_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
)
