"""The rules recommender: named, editable patterns stored in the project, no spaCy needed.

A rule is JSON: ``{"name", "label", "score", "cues" | "regex", "extent", "enabled"}``. ``cues`` are
words or phrases matched as whole words in any case ("according to" also across a
line break); ``regex`` is a Python regular expression whose match (or first group) is the
span. ``extent`` is ``"match"`` (the span is what matched) or ``"sentence"`` (the
sentence around it). Each rule is its own source: its suggestions' recommender is
``rules:<name>``; a rule switched off (``"enabled": false``) suggests nothing. The
defaults (quote marks of every script the bundled corpus uses, speech verbs, prediction
cues, the last two off) are seeded in every project; docs/SUGGESTIONS.md.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from belannot.core.model import ValidationError
from belannot.core.recommenders.base import Recommender, Suggestion, folded, words

RULES_SETTING = "recommenders.rules"
EXTENTS = ("match", "sentence")
# One closed quotation per alternative: English double and single (a closing ’ followed
# by a letter is an apostrophe: "don’t"), guillemets, low-high („ “) and straight quotes.
QUOTE_MARKS = (
    r"“[^“”\n]{1,2000}”"
    r"|«[^«»\n]{1,2000}»"
    r"|„[^„“”\n]{1,2000}[“”]"
    r'|"[^"\n]{1,2000}"'
    r"|‘(?:[^‘’\n]|’(?=\w)){1,2000}’(?!\w)"
)
SPEECH_VERBS = (
    "said", "says", "say", "told", "tells", "warned", "warns", "stated", "added", "claimed",
    "noted", "announced", "insisted", "explained", "declared", "according to", "quoted",
)  # fmt: skip
PREDICTION_CUES = (
    "could", "may", "might", "will", "would", "likely", "unlikely", "expected to",
    "is set to", "plans to", "poised to", "predicted", "predicts", "forecast", "probably",
    "possibly", "threatens to", "is preparing to",
)  # fmt: skip
# A sentence ends at . ! or ? (and the closing quote after it), or at a line break.
_SENTENCE_END = re.compile(r"[.!?][”’»\"']?(?=\s)|\n")


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    label: str
    score: float
    cues: tuple[str, ...] = ()
    regex: str | None = None
    extent: str = "match"
    # Rules stored before the switch existed have no "enabled": they were on.
    enabled: bool = True

    def __post_init__(self) -> None:
        where = f"rule {self.name!r}"
        if not self.name.strip():
            raise ValidationError("a rule needs a name")
        if not self.label.strip():
            raise ValidationError(f"{where}: label is empty")
        if (not self.cues) == (self.regex is None):
            raise ValidationError(f"{where}: give either cues or regex")
        if self.extent not in EXTENTS:
            raise ValidationError(f"{where}: extent is one of {', '.join(EXTENTS)}")
        if not 0.0 <= self.score <= 1.0:
            raise ValidationError(f"{where}: score is between 0 and 1")
        try:
            if self.regex is not None:
                self.pattern()
        except re.error as error:
            raise ValidationError(f"{where}: regex: {error}") from error

    def pattern(self) -> re.Pattern[str]:
        """A regex rule's compiled expression."""
        return re.compile(self.regex or "")

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name, "label": self.label, "score": self.score}
        if self.cues:
            data["cues"] = list(self.cues)
        else:
            data["regex"] = self.regex
        data["extent"] = self.extent
        data["enabled"] = self.enabled
        return data

    @classmethod
    def from_json(cls, data: Any, where: str = "rule") -> Rule:
        if not isinstance(data, dict):
            raise ValidationError(f"{where}: a rule is a JSON object")
        unknown = set(data) - {"name", "label", "score", "cues", "regex", "extent", "enabled"}
        if unknown:
            raise ValidationError(f"{where}: unknown field {sorted(unknown)[0]!r}")
        try:
            cues = data.get("cues") or ()
            if isinstance(cues, str) or not all(isinstance(c, str) and c.strip() for c in cues):
                raise ValidationError(f"{where}: cues is a list of words or phrases")
            enabled = data.get("enabled", True)
            if not isinstance(enabled, bool):
                raise ValidationError(f"{where}: enabled is true or false")
            return cls(
                str(data["name"]),
                str(data["label"]),
                float(data.get("score", 0.5)),
                tuple(cues),
                data.get("regex"),
                str(data.get("extent", "match")),
                enabled,
            )
        except KeyError as error:
            raise ValidationError(f"{where}: {error.args[0]} is missing") from error
        except (TypeError, ValueError) as error:
            raise ValidationError(f"{where}: {error}") from error


# The sentence-wide rules start off: on the bundled corpus their sentences never matched
# an annotator's extent (precision 0) and they made a fifth of a new project's suggestions.
DEFAULT_RULES = (
    Rule("quote-marks", "quote", 0.8, regex=QUOTE_MARKS),
    Rule("speech-verbs", "quote", 0.5, cues=SPEECH_VERBS, extent="sentence", enabled=False),
    Rule(
        "prediction-cues", "prediction", 0.4, cues=PREDICTION_CUES, extent="sentence",
        enabled=False,
    ),
)  # fmt: skip
# What every project was seeded with before rules had a switch: a project still holding
# exactly this never changed its rules, so it gets the defaults as they are now.
_UNSWITCHED_SEED = [
    {key: value for key, value in rule.to_json().items() if key != "enabled"}
    for rule in DEFAULT_RULES
]


def rules_to_json(rules: Iterable[Rule]) -> list[dict[str, Any]]:
    return [rule.to_json() for rule in rules]


def rules_from_json(data: Any) -> tuple[Rule, ...]:
    if not isinstance(data, list):
        raise ValidationError("rules are a JSON list of rule objects")
    rules = tuple(Rule.from_json(item, f"rule {number}") for number, item in enumerate(data, 1))
    names = [rule.name for rule in rules]
    for name in names:
        if names.count(name) > 1:
            raise ValidationError(f"two rules are called {name!r}")
    return rules


def project_rules(reader: Any) -> tuple[Rule, ...]:
    """The project's rules (``reader`` has ``setting``)."""
    stored = reader.setting(RULES_SETTING, [])
    return DEFAULT_RULES if stored == _UNSWITCHED_SEED else rules_from_json(stored)


class Sentences:
    """The sentence boundaries of one text, found once, looked up by bisection."""

    def __init__(self, text: str) -> None:
        self.text = text
        found = list(_SENTENCE_END.finditer(text))
        self._starts = [m.start() for m in found]
        self._ends = [m.end() for m in found]
        self._lines = [m.group() == "\n" for m in found]

    def around(self, start: int, end: int) -> tuple[int, int]:
        """The sentence holding ``text[start:end]``, without the space around it."""
        text = self.text
        before = bisect_right(self._ends, start) - 1
        left = self._ends[before] if before >= 0 else 0
        after = bisect_left(self._starts, end)
        if after < len(self._starts):
            right = self._starts[after] if self._lines[after] else self._ends[after]
        else:
            right = len(text)
        while left < right and text[left].isspace():
            left += 1
        while right > left and text[right - 1].isspace():
            right -= 1
        return left, right


class _Cues:
    """A rule's cues as word tuples, found among a text's words (case and spacing aside)."""

    def __init__(self, cues: Sequence[str]) -> None:
        self._by_first: dict[str, list[tuple[str, ...]]] = {}
        for cue in sorted(cues, key=len, reverse=True):  # the longest cue first
            key = tuple(word.casefold() for word in words(cue).texts)
            if key:
                self._by_first.setdefault(key[0], []).append(key)

    def find(self, text: str) -> Iterator[tuple[int, int]]:
        tokens = words(text)
        keys = folded(tokens.texts, str.casefold)
        for at in [at for at, key in enumerate(keys) if key in self._by_first]:
            for cue in self._by_first[keys[at]]:
                last = at + len(cue) - 1
                if tuple(keys[at : last + 1]) == cue and all(
                    text[tokens.ends[k] : tokens.starts[k + 1]].isspace() for k in range(at, last)
                ):
                    yield tokens.starts[at], tokens.ends[last]
                    break


def _regex_spans(pattern: re.Pattern[str], text: str) -> Iterator[tuple[int, int]]:
    for found in pattern.finditer(text):
        yield found.span(1 if pattern.groups and found.group(1) is not None else 0)


class RuleMatcher(Recommender):
    name = "rules"
    title = "Rules"

    def __init__(self, rules: Sequence[Rule]) -> None:
        self._rules = [
            (rule, _Cues(rule.cues) if rule.cues else rule.pattern())
            for rule in rules
            if rule.enabled
        ]

    def suggest(self, document_id: str, text: str) -> Iterator[Suggestion]:
        sentences: Sentences | None = None
        for rule, finder in self._rules:
            seen: set[tuple[int, int]] = set()
            source = f"{self.name}:{rule.name}"
            found = finder.find(text) if isinstance(finder, _Cues) else _regex_spans(finder, text)
            for start, end in found:
                if rule.extent == "sentence":
                    sentences = sentences or Sentences(text)
                    start, end = sentences.around(start, end)
                if start < end and (start, end) not in seen:
                    seen.add((start, end))
                    yield Suggestion(document_id, start, end, rule.label, rule.score, source)
