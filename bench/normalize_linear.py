"""Does every normalizer pass stay linear? A quick scan of the slow tests' adversarial units.

The slow tests (``make test-all``) repeat each of 600-odd units ("the WHO ", "ends 11/11-11/12
") to 1 MB or time them at 50,000 and 200,000 characters, three runs each: hours on 2 cores.
This scan reads the same units from the test files and times ``normalize_for_tts`` once over
each repeated to ``--small`` and to 4 x ``--small`` characters: a linear pass takes about 4
times as long, a quadratic one about 16. A unit whose ratio is over ``--ratio`` (and whose
long run takes over half a second, so noise is no flag) is listed under ``"flagged"``::

    python bench/normalize_linear.py [--small 20000] [--ratio 8] [--match TEXT] [--out FILE]

About fifteen minutes on one core (856 s, 643 units). Session 53's scan flagged "the WHO "
(80 KB 27 s) and "ends 11/11-11/12 " (39 s): both rules searched the whole text for each
match; linear since.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from pathlib import Path

from _env import git_commit, provenance, publish

from yuyin.text.normalize import normalize_for_tts

TESTS = Path(__file__).resolve().parent.parent / "tests"


def units() -> dict[str, str]:
    """Each unit of a test parametrized over ``unit`` in tests/test_normalize*.py, with the
    first test that names it."""
    sys.path.insert(0, str(TESTS))
    found: dict[str, str] = {}
    for path in sorted(TESTS.glob("test_normalize*.py")):
        module = importlib.import_module(path.stem)
        for name in sorted(dir(module)):
            for mark in getattr(getattr(module, name), "pytestmark", []):
                if mark.name != "parametrize" or mark.args[0] != "unit":
                    continue
                for value in mark.args[1]:
                    unit = value.values[0] if hasattr(value, "values") else value
                    found.setdefault(unit, f"{path.name}::{name}")
    return found


def seconds(unit: str, chars: int) -> float:
    text = unit * max(1, chars // len(unit))
    start = time.perf_counter()
    normalize_for_tts(text)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=20_000, help="characters of the short run")
    parser.add_argument("--ratio", type=float, default=8.0, help="flag above this long/short")
    parser.add_argument("--match", default="", help="only units holding this text")
    parser.add_argument("--out", type=Path, help="also write the JSON here")
    args = parser.parse_args()
    started = time.time()
    commit = git_commit()  # the code measured: a commit made during the scan is not it
    rows = []
    for unit, test in units().items():
        if args.match not in unit:
            continue
        short, long = seconds(unit, args.small), seconds(unit, 4 * args.small)
        ratio = long / max(short, 1e-6)
        rows.append({"unit": unit, "test": test, "short_s": round(short, 3),
                     "long_s": round(long, 3), "ratio": round(ratio, 1)})  # fmt: skip
    flagged = [r for r in rows if r["ratio"] > args.ratio and r["long_s"] > 0.5]
    report = {
        "bench": "normalize-linear",
        "chars": [args.small, 4 * args.small],
        "units": len(rows),
        "flagged": flagged,
        "slowest": sorted(rows, key=lambda r: -r["long_s"])[:10],
        "highest_ratios": sorted(rows, key=lambda r: -r["ratio"])[:10],
        **provenance(started),
        "commit": commit,
    }
    publish(report, args.out)


if __name__ == "__main__":
    main()
