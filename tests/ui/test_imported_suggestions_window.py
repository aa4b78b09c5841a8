"""Label Studio predictions kept at import are drawn by the suggestion layer like any
recommender's, and Y makes a span with the model as its provenance."""

from __future__ import annotations

from pathlib import Path

from window_fixtures import KEY, key, open_window

from belannot.core.importing.pipeline import import_files
from belannot.core.model import User

SAMPLE = (
    Path(__file__).resolve().parents[1] / "samples" / "peer" / "label_studio"
    / "predictions_models.json"
)  # fmt: skip


def test_kept_predictions_are_offered_in_the_window_and_accepted_with_y(qtbot, store, settings):
    import_files(store, [SAMPLE], user=User("importer"), fmt="label-studio", create_labels=True)
    first = next(d for d in store.document_ids() if store.document_text(d).startswith("😀"))
    window = open_window(qtbot, store, "anna", settings, document_id=first)

    def imported() -> list[tuple[int, int, str, str]]:
        return [
            (s.start, s.end, s.label, s.recommender)
            for s in window.suggesting.layer.suggestions()
            if s.recommender.startswith("label-studio:")
        ]

    qtbot.waitUntil(lambda: len(imported()) == 3)
    assert imported()[0] == (17, 22, "PER", "label-studio:ner-v1")  # Putin
    assert store.spans(first)[0].label == "PER" and len(store.spans(first)) == 1
    key(qtbot, window, KEY.Key_S)
    current = window.suggesting.current()
    assert (current.start, current.recommender) == (17, "label-studio:ner-v1")
    key(qtbot, window, KEY.Key_Y)
    [span] = [s for s in store.spans(first) if s.start == 17]
    assert (span.end, span.label, span.annotator) == (22, "PER", "anna")
    assert store.span_provenance(span.id) == ("label-studio:ner-v1", 0.8)
