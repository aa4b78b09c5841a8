"""Label Studio tasks as teams export them: the text's key, predictions, HyperText regions.

The text is ``data.text``; else the field the labeling config beside the export
(``label_config.xml``) names in its ``<Text value="$key">``; else the one string field of
``data``. Results of a per-region kind on no region (a task's classification) are counted
as not represented. Predictions are a model's suggestions, kept with the document, never
gold (:mod:`.label_studio_predictions`).
HyperText regions (XPath ``start``/``end`` with ``startOffset``) are refused by name.
Cancelled annotations are counted as skipped; an error names its task's index and id.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

import orjson

from belannot.core.errors import InputError
from belannot.core.formats.tally import ReadTally

CONFIG_NAME = "label_config.xml"
TASK_LEVEL = "Label Studio results on no region (task-level)"
CANCELLED = "Label Studio annotation cancelled (was_cancelled)"
_TEXT_TAG = re.compile(r"<Text\b[^>]*\bvalue\s*=\s*[\"']\$([A-Za-z0-9_.\-]+)[\"']", re.IGNORECASE)
# belannot's own task fields beside the text.
_OWN = frozenset(("belannot_id", "title"))


def configured_key(path: Path) -> str | None:
    """The data key the labeling config beside ``path`` reads the text from, if any."""
    config = path.parent / CONFIG_NAME
    if not config.is_file():
        return None
    try:
        found = _TEXT_TAG.search(config.read_text("utf-8-sig"))
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot be read: {error}", path=config) from error
    return found.group(1) if found else None


def task_text(data: dict[str, Any], key: str | None, fail: Callable[[str, str], InputError]) -> str:
    """The task's text: under ``key`` (the config's), ``text``, or the one string field."""
    if key is not None:
        chosen = key
    elif "text" in data:
        chosen = "text"
    else:
        strings = [k for k, v in data.items() if isinstance(v, str) and k not in _OWN]
        if len(strings) != 1:
            listed = ", ".join(repr(k) for k in data) or "none"
            why = "no string field" if not strings else "several string fields"
            raise fail(
                f"{why} to take the text from (keys: {listed}); put the labeling config "
                f'beside the file as {CONFIG_NAME} (its <Text value="$key"> names it)',
                ".data",
            )
        chosen = strings[0]
    text = data.get(chosen)
    if not isinstance(text, str):
        raise fail("missing" if text is None else "must be a string", f".data.{chosen}")
    return text


def refuse_hypertext(
    result: dict[str, Any], value: dict[str, Any], fail: Callable[[str, str], InputError]
) -> None:
    """Refuse a HyperText region: its offsets are XPaths into HTML, not into a text."""
    kind = result.get("type")
    start = value.get("start")
    xpath = (isinstance(start, str) and start.startswith("/")) or "startOffset" in value
    if (isinstance(kind, str) and kind.lower().startswith("hypertext")) or xpath:
        raise fail(
            "a HyperText region (XPath offsets into HTML); belannot reads Text regions "
            "(character offsets) only; refused",
            "",
        )


def count_task_level(
    task: dict[str, Any], tally: ReadTally | None, region_types: Collection[str]
) -> None:
    """Count the per-region kinds of result (``choices``, ``textarea`` …) whose id is no
    region's of the task: a document classification, which belannot does not store."""
    annotations = task.get("annotations", task.get("completions"))
    if tally is None or not isinstance(annotations, list):
        return
    results = [
        result
        for annotation in annotations
        if isinstance(annotation, dict) and not annotation.get("was_cancelled")
        for result in (annotation.get("result") or [])
        if isinstance(result, dict)
    ]
    regions = {
        r.get("id") for r in results if isinstance(r.get("value"), dict) and "start" in r["value"]
    }
    count = sum(r.get("type") in region_types and r.get("id") not in regions for r in results)
    if count:
        tally.left_out(TASK_LEVEL, count)


def which_task(index: int, task_id: Any) -> str:
    """The words that name a task beside an error: its place in the file and its id."""
    if isinstance(task_id, int | str) and not isinstance(task_id, bool) and task_id != "":
        return f" (task index {index}, Label Studio task id {task_id})"
    return f" (task index {index})"


def cancelled(task: dict[str, Any]) -> int:
    """How many of the task's annotations were cancelled: skipped, a skip is no gold."""
    annotations = task.get("annotations", task.get("completions"))
    if not isinstance(annotations, list):
        return 0
    return sum(1 for a in annotations if isinstance(a, dict) and a.get("was_cancelled"))


def task_lines(data: bytes, path: Path) -> list[tuple[int, Any]] | None:
    """(line, task) of each non-blank line when ``data`` is JSON Lines of task objects;
    None when it does not start as one. A later line that is not JSON is refused by number."""
    if not data.lstrip(b"\xef\xbb\xbf").lstrip().startswith(b"{"):
        return None
    found = []
    for number, raw in enumerate(data.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            found.append((number, orjson.loads(raw.lstrip(b"\xef\xbb\xbf"))))
        except orjson.JSONDecodeError as error:
            if not found:
                return None  # not even its first line: one JSON value, broken somewhere
            raise InputError(f"not JSON: {error}", path=path, line=number) from error
    return found
