"""What CTC fine-tuning (``yuyin finetune``) measures and diagnoses at each dev evaluation.

The first dev set is *the* dev set: its WER/CER and share of empty hypotheses go to ``eval.csv``
as ``wer``, ``cer`` and ``empty``, and it is what the diagnoses watch (blank-only output, a WER
stuck at 100%). Further dev sets are only *watched*: their WER/CER go to ``eval.csv`` as
``wer@NAME`` and ``cer@NAME`` (NAME from the manifest's path, :func:`watched_names`), to see what
adapting to one kind of speech costs on another (forgetting) while it trains.
Dev utterances whose audio cannot be read are left out, each with a note in
``diagnostics.jsonl``; a resumed run keeps them out. A run that adapts a recognizer (its head
reused) is scored before its first update too (step 0), and :func:`start_comparison` says at the
end where the final model is worse than that start. With :meth:`ASRWatchdog.keep_best`, the model
of the best dev WER so far is saved as it is reached (``model-best/``, its step and WER in its
meta), so a run that went on too long still holds its best.
"""

from __future__ import annotations

import logging
import math
import os
import re
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from torch import nn

from yuyin.audio import AudioError
from yuyin.data.manifest import Utterance
from yuyin.eval.asr import evaluate_asr, score_transcripts
from yuyin.hub import ModelLoadError, read_model_config, save_model
from yuyin.text.normalize import normalize_for_scoring
from yuyin.train.distributed import is_main_process
from yuyin.train.logging import EVAL_CSV, CsvLog, DiagnosisLog
from yuyin.train.loop import unwrap

log = logging.getLogger("yuyin.finetune")

STUCK_EVALS = 3  # evaluations in a row at WER >= 1 before "stuck at 100%" is reported
BLANK_ONLY_FRACTION = 0.9  # share of empty hypotheses that counts as blank-only output
GENERIC_STEMS = ("manifest", "dev", "test", "valid", "eval")  # named by their folder instead
WORSE_BY = 0.01  # a final WER this much (1 point) over the start's is called worse


def watched_names(paths: Sequence[str | os.PathLike]) -> list[str]:
    """A short, distinct name for each watched dev manifest: its file name without the
    extension, or its folder's name where the file is just ``manifest.jsonl`` (``dev``,
    ``test``...); characters other than letters, digits, ``.``, ``_`` and ``-`` become ``_``, and
    a repeated name gets ``-2``, ``-3``..."""
    names: list[str] = []
    for path in paths:
        p = Path(path)
        stem = p.name.split(".")[0] or p.name
        name = p.parent.name if stem.lower() in GENERIC_STEMS and p.parent.name else stem
        name = re.sub(r"[^\w.-]", "_", name) or "dev"
        unique, n = name, 1
        while unique in names:
            n += 1
            unique = f"{name}-{n}"
        names.append(unique)
    return names


class ASRWatchdog:
    """Evaluates on dev (and the watched sets), logs WER/CER and explains blank-only output and
    a WER stuck at 100% (see the module docstring)."""

    def __init__(
        self,
        dev: list[Utterance],
        tokenizer: Any,
        out_dir: Path,
        watched: dict[str, list[Utterance]] | None = None,
    ) -> None:
        self.dev, self.tokenizer = dev, tokenizer
        self.watched = dict(watched or {})
        self.out_dir = out_dir
        self.diagnoses = DiagnosisLog(out_dir, log)
        self.stuck = 0
        self.best_dir: Path | None = None
        self.best_meta: dict[str, Any] = {}
        self.best = math.inf

    def keep_best(self, folder: Path, meta: dict[str, Any]) -> None:
        """Save the model to ``folder`` whenever the dev WER is the best so far (with ``meta``,
        the run's model meta, plus its ``step`` and ``wer``). Call before :meth:`start`."""
        self.best_dir, self.best_meta = folder, meta

    def start(self, resumed_at: int | None) -> None:
        """Before the first step: a new run (None) starts ``diagnostics.jsonl`` afresh; a resumed
        one cuts it back to its checkpoint's step and takes up where that run was: the dev
        utterances it left out stay out, and the count of evaluations at 100% WER goes on."""
        kept = self.diagnoses.start(resumed_at)
        if self.best_dir is not None and is_main_process():  # a resumed run goes on from the
            try:  # best it had saved; a new run, or an unreadable one, starts afresh
                meta = read_model_config(self.best_dir).get("meta", {}) if resumed_at else {}
                self.best = float(meta["wer"])
            except (ModelLoadError, KeyError, TypeError, ValueError):
                shutil.rmtree(self.best_dir, ignore_errors=True)
        left_out = {row.get("utterance") for row in kept}
        self.dev = [u for u in self.dev if u.id not in left_out]
        self.watched = {
            name: [u for u in utts if f"{name}:{u.id}" not in left_out]
            for name, utts in self.watched.items()
        }
        if resumed_at is None or not (self.out_dir / EVAL_CSV).is_file():
            return
        for row in CsvLog.read(self.out_dir / EVAL_CSV):
            wer = row.get("wer", "")
            if int(float(row["step"])) <= resumed_at and wer not in ("", "nan"):
                self.stuck = self.stuck + 1 if float(wer) >= 1.0 else 0

    def note(self, message: str, step: int = 0, utterance: str | None = None) -> None:
        self.diagnoses.note(message, step, utterance)

    def _score(self, asr: nn.Module, utts: list[Utterance], name: str | None) -> tuple[Any, list]:
        """The report on ``utts`` and the utterances still usable (unreadable ones noted)."""
        failed: set[str] = set()

        def unusable(utt: Utterance, exc: AudioError) -> None:
            failed.add(utt.id)
            key = utt.id if name is None else f"{name}:{utt.id}"
            where = "dev" if name is None else f"watched dev set {name!r}:"
            self.note(f"{where} utterance {utt.id!r} left out: {exc}", asr.step, key)

        report = evaluate_asr(asr, self.tokenizer, utts, on_error=unusable)
        usable = [u for u in utts if u.id not in failed]
        if failed:  # left out of this score too, as of every later one: the steps compare
            decoded = {uid: hyp for uid, _, hyp in report.hypotheses}
            scored = [u for u in usable if u.text]
            fold = getattr(self.tokenizer, "fold_text", None)
            hyps = {i: decoded.get(u.id, "") for i, u in enumerate(scored)}
            if any(normalize_for_scoring(u.text or "") for u in scored):  # else: counted empty
                report = score_transcripts(scored, hyps, report.decode_seconds, None, fold)
        return report, usable

    def __call__(self, model: nn.Module) -> dict[str, float]:
        asr = unwrap(model)
        step = asr.step
        report, self.dev = self._score(asr, self.dev, None)
        if report.empty_fraction >= BLANK_ONLY_FRACTION:
            self.note(
                f"{report.empty_fraction:.0%} of dev hypotheses are empty (blank-only output). "
                "Normal for the first few hundred updates; if it persists, raise the learning "
                "rate, shorten freeze_encoder_steps, or check that transcripts match the audio",
                step,
            )
        self.stuck = self.stuck + 1 if report.wer >= 1.0 else 0
        if self.stuck == STUCK_EVALS:
            self.note(
                f"dev WER has been >= 100% for {STUCK_EVALS} evaluations. Check the learning "
                "rate and warmup, that the encoder is not frozen for the whole run, and the "
                "other diagnoses above",
                step,
            )
        metrics = {"wer": report.wer, "cer": report.cer, "empty": report.empty_fraction}
        if self.best_dir is not None and report.wer < self.best and is_main_process():
            self.best = report.wer
            meta = {**self.best_meta, "steps": step, "wer": round(report.wer, 6)}
            save_model(asr, self.best_dir, "asr", asr.config, meta)
        for name, utts in self.watched.items():
            if not utts:  # every utterance left out: nothing to score
                continue
            watched, self.watched[name] = self._score(asr, utts, name)
            metrics[f"wer@{name}"], metrics[f"cer@{name}"] = watched.wer, watched.cer
        return metrics


def start_comparison(out_dir: Path) -> list[str]:
    """Where the run's last evaluation is worse than its step-0 one (the model it started
    from), from ``eval.csv``: one message for the dev set and one for the watched sets that got
    worse; none when there is no step-0 row or nothing got worse by :data:`WORSE_BY`."""
    path = out_dir / EVAL_CSV
    rows = CsvLog.read(path) if path.is_file() else []
    start = next((r for r in rows if int(float(r["step"])) == 0), None)
    if start is None or len(rows) < 2:
        return []
    last, messages = rows[-1], []

    def rise(key: str) -> tuple[float, float] | None:
        try:
            before, after = float(start.get(key, "")), float(last.get(key, ""))
        except ValueError:  # a set watched only later, or not at all
            return None
        return (before, after) if after > before + WORSE_BY else None

    if dev := rise("wer"):
        best = out_dir / "model-best"
        kept = f"{best} is the model of its best dev WER; " if best.is_dir() else ""
        messages.append(
            f"the final model's dev WER {dev[1]:.1%} is worse than the {dev[0]:.1%} of the model "
            f"it started from (step 0 in eval.csv): {kept}fewer updates, a lower loop.lr "
            "(configs/finetune/adapt.yaml: 1e-4), or more training data"
        )
    worse = {k[4:]: r for k in last if k.startswith("wer@") and (r := rise(k))}
    if worse:
        shown = ", ".join(f"{name} {a:.1%} -> {b:.1%}" for name, (a, b) in worse.items())
        messages.append(
            f"adapting cost the watched sets WER: {shown} (step 0 -> the final model): mixing "
            "such speech into --train and a lower loop.lr forget less (configs/finetune/"
            "adapt.yaml: 1e-4)"
        )
    return messages
