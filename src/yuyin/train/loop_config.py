"""The training loop's settings (:class:`LoopConfig`), checked when built: a bad value is one
clear error naming the setting, before any data is read or any step is taken.

A YAML section becomes one with :func:`build_loop`; a config with several stages, each with its
own ``loop:``, with :func:`build_stages`.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from yuyin.config import ConfigError, build_dataclass

__all__ = ["PRECISIONS", "LoopConfig", "build_loop", "build_stages"]

S = TypeVar("S")

PRECISIONS = ("auto", "bf16", "fp32")
_INT_SETTINGS = (
    "warmup_steps", "max_steps", "grad_accum", "eval_every", "ckpt_every", "log_every",
    "keep_checkpoints", "max_nonfinite_steps", "seed", "num_workers",
)  # fmt: skip
_BETAS = ("betas[0]", "betas[1]")
_DEVICE = re.compile(r"auto|cpu|cuda(:[0-9]+)?")


@dataclass(frozen=True)
class LoopConfig:
    """Plain training settings, loadable from the ``train:`` section of a YAML config."""

    lr: float = 1e-3  # peak rate (groups passed by the task may set their own)
    weight_decay: float = 0.01  # not applied to biases and norms (tensors with < 2 dims)
    betas: tuple[float, float] = (0.9, 0.98)
    warmup_steps: int = 100
    max_steps: int = 1000  # optimizer updates
    min_lr_ratio: float = 0.1  # the cosine ends at this fraction of the peak rate
    grad_accum: int = 1  # micro-batches per update; the loss is their mean
    clip_norm: float = 1.0  # 0 disables clipping (the norm is still logged)
    precision: str = "auto"  # auto: bf16 autocast on CUDA when supported, else fp32; bf16; fp32
    eval_every: int = 500
    ckpt_every: int = 500
    log_every: int = 10
    keep_checkpoints: int = 3  # 0 keeps all
    max_nonfinite_steps: int = 5  # skipped updates in a row before giving up
    seed: int = 0
    num_workers: int = 0
    device: str = "auto"  # auto, cpu, cuda, cuda:N
    find_unused_parameters: bool = False  # DDP: for models that leave parameters unused in a step
    deterministic: bool = False  # deterministic kernels: exact resume on CUDA too, but slower
    progress: bool = True
    tensorboard: bool = True

    def __post_init__(self) -> None:
        if self.precision not in PRECISIONS:
            raise ValueError(f"precision must be one of {PRECISIONS}, got {self.precision!r}")
        for name in _INT_SETTINGS:
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(f"{name} must be an integer, got {value!r}")
        for name in ("lr", "weight_decay", "min_lr_ratio", "clip_norm", *_BETAS):
            value = self.betas[_BETAS.index(name)] if name in _BETAS else getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError(f"{name} must be a number, got {value!r}")
            if not math.isfinite(value):
                raise ValueError(f"{name} must be finite, got {value!r}")
        for name in ("max_steps", "grad_accum", "eval_every", "ckpt_every", "log_every"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be >= 1, got {getattr(self, name)!r}")
        if self.warmup_steps < 0 or self.num_workers < 0 or self.max_nonfinite_steps < 1:
            raise ValueError("warmup_steps and num_workers must be >= 0, max_nonfinite_steps >= 1")
        if self.keep_checkpoints < 0 or not 0 <= self.seed < 2**32:
            raise ValueError(
                f"keep_checkpoints must be >= 0 and seed within 0..2**32-1, got "
                f"{self.keep_checkpoints} and {self.seed}"
            )
        if self.lr < 0 or self.weight_decay < 0 or self.clip_norm < 0:
            raise ValueError(
                f"lr, weight_decay and clip_norm must be >= 0 (clip_norm 0: no clipping); got "
                f"{self.lr}, {self.weight_decay}, {self.clip_norm}"
            )
        if not 0 <= self.min_lr_ratio <= 1 or not all(0 <= b < 1 for b in self.betas):
            raise ValueError(
                f"min_lr_ratio must be in 0..1 and betas in [0, 1); got {self.min_lr_ratio}, "
                f"{self.betas}"
            )
        if not isinstance(self.device, str) or not _DEVICE.fullmatch(self.device):
            raise ValueError(f"device must be auto, cpu, cuda or cuda:N, got {self.device!r}")
        for name in ("find_unused_parameters", "deterministic", "progress", "tensorboard"):
            if not isinstance(getattr(self, name), bool):
                raise ValueError(f"{name} must be true or false, got {getattr(self, name)!r}")

    @classmethod
    def from_dict(cls, values: Mapping[str, Any]) -> LoopConfig:
        """Build from plain values (a YAML mapping); unknown keys are an error."""
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(values) - names)
        if unknown:
            raise ValueError(f"unknown training setting(s) {unknown}; known: {sorted(names)}")
        values = dict(values)
        if "betas" in values:
            betas = values["betas"]
            if not isinstance(betas, list | tuple) or len(betas) != 2:
                raise ValueError(f"betas must be a pair of numbers, got {betas!r}")
            values["betas"] = tuple(betas)
        return cls(**values)


def build_loop(values: Mapping[str, Any] | None, where: str) -> LoopConfig:
    """:meth:`LoopConfig.from_dict` of a YAML section, a bad setting reported as ``where: ...``."""
    try:
        return LoopConfig.from_dict(values or {})
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{where}: {exc}") from None


def build_stages(values: Mapping[str, Any], stages: Mapping[str, type[S]]) -> dict[str, S]:
    """Each named stage section as its dataclass, the section's ``loop`` mapping a LoopConfig.

    ``stages`` maps a section name to a dataclass with a ``loop: LoopConfig`` field, e.g.
    ``{"pretrain": PretrainStage, "train": TrainStage}``; errors name ``stage.key``.
    """
    built: dict[str, S] = {}
    for name, kind in stages.items():
        section = dict(values.get(name) or {})
        loop = build_loop(section.pop("loop", None), f"{name}.loop")
        built[name] = build_dataclass(kind, {**section, "loop": loop}, name)
    return built
