"""The report of ``bench/asr_adapt/run.sh``: held-out greedy WER of the shipped recognizer and
of each adaptation (its final model and its ``model-best``), and each run's ``eval.csv`` (dev
WER on the domain, ``wer@general-watch`` on general speech, every 50 updates from step 0)::

    python bench/asr_adapt/summary.py work/adapt [--out bench/results/asr-adapt.json] \
        [--audit NAME=RUN_DIR ...]

``--audit`` adds the ``eval.csv`` curves of other runs (an audit's own data, which this bench
cannot rebuild), under ``audit_curves``.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _env import provenance, publish  # noqa: E402

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "results" / "asr-adapt.json"
SETS = {"test-seen": "weather, training voices", "test-unseen": "weather, unseen voices"}


def _set_name(manifest: str) -> str:
    path = Path(manifest)
    name = path.parent.name if path.name == "manifest.jsonl" else path.stem
    return SETS.get(name, "general" if name == "general-test" else name)


def _curve(run: Path) -> list[dict]:
    """Step, dev WER and the first watched set's WER (%) of each evaluation of a run."""
    with (run / "eval.csv").open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    watched = next((k for k in rows[0] if k.startswith("wer@")), None) if rows else None
    return [
        {
            "step": int(row["step"]),
            "domain_dev_wer": round(100 * float(row["wer"]), 2),
            "general_watch_wer": round(100 * float(row[watched]), 2) if watched else None,
        }
        for row in rows
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="run.sh's folder (default work/adapt)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--audit", action="append", default=[], metavar="NAME=RUN_DIR")
    parser.add_argument("--audit-note", default="", help="what the audit runs were")
    args = parser.parse_args()
    started = time.time()
    table: dict[str, dict[str, float]] = {}
    for line in (args.folder / "eval.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        model = Path(row["model"])
        name = "shipped" if row["model"] == "bundled" else f"{model.parent.name}/{model.name}"
        table.setdefault(name, {})[_set_name(row["manifest"])] = round(100 * row["wer"], 2)
    runs = sorted(p for p in args.folder.glob("w-lr*") if (p / "eval.csv").is_file())
    report = {
        "bench": "asr-adapt",
        "what": "greedy WER (%) on held-out sentences of a domain (weather) and on general speech, "
        "of the shipped recognizer and of it fine-tuned 300 updates on 13.5 min of the domain "
        "at three learning rates (bench/asr_adapt/run.sh)",
        "test_wer": table,
        "curves": {run.name: _curve(run) for run in runs},
        "audit_curves": {
            name: _curve(Path(run)) for name, run in (a.split("=", 1) for a in args.audit)
        },
        "audit_note": args.audit_note,
        "seed": 0,
        "command": f"bash bench/asr_adapt/run.sh {args.folder}",
        **provenance(started),
    }
    publish(report, args.out)


if __name__ == "__main__":
    main()
