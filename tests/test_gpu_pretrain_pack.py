"""recipes/gpu_pretrain: packing unlabeled corpora into Ogg Opus and unpacking them again."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import soundfile as sf

RECIPE = Path(__file__).resolve().parent.parent / "recipes" / "gpu_pretrain"
RATE = 16000


def _tone(seconds: float, hz: float) -> np.ndarray:
    t = np.arange(round(seconds * RATE)) / RATE
    return (0.3 * np.sin(2 * np.pi * hz * t)).astype(np.float32)


def _manifest(folder: Path, name: str, tones: list[tuple[float, float]]) -> Path:
    folder.mkdir(parents=True)
    rows = []
    for i, (seconds, hz) in enumerate(tones):
        path = folder / f"{name}{i}.wav"
        sf.write(path, _tone(seconds, hz), RATE)
        rows.append({"id": f"{name}{i}", "audio": str(path), "duration": seconds})
    manifest = folder / "manifest.jsonl"
    manifest.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return manifest


def test_pack_then_unpack_gives_back_each_utterance(tmp_path):
    first = _manifest(tmp_path / "tones-a", "a", [(0.7, 440.0), (1.3, 880.0), (0.4, 300.0)])
    second = _manifest(tmp_path / "tones-b", "b", [(2.1, 500.0)])
    packed, unpacked = tmp_path / "packed", tmp_path / "unpacked"
    run = [sys.executable, str(RECIPE / "pack.py"), "--data", str(first), "--data", str(second)]
    # chunks of 0.03 min (1.8 s) put the utterances into several files
    run += ["--out", str(packed), "--chunk-minutes", "0.03", "--workers", "1", "--level", "0.5"]
    subprocess.run(run, check=True, capture_output=True)
    chunks = sorted(packed.glob("chunk-*.ogg"))
    assert len(chunks) >= 2
    subprocess.run(
        [sys.executable, str(RECIPE / "unpack.py"), str(packed), str(unpacked), "--workers", "1"],
        check=True,
        capture_output=True,
    )
    # one manifest per source folder, the same ids and durations in the same order
    for manifest, name in ((first, "tones-a"), (second, "tones-b")):
        want = [json.loads(line) for line in manifest.read_text().splitlines()]
        got = [json.loads(line) for line in (unpacked / f"{name}.jsonl").read_text().splitlines()]
        assert [g["id"] for g in got] == [w["id"] for w in want]
        assert [g["duration"] for g in got] == [w["duration"] for w in want]
        for g, w in zip(got, want, strict=True):
            wave, rate = sf.read(g["audio"], dtype="float32")
            original, _ = sf.read(w["audio"], dtype="float32")
            assert rate == RATE and wave.size == original.size
            # lossy, but each utterance is its own tone, not a neighbour's
            spectrum = np.abs(np.fft.rfft(wave))
            peak_hz = np.argmax(spectrum) * RATE / wave.size
            want_peak = np.argmax(np.abs(np.fft.rfft(original))) * RATE / original.size
            assert abs(peak_hz - want_peak) < 5.0


def test_pack_names_a_corrupt_file(tmp_path):
    manifest = _manifest(tmp_path / "tones", "t", [(0.5, 440.0)])
    (tmp_path / "tones" / "t0.wav").write_bytes(b"RIFF not really a wave")
    run = [sys.executable, str(RECIPE / "pack.py"), "--data", str(manifest)]
    done = subprocess.run(
        [*run, "--out", str(tmp_path / "packed"), "--workers", "1"], capture_output=True, text=True
    )
    assert done.returncode == 1
    assert "t0.wav" in done.stderr and "Traceback" not in done.stderr
