"""What a training run writes as it goes: ``log.csv``, ``eval.csv``, TensorBoard, a progress bar.

Rows are written a line at a time and flushed, so a killed run leaves a readable CSV. A resumed run
first drops the rows after the checkpoint it resumes from, so every step appears once. The header
is the union of the keys seen: a key that appears later (an eval metric, a task log) extends it.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tqdm import tqdm

from yuyin.paths import append_text, write_text_atomic
from yuyin.train.distributed import is_main_process

TRAIN_CSV = "log.csv"
EVAL_CSV = "eval.csv"
TENSORBOARD_DIR = "tb"
DIAGNOSTICS_JSONL = "diagnostics.jsonl"
FIRST_COLUMNS = ("step", "epoch", "lr", "loss", "grad_norm", "seconds")
POSTFIX_KEYS_SHOWN = 4  # task logs shown beside the loss on the progress bar

__all__ = ["CsvLog", "DiagnosisLog", "TrainLog", "keep_jsonl_rows", "log_rows"]


def _format(value: Any) -> str:
    if isinstance(value, float) and math.isfinite(value):
        return repr(value)  # round-trips exactly: the resume test compares losses to 1e-6
    return str(value)


def keep_jsonl_rows(path: Path, until_step: int | None) -> list[dict[str, Any]]:
    """Cut a JSON-lines side log (``health.jsonl``, ``diagnostics.jsonl``) back to the rows of
    steps up to ``until_step``, as :class:`CsvLog` does for ``log.csv`` on a resume: what a killed
    run wrote after its last checkpoint is written again by the resumed one. None (a new run)
    removes the file. Returns the rows kept; a line cut short by a crash is dropped."""
    if until_step is None or not path.is_file():
        path.unlink(missing_ok=True)
        return []
    rows = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(row, dict) and isinstance(row.get("step"), int) and row["step"] <= until_step:
            rows.append(row)
    write_text_atomic(path, "".join(json.dumps(r, default=float) + "\n" for r in rows))
    return rows


class DiagnosisLog:
    """A fine-tuning run's ``diagnostics.jsonl``: one JSON line a diagnosis (``step``,
    ``message``, and the ``utterance`` it is about, if one), each also a warning on ``logger``.
    Every rank diagnoses; the main one writes."""

    def __init__(self, out_dir: Path, logger: logging.Logger) -> None:
        self.path = Path(out_dir) / DIAGNOSTICS_JSONL
        self.logger = logger

    def start(self, resumed_at: int | None) -> list[dict[str, Any]]:
        """Before the first step: a new run (None) starts the file afresh, a resumed one cuts it
        back to its checkpoint's step (:func:`keep_jsonl_rows`); returns the rows kept."""
        return keep_jsonl_rows(self.path, resumed_at) if is_main_process() else []

    def note(self, message: str, step: int = 0, utterance: str | None = None) -> None:
        """Say ``message`` and append it to the file."""
        self.logger.warning("diagnosis: %s", message)
        if not is_main_process():
            return
        row: dict[str, Any] = {"step": step, "message": message}
        if utterance is not None:
            row["utterance"] = utterance
        append_text(self.path, json.dumps(row) + "\n")


def log_rows(out_dir: Path, until_step: int | None) -> list[dict[str, str]]:
    """The run's ``log.csv`` rows up to ``until_step`` (none for a new run or no file)."""
    path = Path(out_dir) / TRAIN_CSV
    if until_step is None or not path.is_file():
        return []
    return [r for r in CsvLog.read(path) if int(float(r["step"])) <= until_step]


class CsvLog:
    """An append-only CSV file whose header grows when rows bring new keys."""

    def __init__(self, path: Path, keep_until_step: int | None) -> None:
        """Open ``path``; keep its rows up to ``keep_until_step`` (None: start a new file)."""
        self.path = path
        self.columns: list[str] = []
        rows = self.read(path) if keep_until_step is not None and path.is_file() else []
        rows = [r for r in rows if int(float(r["step"])) <= (keep_until_step or 0)]
        if rows:
            self.columns = list(rows[0].keys())
        self._rewrite(rows)

    @staticmethod
    def read(path: Path) -> list[dict[str, str]]:
        """Complete rows of a CSV log (a line cut short by a crash is skipped)."""
        with path.open(newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            rows = [r for r in reader if None not in r.values() and None not in r]
        return [r for r in rows if r.get("step", "").strip().lstrip("-").isdigit()]

    def _rewrite(self, rows: list[dict[str, Any]]) -> None:
        """Replace the file atomically by ``rows`` under the current columns (none: no file)."""
        if not self.columns:
            self.path.unlink(missing_ok=True)
            return
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, self.columns, restval="", lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: _format(v) for k, v in row.items()} for row in rows)
        write_text_atomic(self.path, buffer.getvalue())

    def write(self, row: Mapping[str, Any]) -> None:
        """Append one row; new keys extend the header (the file is rewritten once for them)."""
        new = [k for k in row if k not in self.columns]
        if new:
            old_rows = self.read(self.path) if self.columns else []
            self.columns += new
            self._rewrite(old_rows)
        buffer = io.StringIO()
        csv.DictWriter(buffer, self.columns, restval="", lineterminator="\n").writerow(
            {k: _format(v) for k, v in row.items()}
        )
        append_text(self.path, buffer.getvalue())  # whole lines, even on a full disk


class TrainLog:
    """The CSV logs, TensorBoard (when importable and wanted) and a tqdm bar of one run.

    Only the main rank writes; on other ranks every method does nothing.
    """

    def __init__(
        self,
        out_dir: Path,
        *,
        start_step: int,
        max_steps: int,
        resumed: bool,
        enabled: bool = True,
        tensorboard: bool = True,
        progress: bool = True,
    ) -> None:
        self.enabled = enabled
        self.train_csv: CsvLog | None = None
        self.eval_csv: CsvLog | None = None
        self.tb: Any = None
        self.bar: tqdm | None = None
        if not enabled:
            return
        out_dir.mkdir(parents=True, exist_ok=True)
        keep = start_step if resumed else None
        self.train_csv = CsvLog(out_dir / TRAIN_CSV, keep)
        self.eval_csv = CsvLog(out_dir / EVAL_CSV, keep)
        if tensorboard:
            try:
                from torch.utils.tensorboard import SummaryWriter
            except ImportError:  # the optional `tb` extra is not installed
                SummaryWriter = None  # noqa: N806
            if SummaryWriter is not None:
                # purge_step drops the events a killed run wrote after its last checkpoint
                purge = start_step + 1 if resumed else None
                self.tb = SummaryWriter(str(out_dir / TENSORBOARD_DIR), purge_step=purge)
        if progress:
            self.bar = tqdm(  # disable=None: no bar where stderr is no terminal (a log file)
                total=max_steps, initial=start_step, dynamic_ncols=True, unit="step", disable=None
            )

    def train_row(self, row: Mapping[str, Any]) -> None:
        """Log one training step: ``step`` and ``epoch`` plus float values (loss, lr, task logs)."""
        if not self.enabled or self.train_csv is None:
            return
        ordered = {k: row[k] for k in FIRST_COLUMNS if k in row}
        ordered.update(row)
        self.train_csv.write(ordered)
        step = int(row["step"])
        if self.tb is not None:
            for key, value in ordered.items():
                if key not in ("step", "epoch"):
                    self.tb.add_scalar(f"train/{key}", value, step)
        if self.bar is not None:
            shown = {k: v for k, v in row.items() if k not in FIRST_COLUMNS}
            postfix = {"loss": f"{row['loss']:.4g}"}
            postfix.update({k: f"{v:.4g}" for k, v in list(shown.items())[:POSTFIX_KEYS_SHOWN]})
            self.bar.set_postfix(postfix, refresh=False)

    def eval_row(self, step: int, metrics: Mapping[str, float]) -> None:
        """Log the metrics ``eval_fn`` returned at ``step``."""
        if not self.enabled or self.eval_csv is None:
            return
        self.eval_csv.write({"step": step, **metrics})
        if self.tb is not None:
            for key, value in metrics.items():
                self.tb.add_scalar(f"eval/{key}", value, step)
        if self.bar is not None:
            self.bar.write(f"step {step}: " + ", ".join(f"{k}={v:.4g}" for k, v in metrics.items()))

    def advance(self) -> None:
        """One more step done (moves the progress bar)."""
        if self.bar is not None:
            self.bar.update(1)

    def close(self) -> None:
        if self.tb is not None:
            self.tb.close()
        if self.bar is not None:
            self.bar.close()
