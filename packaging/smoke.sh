#!/usr/bin/env bash
# Smoke check of the frozen app (run packaging/build.sh first). Not part of the pytest suite:
# the build takes minutes. Runs offscreen from a temporary folder outside the checkout, with
# its own HOME, so nothing of the developer's set-up is used.
#   packaging/smoke.sh [path/to/dist/belannot/belannot]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
APP=${1:-$ROOT/packaging/dist/belannot/belannot}
[ -x "$APP" ] || { echo "no frozen app at $APP: run packaging/build.sh first" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
export HOME="$WORK/home" XDG_DATA_HOME="$WORK/home/data" XDG_CONFIG_HOME="$WORK/home/config"
export QT_QPA_PLATFORM=offscreen BELANNOT_USER=smoke
unset BELANNOT_DB

"$APP" --version | tee version.txt
grep -q "belannot, version" version.txt
# The corpus frozen into the app (PyInstaller 6 puts data under _internal/).
"$APP" --db smoke.belannot import "$(dirname "$APP")/_internal/belannot/corpus" | tee import.txt
grep -q "5 documents added" import.txt
"$APP" gui --screenshot first-run.png   # the default project, seeded with the bundled corpus
python3 - "$WORK/first-run.png" <<'PY'
import struct, sys
data = open(sys.argv[1], "rb").read(24)
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
width, height = struct.unpack(">II", data[16:24])
assert width >= 640 and height >= 400, (width, height)
print(f"screenshot {width}x{height}")
PY
QT_SCALE_FACTOR=2 "$APP" gui --screenshot first-run@2x.png
if [ -n "${SMOKE_KEEP:-}" ]; then cp first-run.png first-run@2x.png "$SMOKE_KEEP"/; fi
echo "smoke check passed"
