"""The first command of the day: how long until its answer, and until its process ends.

Each run starts `python -m belannot --db PROJECT stats` with an empty backup folder, so
the daily backup is due, and times the first line of its answer and its exit; then the
same with today's backup in place. Medians.

    .venv/bin/python benchmarks/bench_first_command.py --project /tmp/p.belannot [--runs 5]
        [--checkout OTHER_WORKTREE]

Target (issue 19): the first command of the day answers as fast as any other.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from scratch import scratch_folder


def run(project: Path, env: dict[str, str]) -> tuple[float, float]:
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "belannot", "--db", str(project), "stats"],
        env=env,
        cwd=env["PYTHONPATH"],  # not the current folder: it would come first on sys.path
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert process.stdout is not None
    process.stdout.readline()
    answered = time.perf_counter() - started
    process.stdout.read()
    process.wait()
    return answered, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--project", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--checkout", type=Path, default=Path(__file__).resolve().parents[1])
    args = parser.parse_args()
    home = scratch_folder()
    env = {**os.environ, "XDG_DATA_HOME": str(home), "PYTHONPATH": str(args.checkout.resolve())}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    run(args.project, env)  # bytecode written, page cache warm, today's backup made
    first, first_exit, usual, usual_exit = [], [], [], []
    for _ in range(args.runs):
        answered, ended = run(args.project, env)
        usual.append(answered)
        usual_exit.append(ended)
        shutil.rmtree(home / "belannot" / "backups")
        answered, ended = run(args.project, env)
        first.append(answered)
        first_exit.append(ended)
    median = statistics.median
    print(
        f"usual command:     answer {median(usual) * 1000:6.0f} ms, "
        f"exit {median(usual_exit) * 1000:6.0f} ms"
    )
    print(
        f"first of the day:  answer {median(first) * 1000:6.0f} ms, "
        f"exit {median(first_exit) * 1000:6.0f} ms (its daily backup)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
