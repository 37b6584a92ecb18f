"""Shared by the ASR bench scripts: decode named test manifests with several decoders.

Imported as a sibling module (``from _asr import ...``), like ``_env``.
"""

from __future__ import annotations

import sys

from yuyin.data.manifest import read_manifest
from yuyin.eval.asr import evaluate_decoders


def score_test_sets(recognizer, tests: dict[str, str], decoders: dict, tag: str) -> dict:
    """``{name: {"manifest": path, decoder: scores}}`` for every ``NAME=MANIFEST`` of ``tests``.

    One forward pass per utterance is shared by all ``decoders`` (``None``: greedy); each set's
    WER/CER per decoder is printed to stderr as it finishes, prefixed with ``[tag]``.
    """
    results = {}
    for name, path in tests.items():
        reports = evaluate_decoders(
            recognizer.model, recognizer.tokenizer, read_manifest(path), decoders
        )
        results[name] = {"manifest": path, **{k: r.to_dict() for k, r in reports.items()}}
        line = "  ".join(f"{k} {r.wer:.2%}/{r.cer:.2%}" for k, r in reports.items())
        print(f"[{tag}] {name}: WER/CER {line}", file=sys.stderr, flush=True)
    return results
