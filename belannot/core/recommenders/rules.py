"""The rules recommender: named, editable patterns stored in the project, no spaCy needed.

A rule is JSON: ``{"name", "label", "score", "cues" | "regex", "extent"}``. ``cues`` are
words or phrases matched whole and in any case ("according to" also across a line
break); ``regex`` is a Python regular expression whose match (or first group) is the
span. ``extent`` is ``"match"`` (the span is what matched) or ``"sentence"`` (the
sentence around it). Each rule is its own source: its suggestions' recommender is
``rules:<name>``. The defaults (quote marks of every script the bundled corpus uses,
speech verbs, prediction cues) are seeded in every project; docs/SUGGESTIONS.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from belannot.core.model import ValidationError
from belannot.core.recommenders.base import Recommender, Suggestion

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
            self.pattern()
        except re.error as error:
            raise ValidationError(f"{where}: regex: {error}") from error

    def pattern(self) -> re.Pattern[str]:
        if self.regex is not None:
            return re.compile(self.regex)
        phrases = sorted(self.cues, key=len, reverse=True)  # the longest cue first
        joined = "|".join(r"\s+".join(map(re.escape, cue.split())) for cue in phrases)
        return re.compile(rf"(?<!\w)(?:{joined})(?!\w)", re.IGNORECASE)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name, "label": self.label, "score": self.score}
        if self.cues:
            data["cues"] = list(self.cues)
        else:
            data["regex"] = self.regex
        data["extent"] = self.extent
        return data

    @classmethod
    def from_json(cls, data: Any, where: str = "rule") -> Rule:
        if not isinstance(data, dict):
            raise ValidationError(f"{where}: a rule is a JSON object")
        unknown = set(data) - {"name", "label", "score", "cues", "regex", "extent"}
        if unknown:
            raise ValidationError(f"{where}: unknown field {sorted(unknown)[0]!r}")
        try:
            cues = data.get("cues") or ()
            if isinstance(cues, str) or not all(isinstance(c, str) and c.strip() for c in cues):
                raise ValidationError(f"{where}: cues is a list of words or phrases")
            return cls(
                str(data["name"]),
                str(data["label"]),
                float(data.get("score", 0.5)),
                tuple(cues),
                data.get("regex"),
                str(data.get("extent", "match")),
            )
        except KeyError as error:
            raise ValidationError(f"{where}: {error.args[0]} is missing") from error
        except (TypeError, ValueError) as error:
            raise ValidationError(f"{where}: {error}") from error


DEFAULT_RULES = (
    Rule("quote-marks", "quote", 0.8, regex=QUOTE_MARKS),
    Rule("speech-verbs", "quote", 0.5, cues=SPEECH_VERBS, extent="sentence"),
    Rule("prediction-cues", "prediction", 0.4, cues=PREDICTION_CUES, extent="sentence"),
)


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
    return rules_from_json(reader.setting(RULES_SETTING, []))


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence holding ``text[start:end]``, without the space around it."""
    left = 0
    for found in _SENTENCE_END.finditer(text, max(0, start - 2000), start):
        left = found.end()
    after = _SENTENCE_END.search(text, end)
    right = after.end() if after is not None else len(text)
    if after is not None and after.group() == "\n":
        right = after.start()
    while left < right and text[left].isspace():
        left += 1
    while right > left and text[right - 1].isspace():
        right -= 1
    return left, right


class RuleMatcher(Recommender):
    name = "rules"
    title = "Rules"

    def __init__(self, rules: Sequence[Rule]) -> None:
        self._rules = [(rule, rule.pattern()) for rule in rules]

    def suggest(self, document_id: str, text: str) -> Iterator[Suggestion]:
        for rule, pattern in self._rules:
            seen: set[tuple[int, int]] = set()
            source = f"{self.name}:{rule.name}"
            for found in pattern.finditer(text):
                group = 1 if pattern.groups and found.group(1) is not None else 0
                start, end = found.span(group)
                if rule.extent == "sentence":
                    start, end = sentence_around(text, start, end)
                if start < end and (start, end) not in seen:
                    seen.add((start, end))
                    yield Suggestion(document_id, start, end, rule.label, rule.score, source)
