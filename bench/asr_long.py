"""Long recordings: does a file of many sentences lose words against each sentence alone?

``yuyin transcribe`` cuts audio longer than :data:`yuyin.transcribe.MAX_CHUNK_SECONDS` into
chunks (:func:`yuyin.chunking.chunk_boundaries`). For each test set this bench joins its
sentences into one recording, each at a peak drawn from 0.35-0.7 and followed by a pause drawn
from ``--pause LO HI`` seconds (seed 0, after 1 s of silence), transcribes it whole through
``Recognizer.transcribe_wave`` (the path of ``yuyin transcribe``), and transcribes each sentence
alone at the same level; WER/CER of both against the joined transcripts, after
``normalize_for_scoring``, with the chunks' count and length::

    python bench/asr_long.py --test dev=work/corpora/synth-dev/manifest.jsonl \\
        --test unseen-voices=work/corpora/unseen/manifest.jsonl \\
        --test human-pocketsphinx=work/testsets/pocketsphinx.jsonl \\
        --test human-mfa=work/testsets/mfa.jsonl [--pause 0.15 0.4] [--beam 8 --lm prompts] \\
        [--noise-db 30] [--limit N] [--model DIR] [--out FILE]

``--noise-db D`` adds white noise D dB under the recording's loudest 10 ms throughout (each
sentence alone then has its stretch of the noise too). The chunking's settings were chosen on
the synthetic dev set alone (the human sets' transcripts are for evaluation only). Greedy
decoding unless ``--beam``.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import jiwer
import numpy as np
import torch
from _env import named_paths, provenance, publish

from yuyin.audio import SAMPLE_RATE, frame_db, load_audio
from yuyin.chunking import chunk_boundaries
from yuyin.data.manifest import read_manifest
from yuyin.text.normalize import normalize_for_scoring
from yuyin.transcribe import Recognizer

DEFAULT_OUT = Path(__file__).parent / "results" / "asr-long.json"


def recording(
    waves: list[np.ndarray],
    pause: tuple[float, float],
    seed: int = 0,
    noise_db: float | None = None,
) -> tuple[np.ndarray, list[np.ndarray]]:
    """The sentences joined with pauses, and each sentence as it is in the join (its samples).

    ``noise_db``: white noise (seed 0) added throughout, its 10 ms frames that many dB under
    the recording's loudest frame.
    """
    rng = np.random.default_rng(seed)
    levelled = [w / max(np.abs(w).max(), 1e-9) * rng.uniform(0.35, 0.7) for w in waves]
    parts, spans, at = [np.zeros(SAMPLE_RATE, np.float32)], [], SAMPLE_RATE
    for w in levelled:
        gap = int(rng.uniform(*pause) * SAMPLE_RATE)
        parts += [w.astype(np.float32), np.zeros(gap, np.float32)]
        spans.append((at, at + len(w)))
        at += len(w) + gap
    whole = np.concatenate(parts)
    if noise_db is not None:
        rms = 10 ** ((float(frame_db(whole).max()) - noise_db) / 20)
        noise = np.random.default_rng(0).standard_normal(len(whole)) * rms
        whole = (whole + noise).astype(np.float32)
    return whole, [whole[a:b] for a, b in spans]


def score(refs: list[str], hyps: list[str]) -> dict:
    ref, hyp = " ".join(refs), " ".join(hyps)
    return {"wer": round(100 * jiwer.wer(ref, hyp), 2), "cer": round(100 * jiwer.cer(ref, hyp), 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--test", action="append", required=True, help="NAME=MANIFEST (repeat)")
    parser.add_argument("--pause", type=float, nargs=2, default=(0.15, 1.5), metavar=("LO", "HI"))
    parser.add_argument("--limit", type=int, default=0, help="first N sentences of each set")
    parser.add_argument(
        "--noise-db", type=float, help="white noise this many dB under the loudest 10 ms"
    )
    parser.add_argument("--model", help="recognizer folder (default: the bundled one)")
    parser.add_argument("--beam", type=int, default=0, help="beam size (0: greedy)")
    parser.add_argument("--lm", help="with --beam: an ARPA file or 'prompts'")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    started = time.time()
    options, lm = None, None
    if args.beam:
        from yuyin.decode.ctc import DecodingOptions
        from yuyin.decode.lm_mix import load_decoding_lm

        options = DecodingOptions(beam_size=args.beam)
        lm = load_decoding_lm(args.lm, None, 0.5) if args.lm else None
    recognizer = Recognizer.load(args.model, options=options, lm=lm)
    results = {}
    for name, manifest in named_paths(args.test, "--test", parser).items():
        utts = [u for u in read_manifest(manifest) if u.text]
        utts = utts[: args.limit] if args.limit else utts
        refs = [normalize_for_scoring(u.text) for u in utts]
        whole, alone = recording(
            [load_audio(u.audio) for u in utts], tuple(args.pause), 0, args.noise_db
        )
        t0 = time.time()
        joined = normalize_for_scoring(recognizer.transcribe_wave(whole).text)
        seconds = time.time() - t0
        each = [normalize_for_scoring(recognizer.transcribe_wave(w).text) for w in alone]
        sizes = np.diff([0, *chunk_boundaries(whole)]) / SAMPLE_RATE
        results[name] = {
            "sentences": len(utts),
            "minutes": round(len(whole) / SAMPLE_RATE / 60, 2),
            "whole_file": score(refs, [joined]),
            "each_sentence_alone": score(refs, each),
            "chunks": len(sizes),
            "chunk_seconds_mean": round(float(sizes.mean()), 2),
            "chunk_seconds_max": round(float(sizes.max()), 2),
            "whole_file_rtf": round(seconds / (len(whole) / SAMPLE_RATE), 4),
        }
        print(name, results[name], flush=True)
    report = {
        "bench": "asr-long",
        "model": args.model or "bundled",
        "decoding": f"beam {args.beam}, lm {args.lm}" if args.beam else "greedy",
        "pause_seconds": list(args.pause),
        "noise_db_under_peak": args.noise_db,
        "seed": 0,
        "threads": args.threads,
        "tests": dict(t.split("=", 1) for t in args.test),
        "results": results,
        "units": "error rates in percent",
        "command": "python bench/asr_long.py "
        + " ".join(f"--test {t}" for t in args.test)
        + f" --pause {args.pause[0]} {args.pause[1]}"
        + (f" --beam {args.beam}" + (f" --lm {args.lm}" if args.lm else "") if args.beam else "")
        + (f" --limit {args.limit}" if args.limit else "")
        + (f" --noise-db {args.noise_db:g}" if args.noise_db is not None else ""),
        **provenance(started),
    }
    publish(report, args.out)


if __name__ == "__main__":
    main()
