"""The built wheel, installed in a fresh environment outside the checkout, runs and has its data."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SKIP = shutil.ignore_patterns(
    ".venv", ".git", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis"
)


def run(args, cwd, env=None):
    result = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    # Build from a copy so that the checkout gets no build/ or egg-info folders.
    source = tmp_path_factory.mktemp("source") / "belannot"
    shutil.copytree(ROOT, source, ignore=SKIP)
    out = tmp_path_factory.mktemp("wheel")
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", out, source], cwd=out)
    (built,) = out.glob("belannot-*.whl")
    return built


@pytest.mark.slow
def test_the_wheel_carries_resources_and_corpus(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "belannot/resources/schema.json",
        "belannot/resources/guidelines.md",
        "belannot/resources/actors.jsonl",
        "belannot/resources/icons/belannot.svg",
        "belannot/resources/icons/belannot-512.png",
        "belannot/corpus/metadata.json",
    ):
        assert required in names
    corpus = [n for n in names if n.startswith("belannot/corpus/") and n.endswith(".txt")]
    assert len(corpus) == len(list((ROOT / "belannot" / "corpus").glob("*.txt")))


@pytest.mark.slow
def test_the_wheel_is_built_from_pyproject_alone(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert not any("/_data/" in name for name in names)
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "belannot = belannot.cli:main" in text
    assert "belannot-gui = belannot.cli:main" in text


@pytest.mark.slow
def test_installed_wheel_runs_from_outside_the_checkout(wheel, tmp_path):
    env_dir = tmp_path / "fresh"
    run([sys.executable, "-m", "venv", "--without-pip", env_dir], cwd=tmp_path)
    python = env_dir / "bin" / "python"
    run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            python,
            "install",
            "-q",
            "--no-deps",
            "--no-index",
            wheel,
        ],
        cwd=tmp_path,
    )
    # Dependencies come from this test's environment, after the fresh site-packages, as a
    # plain path (its .pth files, such as an editable belannot, are not read).
    fresh_site = Path(
        run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            cwd=tmp_path,
        ).strip()
    )
    (fresh_site / "_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    outside = tmp_path / "elsewhere"
    outside.mkdir()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BELANNOT_USER": "tester"}
    env.pop("PYTHONPATH", None)
    belannot = env_dir / "bin" / "belannot"

    assert run([belannot, "--version"], outside, env).strip() == "belannot, version 0.1.0"
    gui_script = env_dir / "bin" / "belannot-gui"
    assert run([gui_script, "--version"], outside, env).strip() == "belannot, version 0.1.0"
    where = run(
        [
            python,
            "-c",
            "import belannot; from belannot.core.packaged import corpus_path;"
            "print(belannot.__file__); print(corpus_path())",
        ],
        outside,
        env,
    ).split()
    assert all(Path(p).is_relative_to(env_dir) for p in where), where
    corpus = where[1]
    imported = run([belannot, "--db", "p.belannot", "import", corpus], outside, env)
    assert "5 documents added" in imported
    labels = run([belannot, "--db", "p.belannot", "labels", "describe", "actor"], outside, env)
    assert "the NATO official" in labels

    # No --db: the default project is created and seeded with the bundled corpus.
    run([belannot, "gui", "--screenshot", "out.png"], outside, env)
    assert (outside / "out.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert '"documents": 5' in run([belannot, "stats", "--json"], outside, env)
