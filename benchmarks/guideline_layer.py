"""A small hand-made layer for scoring suggestions: the guidelines' ✓ examples.

Every ✓ example of resources/guidelines.md names its text and its article
(✓ "the NATO official" [fism-belarus-escalation]) under its label's heading. This puts
each one, as a span of the annotator ``guide``, at its first place in that article and
marks the articles done. The guidelines' authors chose the examples by hand; they are not
every span of the articles, so precision against this layer is a lower bound.
"""

from __future__ import annotations

import re

from belannot.core.commands import AddSpan, SetDocumentState
from belannot.core.model import DocumentState, User
from belannot.core.operations import run
from belannot.core.packaged import resource
from belannot.core.store import Store

GUIDE = User("guide")
_HEADING = re.compile(r"^## (\w+) \(key \d\)")
_EXAMPLE = re.compile(r'^- ✓ "(.+?)" \[([\w-]+)\]')


def guideline_examples() -> list[tuple[str, str, str]]:
    """(label, text, document id) of every ✓ example, in the guidelines' order."""
    label = None
    found = []
    for line in resource("guidelines.md").read_text(encoding="utf-8").splitlines():
        if heading := _HEADING.match(line):
            label = heading.group(1)
        elif label and (example := _EXAMPLE.match(line)):
            found.append((label, example.group(1), example.group(2)))
    return found


def add_guideline_layer(store: Store) -> int:
    """Add the layer; returns how many spans it made (examples not found are skipped)."""
    made = 0
    store.ensure_user(GUIDE.name)
    documents = set()
    for label, text, document_id in guideline_examples():
        if not store.has_document(document_id):
            continue
        at = store.document_text(document_id).find(text)
        if at < 0:
            continue
        run(store, AddSpan(document_id, at, at + len(text), label), GUIDE)
        documents.add(document_id)
        made += 1
    for document_id in sorted(documents):
        run(store, SetDocumentState(document_id, DocumentState.DONE), GUIDE)
    return made
