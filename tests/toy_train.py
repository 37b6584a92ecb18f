"""A toy regression trained by the one loop: the subject of the kill/resume and DDP tests.

Run as a script (``python tests/toy_train.py --out DIR --steps 40``), under torchrun
(``python -m torch.distributed.run --nproc_per_node 2 tests/toy_train.py ...``), or import its
parts. Every step's loss goes to ``DIR/log.csv``; the final weights are in the last checkpoint.

The data is a fixed synthetic set with random noise added in ``__getitem__`` (augmentation drawn
from the global torch RNG), the model has dropout, and the sampler shuffles per epoch: everything
an exact resume has to get right.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import torch
import torch.nn.functional as F
from torch import nn

from yuyin.train.distributed import cleanup_distributed, init_distributed
from yuyin.train.loop import LoopConfig, TrainResult, train

NUM_ITEMS = 96  # 12 batches of 8 per epoch: a 40-step run crosses epochs mid-accumulation
IN_DIM = 8
HIDDEN = 32
DATA_SEED = 1234  # the synthetic data, independent of the training seed
NOISE_STD = 0.1  # augmentation noise added to every input when fetched


class ToyDataset:
    """``y = sin(x @ w)`` for fixed Gaussian ``x`` (N, IN_DIM); items are noised when fetched."""

    def __init__(self, num_items: int = NUM_ITEMS, augment: bool = True) -> None:
        generator = torch.Generator().manual_seed(DATA_SEED)
        self.x = torch.randn(num_items, IN_DIM, generator=generator)  # (N, IN_DIM)
        weights = torch.randn(IN_DIM, 1, generator=generator)
        self.y = torch.sin(self.x @ weights)  # (N, 1)
        self.augment = augment

    def __len__(self) -> int:
        return len(self.x)

    def __getitem__(self, index: int) -> dict[str, torch.Tensor]:
        x = self.x[index]
        if self.augment:
            x = x + NOISE_STD * torch.randn(IN_DIM)  # global RNG: the loop seeds it per item
        return {"x": x, "y": self.y[index]}


class ToySampler:
    """Shuffled fixed-size batches split across ranks; the protocol of DurationBatchSampler.

    Epoch ``e`` shuffles the items with ``(seed, e)`` and cuts global batches of
    ``batch_size * num_replicas`` items; rank ``r`` takes the ``r``-th slice of each. So one rank
    with batch 8 sees the same global batches as two ranks with batch 4.
    """

    def __init__(
        self, num_items: int, batch_size: int, seed: int = 0, rank: int = 0, num_replicas: int = 1
    ) -> None:
        self.num_items, self.batch_size, self.seed = num_items, batch_size, seed
        self.rank, self.num_replicas = rank, num_replicas
        self.epoch = 0
        self._skip = 0

    def set_epoch(self, epoch: int) -> None:
        if epoch != self.epoch:
            self._skip = 0
        self.epoch = epoch

    def __len__(self) -> int:
        return self.num_items // (self.batch_size * self.num_replicas)

    def __iter__(self) -> Iterator[list[int]]:
        generator = torch.Generator().manual_seed(self.seed * 1_000_003 + self.epoch)
        order = torch.randperm(self.num_items, generator=generator).tolist()
        width = self.batch_size * self.num_replicas
        skip, self._skip = self._skip, 0
        for b in range(skip, len(self)):
            start = b * width + self.rank * self.batch_size
            yield order[start : start + self.batch_size]

    def state_dict(self, *, batches_done: int) -> dict[str, Any]:
        return {"epoch": self.epoch, "batches_done": batches_done, "seed": self.seed}

    def load_state_dict(self, state: dict[str, Any]) -> None:
        self.epoch, self.seed = int(state["epoch"]), int(state["seed"])
        self._skip = int(state["batches_done"])


class ToyModel(nn.Module):
    """Two-layer MLP with a norm and dropout: ``(B, IN_DIM) -> (B, 1)``."""

    def __init__(self, dropout: float = 0.1) -> None:
        super().__init__()
        self.inp = nn.Linear(IN_DIM, HIDDEN)
        self.norm = nn.LayerNorm(HIDDEN)
        self.drop = nn.Dropout(dropout)
        self.out = nn.Linear(HIDDEN, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.out(self.drop(F.gelu(self.norm(self.inp(x)))))


def mse_step(model: nn.Module, batch: dict[str, torch.Tensor]) -> tuple[torch.Tensor, dict]:
    """The toy task's step: mean squared error, and the spread of the predictions as a log."""
    pred = model(batch["x"])  # (B, 1)
    return F.mse_loss(pred.float(), batch["y"]), {
        "pred_std": float(pred.detach().float().std(correction=0))
    }


def slow_step(seconds: float):
    """``mse_step`` that sleeps first, so a test can kill the process between two steps."""

    def step(model: nn.Module, batch: dict[str, torch.Tensor]) -> tuple[torch.Tensor, dict]:
        time.sleep(seconds)
        return mse_step(model, batch)

    return step


def main(argv: list[str] | None = None) -> TrainResult:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--steps", type=int, default=40)
    parser.add_argument("--batch-size", type=int, default=8, help="per rank")
    parser.add_argument("--accum", type=int, default=1)
    parser.add_argument("--dropout", type=float, default=0.1)
    parser.add_argument("--ckpt-every", type=int, default=20)
    parser.add_argument("--num-workers", type=int, default=0)
    parser.add_argument("--step-sleep", type=float, default=0.0, help="seconds per micro-batch")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--resume", action="store_true")
    args = parser.parse_args(argv)

    info = init_distributed("cpu")
    torch.manual_seed(args.seed)  # the initial weights
    model = ToyModel(args.dropout)
    dataset = ToyDataset()
    sampler = ToySampler(len(dataset), args.batch_size, args.seed, info.rank, info.world_size)
    config = LoopConfig(
        lr=3e-3,
        warmup_steps=5,
        max_steps=args.steps,
        grad_accum=args.accum,
        eval_every=args.steps,
        ckpt_every=args.ckpt_every,
        log_every=1,
        keep_checkpoints=2,
        seed=args.seed,
        num_workers=args.num_workers,
        device="cpu",
        progress=False,
        tensorboard=False,
    )
    step_fn = slow_step(args.step_sleep) if args.step_sleep > 0 else mse_step
    try:
        return train(
            model, step_fn, dataset, sampler, None, config, args.out, resume=args.resume,
            model_config={"dropout": args.dropout},
        )  # fmt: skip
    finally:
        cleanup_distributed()


def gloo_threads() -> int:
    """How many of this process's threads belong to gloo (Linux; 0 where /proc is missing)."""
    tasks = Path("/proc/self/task")
    names = [(t / "comm").read_text().strip() for t in tasks.iterdir()] if tasks.exists() else []
    return sum("gloo" in name for name in names)


if __name__ == "__main__":
    result = main(sys.argv[1:])
    print(f"step {result.step} loss {result.loss:.6f} gloo_threads {gloo_threads()}")
