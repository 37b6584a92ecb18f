"""Duration-bucketed batching: batches chosen by seconds of padded audio, not by count.

A batch costs what its padded tensor costs: ``longest duration x batch size``. :func:`plan_batches`
fills batches up to ``max_seconds`` of that padded cost. To keep padding small it shuffles the
utterances, cuts them into large random *pools*, sorts each pool by duration and cuts the sorted
pool into batches (so a batch holds neighbours in length); then it shuffles the batch order.
Everything random comes from ``(seed, epoch)``, so the plan is a pure function of its arguments.

:class:`DurationBatchSampler` wraps the plan for a ``DataLoader(batch_sampler=...)``: it splits the
batches across DDP ranks and can resume in the middle of an epoch.

Choices (documented here once):

* An utterance longer than ``max_seconds`` on its own is **dropped with a warning**: the budget is a
  memory budget, and one batch over it is the batch that runs out of memory. Filter or segment the
  manifest to keep such audio.
* With ``num_replicas`` ranks, batch ``i`` of the shuffled plan goes to rank ``i % num_replicas``.
  When the batch count does not divide evenly, the plan is **padded by repeating its first batches**
  (``drop_last=False``, the default, like ``DistributedSampler``) or its last batches are
  **dropped** (``drop_last=True``). Either way every rank gets the same number of batches, which DDP
  needs (a rank with one batch fewer would hang the others in all-reduce).

Resume protocol (see :meth:`DurationBatchSampler.state_dict`): the training loop counts the batches
it has *consumed* this epoch and passes that count in, ``sampler.state_dict(batches_done=n)``; the
sampler cannot count them itself, because DataLoader workers prefetch batches ahead of the loop.
After ``load_state_dict(state)`` the next ``__iter__`` for ``state["epoch"]`` skips the first
``batches_done`` batches, so the resumed run sees exactly the batches it had not seen.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import torch.distributed as dist
from torch.utils.data import Sampler

# About a hundred batches of a typical size: enough neighbours in length to keep padding at a few
# percent, few enough that which utterances share a batch still changes from epoch to epoch.
DEFAULT_POOL_SIZE = 2048
MAX_LISTED_INDICES = 10  # oversize utterances named in the warning before "..."

__all__ = [
    "DEFAULT_POOL_SIZE",
    "DurationBatchSampler",
    "padded_seconds",
    "plan_batches",
    "shard_batches",
]


def padded_seconds(durations: Sequence[float], batch: Sequence[int]) -> float:
    """Cost of one batch as memory pays it: longest duration x number of utterances."""
    if not batch:
        return 0.0
    return max(durations[i] for i in batch) * len(batch)


def _rng(seed: int, epoch: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence([seed, epoch]))


def _fill_batches(
    order: np.ndarray, durations: np.ndarray, max_seconds: float, max_utterances: int | None
) -> list[list[int]]:
    """Cut indices sorted by ascending duration into batches under the padded-cost budget."""
    batches: list[list[int]] = []
    batch: list[int] = []
    for idx in order.tolist():
        # ascending order: the newcomer is the longest, so it sets the padded length
        cost = durations[idx] * (len(batch) + 1)
        full = max_utterances is not None and len(batch) >= max_utterances
        if batch and (cost > max_seconds or full):
            batches.append(batch)
            batch = []
        batch.append(idx)
    if batch:
        batches.append(batch)
    return batches


def plan_batches(
    durations: Sequence[float],
    max_seconds: float,
    seed: int = 0,
    epoch: int = 0,
    *,
    max_utterances: int | None = None,
    pool_size: int = DEFAULT_POOL_SIZE,
    shuffle: bool = True,
) -> list[list[int]]:
    """Plan one epoch of batches over all ranks; a pure function of its arguments.

    Args:
        durations: seconds of audio per dataset index (N,).
        max_seconds: budget per batch of ``longest x count`` seconds (padded cost).
        seed, epoch: everything random derives from this pair.
        max_utterances: optional cap on utterances per batch.
        pool_size: utterances sorted together; larger pools pad less but vary less per epoch.
        shuffle: False keeps index order for the pools and the batch order (evaluation).

    Returns:
        Batches of dataset indices. Every index appears exactly once, except utterances longer than
        ``max_seconds``, which are left out with a warning.
    """
    if not max_seconds > 0:
        raise ValueError(f"max_seconds must be > 0, got {max_seconds!r}")
    if max_utterances is not None and max_utterances < 1:
        raise ValueError(f"max_utterances must be >= 1, got {max_utterances!r}")
    if pool_size < 1:
        raise ValueError(f"pool_size must be >= 1, got {pool_size!r}")
    dur = np.asarray(durations, dtype=np.float64).reshape(-1)  # (N,)
    if not np.isfinite(dur).all() or (dur < 0).any():
        raise ValueError("durations must be finite and >= 0")
    oversize = np.flatnonzero(dur > max_seconds)
    if oversize.size:
        listed = oversize[:MAX_LISTED_INDICES].tolist()
        more = " ..." if oversize.size > MAX_LISTED_INDICES else ""
        warnings.warn(
            f"{oversize.size} utterance(s) longer than max_seconds={max_seconds} s are dropped "
            f"(longest {dur[oversize].max():.2f} s; indices {listed}{more})",
            stacklevel=2,
        )
    rng = _rng(seed, epoch)
    order = rng.permutation(dur.size) if shuffle else np.arange(dur.size)
    order = order[dur[order] <= max_seconds]
    batches: list[list[int]] = []
    for start in range(0, order.size, pool_size):
        pool = order[start : start + pool_size]
        pool = pool[np.argsort(dur[pool], kind="stable")]  # ties keep the shuffled order
        batches.extend(_fill_batches(pool, dur, max_seconds, max_utterances))
    if shuffle:
        batches = [batches[i] for i in rng.permutation(len(batches))]
    return batches


def shard_batches(
    batches: Sequence[list[int]], num_replicas: int, rank: int, drop_last: bool = False
) -> list[list[int]]:
    """This rank's share of a plan: batches ``rank, rank + R, ...`` after padding or dropping.

    Every rank gets ``ceil(N / R)`` batches (padding repeats the plan's first batches) or, with
    ``drop_last``, ``floor(N / R)`` (the plan's last ``N % R`` batches are dropped).
    """
    if num_replicas < 1 or not 0 <= rank < num_replicas:
        raise ValueError(f"need 0 <= rank < num_replicas, got rank={rank}, R={num_replicas}")
    batches = list(batches)
    if drop_last:
        batches = batches[: len(batches) - len(batches) % num_replicas]
    elif batches and len(batches) % num_replicas:
        missing = num_replicas - len(batches) % num_replicas
        batches += [batches[i % len(batches)] for i in range(missing)]
    return batches[rank::num_replicas]


def _world() -> tuple[int, int]:
    if dist.is_available() and dist.is_initialized():
        return dist.get_world_size(), dist.get_rank()
    return 1, 0


class DurationBatchSampler(Sampler[list[int]]):
    """Batch sampler for ``DataLoader(batch_sampler=...)``: yields lists of dataset indices.

    Batches follow :func:`plan_batches` for ``(seed, epoch)``, sharded across ranks by
    :func:`shard_batches`. ``num_replicas``/``rank`` default to ``torch.distributed`` when it is
    initialized, else one rank.

    ``len(sampler)`` is the number of batches this rank gets in the current epoch (the same on every
    rank), also after a resume; a resumed iteration yields ``len(sampler) - batches_done`` of them.

    Resume: ``state = sampler.state_dict(batches_done=n)`` with ``n`` the batches the loop consumed
    this epoch (the same count on every rank); later ``sampler.load_state_dict(state)`` restores the
    epoch and seed, and the next ``__iter__`` of that epoch starts at batch ``n``. ``set_epoch`` to
    another epoch cancels the pending skip; ``set_epoch`` to the same epoch keeps it.
    """

    def __init__(
        self,
        durations: Sequence[float],
        max_seconds: float,
        *,
        max_utterances: int | None = None,
        seed: int = 0,
        shuffle: bool = True,
        pool_size: int = DEFAULT_POOL_SIZE,
        num_replicas: int | None = None,
        rank: int | None = None,
        drop_last: bool = False,
    ) -> None:
        super().__init__()
        world, world_rank = _world()
        self.num_replicas = world if num_replicas is None else num_replicas
        self.rank = world_rank if rank is None else rank
        if self.num_replicas < 1 or not 0 <= self.rank < self.num_replicas:
            raise ValueError(f"need 0 <= rank < num_replicas, got {self.rank}, {self.num_replicas}")
        self.durations = [float(d) for d in durations]
        self.max_seconds = max_seconds
        self.max_utterances = max_utterances
        self.seed = seed
        self.shuffle = shuffle
        self.pool_size = pool_size
        self.drop_last = drop_last
        self.epoch = 0
        self._skip = 0  # batches of self.epoch to skip on the next __iter__ (set by a resume)
        self._cache: tuple[tuple[int, int], list[list[int]]] | None = None
        self._batches()  # validate arguments and warn about oversize utterances now

    def set_epoch(self, epoch: int) -> None:
        """Select the epoch whose plan the next ``__iter__`` yields."""
        if epoch != self.epoch:
            self._skip = 0
        self.epoch = epoch

    def _batches(self) -> list[list[int]]:
        """This rank's batches for the current epoch (cached per ``(seed, epoch)``)."""
        key = (self.seed, self.epoch)
        if self._cache is None or self._cache[0] != key:
            plan = plan_batches(
                self.durations,
                self.max_seconds,
                self.seed,
                self.epoch,
                max_utterances=self.max_utterances,
                pool_size=self.pool_size,
                shuffle=self.shuffle,
            )
            mine = shard_batches(plan, self.num_replicas, self.rank, self.drop_last)
            self._cache = (key, mine)
        return self._cache[1]

    def __len__(self) -> int:
        return len(self._batches())

    def __iter__(self) -> Iterator[list[int]]:
        batches = self._batches()
        skip, self._skip = self._skip, 0  # a resume skips once; a second pass is a full epoch
        for batch in batches[skip:]:
            yield list(batch)

    def state_dict(self, *, batches_done: int) -> dict[str, Any]:
        """Position to resume from: ``batches_done`` batches of ``self.epoch`` were consumed.

        Returns ``{"epoch", "batches_done", "seed", "num_replicas", "num_utterances"}``. At the
        end of an epoch pass ``batches_done=len(sampler)`` (the resumed epoch then yields nothing)
        or call ``set_epoch(epoch + 1)`` first and pass 0.
        """
        if not 0 <= batches_done <= len(self):
            raise ValueError(f"batches_done={batches_done} outside [0, {len(self)}] of this epoch")
        return {
            "epoch": self.epoch,
            "batches_done": int(batches_done),
            "seed": self.seed,
            "num_replicas": self.num_replicas,
            "num_utterances": len(self.durations),
        }

    def load_state_dict(self, state: dict[str, Any]) -> None:
        """Restore epoch and seed; the next ``__iter__`` skips ``state["batches_done"]`` batches.

        A checkpoint from another world size resumes at the same point of the global plan, rounded
        down to a multiple of ``num_replicas``: at most one batch per rank is seen twice (with a
        warning).
        """
        self.seed = int(state["seed"])
        self.epoch = int(state["epoch"])
        done = int(state["batches_done"])
        saved_utterances = int(state.get("num_utterances", len(self.durations)))
        if saved_utterances != len(self.durations):
            warnings.warn(
                f"sampler state is for {saved_utterances} utterances, this dataset has "
                f"{len(self.durations)}: the resumed epoch follows a different plan",
                stacklevel=2,
            )
        saved_replicas = int(state.get("num_replicas", self.num_replicas))
        if saved_replicas != self.num_replicas:
            done = done * saved_replicas // self.num_replicas
            warnings.warn(
                f"resuming a {saved_replicas}-rank sampler state on {self.num_replicas} ranks: "
                "a few batches may repeat",
                stacklevel=2,
            )
        self._skip = min(max(done, 0), len(self))
