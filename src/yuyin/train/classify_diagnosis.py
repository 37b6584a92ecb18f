"""What classification fine-tuning (``yuyin finetune --task classify``) diagnoses, written to
``diagnostics.jsonl`` as CTC fine-tuning does (:class:`~yuyin.train.logging.DiagnosisLog`).

Before training (a new run; a resumed one diagnosed its data when it began): classes with very
few examples and a large imbalance, dev utterances of classes the training lacks, classes with
no dev utterance (their accuracy is never measured), audio below 16 kHz and dev audio at other
sample rates than the training audio. At each dev evaluation: every dev utterance predicted as
one class, and an accuracy no better than chance for :data:`STUCK_EVALS` evaluations in a row.

Shapes: B batch, S samples, C classes.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import torch
from torch import nn

from yuyin.data.dataset import AudioDataset, collate_audio
from yuyin.data.manifest import Utterance
from yuyin.nn.device import module_device
from yuyin.train.labeled_data import low_rate_note, sample_rates
from yuyin.train.logging import EVAL_CSV, CsvLog, DiagnosisLog
from yuyin.train.loop import unwrap

log = logging.getLogger("yuyin.train")

EVAL_BATCH = 32  # dev utterances a forward pass
FEW_EXAMPLES = 3  # a class with fewer training clips is named
IMBALANCE = 4.0  # largest class over smallest at which the imbalance is named
STUCK_EVALS = 3  # evaluations in a row at chance before "stuck at chance" is said
CHANCE_MARGIN = 0.05  # accuracy within this of chance is chance (a few lucky guesses)
SHOWN = 5  # classes named in a note


@torch.no_grad()
def predict_classes(model: nn.Module, utts: Sequence[Utterance]) -> list[int]:
    """The class index ``model`` (wave (B, S) -> logits (B, C)) picks for each utterance, in
    eval mode (its mode is restored after)."""
    was_training = model.training
    model.eval()
    dataset = AudioDataset(list(utts))
    device = module_device(model)  # the model may be on a GPU (training's dev eval)
    predicted: list[int] = []
    try:
        for start in range(0, len(utts), EVAL_BATCH):
            items = [dataset[i] for i in range(start, min(len(utts), start + EVAL_BATCH))]
            batch = collate_audio(items).to(device)
            predicted += model(batch.wave, batch.wave_lengths).argmax(dim=-1).tolist()
    finally:
        model.train(was_training)
    return predicted


def class_size_notes(sizes: Counter[str], where: str) -> list[str]:
    """Classes with very few examples, and a large imbalance, in the training data ``where``."""
    notes = []
    few = sorted(c for c, n in sizes.items() if n < FEW_EXAMPLES)
    if few:
        shown = ", ".join(f"{c!r} ({sizes[c]})" for c in few[:SHOWN])
        notes.append(f"{where}: {len(few)} class(es) with fewer than {FEW_EXAMPLES} examples "
                     f"({shown}): the model can hardly learn them")  # fmt: skip
    (top, most), (low, least) = sizes.most_common(1)[0], sizes.most_common()[-1]
    if most >= IMBALANCE * least:
        notes.append(f"{where}: classes are imbalanced ({top!r}: {most} examples, {low!r}: "
                     f"{least}): the model leans to the larger ones")  # fmt: skip
    return notes


def dev_class_notes(classes: Sequence[str], dev_labels: Sequence[str], where: str) -> list[str]:
    """Dev utterances of classes the training lacks (counted wrong), and training classes with
    no dev utterance (never scored); ``where``: the dev manifest."""
    notes = []
    unseen = Counter(c for c in dev_labels if c not in classes)
    if unseen:
        shown = ", ".join(f"{c!r} ({n})" for c, n in unseen.most_common(SHOWN))
        notes.append(
            f"{where}: {sum(unseen.values())} dev utterance(s) of classes the training data "
            f"lacks ({shown}): the model cannot say them, so they count as wrong"
        )
    absent = [c for c in classes if c not in set(dev_labels)]
    if absent:
        more = ", ..." if len(absent) > SHOWN else ""
        shown = ", ".join(repr(c) for c in absent[:SHOWN]) + more
        notes.append(
            f"{where}: {len(absent)} of {len(classes)} classes have no dev utterance ({shown}): "
            "the dev accuracy says nothing of them"
        )
    return notes


def rate_notes(train: Sequence[Utterance], dev: Sequence[Utterance] | None) -> list[str]:
    """Audio below 16 kHz, unreadable headers among those sampled, and dev audio recorded at
    rates the training audio has none of (``dev`` None: the training utterances score)."""
    rates, notes = sample_rates(train)
    if note := low_rate_note(rates):
        notes.append(note)
    if dev is None:
        return notes
    dev_rates, problems = sample_rates(dev)
    other = sorted(set(dev_rates) - set(rates))
    if other:
        hz = ", ".join(f"{r} Hz" for r in other)
        notes.append(
            f"sample-rate mismatch: dev audio is recorded at {hz}, the training audio at "
            f"{', '.join(f'{r} Hz' for r in sorted(rates))}: the dev accuracy measures the other "
            "recording chain as much as the model"
        )
    return notes + problems


class ClassifyWatchdog:
    """The loop's ``eval_fn``: dev accuracy, with the diagnoses of the module doc."""

    def __init__(
        self, dev: Sequence[Utterance], labels: Sequence[str], classes: Sequence[str], out_dir: Path
    ) -> None:
        self.dev, self.classes, self.out_dir = list(dev), list(classes), out_dir
        index = {c: i for i, c in enumerate(classes)}
        self.targets = [index.get(label, -1) for label in labels]  # -1: a class never predicted
        most = Counter(labels).most_common(1)[0][1] if labels else 0
        # what always answering the commonest dev class scores, and never less than a guess
        self.chance = max(most / max(len(labels), 1), 1 / max(len(classes), 1))
        self.diagnoses = DiagnosisLog(out_dir, log)
        self.stuck = 0

    def start(self, resumed_at: int | None) -> None:
        """Before the first step: a new run starts ``diagnostics.jsonl`` afresh; a resumed one
        cuts it back to its checkpoint's step and counts on the evaluations at chance."""
        self.diagnoses.start(resumed_at)
        if resumed_at is None or not (self.out_dir / EVAL_CSV).is_file():
            return
        for row in CsvLog.read(self.out_dir / EVAL_CSV):
            accuracy = row.get("accuracy", "")
            if int(float(row["step"])) <= resumed_at and accuracy not in ("", "nan"):
                self.stuck = self.stuck + 1 if self.at_chance(float(accuracy)) else 0

    def note(self, message: str, step: int = 0) -> None:
        self.diagnoses.note(message, step)

    def at_chance(self, accuracy: float) -> bool:
        return accuracy <= self.chance + CHANCE_MARGIN

    def __call__(self, model: nn.Module) -> dict[str, float]:
        step = int(getattr(unwrap(model), "step", 0))
        predicted = predict_classes(model, self.dev)
        correct = sum(p == t for p, t in zip(predicted, self.targets, strict=True))
        accuracy = correct / max(len(self.dev), 1)
        if len(set(predicted)) == 1 and len(set(self.targets)) > 1:
            self.note(
                f"every dev utterance is predicted as {self.classes[predicted[0]]!r}: the head "
                "answers one class whatever it hears. Normal for the first updates; if it "
                "persists, raise the learning rate, shorten freeze_encoder_steps, or balance "
                "the classes",
                step,
            )
        self.stuck = self.stuck + 1 if self.at_chance(accuracy) else 0
        if self.stuck == STUCK_EVALS:
            self.note(
                f"dev accuracy has been at chance ({accuracy:.0%}; {self.chance:.0%} by always "
                f"answering the commonest class) for {STUCK_EVALS} evaluations. Check the "
                "learning rate and warmup, that the encoder is not frozen for the whole run, "
                "that the labels match the audio, and the other diagnoses above",
                step,
            )
        return {"accuracy": accuracy}
