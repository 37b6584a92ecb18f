"""The TTS trainer's data: paired utterances (text checked against the audio), their batches,
speaker ids and the pitch/energy statistics the acoustic model normalizes with
(:mod:`yuyin.train.tts` trains on them)."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np
import torch
from torch import nn
from torch.utils.data import Dataset

from yuyin.audio import SAMPLE_RATE, speech_span
from yuyin.config import ConfigError
from yuyin.data.dataset import HEADER_THREADS, check_audio, check_decoded, load_utterance
from yuyin.data.manifest import Utterance, read_manifest
from yuyin.features import log_mel, num_frames
from yuyin.models.tts import TTSConfig, frame_energy
from yuyin.pitch import extract_pitch
from yuyin.text.phonemize import phonemize, symbol_ids
from yuyin.train.checkpoint import derive_seed

if TYPE_CHECKING:
    from yuyin.train.tts import TrainStage

log = logging.getLogger("yuyin.tts")


@dataclass(frozen=True)
class TTSItem:
    """One paired utterance, ready to batch."""

    index: int
    id: str
    symbols: torch.Tensor  # (U,) long
    mel: torch.Tensor  # (T, M) log-mel
    f0: torch.Tensor  # (T,) Hz, 0 when unvoiced
    speaker: int


@dataclass(frozen=True)
class TTSBatch:
    """Paired utterances padded into tensors (symbol id 0 and zeros after each length)."""

    ids: list[str]
    symbols: torch.Tensor  # (B, U)
    symbol_lengths: torch.Tensor  # (B,)
    mel: torch.Tensor  # (B, T, M)
    mel_lengths: torch.Tensor  # (B,)
    f0: torch.Tensor  # (B, T)
    speakers: torch.Tensor  # (B,)


def collate_tts(items: Sequence[TTSItem]) -> TTSBatch:
    """Pad :class:`TTSItem` s into a :class:`TTSBatch`."""
    pad = nn.utils.rnn.pad_sequence
    return TTSBatch(
        ids=[item.id for item in items],
        symbols=pad([item.symbols for item in items], batch_first=True),
        symbol_lengths=torch.tensor([len(item.symbols) for item in items]),
        mel=pad([item.mel for item in items], batch_first=True),
        mel_lengths=torch.tensor([len(item.mel) for item in items]),
        f0=pad([item.f0 for item in items], batch_first=True),
        speakers=torch.tensor([item.speaker for item in items]),
    )


class PairedDataset(Dataset[TTSItem]):
    """Utterances with their symbol ids; ``dataset[i]`` loads audio, log-mel and F0 (cached)."""

    def __init__(
        self, utterances: Sequence[Utterance], symbols: Sequence[list[int]], speakers: list[int]
    ) -> None:
        self.utterances, self.symbols, self.speakers = list(utterances), symbols, speakers
        self._f0: dict[int, torch.Tensor] = {}  # per worker process; F0 is ~10 ms/s of audio

    def __len__(self) -> int:
        return len(self.utterances)

    @property
    def durations(self) -> list[float]:
        return [u.duration for u in self.utterances]

    def __getitem__(self, index: int) -> TTSItem:
        utt = self.utterances[index]
        wave = load_utterance(utt)  # (S,)
        mel = log_mel(wave)  # (T, M)
        if index not in self._f0:
            self._f0[index] = torch.from_numpy(extract_pitch(wave).f0)
        f0 = self._f0[index][: len(mel)]
        symbols = torch.tensor(self.symbols[index], dtype=torch.long)
        return TTSItem(index, utt.id, symbols, mel, f0, self.speakers[index])


def paired_utterances(
    path: str | os.PathLike | Sequence[str | os.PathLike], stage: TrainStage, config: TTSConfig
) -> tuple[list[Utterance], list[list[int]]]:
    """Utterances of one or more paired manifests that can be trained on, with their symbol ids.

    Their audio is checked first (:func:`~yuyin.data.dataset.check_decoded`: missing,
    unreadable, wrong durations, WAVs cut short, silent: a transcript over silence teaches the
    voice to say nothing; a voice's minutes decode in seconds), then their edge silence is cut
    (:func:`trim_edges`, ``stage.trim_db``), found in the same decode. Skipped, with one warning
    giving the counts: outside the duration limits, no pronounceable word, more symbols than mel
    frames.
    """
    if isinstance(path, (str, os.PathLike)):
        path = [path]
    paths = [str(p) for p in path]
    every = [utt for p in paths for utt in read_manifest(p)]
    if stage.trim_db > 0:
        spans = check_decoded(every, ", ".join(paths), _span_of(stage.trim_db, stage.trim_margin))
        every = trim_edges(every, stage.trim_db, stage.trim_margin, ", ".join(paths), spans)
    else:
        check_audio(every, ", ".join(paths), decode=True)
    kept, ids = [], []
    skipped = {"duration": 0, "no words": 0, "too many symbols": 0}
    for utt in every:
        if not stage.min_seconds <= utt.duration <= stage.max_seconds:
            skipped["duration"] += 1
            continue
        symbols = phonemize(utt.text or "")
        if not symbols:
            skipped["no words"] += 1
            continue
        if len(symbols) > num_frames(round(utt.duration * SAMPLE_RATE)):
            skipped["too many symbols"] += 1
            continue
        kept.append(utt)
        ids.append(symbol_ids(symbols, config.symbols))
    if any(skipped.values()):
        counts = ", ".join(f"{n} {why}" for why, n in skipped.items() if n)
        limits = f"{stage.min_seconds}-{stage.max_seconds} s"
        log.warning("%s: skipped %s (duration limits %s)", ", ".join(paths), counts, limits)
    if not kept:
        raise ConfigError(
            f"{', '.join(paths)}: no utterance with text to train the acoustic model on"
        )
    return kept, ids


def _span_of(top_db: float, margin: float) -> Callable[[np.ndarray], tuple[int, int]]:
    """The :func:`~yuyin.audio.speech_span` of a decoded wave (S,) under these settings."""
    return lambda wave: speech_span(wave, top_db, margin)


def trim_edges(
    utts: Sequence[Utterance],
    top_db: float,
    margin: float,
    what: str,
    spans: Sequence[tuple[int, int]] | None = None,
) -> list[Utterance]:
    """Each utterance as the segment of its audio without edge silence
    (:func:`~yuyin.audio.speech_span`: ``top_db`` under its loudest 10 ms, ``margin`` seconds
    kept), so that the acoustic model learns to start speaking at once, not the pauses of one's
    recordings (a second of silence before every clip becomes a second before every sentence it
    says). ``spans``: each utterance's span, found already (by the decode that checked it); else
    each is decoded here. Names in one line how much was cut when it is over 0.2 s a clip on
    average or 1 s in one clip (``what``: the manifests), else logs it as information."""
    if spans is None:
        with ThreadPoolExecutor(max_workers=HEADER_THREADS) as pool:
            span = _span_of(top_db, margin)
            spans = list(pool.map(lambda utt: span(load_utterance(utt)), utts))
    out = [
        replace(
            utt,
            start=utt.start + first / SAMPLE_RATE,
            end=utt.start + last / SAMPLE_RATE,
            duration=(last - first) / SAMPLE_RATE,
        )
        for utt, (first, last) in zip(utts, spans, strict=True)
    ]
    cut = [max(0.0, u.duration - t.duration) for u, t in zip(utts, out, strict=True)]
    if not any(c > 0.005 for c in cut):
        return out  # nothing to say: no clip had silence to cut
    said = (
        f"{what}: cut {sum(cut):.1f} s of edge silence from {sum(c > 0.005 for c in cut)} of "
        f"{len(cut)} clips (up to {max(cut):.2f} s from one; quieter than "
        f"{top_db:g} dB under each clip's loudest, {margin:g} s kept; train.trim_db=0 keeps it)"
    )
    loud = sum(cut) / len(cut) > 0.2 or max(cut) > 1.0
    (log.warning if loud else log.info)(said)
    return out


def speaker_ids(
    utts: Sequence[Utterance], config: TTSConfig, known: Sequence[str] = ()
) -> tuple[list[int], list[str]]:
    """Speaker id per utterance and the speaker names (one speaker: all 0): ``known`` (the
    speakers of a model trained further, their ids kept) then the data's other names, sorted."""
    new = sorted({u.speaker or "" for u in utts} - set(known))
    names = [*known, *new] if config.n_speakers > 1 else sorted({u.speaker or "" for u in utts})
    if config.n_speakers == 1:
        if len(names) > 1:
            log.warning(
                "%d speakers in the data, model.n_speakers is 1: they are learned as one voice "
                "(--set model.n_speakers=%d gives each its own)",
                len(names),
                len(names),
            )
        return [0] * len(utts), names[:1]
    if len(names) > config.n_speakers and known:
        raise ConfigError(
            f"the model to start from knows {len(known)} speakers ({', '.join(known)}) and the "
            f"data has {len(new)} more ({', '.join(new)}): more than its model.n_speakers="
            f"{config.n_speakers}, a table that cannot grow. Give the data's speakers the names "
            "of the model's to adapt those voices, or train a model with more speakers"
        )
    if len(names) > config.n_speakers:
        raise ConfigError(
            f"{len(names)} speakers in the data, more than model.n_speakers={config.n_speakers}"
        )
    index = {name: i for i, name in enumerate(names)}
    return [index[u.speaker or ""] for u in utts], names


def sample_utterances(utts: Sequence[Utterance], count: int) -> list[Utterance]:
    """A fixed subset: the first ``count`` utterances after shuffling by id hash."""
    return sorted(utts, key=lambda u: derive_seed("stats", u.id))[:count]


def _moments(x: torch.Tensor) -> torch.Tensor:
    """Count, sum and sum of squares over the first axis: (N, ...) -> (3, ...) float64."""
    x = x.double()
    return torch.stack([torch.full_like(x[0], len(x)), x.sum(0), x.square().sum(0)])


def _mean_std(moments: torch.Tensor) -> torch.Tensor:
    """(3, ...) moments -> (2, ...) mean and standard deviation (floored at 1e-3)."""
    count = moments[0].clamp(min=1.0)
    mean = moments[1] / count
    std = (moments[2] / count - mean.square()).clamp(min=1e-6).sqrt()
    return torch.stack([mean, std]).float()


def feature_statistics(utts: Sequence[Utterance], with_pitch: bool) -> dict[str, torch.Tensor]:
    """Mean and std (2, ...) of log-mel per bin (``mel``); with ``with_pitch`` also of the
    log-F0 of voiced frames (``pitch``) and of :func:`frame_energy` (``energy``)."""
    moments: dict[str, torch.Tensor] = {}

    def add(name: str, values: torch.Tensor) -> None:
        if len(values):
            new = _moments(values)
            moments[name] = moments[name] + new if name in moments else new

    for utt in utts:
        wave = load_utterance(utt)
        mel = log_mel(wave)  # (T, M)
        add("mel", mel)
        if with_pitch:
            add("energy", frame_energy(mel[None])[0])
            f0 = torch.from_numpy(extract_pitch(wave).f0)
            add("pitch", torch.log(f0[f0 > 0]))
    if with_pitch and "pitch" not in moments:
        raise ConfigError("no voiced frame found in the training audio: is it speech?")
    return {name: _mean_std(m) for name, m in moments.items()}
