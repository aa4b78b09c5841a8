"""What a belannot process loads at start-up: nothing heavy that it does not use."""

from __future__ import annotations

import subprocess
import sys


def loaded_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys\nprint(' '.join(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    return set(result.stdout.split())


def test_opening_a_project_loads_neither_pandas_nor_numpy():
    loaded = loaded_after(
        "import belannot.core.store, belannot.core.importing.pipeline, belannot.cli"
    )
    assert "sqlite_utils.db" in loaded
    assert not {"pandas", "numpy", "pyarrow"} & loaded


def test_pandas_still_imports_after_the_store():
    loaded = loaded_after("import belannot.core.store\nimport pandas\npandas.DataFrame()")
    assert {"pandas", "numpy"} <= loaded
