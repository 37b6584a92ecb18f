"""What the recognizer's input conditioning (:func:`yuyin.transcribe.condition_chunk`: edge
silence trimmed, level scaled to the training speech's) does to greedy WER/CER, on each test set
as it is and on the same audio with 5 s of silence before it and at a -26 dB gain (a quiet
recording, peaks near -30 dBFS)::

    python bench/asr_conditioning.py --test dev=work/corpora/synth-dev/manifest.jsonl \\
        --test unseen-voices=work/corpora/unseen/manifest.jsonl \\
        --test human-pocketsphinx=work/testsets/pocketsphinx.jsonl [--model DIR] [--out FILE]

Every file goes through ``Recognizer.transcribe_wave`` (the path of ``yuyin transcribe``), once
with the conditioning and once without (``condition_chunk`` replaced by the identity); scored
after ``normalize_for_scoring``. A file the recognizer refuses counts as an empty transcript.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import jiwer
import numpy as np
from _env import named_paths, provenance, publish

import yuyin.transcribe as recognizer_module
from yuyin.audio import SAMPLE_RATE, AudioError, load_audio
from yuyin.data.manifest import read_manifest
from yuyin.text.normalize import normalize_for_scoring

DEFAULT_OUT = Path(__file__).parent / "results" / "asr-conditioning.json"
LEAD_SECONDS = 5.0
QUIET_GAIN_DB = -26.0
VARIANTS = {
    "as_is": lambda w: w,
    "leading_silence_5s": lambda w: np.concatenate([np.zeros(int(LEAD_SECONDS * SAMPLE_RATE)), w]),
    "gain_minus_26db": lambda w: w * 10 ** (QUIET_GAIN_DB / 20),
}


def score(recognizer, waves: list[np.ndarray], refs: list[str]) -> dict:
    hyps = []
    for wave in waves:
        try:
            hyps.append(
                normalize_for_scoring(recognizer.transcribe_wave(wave.astype(np.float32)).text)
            )
        except AudioError:
            hyps.append("")
    return {
        "wer": round(100 * jiwer.wer(refs, hyps), 2),
        "cer": round(100 * jiwer.cer(refs, hyps), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--test", action="append", required=True, help="NAME=MANIFEST (repeat)")
    parser.add_argument("--model", help="recognizer folder (default: the bundled one)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    started = time.time()
    recognizer = recognizer_module.Recognizer.load(args.model)
    conditioned = recognizer_module.condition_chunk
    results = {}
    for name, manifest in named_paths(args.test, "--test", parser).items():
        utts = [u for u in read_manifest(manifest) if u.text]
        refs = [normalize_for_scoring(u.text) for u in utts]
        clean = []
        for u in utts:
            wave = load_audio(u.audio)
            end = None if u.end is None else round(u.end * SAMPLE_RATE)
            clean.append(wave[round(u.start * SAMPLE_RATE) : end])
        results[name] = {"utterances": len(utts)}
        for variant, change in VARIANTS.items():
            waves = [change(w) for w in clean]
            row = {}
            for mode in ("without", "with"):
                recognizer_module.condition_chunk = (
                    conditioned if mode == "with" else (lambda chunk, min_samples=1: (0, chunk))
                )
                row[mode] = score(recognizer, waves, refs)
            recognizer_module.condition_chunk = conditioned
            results[name][variant] = row
            print(name, variant, row, flush=True)
    report = {
        "bench": "asr-conditioning",
        "model": args.model or "bundled",
        "decoding": "greedy",
        "tests": dict(t.split("=", 1) for t in args.test),
        "lead_seconds": LEAD_SECONDS,
        "quiet_gain_db": QUIET_GAIN_DB,
        "results": results,
        "units": "error rates in percent",
        "command": "python bench/asr_conditioning.py " + " ".join(f"--test {t}" for t in args.test),
        **provenance(started),
    }
    publish(report, args.out)


if __name__ == "__main__":
    main()
