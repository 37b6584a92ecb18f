"""Test-time vocal tract length normalization: does warping an unseen speaker's log-mels help?

Each utterance is decoded (greedy) with its log-mels' frequency axis warped by each factor of
:data:`ALPHAS` (:func:`yuyin.data.augment.warp_mel`, the warp VTLP training uses); a factor is
then picked per utterance or per speaker by the model's own confidence (mean frame log-prob of
the greedy path, over all frames or its non-blank ones; or the lowest mean entropy), as classic
VTLN picks a warp by likelihood. The oracle picks each utterance's best factor by its WER::

    python bench/asr_test_time_warp.py --test unseen-voices=work/corpora/unseen/manifest.jsonl \\
        --test human-pocketsphinx=work/testsets/pocketsphinx.jsonl \\
        --test human-mfa=work/testsets/mfa.jsonl [--model DIR] [--out FILE]

Deterministic (no sampling); one thread. Scored after ``normalize_for_scoring``.
"""

from __future__ import annotations

import argparse
import collections
import time
from pathlib import Path

import jiwer
import torch
from _env import named_paths, provenance, publish

from yuyin.audio import SAMPLE_RATE, load_audio
from yuyin.data.augment import warp_mel
from yuyin.data.manifest import read_manifest
from yuyin.decode.ctc import greedy_decode
from yuyin.text.normalize import normalize_for_scoring
from yuyin.transcribe import Recognizer

DEFAULT_OUT = Path(__file__).parent / "results" / "asr-test-time-warp.json"
ALPHAS = (0.82, 0.86, 0.90, 0.94, 0.97, 1.0, 1.03, 1.06, 1.10, 1.14, 1.18)
CRITERIA = {"confidence": 1.0, "confidence_non_blank": 1.0, "entropy": -1.0}  # sign: higher wins


@torch.no_grad()
def decode_warped(recognizer: Recognizer, wave: torch.Tensor) -> dict[float, dict]:
    """Greedy text and confidence of one utterance (1, S) at each warp factor."""
    model, lengths = recognizer.model, torch.tensor([wave.shape[1]])
    out = {}
    for alpha in ALPHAS:
        warp = None
        if alpha != 1.0:
            warp = lambda mel, a=alpha: warp_mel(mel, torch.full((mel.shape[0],), a))  # noqa: E731
        encoded = model.encoder(wave, lengths, mel_fn=warp)
        frames = int(encoded.lengths[0])
        log_probs = model.head(encoded.hidden).float().log_softmax(-1)[0, :frames]  # (T, V)
        best = log_probs.max(-1)
        non_blank = best.values[best.indices != 0]  # the greedy path's letters
        out[alpha] = {
            "text": greedy_decode(log_probs, frames, recognizer.tokenizer).text,
            "confidence": float(best.values.mean()),
            "confidence_non_blank": float(non_blank.mean()) if non_blank.numel() else -1e9,
            "entropy": float(-(log_probs.exp() * log_probs).sum(-1).mean()),
        }
    return out


def wer(rows: list[dict], pick) -> float:
    refs = [r["ref"] for r in rows]
    hyps = [normalize_for_scoring(r["warped"][pick(r)]["text"]) for r in rows]
    return round(100 * jiwer.wer(refs, hyps), 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--test", action="append", required=True, help="NAME=MANIFEST (repeat)")
    parser.add_argument("--model", help="recognizer folder (default: the bundled one)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    started = time.time()
    torch.set_num_threads(1)
    recognizer = Recognizer.load(args.model)
    results = {}
    for name, manifest in named_paths(args.test, "--test", parser).items():
        rows = []
        for u in read_manifest(manifest):
            ref = normalize_for_scoring(u.text or "")
            if not ref:
                continue
            wave = load_audio(u.audio)
            end = None if u.end is None else round(u.end * SAMPLE_RATE)
            wave = torch.from_numpy(wave[round(u.start * SAMPLE_RATE) : end]).float()[None]
            rows.append(
                {"ref": ref, "speaker": u.speaker, "warped": decode_warped(recognizer, wave)}
            )
        result = {"utterances": len(rows), "fixed": {}}
        for alpha in ALPHAS:
            result["fixed"][str(alpha)] = wer(rows, lambda r, a=alpha: a)
        for criterion, sign in CRITERIA.items():
            result[f"per_utterance_{criterion}"] = wer(
                rows,
                lambda r, c=criterion, s=sign: max(ALPHAS, key=lambda a: s * r["warped"][a][c]),
            )
            totals: dict = collections.defaultdict(collections.Counter)
            for r in rows:
                for alpha in ALPHAS:
                    totals[r["speaker"]][alpha] += sign * r["warped"][alpha][criterion]
            chosen = {speaker: max(t, key=t.get) for speaker, t in totals.items()}
            result[f"per_speaker_{criterion}"] = wer(rows, lambda r, c=chosen: c[r["speaker"]])
        result["oracle_per_utterance"] = wer(
            rows,
            lambda r: min(
                ALPHAS,
                key=lambda a: jiwer.wer(r["ref"], normalize_for_scoring(r["warped"][a]["text"])),
            ),
        )
        results[name] = result
        print(name, result, flush=True)
    report = {
        "bench": "asr-test-time-warp",
        "model": args.model or "bundled",
        "decoding": "greedy",
        "alphas": list(ALPHAS),
        "tests": dict(t.split("=", 1) for t in args.test),
        "results": results,
        "units": "WER in percent",
        "command": "python bench/asr_test_time_warp.py "
        + " ".join(f"--test {t}" for t in args.test),
        **provenance(started),
    }
    publish(report, args.out)


if __name__ == "__main__":
    main()
