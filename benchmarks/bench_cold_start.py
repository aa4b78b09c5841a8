"""Cold start: the real entry point in a fresh process, until the article is first painted.

Each run starts `python -m belannot --db PROJECT --user bench gui` offscreen and stops it
at the first paint of the article view, printing the wall time from the process's launch
and its resident memory then; beside it, the same for a bare QMainWindow script. Medians.

    .venv/bin/python benchmarks/bench_cold_start.py [--runs 7] [--project /tmp/p.belannot]
        [--documents 100000] [--checkout OTHER_WORKTREE]

Without --project, a 100,000-document project (bench_document_list's) is built in a temp
folder. "usual" runs find today's backup; "first of the day" runs start each with an
empty backup folder. Targets (issue 19): cold start ≤ 0.3 s, memory ≤ 80 MB, the first
launch of the day no slower than the others.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from scratch import scratch_folder

# Stops the process at the first paint of the article (or of the bare window). Qt is
# imported only where the program imports it: PySide6 wraps every later import. The
# filter watches that one widget, installed once it is built, as the bare window's is:
# one on the QApplication would see every event of the window's construction in Python
# (~185 more Qt enums converted, 25-40 ms and 1.4 MB that belannot itself never spends).
STOP_AT_PAINT = r"""
import os, sys

def rss_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0

def stopper(wanted):
    from PySide6.QtCore import QEvent, QObject

    class Stop(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint and wanted(watched):
                print(f"PAINTED {rss_mb():.1f} {len(sys.modules)}", flush=True)
                os._exit(0)
            return False

    return Stop()
"""

BELANNOT = STOP_AT_PAINT + r"""
from belannot.cli import cli
import belannot.app as app
made = app.create_window
def create_window(*args, **kwargs):
    window = made(*args, **kwargs)
    viewport = window.article_view.viewport()
    window._stop = stopper(lambda w: w is viewport)
    viewport.installEventFilter(window._stop)
    return window
app.create_window = create_window
cli(["--db", sys.argv[1], "--user", "bench", "gui"], prog_name="belannot")
"""

BARE = STOP_AT_PAINT + r"""
from PySide6.QtWidgets import QApplication, QMainWindow
qt = QApplication(sys.argv[:1])
window = QMainWindow()
stop = stopper(lambda w: w is window)
window.installEventFilter(stop)
window.resize(1480, 900)
window.show()
qt.exec()
"""


LAUNCH_TIMEOUT_S = 60
CPU: list[float] = []  # each launch's processor time (user + system), less load-bound


def launch(script: str, args: list[str], env: dict[str, str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-c", script, *args],
            env=env,
            capture_output=True,
            text=True,
            # Not the current folder: with -c it comes first on sys.path, before PYTHONPATH.
            cwd=env["PYTHONPATH"],
            # A launch that never paints (seen once in a probe) must not stall the sitting.
            timeout=LAUNCH_TIMEOUT_S,
        )
    except subprocess.TimeoutExpired as expired:
        raise SystemExit(f"no paint within {LAUNCH_TIMEOUT_S} s: {expired.stderr!r}") from None
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    line = next((x for x in done.stdout.splitlines() if x.startswith("PAINTED")), None)
    if line is None:
        raise SystemExit(f"no paint: {done.stdout}\n{done.stderr}")
    return elapsed, float(line.split()[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--project", type=Path)
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument(
        "--checkout",
        type=Path,
        default=Path(__file__).resolve().parents[1],
        help="The belannot source tree to start (another commit's worktree, to compare).",
    )
    args = parser.parse_args()
    home = scratch_folder()
    project = args.project
    if project is None or not project.exists():
        sys.path.insert(0, str(Path(__file__).parent))
        from bench_document_list import build

        project = project or home / "bench.belannot"
        build(project, args.documents).close()
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "PYTHONPATH": str(args.checkout.resolve()),
    }
    # An installed belannot starts from compiled bytecode: let the warm-up run write it.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    # Someone who works here every day has dismissed the welcome.
    ini = home / "config" / "belannot" / "belannot.ini"
    ini.parent.mkdir(parents=True, exist_ok=True)
    ini.write_text("[welcome]\ndismissed=true\n", encoding="utf-8")
    launch(BELANNOT, [str(project)], env)  # bytecode written, page cache warm
    # Today's backup, whole (the warm-up run stops before its background one ends).
    subprocess.run(
        [sys.executable, "-m", "belannot", "--db", str(project), "stats"],
        env=env,
        capture_output=True,
        check=True,
        cwd=env["PYTHONPATH"],
    )
    usual, usual_rss, first, bare, bare_rss = [], [], [], [], []
    bare_cpu, usual_cpu = [], []
    for _ in range(args.runs):
        seconds, rss = launch(BARE, [], env)
        bare.append(seconds)
        bare_rss.append(rss)
        bare_cpu.append(CPU[-1])
        seconds, rss = launch(BELANNOT, [str(project)], env)
        usual.append(seconds)
        usual_rss.append(rss)
        usual_cpu.append(CPU[-1])
        kept = home / "data" / "belannot" / "backups"
        aside = home / "aside"
        shutil.move(kept, aside)
        seconds, _ = launch(BELANNOT, [str(project)], env)
        first.append(seconds)
        shutil.rmtree(kept, ignore_errors=True)
        shutil.move(aside, kept)
    median = statistics.median
    print(
        f"bare QMainWindow:          {median(bare) * 1000:6.0f} ms "
        f"(cpu {median(bare_cpu) * 1000:4.0f} ms), {median(bare_rss):5.1f} MB"
    )
    print(
        f"belannot, usual launch:    {median(usual) * 1000:6.0f} ms "
        f"(cpu {median(usual_cpu) * 1000:4.0f} ms), {median(usual_rss):5.1f} MB"
        " (target ≤ 300 ms, ≤ 80 MB)"
    )
    print(f"belannot, first of the day:{median(first) * 1000:6.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
