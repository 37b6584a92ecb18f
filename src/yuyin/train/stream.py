"""The loop's data side: batches across epochs with a known position, items seeded by key."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Protocol

import torch
from torch.utils.data import DataLoader, Dataset

from yuyin.train.checkpoint import derive_seed, seed_everything
from yuyin.train.distributed import move_to_device

ITEM_SEEDS = "item"  # the seed stream of dataset items (the loop's steps use another)


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
        return self.dataset[index]


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
            collate_fn=collate_fn,
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
                    raise RuntimeError(f"no batch in epoch {self.epoch} from the sampler") from None
                self.epoch, self.batches_done, self._batches = self.epoch + 1, 0, None
                self.sampler.set_epoch(self.epoch)
                continue
            self.batches_done += 1
            return move_to_device(batch, self.device)
