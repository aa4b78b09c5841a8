"""Setting up: the project option, the install metadata, the identity and a missing display."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from belannot.cli import cli

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("url", ["sqlite:///p.belannot", "s3://b/p", "mysql://alice@db/annotations"])
def test_a_database_url_other_than_a_team_projects_is_refused_in_one_line(
    tmp_path, monkeypatch, url
):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["--db", url, "stats"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and url in lines[0] and "project file" in lines[0]
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []  # no folder named "sqlite:"


def test_a_team_project_out_of_reach_is_one_line_naming_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    # A socket folder that does not exist: refused at once, no network wait.
    url = f"postgresql://alice:secret@/annotations?host={tmp_path / 'no-server'}"
    monkeypatch.setenv("BELANNOT_DB", url)
    result = CliRunner().invoke(cli, ["stats"])
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "cannot reach the team project" in lines[0]
    assert "secret" not in result.output  # the password is never shown
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_the_license_is_an_spdx_string():
    # A table ({text = ...}) makes setuptools print a deprecation warning on every install.
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT"


def _without_display(tmp_path, *args):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}
    }
    env["PYTHONPATH"] = str(ROOT)
    command = [sys.executable, "-m", "belannot", "--db", str(tmp_path / "p.belannot")]
    return subprocess.run(
        [*command, "--user", "alice", "gui", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.mark.skipif(sys.platform != "linux", reason="X11/Wayland only")
def test_a_screenshot_without_a_display_renders_offscreen(tmp_path):
    picture = tmp_path / "shot.png"
    result = _without_display(tmp_path, "--screenshot", str(picture))
    assert result.returncode == 0, result.stderr
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.skipif(sys.platform != "linux", reason="X11/Wayland only")
def test_the_window_without_a_display_says_what_to_set(tmp_path):
    result = _without_display(tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "DISPLAY" in lines[0] and "QT_QPA_PLATFORM=offscreen" in lines[0]
    assert "xcb" not in result.stderr


def test_the_cli_works_as_the_name_the_window_remembered(tmp_path, monkeypatch):
    import getpass

    from belannot.core import identity

    monkeypatch.setattr(getpass, "getuser", lambda: "osuser")
    identity.remember_name("alice")
    db = str(tmp_path / "p.belannot")
    article = tmp_path / "a.txt"
    article.write_text("Putin met Lukashenko.", encoding="utf-8")
    assert CliRunner().invoke(cli, ["--db", db, "import", str(article)]).exit_code == 0
    listed = CliRunner().invoke(cli, ["--db", db, "users", "list"]).output
    assert "alice\tannotator" in listed and "osuser" not in listed
    result = CliRunner().invoke(cli, ["--db", db, "users", "whoami"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("alice\tannotator\tremembered")
    assert str(identity.identity_path()) in result.output


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        (["--user", "rita"], {}, "rita\treviewer\t--user"),
        ([], {"BELANNOT_USER": "rita"}, "rita\treviewer\tBELANNOT_USER"),
        ([], {}, "osuser\tnot in this project\tlogin name"),
    ],
)
def test_whoami_says_where_the_name_came_from(tmp_path, monkeypatch, args, env, expected):
    import getpass

    monkeypatch.setattr(getpass, "getuser", lambda: "osuser")
    db = str(tmp_path / "p.belannot")
    CliRunner().invoke(cli, ["--db", db, "users", "add", "rita", "--role", "reviewer"])
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = CliRunner().invoke(cli, ["--db", db, *args, "users", "whoami"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == expected
    # Asking who works adds no one.
    assert "osuser" not in CliRunner().invoke(cli, ["--db", db, "users", "list"]).output
