"""Recognition speed on one CPU core: yuyin's bundled recognizer beside PocketSphinx.

Prints one JSON object (``--out FILE`` also writes it). Every number is measured on this machine
in this run; nothing is assumed.

**Files**: the shipped golden clip (``src/yuyin/assets/audio/golden.wav``) and ``--clips`` clips
per engine synthesized on the fly through :mod:`yuyin.data.engines` (eSpeak NG and Piper joe):
sentences of the prompts' test split drawn by ``numpy.random.default_rng(seed)``, written as
16 kHz wav files under ``--work`` and read back, so both recognizers get the very same samples.
(Piper samples noise with a per-process seed: its clips differ slightly from run to run.)

**Recognizers**: ``yuyin`` is what ``yuyin transcribe`` runs by default (the bundled model, greedy
CTC decoding, forced alignment for word times: ``Recognizer.transcribe_wave``); ``pocketsphinx``
is PocketSphinx 5 with its bundled en-us model. Both run with the process pinned to one core and
torch at one thread. ``load_seconds`` is model loading alone; ``rtf`` is decoding time / audio
time, taking the median of ``--repeats`` passes over all files after one warm-up pass (whose time
is ``first_pass_seconds``); reading the files is not counted for either. WER/CER (after
``normalize_for_scoring``) is given for context only: a handful of clips. yuyin's ``cost`` is
:func:`yuyin.eval.cost.model_cost` (parameters, weight MiB, counted GMAC per audio second).

    python bench/asr_speed.py [--clips 3] [--seed 0] [--repeats 3] [--work DIR] [--out FILE]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import shlex
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from _env import git_commit, machine_info, publish

import yuyin
from yuyin.audio import SAMPLE_RATE, load_audio, resample, save_audio
from yuyin.data.engines import build_engine, engine_available
from yuyin.data.prompts import load_prompts
from yuyin.eval.cost import model_cost
from yuyin.eval.tts import Judge, PocketSphinxJudge, YuyinJudge, judge_available
from yuyin.eval.tts import score_transcripts as score
from yuyin.transcribe import BUNDLED_MODEL, Recognizer

GOLDEN = Path(yuyin.__file__).parent / "assets" / "audio" / "golden.wav"
VOICES = {"espeak": "espeak-en-us+f3", "piper": "piper-joe"}  # one voice per engine
RTF_GOAL = 0.02  # issue #4: the bundled model at <= 0.02 x real time on one thread
MEGABYTE = 2**20


@dataclass(frozen=True)
class Clip:
    """One test file, its true words and where it came from."""

    path: Path
    reference: str
    source: str
    wave: np.ndarray  # (S,) float32 at 16 kHz, as read back from ``path``

    @property
    def seconds(self) -> float:
        return len(self.wave) / SAMPLE_RATE


@contextlib.contextmanager
def one_core() -> Iterator[None]:
    """Pin this process to one CPU core and torch to one thread; restore both afterwards."""
    cores, threads = os.sched_getaffinity(0), torch.get_num_threads()
    os.sched_setaffinity(0, {min(cores)})
    torch.set_num_threads(1)
    try:
        yield
    finally:
        os.sched_setaffinity(0, cores)
        torch.set_num_threads(threads)


def make_clips(work: Path, per_engine: int, seed: int) -> tuple[list[Clip], dict[str, str]]:
    """The golden clip plus ``per_engine`` synthesized test sentences per available engine."""
    golden_ref = json.loads(GOLDEN.with_suffix(".json").read_text())["reference"]
    clips = [Clip(GOLDEN, golden_ref, "golden clip (eSpeak NG)", load_audio(GOLDEN))]
    skipped = {}
    prompts = load_prompts("test")
    order = np.random.default_rng(seed).permutation(len(prompts))
    picked = iter(prompts[i] for i in order)
    for engine_name, voice in VOICES.items():
        if not engine_available(engine_name):
            skipped[voice] = f"{engine_name} is not installed: pip install 'yuyin[synth]'"
            continue
        engine = build_engine(engine_name)
        for i in range(per_engine):
            text = next(picked)
            wave, sr = engine.synthesize(text, voice)
            path = save_audio(work / f"{engine_name}-{i}.wav", resample(wave, sr, SAMPLE_RATE))
            clips.append(Clip(path, text, voice, load_audio(path)))
    return clips, skipped


def time_recognizer(build: type[Judge], clips: list[Clip], repeats: int) -> dict:
    """Load one recognizer and decode every clip ``1 + repeats`` times on one core."""
    with one_core():
        start = time.perf_counter()
        recognizer = build()
        load = time.perf_counter() - start
        passes, heard = [], []
        for _ in range(1 + repeats):
            start = time.perf_counter()
            heard = [recognizer.transcribe(c.wave, SAMPLE_RATE) for c in clips]
            passes.append(time.perf_counter() - start)
    audio = sum(c.seconds for c in clips)
    decode = float(np.median(passes[1:])) if repeats else passes[0]
    scores = score([c.reference for c in clips], heard)
    return {
        "load_seconds": round(load, 3),
        "first_pass_seconds": round(passes[0], 3),
        "decode_seconds": round(decode, 3),
        "pass_seconds": [round(p, 3) for p in passes[1:]],
        "rtf": round(decode / audio, 5),
        "x_real_time": round(audio / decode, 1),
        "wer": round(scores.wer, 4),
        "cer": round(scores.cer, 4),
        "hypotheses": heard,
    }


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clips", type=int, default=3, help="synthesized clips per engine")
    parser.add_argument("--seed", type=int, default=0, help="which test sentences")
    parser.add_argument("--repeats", type=int, default=3, help="timed passes after a warm-up")
    parser.add_argument("--work", type=Path, help="where the clips go (default: a temp folder)")
    parser.add_argument("--out", type=Path, help="write the JSON here too")
    args = parser.parse_args(argv)
    if args.clips < 0 or args.repeats < 0:
        parser.error("--clips and --repeats must be >= 0")
    torch.set_num_threads(1)
    with contextlib.ExitStack() as stack:
        work = args.work or Path(stack.enter_context(tempfile.TemporaryDirectory()))
        clips, skipped = make_clips(work, args.clips, args.seed)
        recognizers: dict[str, dict] = {}
        for name, build in (("yuyin", YuyinJudge), ("pocketsphinx", PocketSphinxJudge)):
            if not judge_available(name):
                skipped[name] = "not installed: pip install 'yuyin[judge]'"
                continue
            print(f"[asr speed] {name}", file=sys.stderr, flush=True)
            recognizers[name] = time_recognizer(build, clips, args.repeats)
    model_bytes = sum(p.stat().st_size for p in BUNDLED_MODEL.iterdir() if p.is_file())
    recognizers.get("yuyin", {}).update(
        model="bundled (yuyin/assets/models/asr)",
        model_mb=round(model_bytes / MEGABYTE, 2),
        cost=model_cost(Recognizer.load().model).to_dict(),  # counted MACs, parameters
    )
    report = {
        "bench": "asr_speed",
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "commit": git_commit(),
        "command": shlex.join(["python", "bench/asr_speed.py", *(argv or sys.argv[1:])]),
        "seed": args.seed,
        "threads": "one core (sched_setaffinity), torch.set_num_threads(1)",
        "rtf_goal_yuyin": RTF_GOAL,
        "files": [
            {
                "file": c.path.name,
                "source": c.source,
                "seconds": round(c.seconds, 2),
                "reference": c.reference,
            }
            for c in clips
        ],
        "audio_seconds": round(sum(c.seconds for c in clips), 2),
        "recognizers": recognizers,
        "skipped": skipped,
        "machine": machine_info(),
    }
    publish(report, args.out)
    return report


if __name__ == "__main__":
    main()
