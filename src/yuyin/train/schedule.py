"""Learning-rate schedule: linear warmup, then cosine decay to a floor.

The schedule is a plain function of the step, so it needs no state of its own: the loop sets every
parameter group's ``lr`` to ``group["initial_lr"] * lr_factor(step, ...)`` before each update, and
resuming at step ``s`` gives exactly the rates an uninterrupted run had at ``s``.
"""

from __future__ import annotations

import math

import torch

INITIAL_LR_KEY = "initial_lr"  # the group's peak rate, kept in the optimizer state across resumes


def lr_factor(step: int, warmup_steps: int, max_steps: int, min_lr_ratio: float) -> float:
    """Multiplier of the peak learning rate for the update that ends at ``step`` (1-based).

    Rises linearly from ``1 / warmup_steps`` to 1 over the first ``warmup_steps`` updates, then
    follows half a cosine from 1 down to ``min_lr_ratio`` at ``max_steps``, and stays there.

    >>> lr_factor(5, warmup_steps=10, max_steps=100, min_lr_ratio=0.1)
    0.5
    >>> lr_factor(100, warmup_steps=10, max_steps=100, min_lr_ratio=0.1)
    0.1
    """
    if 0 < step <= warmup_steps:
        return step / warmup_steps
    decay_steps = max_steps - warmup_steps
    if decay_steps <= 0:
        return 1.0
    progress = min(1.0, (step - warmup_steps) / decay_steps)
    cosine = 0.5 * (1.0 + math.cos(math.pi * progress))  # 1 -> 0
    return min_lr_ratio + (1.0 - min_lr_ratio) * cosine


def remember_initial_lr(optimizer: torch.optim.Optimizer) -> None:
    """Store each group's ``lr`` as its peak rate (once: a resumed optimizer keeps its own)."""
    for group in optimizer.param_groups:
        group.setdefault(INITIAL_LR_KEY, group["lr"])


def set_lr(optimizer: torch.optim.Optimizer, factor: float) -> None:
    """Set every group's rate to its peak rate times ``factor`` (groups keep their own peaks)."""
    for group in optimizer.param_groups:
        group["lr"] = group[INITIAL_LR_KEY] * factor
