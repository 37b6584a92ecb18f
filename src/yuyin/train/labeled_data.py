"""The labeled utterances a fine-tuning run reads: one manifest or several, transcripts
normalized as WER is scored, utterances outside the duration limits dropped (and said), their
audio checked before any compute is spent."""

from __future__ import annotations

import dataclasses
import logging
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from yuyin.audio import SAMPLE_RATE, AudioError, audio_info
from yuyin.config import ConfigError, check_ranges
from yuyin.data.dataset import check_audio
from yuyin.data.manifest import Utterance, read_manifest
from yuyin.text.normalize import normalize_for_scoring

log = logging.getLogger("yuyin.finetune")

RATE_SAMPLE = 200  # headers read to tell the sample rates of a run's audio: a sample is enough


@dataclass
class FinetuneData:
    """Which labeled utterances are used and how they are batched."""

    max_batch_seconds: float = 60.0
    max_seconds: float = 20.0  # longer utterances are dropped (reported)
    min_seconds: float = 0.3
    augment: bool = True  # speed / noise / gain perturbation per `augment` settings

    def __post_init__(self) -> None:
        check_ranges(
            self, max_batch_seconds=(1.0, None), max_seconds=(0.1, None), min_seconds=(0, None)
        )


Manifests = str | os.PathLike | Sequence[str | os.PathLike]  # one manifest or several


def manifest_paths(manifests: Manifests) -> list[str]:
    """One manifest or several as a list of path strings (the run's record of its data)."""
    if isinstance(manifests, (str, os.PathLike)):
        return [os.fspath(manifests)]
    paths = [os.fspath(m) for m in manifests]
    if not paths:
        raise ConfigError("no training manifest given")
    return paths


def labeled_many(manifests: Manifests, data: FinetuneData, decode: bool = False) -> list[Utterance]:
    """:func:`labeled` over one manifest or several, concatenated in the order given."""
    return [u for path in manifest_paths(manifests) for u in labeled(path, data, decode)]


def labeled(
    path: str | os.PathLike, data: FinetuneData, decode: bool = False, use: str = "fine-tune on"
) -> list[Utterance]:
    """Labeled utterances within the duration limits, transcripts normalized once here (the
    text WER is scored on, and what the tokenizer sees); dropped ones are reported. Their audio
    is checked from the headers, with ``decode`` also decoded (one pass reads each file once:
    :func:`~yuyin.data.dataset.check_audio`). ``use``: what the utterances are for, as the
    error for a manifest with none says it ("score" for a dev set)."""
    utts = read_manifest(path)
    normalized = [dataclasses.replace(u, text=normalize_for_scoring(u.text or "")) for u in utts]
    wordless = sum(1 for u in normalized if not u.text)
    short = sum(1 for u in normalized if u.text and u.duration < data.min_seconds)
    long = sum(1 for u in normalized if u.text and u.duration > data.max_seconds)
    kept = [u for u in normalized if u.text and data.min_seconds <= u.duration <= data.max_seconds]
    # headers first: durations in the wrong unit are named, not met with "set it higher" below
    check_audio([u for u in normalized if u.text], str(path), decode=decode)
    for count, why in (
        (wordless, "no words left in the transcript after normalization (or none at all)"),
        (short, f"shorter than data.min_seconds={data.min_seconds:g} s (--set it lower)"),
        (long, f"longer than data.max_seconds={data.max_seconds:g} s (--set it higher)"),
    ):
        if count:
            log.warning("%s: %d of %d utterances dropped: %s", path, count, len(utts), why)
    if not kept:
        raise ConfigError(f"{path}: no labeled utterance to {use}")
    return kept


def manifest_record(manifests: Manifests) -> str | list[str]:
    """What a run's meta says it trained on: the absolute path, or the list of them (so that a
    ``--resume`` from another folder finds them)."""
    paths = [os.path.abspath(p) for p in manifest_paths(manifests)]
    return paths[0] if len(paths) == 1 else paths


def sample_rates(utts: Sequence[Utterance]) -> tuple[Counter[int], list[str]]:
    """The sample rates of up to :data:`RATE_SAMPLE` of ``utts``' files, spread over them, with
    how many files have each, and the problems of headers that could not be read."""
    rates: Counter[int] = Counter()
    problems = []
    for u in utts[:: max(1, len(utts) // RATE_SAMPLE)]:
        try:
            rates[audio_info(u.audio).sample_rate] += 1
        except AudioError as exc:
            problems.append(str(exc))
    return rates, problems


def low_rate_note(rates: Counter[int]) -> str | None:
    """What audio recorded below 16 kHz means for a model trained on it (None: there is none)."""
    low = {sr: n for sr, n in rates.items() if sr < SAMPLE_RATE}
    if not low:
        return None
    return (
        f"audio recorded below {SAMPLE_RATE} Hz ({low}): it is upsampled, so the model sees no "
        "energy above half that rate; test audio must be treated the same way"
    )
