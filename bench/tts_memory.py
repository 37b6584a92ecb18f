"""Memory of long-form synthesis: resident size after each pass over the same text.

Prints one JSON object. The bundled voice (or ``--voice``) speaks the first ``--sentences``
lines of the shipped Austen prompts, as one text, ``--passes`` times in one process; after each
pass the process's resident set size (``/proc/self/statm``, Linux) is read. ``--trim-every N``
sets :data:`yuyin.voice.TRIM_EVERY` (0: never give freed heap memory back, as before it
existed). Every number is measured in this run.

    python bench/tts_memory.py [--sentences 150] [--passes 4] [--trim-every 50] [--threads 1]
                               [--voice DIR] [--out FILE]
"""

from __future__ import annotations

import argparse
import lzma
import os
import sys
import time
from pathlib import Path

import torch
from _env import git_commit, machine_info, publish

import yuyin.voice as voice_module
from yuyin.voice import Voice

PROMPTS = Path(voice_module.__file__).parent / "assets" / "text" / "prompts_austen.txt.xz"


def resident_mb() -> float:
    """The process's resident set size in MiB (Linux)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=150)
    parser.add_argument("--passes", type=int, default=4)
    parser.add_argument("--trim-every", type=int, default=voice_module.TRIM_EVERY)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--voice", default=None, help="voice folder (default: the bundled one)")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    if not Path("/proc/self/statm").is_file():
        print("error: this bench reads /proc/self/statm (Linux only)", file=sys.stderr)
        return 1
    torch.set_num_threads(args.threads)
    # 0: never trim (a count no text reaches)
    voice_module.TRIM_EVERY = args.trim_every or sys.maxsize
    with lzma.open(PROMPTS, "rt", encoding="utf-8") as f:
        lines = [line for _, line in zip(range(args.sentences), f, strict=False)]
    text = " ".join(line.strip() for line in lines)
    voice = Voice.load(args.voice)
    passes = []
    for _ in range(args.passes):
        start, samples = time.perf_counter(), 0
        for chunk in voice.stream(text):
            samples += len(chunk)
        passes.append(
            {
                "resident_mb": round(resident_mb(), 1),
                "audio_s": round(samples / voice.sample_rate, 1),
                "wall_s": round(time.perf_counter() - start, 1),
            }
        )
    report = {
        "bench": "tts_memory",
        "command": "python bench/tts_memory.py " + " ".join(argv or sys.argv[1:]),
        "voice": voice.name,
        "sentences": len(voice.sentences(text)),
        "trim_every": args.trim_every,
        "threads": args.threads,
        "passes": passes,
        "growth_mb_per_pass": round(
            (passes[-1]["resident_mb"] - passes[0]["resident_mb"]) / max(len(passes) - 1, 1), 1
        ),
        "commit": git_commit(),
        "machine": machine_info(),
    }
    publish(report, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
