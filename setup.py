"""Build hook: ships the top-level resources/ and corpus/ inside the package as belannot/_data/.

Everything else about the build is in pyproject.toml. The folders stay at the top of
the repository (where people look for them); belannot.core.bundled finds them there
in an editable install and under belannot/_data/ in a wheel.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
BUNDLED = ("resources", "corpus")


class BuildPyWithData(build_py):
    """build_py that also copies the bundled folders into the built package."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # editable installs read the folders from the source tree
        for name in BUNDLED:
            source = ROOT / name
            if not source.is_dir():
                raise SystemExit(f"the {name}/ folder is missing: cannot build belannot")
            target = Path(self.build_lib) / "belannot" / "_data" / name
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs = list(super().get_outputs(include_bytecode))
        if getattr(self, "editable_mode", False):
            return outputs
        for name in BUNDLED:
            for path in sorted((ROOT / name).rglob("*")):
                if path.is_file():
                    relative = path.relative_to(ROOT)
                    outputs.append(str(Path(self.build_lib) / "belannot" / "_data" / relative))
        return outputs


setup(cmdclass={"build_py": BuildPyWithData})
