"""Does ``yuyin align``'s confidence tell a transcript that fits its audio from one that does not?

For each utterance of a labeled manifest, its own transcript and the transcript of the
utterance ``--shift`` places later are force-aligned to its audio
(:meth:`yuyin.transcribe.Recognizer.align_text`, the bundled recognizer unless ``--model``); the
mean word confidence of each is recorded (a transcript that cannot be aligned at all counts
0). Prints the two distributions and the share of (right, wrong) pairs the confidence orders
correctly (the ROC area)::

    python bench/align_fit.py --test unseen-voices=work/corpora/unseen/manifest.jsonl \\
        --test human-mfa=work/testsets/mfa.jsonl [--limit 60] [--out FILE]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import torch
from _env import named_paths, provenance, publish

from yuyin.audio import AudioError
from yuyin.data.dataset import load_utterance
from yuyin.data.manifest import read_manifest
from yuyin.transcribe import Recognizer

DEFAULT_OUT = Path(__file__).parent / "results" / "align-fit.json"


def fit(recognizer: Recognizer, wave: np.ndarray, text: str) -> float:
    try:
        words = recognizer.align_text(wave, text).words
    except AudioError:
        return 0.0
    return float(np.mean([w.score for w in words])) if words else 0.0


def summary(values: list[float]) -> dict:
    q = np.percentile(values, [0, 10, 50, 90, 100])
    return dict(zip(("min", "p10", "median", "p90", "max"), np.round(q, 3).tolist(), strict=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--test", action="append", required=True, help="NAME=MANIFEST (repeat)")
    parser.add_argument("--model", help="recognizer folder (default: the bundled one)")
    parser.add_argument("--limit", type=int, default=60)
    parser.add_argument("--shift", type=int, default=7)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    torch.set_num_threads(1)
    started = time.time()
    recognizer = Recognizer.load(args.model)
    results = {}
    for name, manifest in named_paths(args.test, "--test", parser).items():
        utts = [u for u in read_manifest(manifest) if u.text][: args.limit]
        right, wrong = [], []
        for i, utt in enumerate(utts):
            wave = load_utterance(utt)
            right.append(fit(recognizer, wave, utt.text or ""))
            wrong.append(fit(recognizer, wave, utts[(i + args.shift) % len(utts)].text or ""))
        pairs = np.array(right)[:, None] - np.array(wrong)[None, :]
        results[name] = {
            "utterances": len(utts),
            "own_transcript": summary(right),
            "another_utterances_transcript": summary(wrong),
            "roc_area": round(float((pairs > 0).mean() + 0.5 * (pairs == 0).mean()), 3),
        }
        print(name, results[name], flush=True)
    publish(
        {
            "bench": "align-fit",
            "model": args.model or "bundled",
            "shift": args.shift,
            "results": results,
            "units": "mean word confidence (0..1)",
            "command": "python bench/align_fit.py "
            + " ".join(f"--test {t}" for t in args.test)
            + f" --limit {args.limit}",
            **provenance(started),
        },
        args.out,
    )


if __name__ == "__main__":
    main()
