"""Does ``torch.compile`` speed up the G2P's training step on one CPU thread?

The one-hour G2P recipe (recipes/g2p_hour) is bound by updates per minute; this times the
fine-tuning step of its model (configs/g2p/tiny.yaml's sizes: dim 128, 3+3 layers, no dropout)
on random batches of ~2,048 padded tokens, eager and compiled (``dynamic=True``), after a
warm-up of 16 steps each::

    python bench/g2p_compile.py [--steps 64]

Session 53 on the 2-core CPU (beside another process on the other core): eager 23.7 s per 64
steps, compiled 23.2 s (2% faster) after a 30 s warm-up (108 s with a cold compile cache, where
a first probe measured 25.0 vs 23.3 s): not worth it for a one-hour budget.
"""

from __future__ import annotations

import argparse
import time

import torch
from _env import provenance, publish

from yuyin.models.g2p import G2PConfig, build_g2p

_LENGTHS = (6, 8, 10, 12, 7, 9, 11, 14)  # word lengths of the batches, cycled
_TOKENS = 2048  # padded positions per batch (configs/g2p/tiny.yaml's max_batch_tokens)


def _run(compiled: bool, steps: int) -> dict[str, float]:
    torch.manual_seed(0)
    config = G2PConfig(dim=128, heads=4, encoder_layers=3, decoder_layers=3, ff_mult=4, dropout=0.0)
    model = build_g2p(config)
    net = torch.compile(model, dynamic=True) if compiled else model
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)

    def train(n: int) -> float:
        start = time.perf_counter()
        for k in range(n):
            length = _LENGTHS[k % len(_LENGTHS)]
            batch = _TOKENS // (length + 1)
            chars = torch.randint(4, config.num_chars, (batch, length))
            phones = torch.randint(4, config.num_phones, (batch, length + 1))
            loss, _ = net(chars, torch.full((batch,), length), phones, 0.1)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        return time.perf_counter() - start

    warmup = train(16)
    return {"warmup_s": round(warmup, 1), "steps_s": round(train(steps), 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=64)
    args = parser.parse_args()
    torch.set_num_threads(1)
    started = time.time()
    eager, compiled = _run(False, args.steps), _run(True, args.steps)
    report = {
        "bench": "g2p-compile",
        "steps": args.steps,
        "eager": eager,
        "compiled": compiled,
        "speedup": round(eager["steps_s"] / compiled["steps_s"], 3),
        **provenance(started),
    }
    publish(report, None)


if __name__ == "__main__":
    main()
