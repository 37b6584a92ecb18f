"""Pack unlabeled corpora into a few Ogg Opus files, small enough to carry to a training machine.

A lent GPU machine here takes at most 64 MiB of files with it, and 12.7 h of 16 kHz WAV is 1.5 GB.
This script loads every utterance of the given manifests (16 kHz mono, as training reads them),
strings them together with a short silence between, and encodes the strings as Ogg Opus (libsndfile,
through soundfile) at a low bitrate: ``--level`` 0.985 is about 10 kbit/s. ``unpack.py`` on the
other side decodes them back into one WAV per utterance and writes a manifest per source.

    python recipes/gpu_pretrain/pack.py --data work/corpora/debian.jsonl ... --out .carry/unlab

Output: ``OUT/chunk-NNN.ogg`` and ``OUT/index.jsonl`` (one row per utterance: id, source manifest
name, chunk, first sample, number of samples). Lossy on purpose: self-supervised pretraining sees
the decoded audio; fine-tuning and evaluation later read the original files.
"""

from __future__ import annotations

import argparse
import json
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import soundfile as sf

from yuyin.audio import SAMPLE_RATE, AudioError
from yuyin.data.dataset import load_utterance
from yuyin.data.manifest import Utterance, read_manifest

GAP_SECONDS = 0.1  # silence between utterances, so the codec does not smear one into the next


class PackError(Exception):
    """An utterance that cannot be packed (its message names the file)."""


def source_name(manifest: Path) -> str:
    """``corpora/joe-train/manifest.jsonl`` -> ``joe-train``; ``debian.jsonl`` -> ``debian``."""
    return manifest.parent.name if manifest.stem == "manifest" else manifest.stem


def encode_chunk(job: tuple[int, list[tuple[str, Utterance]], str, float]) -> list[dict]:
    """Load, string together and encode one chunk; return its index rows."""
    number, utts, out_dir, level = job
    gap = np.zeros(round(GAP_SECONDS * SAMPLE_RATE), dtype=np.float32)
    chunk = f"chunk-{number:03d}.ogg"
    pieces, rows, at = [], [], 0
    for source, utt in utts:
        try:
            wave = load_utterance(utt)  # (S,) float32 at 16 kHz
        except AudioError as exc:  # AudioError does not cross the process boundary: send text
            raise PackError(str(exc)) from None
        pieces += [wave, gap]
        rows.append(
            {"id": utt.id, "source": source, "chunk": chunk, "start": at, "samples": wave.size}
        )
        at += wave.size + gap.size
    audio = np.concatenate(pieces)
    sf.write(
        Path(out_dir) / chunk,
        audio,
        SAMPLE_RATE,
        format="OGG",
        subtype="OPUS",
        compression_level=level,
    )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", action="append", required=True, type=Path, metavar="MANIFEST")
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--level", type=float, default=0.985, help="Opus compression, 0..1")
    parser.add_argument("--chunk-minutes", type=float, default=20.0)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    args.out.mkdir(parents=True, exist_ok=True)
    jobs, current, seconds = [], [], 0.0
    for manifest in args.data:
        source = source_name(manifest)
        for utt in read_manifest(manifest):
            current.append((source, utt))
            seconds += utt.duration + GAP_SECONDS
            if seconds >= args.chunk_minutes * 60:
                jobs.append((len(jobs), current, str(args.out), args.level))
                current, seconds = [], 0.0
    if current:
        jobs.append((len(jobs), current, str(args.out), args.level))
    try:
        with ProcessPoolExecutor(args.workers) as pool:
            rows = [row for chunk_rows in pool.map(encode_chunk, jobs) for row in chunk_rows]
    except PackError as exc:  # names the file; leave it out of the manifest or fix it
        raise SystemExit(f"error: {exc}") from None
    with open(args.out / "index.jsonl", "w", encoding="utf-8") as f:
        f.writelines(json.dumps(row) + "\n" for row in rows)
    size = sum(p.stat().st_size for p in args.out.glob("chunk-*.ogg"))
    hours = sum(row["samples"] for row in rows) / SAMPLE_RATE / 3600
    mib = size / 2**20
    print(f"packed {len(rows)} utterances, {hours:.3f} h, into {len(jobs)} chunks: {mib:.1f} MiB")


if __name__ == "__main__":
    main()
