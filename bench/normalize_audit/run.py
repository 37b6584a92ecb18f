"""A normalization audit's 488 written sentences read again (``normalize_for_tts``).

``sentences.tsv`` (from a helper's audit at commit 47b48b4) holds each sentence, how it was read
then, and, for the 109 it judged misread, how a newsreader reads it. Prints JSON: how many of
those now read exactly as expected (and how many more differ from it only where a hyphen
stands for a space, "a two hundred-meter race": the same words, which the phonemizer says
alike), and which sentences that were read right then read
differently now (each to be looked at: better or worse).

    python bench/normalize_audit/run.py > bench/results/normalize-audit.json
"""

from __future__ import annotations

import json
from pathlib import Path

from yuyin.text.normalize import normalize_for_tts

TABLE = Path(__file__).with_name("sentences.tsv")


def _words(text: str) -> str:
    """The words said: a hyphen between words is a space to the phonemizer."""
    return " ".join(text.replace("-", " ").split())


def main() -> None:
    rows = [
        line.rstrip("\n").split("\t")
        for line in TABLE.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    misread = [(written, expected) for written, _, expected in rows if expected]
    still = [
        {"written": w, "now": normalize_for_tts(w), "expected": e}
        for w, e in misread
        if normalize_for_tts(w) != e
    ]
    changed = [
        {"written": w, "then": then, "now": normalize_for_tts(w)}
        for w, then, expected in rows
        if not expected and normalize_for_tts(w) != then
    ]
    print(
        json.dumps(
            {
                "bench": "normalize-audit",
                "sentences": len(rows),
                "misread_at_audit": len(misread),
                "now_as_expected": len(misread) - len(still),
                "now_differing_only_by_hyphens": sum(
                    _words(r["now"]) == _words(r["expected"]) for r in still
                ),
                "read_right_at_audit_now_different": changed,
                "still_not_as_expected": still,
            },
            indent=1,
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
