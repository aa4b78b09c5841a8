"""The JSON-lines readers' quick span checks must accept, build and refuse as the careful ones."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from belannot.core.errors import InputError
from belannot.core.formats import locator
from belannot.core.formats.doccano import _label, _quick_label
from belannot.core.formats.jsonl import _checked_span_fields, _parse_span

# What orjson can hand over, biased towards the values a span field takes.
json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(-3, 50)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(["", "actor", "pending", "approved", "rejected", "Pending", "x"])
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=3), inner, max_size=2)
    ),
    max_leaves=4,
)
FIELDS = [
    "start",
    "end",
    "label",
    "id",
    "annotator",
    "status",
    "reviewer",
    "reviewed_at",
    "created",
    "updated",
    "attributes",
    "corrects",
    "text",
]


GOOD = {"start": 2, "end": 7, "label": "actor", "status": "approved", "attributes": {"k": 1}}


# The values that tell the checks apart: falsy ones, bools as ints, near-miss strings.
tricky = st.sampled_from(
    ["", None, True, False, 0, 1, 5, -1, 2.0, [], {}, [1], {"k": 1}, "s", "pending", "Pending"]
)


@st.composite
def raw_spans(draw: st.DrawFn) -> Any:
    if draw(st.integers(0, 9)) == 0:
        return draw(json_values)  # not an object at all
    span: dict[str, Any] = {name: GOOD.get(name, "s") for name in FIELDS}
    # A good span with up to three fields changed or left out, so that one of them decides.
    for name in draw(st.lists(st.sampled_from(FIELDS), max_size=3)):
        if draw(st.integers(0, 4)) == 0:
            span.pop(name, None)
        else:
            span[name] = draw(tricky | json_values)
    return span


def outcome(function: Any, raw: Any, where: Any) -> Any:
    fail = locator("in.jsonl", 3)
    try:
        return ("stored", function(raw, where, fail))
    except InputError as error:
        return ("refused", str(error))


@settings(max_examples=300, deadline=None)
@given(raw_spans(), st.integers(0, 20))
def test_quick_and_careful_span_checks_agree(raw, index):
    assert outcome(_parse_span, raw, index) == outcome(_checked_span_fields, raw, f"spans[{index}]")


def test_a_bad_span_is_named_by_its_place_in_the_record():
    fail = locator("in.jsonl", 3)
    try:
        _parse_span({"start": 1, "end": 2, "label": "actor", "reviewer": 5}, 4, fail)
    except InputError as error:
        assert str(error) == "in.jsonl:3: spans[4].reviewer: must be a string, got int"
    else:
        raise AssertionError("a numeric reviewer was accepted")


doccano_items = st.lists(tricky | json_values, min_size=3, max_size=3) | tricky | json_values


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.tuples(st.integers(0, 9), st.integers(0, 90), st.sampled_from(["actor", ""])).map(list),
        doccano_items,
    )
)
def test_doccano_quick_and_careful_label_checks_agree(item):
    quick = _quick_label(item)
    careful = outcome(_label, item, "label[0]")
    assert careful == (("stored", quick) if quick is not None else ("refused", careful[1]))
