"""Each recommender's project settings (on or off, score threshold, options) and the one
operation that changes them."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any, ClassVar

from belannot.core.changes import Changes, Edit, Entity
from belannot.core.commands import Command
from belannot.core.model import User, ValidationError
from belannot.core.operations import Operation
from belannot.core.recommenders.rules import (
    RULES_SETTING,
    Rule,
    project_rules,
    rules_from_json,
    rules_to_json,
)
from belannot.core.store import Store

SETTING = "recommenders"
# The recommenders a project knows, in the order they run and are listed.
NAMES = ("string", "registry", "rules", "model", "imported")


@dataclass(frozen=True, slots=True)
class RecommenderSettings:
    """One recommender's settings; suggestions scoring below ``threshold`` are not offered."""

    enabled: bool = True
    threshold: float = 0.0
    # The string matcher: match only identical case ("Minsk", not "MINSK").
    case_sensitive: bool = True
    # The model recommender: a pipeline folder or an installed pipeline's name.
    model: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _defaults(name: str) -> RecommenderSettings:
    # The model has nothing to run until one is named.
    return RecommenderSettings(enabled=name != "model")


def recommender_settings(reader: Any) -> dict[str, RecommenderSettings]:
    """Every recommender's settings, defaults filled in (``reader`` has ``setting``)."""
    stored = reader.setting(SETTING, {}) or {}
    result = {}
    for name in NAMES:
        values = stored.get(name, {})
        known = {k: v for k, v in values.items() if k in RecommenderSettings.__slots__}
        result[name] = replace(_defaults(name), **known)
    return result


def check_name(name: str) -> str:
    if name not in NAMES:
        raise ValidationError(f"no recommender {name!r}; there are {', '.join(NAMES)}")
    return name


@dataclass(frozen=True)
class SetRecommender(Operation):
    """Switch a recommender on or off, set its threshold or options (audited, not undone);
    with ``rule``, switch that rule of the rules recommender on or off (an undoable step)."""

    name: str
    enabled: bool | None = None
    threshold: float | None = None
    case_sensitive: bool | None = None
    model: str | None = None
    rule: str | None = None
    description: ClassVar[str] = "Set recommender"

    def apply(self, store: Store, user: User) -> Changes:
        check_name(self.name)
        if self.rule is not None:
            if self.name != "rules":
                raise ValidationError(f"a rule belongs to the rules recommender, not {self.name}")
            if self.enabled is None or (self.threshold, self.case_sensitive, self.model) != (
                (None,) * 3
            ):
                raise ValidationError(f"rule {self.rule!r}: a rule is switched only on or off")
            return _SwitchRule(self.rule, self.enabled).apply(store, user)
        if self.threshold is not None and not 0.0 <= self.threshold <= 1.0:
            raise ValidationError(f"a threshold is between 0 and 1, not {self.threshold}")
        before = recommender_settings(store)[self.name]
        changes: dict[str, Any] = {
            key: value
            for key, value in (
                ("enabled", self.enabled),
                ("threshold", self.threshold),
                ("case_sensitive", self.case_sensitive),
                ("model", self.model),
            )
            if value is not None
        }
        if "model" in changes and self.enabled is None:
            changes["enabled"] = True  # naming a model is asking for its suggestions
        after = replace(before, **changes)
        if after == before:
            return Changes()
        stored = dict(store.setting(SETTING, {}) or {})
        stored[self.name] = after.to_json()
        store.set_setting(SETTING, stored)
        store.append_audit(
            user=user.name,
            action=f"{self.description} {self.name}",
            entity="setting",
            entity_id=SETTING,
            before=before.to_json(),
            after=after.to_json(),
        )
        return Changes(settings=frozenset({SETTING}))


@dataclass(frozen=True)
class SetRules(Operation):
    """Replace the project's rules (checked whole first; audited with before and after)."""

    rules: tuple[Rule, ...]
    description: ClassVar[str] = "Set suggestion rules"

    def apply(self, store: Store, user: User) -> Changes:
        after = rules_to_json(rules_from_json(rules_to_json(self.rules)))
        before = store.setting(RULES_SETTING, [])
        if after == before:
            return Changes()
        store.set_setting(RULES_SETTING, after)
        store.append_audit(
            user=user.name,
            action=self.description,
            entity="setting",
            entity_id=RULES_SETTING,
            before=before,
            after=after,
        )
        return Changes(settings=frozenset({RULES_SETTING}))


@dataclass(frozen=True)
class _SwitchRule(Command):
    """One rule on or off: the rules setting before and after, so undo puts it back."""

    rule: str
    enabled: bool

    @property
    def description(self) -> str:
        return f"Switch rule {self.rule} {'on' if self.enabled else 'off'}"

    def edits(self, store: Store, user: User) -> list[Edit]:
        rules = project_rules(store)
        if self.rule not in {rule.name for rule in rules}:
            names = ", ".join(rule.name for rule in rules) or "none"
            raise ValidationError(f"no rule {self.rule!r}; there are {names}")
        switched = [
            replace(rule, enabled=self.enabled) if rule.name == self.rule else rule
            for rule in rules
        ]
        before = store.setting_row(RULES_SETTING)
        after = {"id": RULES_SETTING, "value": rules_to_json(switched)}
        return [] if before == after else [Edit(Entity.SETTING, before, after)]
