"""Torch's thread pool on an idle machine and beside a busy core: thread counts and wait policies.

Prints one JSON object. Each cell is a fresh process (the settings are read when torch loads)
that times one workload after a warm-up call, ``--reps`` times, and reports the median in
seconds:

- ``tts``: the bundled voice speaks four sentences (``yuyin.synthesize``);
- ``asr``: the bundled recognizer transcribes the shipped 4.5 s golden clip, greedy;
- ``train``: five CTC updates of the bundled recognizer on two 4 s clips of noise (Adam).

Each runs with torch's defaults (one thread per core; libgomp's threads spin a while before
they sleep), with ``OMP_WAIT_POLICY=PASSIVE`` (waiting threads sleep at once), with
``OMP_NUM_THREADS=1``, and with the thread count the CLI's inference commands choose
(``auto``: :mod:`yuyin._cpu_load`, measured over the child's own start), on an idle machine,
beside a process that keeps a core half busy (10 ms on, 10 ms off) and beside one that keeps a
core busy. Every number is measured in this run.

    python bench/thread_policy.py [--reps 5] [--workloads tts asr train] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _env import git_commit, machine_info, publish

POLICIES = {
    "default": {},
    "passive": {"OMP_WAIT_POLICY": "PASSIVE"},
    "one_thread": {"OMP_NUM_THREADS": "1"},
    "auto": {},
}
LOADS = {
    "idle": None,
    "half_core": "import time\nwhile True:\n"
    "    t = time.monotonic() + 0.01\n    while time.monotonic() < t: pass\n    time.sleep(0.01)",
    "busy_core": "while True: pass",
}
TEXT = (
    "The quick brown fox jumps over the lazy dog. It was the best of times, it was the worst "
    "of times. Please call Stella and ask her to bring these things with her from the store. "
    "Six spoons of fresh snow peas, five thick slabs of blue cheese, and maybe a snack."
)


def _tts() -> object:
    import yuyin

    return lambda: yuyin.synthesize(TEXT)


def _asr() -> object:
    import yuyin

    clip = Path(yuyin.__file__).parent / "assets" / "audio" / "golden.wav"
    wave = yuyin.load_audio(clip)
    return lambda: yuyin.recognize(wave, sample_rate=16000)


def _train() -> object:
    import torch

    import yuyin

    model = yuyin.load("bundled", kinds={"asr"})
    model.train()
    generator = torch.Generator().manual_seed(0)
    wave = 0.1 * torch.randn(2, 64000, generator=generator)  # (B, S): two 4 s clips
    lengths = torch.tensor([64000, 64000])
    targets = torch.randint(1, 20, (2, 12), generator=generator)  # (B, U)
    target_lengths = torch.tensor([12, 12])
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-5)

    def steps() -> None:
        for _ in range(5):
            loss = model.ctc_loss(model(wave, lengths), targets, target_lengths)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()

    return steps


WORKLOADS = {"tts": _tts, "asr": _asr, "train": _train}


def child(workload: str, reps: int, auto: bool) -> None:
    """Time one workload in this process and print its times, threads and others' load."""
    import torch

    from yuyin import _cpu_load

    others = None
    if auto:  # as the CLI's inference commands do, after loading
        others = _cpu_load.others_busy_cores(_cpu_load.AT_IMPORT)
        if others is not None:
            torch.set_num_threads(_cpu_load.threads_beside(others, _cpu_load.usable_cores()))
    run = WORKLOADS[workload]()
    run()  # warm-up: loads, caches, first-call allocations
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    others_s = None if others is None else round(others, 2)
    print(json.dumps({"times": times, "threads": torch.get_num_threads(), "others": others_s}))


def measure(workload: str, name: str, reps: int) -> dict:
    """Run the workload in a fresh process under the named policy: times, threads, load."""
    env = dict(os.environ)
    for variable in ("OMP_WAIT_POLICY", "OMP_NUM_THREADS", "GOMP_SPINCOUNT"):
        env.pop(variable, None)
    env.update(POLICIES[name])
    cmd = [sys.executable, __file__, "--child", workload, "--reps", str(reps)]
    cmd += ["--auto"] if name == "auto" else []
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--workloads", nargs="+", choices=list(WORKLOADS), default=list(WORKLOADS))
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--child", choices=list(WORKLOADS), help=argparse.SUPPRESS)
    parser.add_argument("--auto", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.reps, args.auto)
        return 0
    results: dict[str, dict] = {}
    for load, code in LOADS.items():
        spinner = None if code is None else subprocess.Popen([sys.executable, "-c", code])
        try:
            for workload in args.workloads:
                cell = results.setdefault(workload, {}).setdefault(load, {})
                for name in POLICIES:
                    got = measure(workload, name, args.reps)
                    cell[name] = {
                        "median_s": round(statistics.median(got["times"]), 4),
                        "times_s": [round(t, 4) for t in got["times"]],
                        "threads": got["threads"],
                    }
                    if got["others"] is not None:
                        cell[name]["others_busy_cores"] = got["others"]
                for name in POLICIES:
                    cell[name]["over_default"] = round(
                        cell[name]["median_s"] / cell["default"]["median_s"], 3
                    )
                print(workload, load, json.dumps(cell), file=sys.stderr, flush=True)
        finally:
            if spinner is not None:
                spinner.kill()
                spinner.wait()
    report = {
        "bench": "thread_policy",
        "commit": git_commit(),
        "machine": machine_info(),
        "reps": args.reps,
        "results": results,
    }
    publish(report, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
