"""The tokens and hashes a Prodigy task gave a document, kept in its metadata for export.

A Prodigy import notes under ``meta.extra["prodigy"]`` the task's ``tokens`` (each as
``[start, end, ws]`` when its text and id are the usual ones, else its dict as it came),
``_input_hash``, ``_task_hash``, ``_view_id`` and ``_session_id``, and a digest of the
text. The export then writes those tokens back instead of tokenising again (which would
split ``Corp.`` into ``Corp`` ``.``), cutting a kept token only where a span now starts or
ends inside it, and writes the hashes back; a text that no longer fits is tokenised anew.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

from belannot.core.model import Span

META_KEY = "prodigy"
# Written back on every task of the document; _session_id only on its annotator's.
TASK_KEYS = ("_input_hash", "_task_hash", "_view_id")
SESSION_KEY = "_session_id"


def kept_task(data: Mapping[str, Any], text: str, annotator: str | None) -> dict[str, Any] | None:
    """What an export needs to write ``data`` back as it came; None when it holds nothing
    of Prodigy's own (a task another tool wrote)."""
    kept: dict[str, Any] = {k: data[k] for k in (*TASK_KEYS, SESSION_KEY) if k in data}
    tokens = _compact(data.get("tokens"), text)
    if tokens is not None:
        kept["tokens"] = tokens
    if not kept:
        return None
    kept["text"] = _digest(text)
    if annotator is not None:
        kept["annotator"] = annotator
    return kept


def _digest(text: str) -> str:
    # surrogatepass: a text JSON let through with a lone surrogate still gets a digest.
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _compact(raw: Any, text: str) -> list[Any] | None:
    """The tokens, each a ``[start, end, ws]`` or its own dict; None unless they fit the text."""
    if not isinstance(raw, list) or not raw:
        return None
    tokens: list[Any] = []
    at = 0
    for index, token in enumerate(raw):
        if not isinstance(token, dict):
            return None
        start, end = token.get("start"), token.get("end")
        if type(start) is not int or type(end) is not int or not at <= start <= end <= len(text):
            return None
        at = end
        usual = {"text": text[start:end], "start": start, "end": end, "id": index}
        ws = token.get("ws")
        if set(token) == {*usual, "ws"} and isinstance(ws, bool) and usual.items() <= token.items():
            tokens.append([start, end, ws])
        else:
            tokens.append(dict(token))
    return tokens


def _kept(text: str, extra: Mapping[str, Any]) -> Mapping[str, Any] | None:
    kept = extra.get(META_KEY)
    if not isinstance(kept, Mapping) or kept.get("text") != _digest(text):
        return None
    return kept


def task_fields(text: str, extra: Mapping[str, Any], annotator: str | None) -> dict[str, Any]:
    """The kept hashes (and the session, on its annotator's task) to write on a task."""
    kept = _kept(text, extra)
    if kept is None:
        return {}
    fields = {key: kept[key] for key in TASK_KEYS if key in kept}
    owner = kept.get("annotator")
    if SESSION_KEY in kept and (owner is None or owner == annotator):
        fields[SESSION_KEY] = kept[SESSION_KEY]
    return fields


def kept_tokens(
    text: str, extra: Mapping[str, Any], spans: Iterable[Span]
) -> list[dict[str, Any]] | None:
    """The imported tokens as Prodigy dicts, renumbered after any cut at a span edge
    inside one; None when the document kept none (or its text changed since)."""
    kept = _kept(text, extra)
    raw = None if kept is None else kept.get("tokens")
    if not isinstance(raw, list):
        return None
    cuts = sorted({offset for span in spans for offset in (span.start, span.end)})
    tokens: list[dict[str, Any]] = []
    for item in raw:
        token = _token(item, text)
        if token is None:
            return None  # not what an import kept: tokenise anew
        tokens.extend(_cut(text, token, cuts))
    for index, token in enumerate(tokens):
        token["id"] = index
    return tokens


def _token(item: Any, text: str) -> dict[str, Any] | None:
    """A kept token as its dict, or None if it is not one an import kept."""
    compact = isinstance(item, list) and len(item) == 3
    if compact:
        start, end = item[0], item[1]
    elif isinstance(item, dict):
        start, end = item.get("start"), item.get("end")
    else:
        return None
    if type(start) is not int or type(end) is not int or not 0 <= start <= end <= len(text):
        return None
    if compact:
        return {"text": text[start:end], "start": start, "end": end, "id": 0, "ws": item[2]}
    return dict(item)


def _cut(text: str, token: dict[str, Any], cuts: list[int]) -> list[dict[str, Any]]:
    start, end = token["start"], token["end"]
    inner = [c for c in cuts if start < c < end]
    if not inner:
        return [token]
    edges = [start, *inner, end]
    pieces = []
    for a, b in zip(edges, edges[1:], strict=False):
        piece = {**token, "text": text[a:b], "start": a, "end": b}
        if "ws" in token:
            piece["ws"] = token["ws"] if b == end else False
        pieces.append(piece)
    return pieces
