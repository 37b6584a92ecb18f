"""Word timings: how close are the recognizer's word starts and ends to where the words sound?

CTC puts a letter on one or two frames of the sound it hears, so the frames a forced alignment
gives a word can end before its sound does. This bench needs words whose true bounds are known:
it synthesizes each word of a sentence alone (``--voice``, cycled over the sentences), takes
its bounds as the first and last 10 ms frame within 40 dB of its loudest (:func:`true_span`),
and joins the words of a sentence with pauses drawn from ``--pause LO HI`` seconds (seed 0)
after 0.5 s of silence: careful speech, one word at a time. Each sentence is force-aligned to
its text (``Recognizer.align_text``, the path of ``yuyin align``), and each word's start and end
are compared with the truth: mean signed error (s; negative is early), median absolute error,
and the share within 50 and 100 ms::

    python bench/word_times.py --text work/corpora/synth-dev/manifest.jsonl \\
        --voice espeak-en-us+f1 --voice flite-awb --voice flite-slt [--sentences 40] \\
        [--pause 0.1 0.4] [--model DIR] [--out FILE]

eSpeak voices are the bundled recognizer's training voices; flite voices are unseen.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import torch
from _env import provenance, publish

from yuyin.audio import SAMPLE_RATE, resample
from yuyin.data.engine_base import engine_of
from yuyin.data.engines import build_engine
from yuyin.data.manifest import read_manifest
from yuyin.text.normalize import normalize_for_scoring
from yuyin.transcribe import Recognizer

DEFAULT_OUT = Path(__file__).parent / "results" / "word-times.json"
TRUTH_DB = 40.0  # a word sounds from its first to its last frame within this of its loudest


def true_span(wave: np.ndarray) -> tuple[int, int]:
    """[first, last) samples of a word said alone: its first to last 10 ms frame within
    :data:`TRUTH_DB` of its loudest, from the samples as they are. Defined here, not by the
    library's level code, so runs of other library versions measure against the same truth
    (taking each clip's mean out first moves flite-awb's bounds 0.2 s into its recorded
    noise floor, which lies only ~45 dB under its speech)."""
    frame = SAMPLE_RATE // 100
    x = np.asarray(wave, np.float64)
    power = np.square(x[: len(x) // frame * frame]).reshape(-1, frame).mean(axis=1)
    db = 10 * np.log10(power + 1e-12)
    loud = np.flatnonzero(db >= db.max() - TRUTH_DB)
    return int(loud[0]) * frame, (int(loud[-1]) + 1) * frame


def sentence(
    words: list[str], voice: str, engines: dict, rng: np.random.Generator, pause: tuple
) -> tuple[np.ndarray, list[tuple[float, float]]]:
    """The words said one by one and joined with pauses; each word's true (start, end) in s."""
    name = engine_of(voice)
    if name not in engines:  # one engine each: eSpeak NG is initialized once per process
        engines[name] = build_engine(name)
    engine = engines[name]
    parts, bounds, at = [np.zeros(SAMPLE_RATE // 2, np.float32)], [], SAMPLE_RATE // 2
    for word in words:
        wave, rate = engine.synthesize(word, voice)
        wave = resample(wave, rate, SAMPLE_RATE) if rate != SAMPLE_RATE else wave
        lo, hi = true_span(wave)
        bounds.append(((at + lo) / SAMPLE_RATE, (at + hi) / SAMPLE_RATE))
        gap = int(rng.uniform(*pause) * SAMPLE_RATE)
        parts += [wave.astype(np.float32), np.zeros(gap, np.float32)]
        at += len(wave) + gap
    return np.concatenate(parts), bounds


def errors(found: np.ndarray, truth: np.ndarray) -> dict:
    """Signed mean, median absolute, and the share within 50 / 100 ms of ``found - truth``."""
    diff = found - truth
    return {
        "mean_s": round(float(diff.mean()), 4),
        "median_abs_s": round(float(np.median(np.abs(diff))), 4),
        "within_50ms": round(float((np.abs(diff) <= 0.05).mean()), 4),
        "within_100ms": round(float((np.abs(diff) <= 0.1).mean()), 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--text", required=True, help="a manifest whose texts are said")
    parser.add_argument("--voice", action="append", required=True, help="a voice (repeat)")
    parser.add_argument("--sentences", type=int, default=40, help="sentences per voice")
    parser.add_argument("--pause", type=float, nargs=2, default=(0.1, 0.4), metavar=("LO", "HI"))
    parser.add_argument("--model", help="recognizer folder (default: the bundled one)")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    started = time.time()
    recognizer = Recognizer.load(args.model)
    texts = [normalize_for_scoring(u.text) for u in read_manifest(args.text) if u.text]
    rng, engines, results = np.random.default_rng(0), {}, {}
    for k, voice in enumerate(args.voice):
        chosen = [t for t in texts[k * args.sentences : (k + 1) * args.sentences] if t]
        truth, found = [], []
        for text in chosen:
            wave, bounds = sentence(text.split(), voice, engines, rng, tuple(args.pause))
            words = recognizer.align_text(wave, text).words
            assert [w.word for w in words] == text.split(), (voice, text)
            truth += bounds
            found += [(w.start, w.end) for w in words]
        t, f = np.array(truth), np.array(found)  # (N, 2) seconds
        results[voice] = {
            "sentences": len(chosen),
            "words": len(t),
            "start": errors(f[:, 0], t[:, 0]),
            "end": errors(f[:, 1], t[:, 1]),
        }
        print(voice, results[voice], flush=True)
    report = {
        "bench": "word-times",
        "model": args.model or "bundled",
        "text": args.text,
        "pause_seconds": list(args.pause),
        "truth": f"each word synthesized alone, frames within {TRUTH_DB:g} dB of its loudest",
        "seed": 0,
        "threads": args.threads,
        "results": results,
        "command": f"python bench/word_times.py --text {args.text} "
        + " ".join(f"--voice {v}" for v in args.voice)
        + f" --sentences {args.sentences} --pause {args.pause[0]:g} {args.pause[1]:g}",
        **provenance(started),
    }
    publish(report, args.out)


if __name__ == "__main__":
    main()
