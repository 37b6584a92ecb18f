"""How long yuyin takes to start: ``import yuyin``, ``yuyin --help``, a dictionary word and an
unknown word of ``yuyin g2p``, beside ``import torch`` alone.

Prints one JSON object. Each command runs ``--reps`` times in a fresh process after one
warm-up run (the file cache); the median, min and max wall seconds are reported with whether
the command loaded torch (read from ``python -X importtime``). A command that needs no model
should not load torch: it costs ~2 s on a small CPU.

    python bench/cli_start.py [--reps 5] [--out FILE]
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _env import provenance, publish

COMMANDS = {
    "import torch": ["-c", "import torch"],
    "import yuyin": ["-c", "import yuyin"],
    "yuyin --help": ["-m", "yuyin", "--help"],
    "yuyin g2p hello (dictionary)": ["-m", "yuyin", "g2p", "hello"],
    "yuyin g2p zorblat (neural)": ["-m", "yuyin", "g2p", "zorblat"],
}

_TORCH_LINE = re.compile(r"\|\s*torch\s*$")  # "import time: 123 | 2542863 |   torch"


def _run(args: list[str], importtime: bool = False) -> tuple[float, str]:
    flags = ["-X", "importtime"] if importtime else []
    start = time.perf_counter()
    done = subprocess.run([sys.executable, *flags, *args], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(f"{' '.join(args)} failed ({done.returncode}): {done.stderr[-500:]}")
    return elapsed, done.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    started = time.time()
    results = {}
    for name, command in COMMANDS.items():
        _, imports = _run(command, importtime=True)  # the warm-up run
        loads_torch = any(_TORCH_LINE.search(line) for line in imports.splitlines())
        times = [_run(command)[0] for _ in range(args.reps)]
        results[name] = {
            "median_s": round(statistics.median(times), 3),
            "min_s": round(min(times), 3),
            "max_s": round(max(times), 3),
            "loads_torch": loads_torch,
        }
    publish(
        {"bench": "cli-start", "reps": args.reps, "results": results, **provenance(started)},
        args.out,
    )


if __name__ == "__main__":
    main()
