"""The shipped G2P on words CMUdict lacks, as a TTS front end meets them in modern text.

``words.tsv``: 246 words absent from CMUdict (60 modern coinages such as "doomscrolling",
60 brand and app names, 56 names of public figures and places in the news, 40 scientific and
medical terms, 30 words derived from names and brands such as "Ubered"), each with the reading
an American says, in CMUdict's ARPAbet with stress. A helper chose and labeled them from its own
knowledge (session 51), without running any G2P or eSpeak on them and without seeing the
G2P's code; a second helper reviewed the labels the same way (2 mended, 4 dropped as said two
ways: "Kyiv", "Tagovailoa", "Mbappe", "Bakhmut"). One speaker's reading each: where two are
said, the table has one, so the rates here are upper bounds, and unstressed vowels (AH0 or
IH0) count as CMUdict writes them.

Each word is read alone through :meth:`yuyin.text.g2p.G2P.words` (the shipped G2P: both neural
beams reranked) and by eSpeak NG (Piper's phonemizer, its phones mapped to ARPAbet,
:class:`yuyin.text.espeak_phones.EspeakPhones`). Prints JSON: per group and overall, word error
rate with and without stress and phone error rate without stress, for each, and the words the
shipped G2P reads wrong without stress.

    python bench/g2p_oov/run.py > bench/results/g2p-oov.json
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from yuyin.text.espeak_phones import EspeakPhones
from yuyin.text.g2p import G2P
from yuyin.text.lexicon import strip_stress
from yuyin.train.g2p_scores import edit_distance

TABLE = Path(__file__).with_name("words.tsv")


def _rates(said: list[list[str]], refs: list[list[str]]) -> dict:
    bare = [(strip_stress(s), strip_stress(r)) for s, r in zip(said, refs, strict=True)]
    phones = sum(len(r) for _, r in bare)
    return {
        "words": len(refs),
        "wer": round(100 * sum(s != r for s, r in zip(said, refs, strict=True)) / len(refs), 1),
        "wer_no_stress": round(100 * sum(s != r for s, r in bare) / len(refs), 1),
        "per_no_stress": round(100 * sum(edit_distance(s, r) for s, r in bare) / phones, 1),
    }


def main() -> None:
    rows = [
        line.split("\t")
        for line in TABLE.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    words, refs, groups = [r[0] for r in rows], [r[1].split() for r in rows], [r[2] for r in rows]
    start = time.perf_counter()
    ours = [list(p) for p in G2P().words(words)]
    seconds = time.perf_counter() - start
    espeak = [list(p) for p in EspeakPhones().read(words)]
    out: dict = {"bench": "g2p-oov", "command": "python bench/g2p_oov/run.py"}
    for name, said in (("shipped_g2p", ours), ("espeak", espeak)):
        out[name] = {}
        for group in [*sorted(set(groups)), "all"]:
            keep = [k for k, g in enumerate(groups) if group in (g, "all")]
            out[name][group] = _rates([said[k] for k in keep], [refs[k] for k in keep])
    out["shipped_g2p_seconds"] = round(seconds, 1)
    out["shipped_g2p_wrong_no_stress"] = [
        {"word": w, "group": g, "said": " ".join(s), "expected": " ".join(r)}
        for w, g, s, r in zip(words, groups, ours, refs, strict=True)
        if strip_stress(s) != strip_stress(r)
    ]
    print(json.dumps(out, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
