"""Devices and torch.distributed for the training loop: one process per device, under torchrun.

``torchrun`` (``python -m torch.distributed.run``) sets RANK, WORLD_SIZE and LOCAL_RANK; without
them everything here is a no-op and training runs in one process. CPU processes talk over gloo,
CUDA processes over NCCL.
"""

from __future__ import annotations

import dataclasses
import importlib
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import torch
import torch.distributed as dist

__all__ = [
    "DistInfo",
    "all_reduce_mean",
    "barrier",
    "cleanup_distributed",
    "init_distributed",
    "is_main_process",
    "move_to_device",
    "resolve_device",
    "set_deterministic",
]


@dataclass(frozen=True)
class DistInfo:
    """Where this process sits in the job: global rank, number of processes, rank on its node."""

    rank: int = 0
    world_size: int = 1
    local_rank: int = 0

    @property
    def is_main(self) -> bool:
        """Rank 0 writes checkpoints and logs."""
        return self.rank == 0

    @property
    def distributed(self) -> bool:
        return self.world_size > 1


def _wants_cuda(device: str) -> bool:
    return device != "cpu" and not device.startswith("cpu:") and torch.cuda.is_available()


def init_distributed(device: str = "auto") -> DistInfo:
    """Join the process group torchrun describes (idempotent); one process alone gets rank 0 of 1.

    ``device`` is the loop's device setting: "cpu" forces gloo, otherwise NCCL is used when CUDA is
    available (each process then takes GPU ``LOCAL_RANK``).
    """
    env = os.environ
    if "RANK" not in env or "WORLD_SIZE" not in env:
        return DistInfo()
    info = DistInfo(int(env["RANK"]), int(env["WORLD_SIZE"]), int(env.get("LOCAL_RANK", "0")))
    if info.distributed and not dist.is_initialized():
        use_cuda = _wants_cuda(device)
        if use_cuda:
            torch.cuda.set_device(info.local_rank)
        # DistributedDataParallel's constructor imports torch._dynamo; imported after the group
        # exists, it keeps the group alive past destroy_process_group (torch 2.13), and the
        # group's gloo threads then sometimes abort the process at exit ("terminate called
        # without an active exception"). Imported before, it does not.
        importlib.import_module("torch._dynamo")
        dist.init_process_group("nccl" if use_cuda else "gloo")
    return info


def is_main_process() -> bool:
    """True in a lone process and on rank 0 of a torchrun job: the process that writes a run's
    files (settings, final model). The others would race it for the same paths; the CLI's exit
    barrier (:func:`cleanup_distributed`) keeps them alive until it is done."""
    if dist.is_available() and dist.is_initialized():
        return dist.get_rank() == 0
    return int(os.environ.get("RANK", "0")) == 0


def cleanup_distributed() -> None:
    """Leave the process group, if this process joined one."""
    if dist.is_available() and dist.is_initialized():
        dist.barrier()  # no rank tears its connections down while a peer still uses them
        dist.destroy_process_group()


def resolve_device(device: str, info: DistInfo) -> torch.device:
    """``auto``: this rank's GPU when CUDA is available, else CPU; ``cuda``: ``cuda:LOCAL_RANK``."""
    if device == "auto":
        device = "cuda" if torch.cuda.is_available() else "cpu"
    if device.startswith("cuda") and not torch.cuda.is_available():
        from yuyin.config import ConfigError  # a setting the commands report in one line

        raise ConfigError(f"device {device!r}: this torch sees no CUDA GPU (use auto or cpu)")
    if device == "cuda":
        return torch.device("cuda", info.local_rank)
    return torch.device(device)


def barrier() -> None:
    """Wait for every rank (no-op in one process)."""
    if dist.is_available() and dist.is_initialized():
        dist.barrier()


def all_reduce_mean(tensor: torch.Tensor) -> torch.Tensor:
    """Average ``tensor`` over ranks in place and return it (gloo has no AVG op: sum, divide)."""
    if dist.is_available() and dist.is_initialized():
        dist.all_reduce(tensor, op=dist.ReduceOp.SUM)
        tensor /= dist.get_world_size()
    return tensor


def move_to_device(batch: Any, device: torch.device) -> Any:
    """Move the tensors in dicts, lists, tuples, dataclasses, objects with ``.to`` to ``device``."""
    if isinstance(batch, torch.Tensor):
        return batch.to(device, non_blocking=True)
    if dataclasses.is_dataclass(batch) and not isinstance(batch, type):
        moved = {
            f.name: move_to_device(getattr(batch, f.name), device)
            for f in dataclasses.fields(batch)
            if f.init
        }
        return dataclasses.replace(batch, **moved)
    if callable(getattr(batch, "to", None)):
        return batch.to(device)
    if isinstance(batch, Mapping):
        return type(batch)({k: move_to_device(v, device) for k, v in batch.items()})
    if isinstance(batch, tuple) and hasattr(batch, "_fields"):  # namedtuple
        return type(batch)(*(move_to_device(v, device) for v in batch))
    if isinstance(batch, (list, tuple)):
        return type(batch)(move_to_device(v, device) for v in batch)
    return batch


def set_deterministic(enabled: bool) -> Callable[[], None]:
    """Make torch use deterministic kernels (``loop.deterministic``); returns what undoes it.

    CPU kernels are deterministic already. On CUDA, kernels that sum with atomics (the backward
    of transposed convolutions, for one) add in a different order on every run, so a resumed run
    drifts from an uninterrupted one; this picks the deterministic kernels, more slowly. An op
    that has none warns instead of failing (CTC loss's CUDA backward is one).
    """
    if not enabled:
        return lambda: None
    before = (
        torch.are_deterministic_algorithms_enabled(),
        torch.is_deterministic_algorithms_warn_only_enabled(),
        torch.backends.cudnn.benchmark,
        torch.backends.cudnn.deterministic,
    )
    os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")  # before cuBLAS starts
    torch.use_deterministic_algorithms(True, warn_only=True)
    torch.backends.cudnn.benchmark, torch.backends.cudnn.deterministic = False, True

    def restore() -> None:
        torch.use_deterministic_algorithms(before[0], warn_only=before[1])
        torch.backends.cudnn.benchmark, torch.backends.cudnn.deterministic = before[2:]

    return restore
