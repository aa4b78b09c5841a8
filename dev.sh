#!/usr/bin/env bash
# belannot set-up in one command each:
#   ./dev.sh run    install everything and open the window on the bundled corpus
#   ./dev.sh test   install everything plus the test extras and run the whole suite
set -euo pipefail
cd "$(dirname "$0")"

# Shared libraries Qt's platform plugins load (Debian package names). Offscreen
# needs the first line; a real X11/Wayland desktop needs the rest.
QT_LIBS="libegl1 libgl1 libfontconfig1 libxkbcommon0 libdbus-1-3 libglib2.0-0 fonts-dejavu-core
libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
libxcb-render-util0 libxcb-shape0 libxcb-randr0 libwayland-cursor0"

# The tests start a throwaway PostgreSQL server of their own (tests/postgres_server.py).
have_postgres_server() {
    local bindir
    bindir=$(pg_config --bindir 2>/dev/null || true)
    [ -n "$bindir" ] && [ -x "$bindir/initdb" ] && return 0
    compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null
}

install_system_libraries() {
    command -v dpkg-query >/dev/null || return 0
    local wanted="$QT_LIBS ${1:-}" missing
    # Debian's python3 ships without venv/ensurepip until python3-venv is installed.
    "${PYTHON:-python3}" -c "import ensurepip, venv" 2>/dev/null || wanted="$wanted python3-venv"
    # shellcheck disable=SC2086
    missing=$(dpkg-query -W -f='${Package} ${Status}\n' $wanted 2>&1 | grep -v "install ok installed" || true)
    [ -z "$missing" ] && return 0
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    echo "Installing system packages (Debian)..."
    $sudo apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $wanted >/dev/null
}

install_python_packages() {
    local extras="$1" stamp wanted
    PYTHON=${PYTHON:-python3}
    [ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
    # The install is editable: code changes need no reinstall, only the build files do.
    stamp="${extras//[^a-z]/}"
    stamp=".venv/.belannot-installed-${stamp:-base}"
    wanted=$(cat pyproject.toml | .venv/bin/python -c \
        "import hashlib, sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest())")
    [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ] && return 0
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e ".$extras"
    echo "$wanted" > "$stamp"
}

case "${1:-run}" in
    run)
        install_system_libraries
        install_python_packages ""
        shift || true
        exec .venv/bin/belannot "$@"
        ;;
    test)
        server=""
        have_postgres_server || server="postgresql"
        install_system_libraries "$server"
        install_python_packages "[test]"
        shift
        .venv/bin/ruff check belannot tests benchmarks
        .venv/bin/mypy belannot  # strict for core (pyproject), the default elsewhere
        exec .venv/bin/python -m pytest -n 2 "$@"
        ;;
    *)
        echo "usage: ./dev.sh run [belannot options] | ./dev.sh test [pytest options]" >&2
        exit 2
        ;;
esac
