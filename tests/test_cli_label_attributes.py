"""`belannot labels attributes | attribute-add | attribute-remove` and the schema file."""

from __future__ import annotations

import orjson

from belannot.core.store import Store
from tests.test_cli_labels import run


def test_default_attributes_are_listed(tmp_path):
    project = tmp_path / "p.belannot"
    rows = [
        line.split("\t")
        for line in run(project, "labels", "attributes", "prediction").output.splitlines()
    ]
    assert [row[0] for row in rows] == ["certainty", "horizon", "outcome"]
    assert rows[0][2] == "certain, likely, possible, unlikely"
    assert rows[1][1] == "date or text"


def test_add_and_remove_an_attribute(tmp_path):
    project = tmp_path / "p.belannot"
    run(
        project,
        "labels",
        "attribute-add",
        "quote",
        "tone",
        "--kind",
        "choice",
        "--choice",
        "calm",
        "--choice",
        "angry",
        "--default",
        "calm",
        "--required",
    )
    store = Store.open(project)
    tone = store.label("quote").attribute("tone")
    store.close()
    assert (tone.choices, tone.default, tone.required) == (("calm", "angry"), "calm", True)
    result = run(project, "labels", "attribute-add", "quote", "x", "--kind", "choice", ok=False)
    assert "needs choices" in result.output
    result = run(
        project,
        "labels",
        "attribute-add",
        "quote",
        "n",
        "--kind",
        "number",
        "--default",
        "z",
        ok=False,
    )
    assert "not a number" in result.output
    run(project, "labels", "attribute-remove", "quote", "tone")
    assert "tone" not in run(project, "labels", "attributes", "quote").output
    result = run(project, "labels", "attribute-remove", "quote", "tone", ok=False)
    assert "no attribute 'tone'" in result.output


def test_schema_file_carries_definitions(tmp_path):
    project = tmp_path / "p.belannot"
    out = tmp_path / "labels.json"
    run(project, "labels", "export", str(out))
    data = orjson.loads(out.read_bytes())
    quote = next(label for label in data["labels"] if label["name"] == "quote")
    assert quote["attributes"][0]["choices"] == ["direct", "indirect", "partial"]
    quote["attributes"].append({"name": "tone", "kind": "text"})
    out.write_bytes(orjson.dumps(data))
    run(project, "labels", "import", str(out))
    assert "tone" in run(project, "labels", "attributes", "quote").output
    quote["attributes"].append({"name": "bad", "kind": "colour"})
    out.write_bytes(orjson.dumps(data))
    result = run(project, "labels", "import", str(out), ok=False)
    assert "labels[3].attributes[2].kind" in result.output and "'colour'" in result.output
