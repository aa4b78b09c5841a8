"""Recommenders: suggestion sources behind one interface (:mod:`.base`), one module each."""
