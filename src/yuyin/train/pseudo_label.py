"""Pseudo-labels for self-training: a fine-tuned recognizer transcribes unlabeled audio, the
transcripts it is surest of become training labels.

Self-training is the other way (besides pretraining) to use unlabeled speech: fine-tune on the few
labels, transcribe the unlabeled audio with the model (and an LM), keep the confident
transcripts, fine-tune again on labels + pseudo-labels (Kahn et al. 2020; Xu et al. 2021 showed it
adds to wav2vec 2.0 pretraining at 10 minutes of labels). No human transcript is involved: the
labels come from the model.

Confidence is the geometric mean posterior of the frames where the greedy path emits a token
(blank frames are confident almost everywhere and would hide the doubt), a number in (0, 1].
Transcripts that are empty, or hold more characters per second than speech can
(:attr:`PseudoLabelOptions.max_chars_per_second`), are dropped before ranking; then the
``keep`` most confident share is kept (and only those at ``min_confidence`` or above).

    >>> from yuyin.transcribe import Recognizer
    >>> from yuyin.data.manifest import read_manifest
    >>> rec = Recognizer.load("runs/ft/model")
    >>> labels = pseudo_label(rec.model, rec.tokenizer, read_manifest("unlab.jsonl"),
    ...                       rec.batch_decoder(), condition=True)
    >>> write_pseudo_labels("pseudo.jsonl", labels)
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import torch
from torch import nn

from yuyin.audio import AudioError
from yuyin.data.manifest import Utterance, write_manifest
from yuyin.decode.ctc import Result, greedy_decode_batch
from yuyin.eval.asr import EVAL_BATCH_SECONDS, forward_batches

__all__ = [
    "PseudoLabel",
    "PseudoLabelOptions",
    "emission_confidence",
    "pseudo_label",
    "select_pseudo_labels",
    "write_pseudo_labels",
]

Decoder = Callable[[torch.Tensor, torch.Tensor], list[Result]]


@dataclass(frozen=True)
class PseudoLabelOptions:
    """Which transcripts become labels."""

    keep: float = 0.6  # share of the usable transcripts kept, most confident first
    min_confidence: float = 0.0  # and each at least this confident
    max_chars_per_second: float = 30.0  # faster "speech" is a runaway output
    min_chars: int = 2  # shorter transcripts say too little to train on

    def __post_init__(self) -> None:
        if not 0.0 < self.keep <= 1.0:
            raise ValueError(f"keep must be in (0, 1], got {self.keep}")
        if not 0.0 <= self.min_confidence <= 1.0:
            raise ValueError(f"min_confidence must be in [0, 1], got {self.min_confidence}")
        if self.max_chars_per_second <= 0 or self.min_chars < 1:
            raise ValueError("max_chars_per_second must be > 0 and min_chars >= 1")


@dataclass(frozen=True)
class PseudoLabel:
    """An unlabeled utterance with the recognizer's transcript as its text."""

    utterance: Utterance
    confidence: float


def emission_confidence(log_probs: torch.Tensor, length: int, blank: int) -> float:
    """Geometric mean posterior of the frames whose best token is not blank; 0.0 when every
    frame is blank. ``log_probs``: (T, V)."""
    best, ids = log_probs[:length].float().max(dim=-1)  # (T,), (T,)
    emitting = ids != blank
    if not bool(emitting.any()):
        return 0.0
    return math.exp(float(best[emitting].mean()))


@torch.no_grad()
def pseudo_label(
    model: nn.Module,
    tokenizer,
    utterances: Sequence[Utterance],
    decoder: Decoder | None = None,
    options: PseudoLabelOptions | None = None,
    batch_seconds: float = EVAL_BATCH_SECONDS,
    on_error: Callable[[Utterance, AudioError], None] | None = None,
    condition: bool = False,
) -> list[PseudoLabel]:
    """Transcribe ``utterances`` (greedy, or ``decoder``: e.g. ``Recognizer.batch_decoder``
    with an LM) and keep the confident transcripts (:func:`select_pseudo_labels`).

    ``model(wave, wave_lengths)`` returns ``log_probs (B, T, V)`` and ``lengths (B,)``, like a
    :class:`~yuyin.models.asr.ASRModel`. An unreadable audio file raises its
    :class:`~yuyin.audio.AudioError`, or with ``on_error`` is passed to it and skipped. Returns
    the kept labels, most confident first. ``condition``: hear each utterance as ``yuyin
    transcribe`` does (:func:`~yuyin.eval.asr.forward_batches`); the labels keep the audio as
    it is.
    """
    decode = decoder or (lambda lp, lens: greedy_decode_batch(lp, lens, tokenizer))
    skip = None if on_error is None else (lambda i, exc: on_error(utterances[i], exc))
    found: list[PseudoLabel] = []
    for batch_ids, log_probs, lengths, *_ in forward_batches(
        model, utterances, batch_seconds, skip, condition
    ):
        results = decode(log_probs, lengths)
        for i, lp, n, result in zip(batch_ids, log_probs, lengths, results, strict=True):
            conf = emission_confidence(lp, int(n), tokenizer.blank_id)
            found.append(PseudoLabel(replace(utterances[i], text=result.text), conf))
    return select_pseudo_labels(found, options)


def select_pseudo_labels(
    labels: Sequence[PseudoLabel], options: PseudoLabelOptions | None = None
) -> list[PseudoLabel]:
    """Drop unusable transcripts, then keep the most confident ``options.keep`` share of the
    rest that reach ``options.min_confidence``; most confident first (ties: manifest order)."""
    options = options or PseudoLabelOptions()

    def usable(label: PseudoLabel) -> bool:
        text = (label.utterance.text or "").strip()
        seconds = max(label.utterance.duration, 1e-3)
        return (
            len(text) >= options.min_chars and len(text) / seconds <= options.max_chars_per_second
        )

    # sorted() is stable: equal confidences keep their manifest order
    ranked = sorted((x for x in labels if usable(x)), key=lambda x: -x.confidence)
    kept = ranked[: math.ceil(options.keep * len(ranked))]
    return [x for x in kept if x.confidence >= options.min_confidence]


def write_pseudo_labels(path: str | os.PathLike, labels: Sequence[PseudoLabel]) -> Path:
    """A manifest of the labels (each line also holds its ``confidence`` and ``pseudo: true``,
    which manifest readers ignore), written whole or not at all."""
    extras = [{"confidence": round(x.confidence, 4), "pseudo": True} for x in labels]
    return write_manifest(path, [x.utterance for x in labels], extras)
