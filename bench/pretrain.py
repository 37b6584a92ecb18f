"""Pretraining speed: yuyin objectives vs HF transformers' Wav2Vec2ForPreTraining at equal size.

Prints one JSON object. Every number is measured on this machine in this run; nothing is assumed.

Each configuration runs in its own fresh subprocess (so its RSS high-water mark is its own): it
builds the model and a fused AdamW (what both toolkits' trainers use: yuyin's loop, and HF
``Trainer``'s default ``adamw_torch_fused`` on torch >= 2.8), then takes ``warmup`` + ``steps``
training steps on one fixed batch of random audio (fp32, or the forward under bf16 autocast for
the rows marked ``/bf16``; zero_grad + forward + backward + ``optimizer.step()``). The
configurations of a size run in lockstep: each round, every one of them takes one step in turn
(only one computes at a time), so on a shared machine they all see the same background load over
the run. Throughput is seconds of audio per second of training from the median step time (mean
and fastest step too); the yuyin/HF ratios come from the median and from the fastest step, and
the 1-minute load average of every round is in the output.

The HF side is built from a ``transformers.Wav2Vec2Config`` derived from the yuyin
``EncoderConfig`` (same conv stack, width, depth, heads, feed-forward, positional conv, pre-LN,
dropouts, layer drop, quantizer, masking and negatives); nothing is downloaded. Its step includes
``_compute_mask_indices`` + ``_sample_negative_indices`` (numpy, as its data collator does per
batch), since yuyin draws masks and negatives inside ``forward``. HF has only a waveform frontend,
so the "tiny" comparison uses yuyin ``tiny`` with ``frontend="wave"``; the default mel ``tiny``
is measured separately.

    python bench/pretrain.py [--sizes tiny,base] [--steps N] [--warmup N] [--batch-seconds S]
                             [--utt-seconds S] [--threads N] [--out FILE]

Needs ``transformers`` for the HF rows (they are skipped, with a note, when it is missing).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

DEFAULT_BATCH_SECONDS = {"tiny": 40.0, "base": 20.0}  # 8 x 5 s, 4 x 5 s
DEFAULT_STEPS = {"tiny": 5, "base": 3}  # timed steps per configuration
DEFAULT_WARMUP = {"tiny": 1, "base": 1}
# (implementation, frontend, objective) per size; the first two rows of a size are its comparison
CONFIGS = {
    "tiny": (
        ("yuyin", "wave", "wav2vec2"),
        ("hf", "wave", "wav2vec2"),
        ("yuyin", "mel", "wav2vec2"),
        ("yuyin", "mel", "reconstruction"),
        ("yuyin", "mel", "hubert"),
    ),
    "base": (
        ("yuyin", "wave", "wav2vec2"),
        ("hf", "wave", "wav2vec2"),
        ("yuyin", "wave", "wav2vec2", "bf16"),
        ("hf", "wave", "wav2vec2", "bf16"),
    ),
}
# a 4th element "bf16": the step's forward runs under torch.autocast("cpu", torch.bfloat16)
# (fp32 weights and optimizer, as `loop.precision=bf16`); worth it on CPUs with native bf16
# dot products (AVX512-BF16 / AMX), where a bf16 matmul runs ~2x an fp32 one


def gemm_peak(threads: int, size: int = 2048, repeats: int = 5) -> dict[str, float]:
    """Measured GFLOP/s of one large square matmul in fp32 and bf16 on ``threads`` threads: the
    ceiling a matmul-bound training step can approach on this machine (median of ``repeats``)."""
    import torch

    torch.set_num_threads(threads)
    peak = {}
    for name, dtype in (("fp32", torch.float32), ("bf16", torch.bfloat16)):
        a, b = torch.randn(size, size, dtype=dtype), torch.randn(size, size, dtype=dtype)
        a @ b  # warm-up
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            a @ b
            times.append(time.perf_counter() - start)
        peak[f"{name}_gflops"] = round(2 * size**3 / statistics.median(times) / 1e9, 1)
    return peak


def child_main(spec: dict) -> None:
    """Child process: build, say "ready", then one training step per "step" line on stdin.

    Replies are one JSON line each on stdout; "finish" replies with the RSS high-water mark.
    """
    import torch
    from pretrain_models import build, peak_rss_mb, rss_mb, step_flops  # bench/

    model, loss_fn, info = build(spec)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4, fused=True)
    flops, top_ops = step_flops(loss_fn, model)
    info["step_gflop"] = round(flops / 1e9, 2)
    info["step_gflop_top_ops"] = {op: round(n / 1e9, 2) for op, n in top_ops.items()}
    info["rss_after_build_mb"] = round(rss_mb(), 1)
    print(json.dumps({"ready": True, **info}), flush=True)
    for step, line in enumerate(sys.stdin):
        if line.strip() == "finish":
            print(json.dumps({"peak_rss_mb": round(peak_rss_mb(), 1)}), flush=True)
            return
        start, cpu_start = time.perf_counter(), time.process_time()
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(step)
        loss.backward()
        optimizer.step()
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
        print(json.dumps({"s": elapsed, "cpu_s": cpu, "loss": float(loss.detach())}), flush=True)


class Child:
    """One configuration in its own interpreter, driven a step at a time over pipes."""

    def __init__(self, spec: dict) -> None:
        self.spec, self.error = spec, None
        self.stderr = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 (closed in close())
        cmd = [sys.executable, str(Path(__file__).resolve()), "--child", json.dumps(spec)]
        self.proc = subprocess.Popen(
            cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.stderr, text=True
        )
        self.info: dict = {}
        self.steps: list[dict] = []

    def ask(self, command: str) -> dict | None:
        """Send a command, return the JSON reply (None and ``self.error`` set if it died)."""
        if self.error is not None:
            return None
        try:
            if command:
                self.proc.stdin.write(command + "\n")
                self.proc.stdin.flush()
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError("no reply")
            return json.loads(line)
        except (OSError, RuntimeError, ValueError) as exc:
            self.proc.wait()
            self.stderr.seek(0)
            tail = self.stderr.read().strip()[-2000:]
            self.error = f"{exc}; exit {self.proc.returncode}: {tail}"
            return None

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self.stderr.close()


def run_group(specs: list[dict], warmup: int, steps: int) -> tuple[list[dict], list[float]]:
    """Run configurations in lockstep: every round, each one takes one training step in turn.

    All of them see the same background load over the run, so their ratios are fair on a shared
    machine; each keeps its own process (and RSS peak). Returns rows and the 1-min load averages.
    """
    children = [Child(spec) for spec in specs]
    load = [os.getloadavg()[0]]
    try:
        for child in children:
            reply = child.ask("")
            if reply is not None:
                child.info = {k: v for k, v in reply.items() if k != "ready"}
        for round_ in range(warmup + steps):
            order = children if round_ % 2 == 0 else children[::-1]
            for child in order:
                reply = child.ask("step")
                if reply is not None:
                    child.steps.append(reply)
            load.append(os.getloadavg()[0])
        rows = []
        for child in children:
            final = child.ask("finish")
            row = {k: child.spec[k] for k in ("impl", "size", "frontend", "objective", "precision")}
            row["name"] = _name(child.spec)
            if child.error is not None or final is None:
                rows.append({**row, "error": child.error})
                continue
            rows.append({**row, **_summary(child, warmup), **final})
    finally:
        for child in children:
            child.close()
    return rows, load


def _summary(child: Child, warmup: int) -> dict:
    timed = child.steps[warmup:]
    times = [s["s"] for s in timed]
    median, mean, best = statistics.median(times), statistics.fmean(times), min(times)
    audio = child.info["batch"]["audio_s"]
    info = dict(child.info)
    first = {k: info.pop(k) for k in ("params", "encoder_params", "batch")}
    return {
        **first,
        "warmup_steps": warmup,
        "timed_steps": len(times),
        "step_s": [round(t, 4) for t in times],
        "step_s_median": round(median, 4),
        "step_s_mean": round(mean, 4),
        "step_s_min": round(best, 4),
        "audio_s_per_s": round(audio / median, 3),
        "audio_s_per_s_mean": round(audio / mean, 3),
        "audio_s_per_s_best": round(audio / best, 3),  # fastest step: least disturbed by load
        "achieved_gflops": round(child.info["step_gflop"] / median, 1),
        "cpu_s_per_step_median": round(statistics.median(s["cpu_s"] for s in timed), 4),
        "losses_finite": all(math.isfinite(s["loss"]) for s in child.steps),
        **info,
    }


def _compare(ours: dict, theirs: dict) -> dict:
    """Throughput, CPU time and memory ratios of a yuyin row over an HF row."""
    return {
        "yuyin": ours["name"],
        "hf": theirs["name"],
        "yuyin_params": ours["params"],
        "hf_params": theirs["params"],
        "yuyin_encoder_params": ours["encoder_params"],
        "hf_encoder_params": theirs["encoder_params"],
        "yuyin_audio_s_per_s": ours["audio_s_per_s"],
        "hf_audio_s_per_s": theirs["audio_s_per_s"],
        "throughput_ratio_yuyin_over_hf": round(ours["audio_s_per_s"] / theirs["audio_s_per_s"], 3),
        "best_step_ratio_yuyin_over_hf": round(
            ours["audio_s_per_s_best"] / theirs["audio_s_per_s_best"], 3
        ),
        "cpu_time_ratio_hf_over_yuyin": round(
            theirs["cpu_s_per_step_median"] / ours["cpu_s_per_step_median"], 3
        ),
        "peak_rss_ratio_yuyin_over_hf": round(ours["peak_rss_mb"] / theirs["peak_rss_mb"], 3),
        "yuyin_step_gflop": ours["step_gflop"],
        "hf_step_gflop": theirs["step_gflop"],
        "yuyin_achieved_gflops": ours["achieved_gflops"],
        "hf_achieved_gflops": theirs["achieved_gflops"],
    }


def _name(spec: dict) -> str:
    suffix = "" if spec["precision"] == "fp32" else f"/{spec['precision']}"
    return f"{spec['impl']}/{spec['size']}-{spec['frontend']}/{spec['objective']}{suffix}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="tiny,base", help="comma list of tiny, base")
    parser.add_argument("--steps", type=int, default=None, help="timed steps (tiny 5, base 3)")
    parser.add_argument("--warmup", type=int, default=None, help="untimed steps (tiny 1, base 1)")
    parser.add_argument(
        "--batch-seconds", type=float, default=None, help="audio per batch (tiny 40, base 20)"
    )
    parser.add_argument("--utt-seconds", type=float, default=5.0, help="length of each utterance")
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=None, help="also write the JSON here")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        child_main(json.loads(args.child))
        return

    import torch

    have_hf = importlib.util.find_spec("transformers") is not None
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    for size in sizes:
        if size not in CONFIGS:
            parser.error(f"unknown size {size!r}; expected one of {sorted(CONFIGS)}")
    results, notes, loads = [], [], {}
    wall = time.perf_counter()
    peak = gemm_peak(args.threads)
    print(f"[bench/pretrain] matmul peak on {args.threads} threads: {peak}", file=sys.stderr)
    for size in sizes:
        batch_seconds = args.batch_seconds or DEFAULT_BATCH_SECONDS[size]
        utterances = max(1, round(batch_seconds / args.utt_seconds))
        specs = []
        for impl, frontend, objective, *precision in CONFIGS[size]:
            spec = {
                "impl": impl,
                "size": size,
                "frontend": frontend,
                "objective": objective,
                "precision": precision[0] if precision else "fp32",
            }
            if impl == "hf" and not have_hf:
                notes.append(f"{_name(spec)}: skipped, transformers is not installed")
                continue
            spec |= {
                "utterances": utterances,
                "utt_seconds": args.utt_seconds,
                "threads": args.threads,
                "seed": args.seed,
            }
            specs.append(spec)
        steps = args.steps if args.steps is not None else DEFAULT_STEPS[size]
        warmup = args.warmup if args.warmup is not None else DEFAULT_WARMUP[size]
        names = ", ".join(_name(spec) for spec in specs)
        print(
            f"[bench/pretrain] {size}: {warmup}+{steps} steps of {names}",
            file=sys.stderr,
            flush=True,
        )
        rows, loads[size] = run_group(specs, warmup, steps)
        for row in rows:
            if "error" in row:
                line = f"ERROR {row['error'][-300:]}"
            else:
                line = f"{row['audio_s_per_s']} audio s/s, peak {row['peak_rss_mb']} MiB"
            print(f"[bench/pretrain] {row['name']}: {line}", file=sys.stderr, flush=True)
        results.extend(rows)

    by_name = {r["name"]: r for r in results}
    comparisons = {}
    pairs = {  # comparison name -> (yuyin row suffix, HF row suffix)
        "": ("", ""),  # fp32 vs fp32: same arithmetic
        "-bf16": ("/bf16", "/bf16"),  # both under the same bf16 autocast
        "-bf16-vs-hf-fp32": ("/bf16", ""),  # yuyin with loop.precision=bf16 vs HF's default
    }
    for size in sizes:
        for label, (our_suffix, their_suffix) in pairs.items():
            ours = by_name.get(f"yuyin/{size}-wave/wav2vec2{our_suffix}", {})
            theirs = by_name.get(f"hf/{size}-wave/wav2vec2{their_suffix}", {})
            if "audio_s_per_s" in ours and "audio_s_per_s" in theirs:
                comparisons[size + label] = _compare(ours, theirs)
    hf_version = version("transformers") if have_hf else None
    report = {
        "benchmark": "pretrain",
        "unit": "audio_s_per_s = seconds of audio trained per wall-clock second (median step)",
        "host": {
            "platform": platform.platform(),
            "processor": platform.processor() or platform.machine(),
            "cpu_count": os.cpu_count(),
            "python": platform.python_version(),
            "torch": torch.__version__,
            "numpy": version("numpy"),
            "transformers": hf_version,
        },
        "settings": {
            "threads": args.threads,
            "utt_seconds": args.utt_seconds,
            "dtype": "float32 weights; rows ending in /bf16 run the forward under bf16 autocast",
            "optimizer": "AdamW(lr=1e-4, fused=True)",
            "step": "zero_grad + forward + backward + optimizer.step",
            "flops": "step_gflop: torch FlopCounterMode over one forward + backward (matmul, "
            "conv, attention; elementwise ops not counted); achieved_gflops = step_gflop / median "
            "step time; gemm_peak: one 2048^2 matmul on the same threads",
            "process": "one fresh subprocess per configuration; peak_rss_mb is its ru_maxrss",
            "schedule": "per size, configurations step in lockstep (round robin, one step each)",
            "command": " ".join(["python", "bench/pretrain.py", *(argv or sys.argv[1:])]),
        },
        "gemm_peak": {"threads": args.threads, "matrix": 2048, **peak},
        "results": results,
        "comparisons": comparisons,
        "loadavg_1min_per_round": {k: [round(v, 2) for v in vs] for k, vs in loads.items()},
        "notes": notes,
        "wall_s": round(time.perf_counter() - wall, 1),
    }
    text = json.dumps(report, indent=2)
    print(text)
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n")


if __name__ == "__main__":
    main()
