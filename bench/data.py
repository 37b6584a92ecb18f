"""Data-path speed: synthesis (x real time per engine), log-mel extraction, loader throughput.

Prints one JSON object. Everything is measured on this machine in this run; nothing is assumed.

    python bench/data.py [--work DIR] [--minutes M] [--seed N]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import tempfile
import time
from pathlib import Path

import torch
from torch.utils.data import DataLoader

from yuyin.audio import SAMPLE_RATE
from yuyin.data.batching import DurationBatchSampler
from yuyin.data.dataset import AudioDataset, collate_audio
from yuyin.data.manifest import read_manifest
from yuyin.data.prompts import load_prompts
from yuyin.data.synth import synthesize_corpus
from yuyin.features import LogMel

ENGINE_SPECS = {"espeak": "espeak:4", "piper": "piper:1"}  # one engine at a time, one process
FEATURE_BATCH = 8
FEATURE_SECONDS = 10.0
FEATURE_REPEATS = 5
LOADER_MAX_SECONDS = 60.0  # padded seconds of audio per batch
LOADER_WORKERS = (0, 1, 2)
LOADER_SECONDS = (
    900.0  # the corpus is repeated up to this much audio so worker start-up is amortized
)


def bench_synthesis(work: Path, minutes: float, seed: int) -> tuple[dict, Path]:
    """Synthesize ``minutes`` per engine with one process; returns speeds and a corpus to load."""
    prompts = load_prompts("dev")
    results, corpus = {}, None
    for engine, spec in ENGINE_SPECS.items():
        out = work / f"synth-{engine}"
        shutil.rmtree(out, ignore_errors=True)
        start = time.perf_counter()
        manifest = synthesize_corpus(prompts, out, minutes / 60, spec, seed=seed, workers=1)
        wall = time.perf_counter() - start
        utts = read_manifest(manifest)
        audio = sum(u.duration for u in utts)
        results[engine] = {
            "utterances": len(utts),
            "audio_seconds": round(audio, 1),
            "wall_seconds": round(wall, 2),
            "x_real_time": round(audio / wall, 1),
        }
        if engine == "espeak":
            corpus = manifest
    return results, corpus


def bench_features(threads: int) -> dict:
    """Batched log-mel of FEATURE_BATCH x FEATURE_SECONDS of noise on the CPU."""
    torch.set_num_threads(threads)
    extractor = LogMel()
    wave = torch.randn(FEATURE_BATCH, int(FEATURE_SECONDS * SAMPLE_RATE)) * 0.1
    extractor(wave)  # warm-up
    start = time.perf_counter()
    for _ in range(FEATURE_REPEATS):
        extractor(wave)
    wall = time.perf_counter() - start
    audio = FEATURE_BATCH * FEATURE_SECONDS * FEATURE_REPEATS
    return {"threads": threads, "x_real_time": round(audio / wall, 1)}


def bench_loader(manifest: Path, workers: int) -> dict:
    """One epoch of AudioDataset + DurationBatchSampler + DataLoader: audio seconds per second."""
    utts = read_manifest(manifest)
    repeats = max(1, int(LOADER_SECONDS // sum(u.duration for u in utts)))
    dataset = AudioDataset(utts * repeats)
    sampler = DurationBatchSampler(dataset.durations, LOADER_MAX_SECONDS, seed=0)
    loader = DataLoader(
        dataset, batch_sampler=sampler, collate_fn=collate_audio, num_workers=workers
    )
    start = time.perf_counter()
    samples = 0
    for batch in loader:
        samples += int(batch.wave_lengths.sum())
    wall = time.perf_counter() - start
    audio = samples / SAMPLE_RATE
    return {
        "workers": workers,
        "audio_seconds": round(audio, 1),
        "audio_seconds_per_second": round(audio / wall, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=None, help="scratch folder (default: temp)")
    parser.add_argument("--minutes", type=float, default=1.0, help="speech per engine")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="yuyin-bench-data-"))
    work.mkdir(parents=True, exist_ok=True)
    synthesis, corpus = bench_synthesis(work, args.minutes, args.seed)
    result = {
        "machine": {"cpu_count": os.cpu_count(), "python": platform.python_version()},
        "torch": torch.__version__,
        "seed": args.seed,
        "synthesis": synthesis,
        "features": [bench_features(t) for t in (1, 2)],
        "loader": [bench_loader(corpus, w) for w in LOADER_WORKERS],
    }
    print(json.dumps(result, indent=2))
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
