"""Pad each clip of a manifest with lead/tail room noise (what one's own recordings have)."""

import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

from yuyin.audio import SAMPLE_RATE, save_audio
from yuyin.data.dataset import load_utterance
from yuyin.data.manifest import read_manifest, write_manifest

src, out, lead, tail = sys.argv[1], Path(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
out.mkdir(parents=True, exist_ok=True)
rng = np.random.default_rng(0)
utts = []
for u in read_manifest(src):
    w = load_utterance(u)
    a = rng.normal(0, 0.001, round(lead * SAMPLE_RATE)).astype(np.float32)  # -60 dBFS room noise
    b = rng.normal(0, 0.001, round(tail * SAMPLE_RATE)).astype(np.float32)
    x = np.concatenate([a, w + rng.normal(0, 0.001, len(w)).astype(np.float32), b])
    p = save_audio(out / (u.id.replace("/", "_") + ".wav"), x)
    utts.append(replace(u, audio=str(p), duration=len(x) / SAMPLE_RATE))
write_manifest(out / "manifest.jsonl", utts)
print(len(utts), sum(u.duration for u in utts) / 60, "min")
