"""Running the CLI in tests: exit codes checked, and never a traceback on a refusal."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from belannot.cli import cli


def invoke(project: Path, *args: str, ok: bool = True, user: str = "alice") -> Result:
    """``belannot --db project --user user ARGS``; ``ok=False`` expects a one-line refusal."""
    result = CliRunner().invoke(cli, ["--db", str(project), "--user", user, *args])
    if ok:
        assert result.exit_code == 0, result.output
    else:
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
    return result
