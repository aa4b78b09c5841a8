"""Importing span attributes: checked against the labels' definitions, at file, line, field."""

from __future__ import annotations

import orjson
import pytest
from click.testing import CliRunner

from belannot.cli import cli
from belannot.core.errors import InputError
from belannot.core.importing.pipeline import import_files
from belannot.core.model import User
from tests.core.cli_fixtures import cli_project as cli_project  # noqa: F401 (the fixture)
from tests.core.cli_fixtures import user_option

LEAD = User("lead")
TEXT = "Lukashenko said Belarus would almost certainly join the war."


def _write(tmp_path, *attribute_sets):
    path = tmp_path / "layer.jsonl"
    lines = [orjson.dumps({"text": "An unrelated first line."})]
    spans = [
        {"start": 16, "end": 59, "label": "prediction", "attributes": attributes}
        for attributes in attribute_sets
    ]
    lines.append(orjson.dumps({"text": TEXT, "spans": spans}))
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def test_declared_attributes_are_imported(store, tmp_path):
    path = _write(tmp_path, {"certainty": "likely", "horizon": "by spring"})
    import_files(store, [path], user=LEAD)
    [span] = [s for d in store.document_ids() for s in store.spans(d)]
    assert span.attributes == {"certainty": "likely", "horizon": "by spring"}


@pytest.mark.parametrize(
    "attributes, field, words",
    [
        ({"certainty": "sure"}, "spans[3].attributes.certainty", "'sure' is not one of"),
        ({"mood": "grim"}, "spans[3].attributes.mood", "no attribute 'mood'"),
        ({"horizon": 2025}, "spans[3].attributes.horizon", "2025 is not"),
    ],
)
def test_an_unknown_attribute_or_value_is_refused_at_its_field(
    store, tmp_path, attributes, field, words
):
    path = _write(tmp_path, {}, {}, {}, attributes)
    with pytest.raises(InputError) as error:
        import_files(store, [path], user=LEAD)
    message = str(error.value)
    assert f"{path}:2" in message and field in message and words in message
    assert store.document_ids() == []


def test_ignore_unknown_leaves_them_out(store, tmp_path):
    path = _write(tmp_path, {"certainty": "sure", "mood": "grim", "outcome": "came true"})
    import_files(store, [path], user=LEAD, ignore_unknown=True)
    [span] = [s for d in store.document_ids() for s in store.spans(d)]
    assert span.attributes == {"outcome": "came true"}


def test_the_cli_refuses_in_one_line_and_takes_ignore_unknown(cli_project, tmp_path):
    target, project = cli_project()
    path = _write(tmp_path, {"certainty": "sure"})
    args = ["--db", project, *user_option(target, "lead"), "import", str(path)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "spans[0].attributes.certainty" in result.output
    result = CliRunner().invoke(cli, [*args, "--ignore-unknown"])
    assert result.exit_code == 0, result.output
