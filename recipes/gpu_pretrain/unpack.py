"""Decode what ``pack.py`` wrote back into one 16 kHz WAV per utterance and a manifest per source.

    python recipes/gpu_pretrain/unpack.py .carry/unlab /tmp/unlab --workers 16
    # -> /tmp/unlab/<source>.jsonl, /tmp/unlab/wavs/<source>/<id>.wav

Needs only numpy and soundfile, so it runs before yuyin's other dependencies are in place.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import soundfile as sf

SAMPLE_RATE = 16000


def decode_chunk(job: tuple[str, list[dict], str]) -> list[dict]:
    """Decode one chunk and write its utterances; return their manifest rows (with source)."""
    chunk, rows, out_dir = job
    audio, rate = sf.read(chunk, dtype="float32")  # (S,)
    if rate != SAMPLE_RATE:
        raise SystemExit(f"{chunk}: {rate} Hz, expected {SAMPLE_RATE}")
    records = []
    for row in rows:
        wave = audio[row["start"] : row["start"] + row["samples"]]
        path = Path(out_dir) / "wavs" / row["source"] / f"{row['id']}.wav"
        path.parent.mkdir(parents=True, exist_ok=True)
        sf.write(path, wave, SAMPLE_RATE, subtype="PCM_16")
        records.append(
            {
                "source": row["source"],
                "id": row["id"],
                "audio": str(path.resolve()),
                "duration": round(wave.size / SAMPLE_RATE, 3),
            }
        )
    return records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("packed", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--workers", type=int, default=8)
    args = parser.parse_args()

    by_chunk: dict[str, list[dict]] = defaultdict(list)
    with open(args.packed / "index.jsonl", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            by_chunk[row["chunk"]].append(row)
    jobs = [(str(args.packed / chunk), rows, str(args.out)) for chunk, rows in by_chunk.items()]
    args.out.mkdir(parents=True, exist_ok=True)
    manifests: dict[str, list[dict]] = defaultdict(list)
    with ProcessPoolExecutor(args.workers) as pool:
        for records in pool.map(decode_chunk, jobs):
            for record in records:
                manifests[record.pop("source")].append(record)
    for source, records in manifests.items():
        with open(args.out / f"{source}.jsonl", "w", encoding="utf-8") as f:
            f.writelines(json.dumps(r) + "\n" for r in records)
        hours = sum(r["duration"] for r in records) / 3600
        print(f"{source}: {len(records)} utterances, {hours:.3f} h -> {args.out / source}.jsonl")


if __name__ == "__main__":
    main()
