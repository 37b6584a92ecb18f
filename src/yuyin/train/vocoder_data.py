"""The vocoder trainer's data: audio cut into random fixed-length segments
(:mod:`yuyin.train.vocoder` trains on them, after checking every file's header)."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np
import torch
from torch.utils.data import Dataset

from yuyin.audio import AudioError
from yuyin.data.dataset import item_generator, load_utterance
from yuyin.data.manifest import Utterance

log = logging.getLogger("yuyin.vocoder")


class SegmentDataset(Dataset):
    """``dataset[i]``: a random segment (S,) of utterance ``i // segments_per_utterance``.

    The window comes from :func:`~yuyin.data.dataset.item_generator` of ``(seed, epoch, i)``;
    an utterance shorter than the segment is zero-padded at its end. A file that fails to load
    here (corrupt past its header) is reported once and replaced by the next utterance.
    """

    def __init__(
        self,
        utterances: Sequence[Utterance],
        segment_samples: int,
        seed: int = 0,
        segments_per_utterance: int = 1,
    ) -> None:
        if not utterances:
            raise ValueError("no utterances to cut segments from")
        self.utterances = list(utterances)
        self.segment_samples, self.seed = segment_samples, seed
        self.repeats = segments_per_utterance
        self.failed: set[str] = set()
        self._epoch = torch.zeros((), dtype=torch.int64).share_memory_()  # reaches workers

    def __len__(self) -> int:
        return len(self.utterances) * self.repeats

    @property
    def epoch(self) -> int:
        return int(self._epoch)

    def set_epoch(self, epoch: int) -> None:
        self._epoch.fill_(epoch)

    def _load(self, position: int) -> np.ndarray:
        for step in range(len(self.utterances)):
            utt = self.utterances[(position + step) % len(self.utterances)]
            try:
                return load_utterance(utt)
            except AudioError as exc:
                if utt.audio not in self.failed:
                    self.failed.add(utt.audio)
                    log.warning("skipped unreadable audio: %s", exc)
        raise AudioError(None, "no utterance of the training data could be read")

    def __getitem__(self, index: int) -> torch.Tensor:
        wave = self._load(index // self.repeats)  # (S_utt,)
        generator = item_generator(self.seed, self.epoch, index)
        size = self.segment_samples
        segment = torch.zeros(size)  # (S,)
        if wave.size > size:
            offset = int(torch.randint(wave.size - size + 1, (1,), generator=generator))
            segment[:] = torch.from_numpy(wave[offset : offset + size])
        else:
            segment[: wave.size] = torch.from_numpy(wave)
        return segment


def collate_segments(items: Sequence[torch.Tensor]) -> torch.Tensor:
    """Equal-length segments stacked: (B, S)."""
    return torch.stack(list(items))
