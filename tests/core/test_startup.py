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


def test_opening_a_project_leaves_the_date_parser_unloaded():
    # sqlite-utils' recipes import dateutil's parser (time zones, calendars, ctypes).
    loaded = loaded_after("import belannot.core.store, belannot.cli")
    assert "sqlite_utils.recipes" in loaded
    assert not {"dateutil.parser._parser", "dateutil.tz", "zoneinfo", "ctypes"} & loaded


def test_the_date_parser_loads_at_its_first_use():
    loaded = loaded_after(
        "import belannot.core.store\n"
        "from sqlite_utils import recipes\n"
        "assert recipes.parsedate('5 March 2020') == '2020-03-05'\n"
        "from dateutil import parser\n"
        "assert parser.parse('2020-03-05').year == 2020"
    )
    assert "dateutil.parser._parser" in loaded
