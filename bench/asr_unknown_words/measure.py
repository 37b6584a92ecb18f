"""WER of the bundled recognizer (beam 8) with each set's word LM, for several
``DecodingOptions.unk_letter_offset`` values; ``--tune`` sets choose the value (lowest mean
WER), ``--test`` sets are scored for every value. Counts the words of 16 letters or more in the
hypotheses (glued words: no reference word here is that long). See run.sh.

    python bench/asr_unknown_words/measure.py --tune NAME=MANIFEST:LM ... --test NAME=MANIFEST:LM
        [--values 0 -0.5 -1 -1.5 -2 -3] [--out FILE]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import jiwer
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _env import provenance, publish  # noqa: E402

from yuyin.audio import load_audio  # noqa: E402
from yuyin.data.manifest import read_manifest  # noqa: E402
from yuyin.decode.ctc import DecodingOptions  # noqa: E402
from yuyin.decode.lm_mix import load_decoding_lm  # noqa: E402
from yuyin.text.normalize import normalize_for_scoring  # noqa: E402
from yuyin.transcribe import Recognizer  # noqa: E402

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "results" / "asr-unknown-words.json"
GLUED = 16  # letters: a hypothesis word this long is words glued together here


def score(manifest: str, lm_spec: str, values: list[float]) -> dict:
    utts = [u for u in read_manifest(manifest) if u.text]
    waves = [load_audio(u.audio) for u in utts]
    refs = [normalize_for_scoring(u.text) for u in utts]
    lm = load_decoding_lm(lm_spec, None, 0.5)
    out = {"utterances": len(utts), "lm": lm_spec, "by_value": {}}
    for value in values:
        options = DecodingOptions(beam_size=8, unk_letter_offset=value)
        recognizer = Recognizer.load(options=options, lm=lm)
        hyps = [normalize_for_scoring(recognizer.transcribe_wave(w).text) for w in waves]
        glued = sum(len(word) >= GLUED for hyp in hyps for word in hyp.split())
        wer = round(100 * jiwer.wer(refs, hyps), 2)
        out["by_value"][str(value)] = {"wer": wer, "glued_words": glued}
        print(manifest, value, wer, glued, flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tune", action="append", default=[], help="NAME=MANIFEST:LM")
    parser.add_argument("--test", action="append", default=[], help="NAME=MANIFEST:LM")
    parser.add_argument("--values", type=float, nargs="+", default=[0, -0.5, -1, -1.5, -2, -3])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--command", default="bash bench/asr_unknown_words/run.sh", help="recorded")
    args = parser.parse_args()
    torch.set_num_threads(1)
    started = time.time()
    sets = {}
    for role, items in (("tune", args.tune), ("test", args.test)):
        for item in items:
            name, _, rest = item.partition("=")
            manifest, _, lm_spec = rest.rpartition(":")
            sets[name] = {
                "role": role,
                "manifest": manifest,
                **score(manifest, lm_spec, args.values),
            }
    tuned = [s for s in sets.values() if s["role"] == "tune"]
    mean = {
        str(v): round(sum(s["by_value"][str(v)]["wer"] for s in tuned) / max(len(tuned), 1), 2)
        for v in args.values
    }
    report = {
        "bench": "asr-unknown-words",
        "model": "bundled",
        "decoding": "beam 8, lm_weight 0.5, word_bonus 2.5, unk_offset -10",
        "values": args.values,
        "tune_mean_wer": mean,
        "chosen": float(min(mean, key=mean.get)) if tuned else None,
        "sets": sets,
        "units": "WER in percent; glued_words: hypothesis words of 16+ letters",
        "command": args.command,
        **provenance(started),
    }
    publish(report, args.out)


if __name__ == "__main__":
    main()
