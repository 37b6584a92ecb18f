"""wav2vec 2.0 conv stack: yuyin's GEMM form vs the textbook channels-first ``conv1d`` form.

Prints one JSON object. Both forms use the same ``WaveConvStack`` weights on the same random
batch; each timed repetition is one forward + backward (zero_grad first), and the two forms
alternate, so both see the same background load. The textbook form is what the stack ran before
(and what HF transformers runs): ``Conv1d`` on (B, C, T), then LayerNorm + GELU through
transposes. Every number is measured in this run.

    python bench/wave_frontend.py [--channels 512] [--batch 4] [--seconds 5] [--repeats 3]
                                  [--threads 1] [--out FILE]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import torch
from _env import publish
from torch import nn

from yuyin.audio import SAMPLE_RATE
from yuyin.nn.frontends import WaveConvStack


def textbook(stack: WaveConvStack, wave: torch.Tensor) -> torch.Tensor:
    """The channels-first form with the same weights: (B, S) -> (B, T, C)."""
    x = wave[:, None, :]  # (B, 1, S)
    for conv, norm in zip(stack.convs, stack.norms, strict=True):
        x = nn.functional.gelu(norm(conv(x).transpose(1, 2)).transpose(1, 2))  # (B, C, T)
    return x.transpose(1, 2)


def timed(fn, stack: WaveConvStack, wave: torch.Tensor) -> float:
    stack.zero_grad(set_to_none=True)
    start = time.perf_counter()
    fn(wave).square().mean().backward()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--channels", type=int, default=512, help="512: wav2vec 2.0 base")
    parser.add_argument("--batch", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=5.0, help="per utterance")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    stack = WaveConvStack(args.channels)
    wave = torch.randn(args.batch, round(args.seconds * SAMPLE_RATE))
    with torch.no_grad():
        max_diff = float((stack(wave) - textbook(stack, wave)).abs().max())
    forms = {"gemm": stack, "textbook": lambda w: textbook(stack, w)}
    times: dict[str, list[float]] = {name: [] for name in forms}
    for _ in range(1 + args.repeats):  # the first round warms up, untimed
        for name, fn in forms.items():
            times[name].append(timed(fn, stack, wave))
    median = {name: statistics.median(t[1:]) for name, t in times.items()}
    report = {
        "bench": "wave_frontend",
        "settings": vars(args) | {"out": str(args.out) if args.out else None},
        "audio_s": args.batch * args.seconds,
        "max_abs_diff": max_diff,
        "fwd_bwd_s": {name: [round(x, 3) for x in t[1:]] for name, t in times.items()},
        "fwd_bwd_s_median": {name: round(v, 3) for name, v in median.items()},
        "speedup_gemm_over_textbook": round(median["textbook"] / median["gemm"], 2),
        "command": " ".join(["python", "bench/wave_frontend.py", *(argv or sys.argv[1:])]),
    }
    publish(report, args.out)


if __name__ == "__main__":
    main()
