#!/usr/bin/env bash
# Build the one-folder app with PyInstaller: packaging/dist/belannot/belannot
#   packaging/build.sh            build (a few minutes the first time)
#   PYTHON=python3.12 packaging/build.sh
# The build runs in its own virtual environment (packaging/.venv) so that the app
# is frozen from a clean install of the checkout, not from a developer's editable one.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
VENV=packaging/.venv
[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --upgrade pip
"$VENV/bin/python" -m pip install -q . "pyinstaller>=6.3"
"$VENV/bin/pyinstaller" --noconfirm --clean \
    --distpath packaging/dist --workpath packaging/build \
    packaging/belannot.spec
echo "built packaging/dist/belannot/belannot"
