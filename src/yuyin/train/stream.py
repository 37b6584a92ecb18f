"""The loop's data side: batches across epochs with a known position, items seeded by key."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

import torch
from torch.utils.data import DataLoader, Dataset, default_collate

from yuyin.audio import AudioError
from yuyin.data.manifest import ManifestError
from yuyin.train.checkpoint import derive_seed, seed_everything
from yuyin.train.distributed import move_to_device

ITEM_SEEDS = "item"  # the seed stream of dataset items (the loop's steps use another)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SkippedItem:
    """An item whose audio could not be decoded (:class:`~yuyin.audio.AudioError`): what
    :class:`SeededItems` hands the collate instead, which leaves it out of the batch."""

    problem: str


@dataclass(frozen=True)
class SkippedBatch:
    """A batch whose every item was skipped: :meth:`BatchStream.next` raises
    :class:`~yuyin.data.manifest.ManifestError` (skipping it could leave DDP ranks out of step)."""

    problems: tuple[str, ...]


class SkippingCollate:
    """The task's collate over the items that loaded; the skipped ones are logged and left out.

    A file whose header looked fine (the run checked every header first) can still fail to decode
    or hold NaN samples; one such file should not end a run of hours. The same file fails the same
    way every epoch and after a resume, so the batches stay reproducible.
    """

    def __init__(self, collate_fn: Callable[[list[Any]], Any] | None) -> None:
        self.collate_fn = collate_fn or default_collate

    def __call__(self, items: list[Any]) -> Any:
        skipped = [item.problem for item in items if isinstance(item, SkippedItem)]
        for problem in skipped:
            log.warning("skipped an utterance: %s", problem)
        if len(skipped) == len(items):
            return SkippedBatch(tuple(skipped))
        return self.collate_fn([item for item in items if not isinstance(item, SkippedItem)])


class BatchSampler(Protocol):
    """What the loop needs of a batch sampler (see ``yuyin.data.batching.DurationBatchSampler``)."""

    def __iter__(self) -> Iterator[list[int]]: ...
    def __len__(self) -> int: ...
    def set_epoch(self, epoch: int) -> None: ...
    def state_dict(self, *, batches_done: int) -> dict[str, Any]: ...
    def load_state_dict(self, state: dict[str, Any]) -> None: ...


class SeededItems(Dataset):
    """``dataset[index]`` fetched with every RNG seeded from ``(seed, epoch, index)``.

    Its keys are the ``(epoch, index)`` pairs that :class:`BatchStream` puts in batches.
    """

    def __init__(self, dataset: Any, seed: int) -> None:
        self.dataset, self.seed = dataset, seed

    def __len__(self) -> int:
        return len(self.dataset)

    def __getitem__(self, key: tuple[int, int]) -> Any:
        epoch, index = key
        if getattr(self.dataset, "epoch", epoch) != epoch:  # datasets that seed from their epoch
            self.dataset.set_epoch(epoch)
        seed_everything(derive_seed(ITEM_SEEDS, self.seed, epoch, index))
        try:
            return self.dataset[index]
        except AudioError as exc:  # a picklable stand-in: DataLoader workers wrap exceptions
            return SkippedItem(str(exc))


class BatchStream:
    """Batches on ``device`` across epochs, knowing its position (epoch, batches done) to resume.

    It is the DataLoader's batch sampler too: the task sampler's index lists, tagged with the epoch.
    """

    def __init__(
        self,
        dataset: Any,
        sampler: BatchSampler,
        collate_fn: Callable[[list[Any]], Any] | None,
        num_workers: int,
        seed: int,
        device: torch.device,
    ) -> None:
        self.sampler, self.device = sampler, device
        self.epoch, self.batches_done = 0, 0
        self.loader = DataLoader(
            SeededItems(dataset, seed),
            batch_sampler=self,
            collate_fn=SkippingCollate(collate_fn),
            num_workers=num_workers,
            pin_memory=device.type == "cuda",
            persistent_workers=num_workers > 0,
        )
        self._batches: Iterator | None = None

    def __iter__(self) -> Iterator[list[tuple[int, int]]]:
        epoch = self.epoch
        for batch in self.sampler:
            yield [(epoch, int(i)) for i in batch]

    def __len__(self) -> int:
        return len(self.sampler)

    def next(self) -> Any:
        while True:
            if self._batches is None:
                self._batches = iter(self.loader)
            try:
                batch = next(self._batches)
            except StopIteration:
                # a resume at an epoch's very end starts with batches_done == len(sampler)
                if self.batches_done == 0:
                    from yuyin.config import ConfigError

                    raise ConfigError(
                        f"no batch in epoch {self.epoch}: every utterance was dropped by the "
                        "batching (is max_batch_seconds below every utterance's length?)"
                    ) from None
                self.epoch, self.batches_done, self._batches = self.epoch + 1, 0, None
                self.sampler.set_epoch(self.epoch)
                continue
            if isinstance(batch, SkippedBatch):
                listed = "\n  ".join(batch.problems)
                raise ManifestError(f"no utterance of a batch could be loaded:\n  {listed}")
            self.batches_done += 1
            return move_to_device(batch, self.device)
