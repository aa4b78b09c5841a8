"""Review demo: two annotators' layers for the bundled corpus, and the review screenshots.

    python docs/review_demo.py layers OUT          # OUT/alice.jsonl, OUT/bob.jsonl
    python docs/review_demo.py shots DB REVIEW.png AGREEMENT.png   # as rita; decides 5 spans

The layers partly agree: the same actors and quotes, some missed by one annotator, a
label conflict (prediction vs event) and boundary conflicts (with or without a title).
"""

from __future__ import annotations

import os
import random
import re
import sys
from pathlib import Path

import orjson

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
DOCUMENT = "fism-belarus-escalation"

# Hand-made spans of the first article: (text, label, occurrence) per annotator.
BOTH = [
    ("Belarus", "actor", 0),
    ("CNN", "actor", 0),
    ("could soon send its own fighters into the fray", "prediction", 0),
    ("Russian President Vladimir Putin", "actor", 0),
    ("“Putin needs support,”", "quote", 0),
    ("the NATO official", "actor", 0),
    ("“Anything would help.”", "quote", 0),
    ("The sources cited by CNN", "actor", 0),
    ("Lukashenko", "actor", 1),
    ("“It is not about what Lukashenko wants,”", "quote", 0),
]
ALICE = [
    ("would not make a significant impact militarily", "prediction", 0),
    ("Belarusian President Alexander Lukashenko", "actor", 0),
    ("could be ready to repay a debt", "prediction", 0),
    ("“I don’t have anything specifically with respect to Belarusian intentions,”", "quote", 0),
    ("Radio Free Europe", "actor", 0),
]
BOB = [
    ("would not make a significant impact militarily", "event", 0),
    ("Alexander Lukashenko", "actor", 0),
    ("Lukashenko could be ready to repay a debt", "prediction", 0),
    ("a senior defense official", "actor", 0),
    ("had helped to smuggle the corpses of some 2,500 soldiers back into Russia", "event", 0),
]
NAMES = re.compile(r"(?:Alexander )?Lukashenko|(?:Vladimir )?Putin|Belarus(?![a-z])|NATO")
QUOTES = re.compile(r"“[^”\n]{8,300}”")


def _find(text: str, phrase: str, occurrence: int) -> tuple[int, int]:
    at = -1
    for _ in range(occurrence + 1):
        at = text.index(phrase, at + 1)
    return at, at + len(phrase)


def _spans(text: str, annotator: str, rng: random.Random) -> list[dict[str, object]]:
    """Actors and quotes found by pattern; each annotator misses some of them."""
    found = []
    for pattern, label, keep in ((NAMES, "actor", 0.8), (QUOTES, "quote", 0.85)):
        for match in pattern.finditer(text):
            if rng.random() < keep:
                found.append({"start": match.start(), "end": match.end(), "label": label})
    return found


def write_layers(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    metadata = orjson.loads((CORPUS / "metadata.json").read_bytes())
    for annotator, own, seed in (("alice", ALICE, 1), ("bob", BOB, 2)):
        rng = random.Random(seed)
        lines = []
        for name, meta in sorted(metadata.items()):
            text = (CORPUS / name).read_text(encoding="utf-8")
            if meta["id"] == DOCUMENT:
                spans = [
                    {"start": s, "end": e, "label": label}
                    for phrase, label, n in BOTH + own
                    for s, e in [_find(text, phrase, n)]
                ]
            else:
                spans = _spans(text, annotator, rng)
            for span in spans:
                span["annotator"] = annotator
            lines.append(orjson.dumps({"id": meta["id"], "text": text, "spans": spans}))
        (out / f"{annotator}.jsonl").write_bytes(b"\n".join(lines) + b"\n")
        print(out / f"{annotator}.jsonl")


def shots(db: Path, review_png: Path, agreement_png: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from belannot.app import create_window
    from belannot.core.store import Store
    from belannot.ui.settings import Settings

    app = QApplication.instance() or QApplication(sys.argv[:1])
    store = Store.open(db)
    rita = store.user("rita")
    assert rita is not None, "add the reviewer first: belannot users add rita --role reviewer"
    from belannot.core.review import ApproveSpan, RejectSpan

    # A fresh layout each time: the first-launch dock sizes.
    settings_path = Path(os.environ.get("TMPDIR", "/tmp")) / "belannot-demo-settings.ini"
    settings_path.unlink(missing_ok=True)
    settings = Settings(settings_path)
    window = create_window(store, rita, settings, document_id=DOCUMENT)
    window.show()
    app.processEvents()
    # As a reviewer would: N, then A A A A (each moves on), R on the next, N.
    window.review.next_undecided()
    for command in (ApproveSpan,) * 4 + (RejectSpan,):
        window.review.decide(command)
    app.processEvents()
    window.grab().save(str(review_png))
    dialog = window.review.show_agreement()
    assert dialog is not None
    while dialog.is_running():
        app.processEvents()
    dialog.label_combo.setCurrentIndex(0)
    app.processEvents()
    dialog.grab().save(str(agreement_png))
    window.close()
    store.close()
    print(review_png, agreement_png)


if __name__ == "__main__":
    if sys.argv[1:2] == ["layers"]:
        write_layers(Path(sys.argv[2]))
    elif sys.argv[1:2] == ["shots"]:
        shots(Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]))
    else:
        sys.exit(__doc__)
