"""The letter tagger G2P alone, on the CMUdict test split.

Prints one JSON object (and writes it to ``--out``): trains :class:`yuyin.models.g2p_tagger.
LetterTagger` on the graphone alignment a ``yuyin g2p train-fst`` folder keeps (the train split's
pronunciations: never a dev or test word), then scores every test word with its best tag sequence
(WER/PER with and without stress), with the training and decoding seconds. Every number is
measured here.

    yuyin g2p train-fst --out FST_DIR                                   # ~3 min on one core
    python bench/g2p_tagger.py --fst FST_DIR --work DIR [--config FILE] [--set KEY=VALUE ...]
                               [--encoder DIR] [--threads N] [--out FILE]

``--encoder`` starts the encoder from a masked-character encoder of ``bench/g2p.py``
(``WORK/pretrained/encoder``) of the same size.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import asdict
from pathlib import Path

import torch
from _env import git_commit, publish
from g2p import percent

from yuyin.config import apply_overrides, build_dataclass, load_yaml
from yuyin.models.g2p_tagger import TaggerConfig, tagger_nbest
from yuyin.text.g2p import cmudict_split
from yuyin.text.joint_sequence import read_alignment
from yuyin.train.g2p import load_char_encoder, score_pronunciations
from yuyin.train.g2p_tagger import TaggerSettings, train_tagger
from yuyin.train.loop import build_stages

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = ROOT / "configs" / "g2p" / "tagger.yaml"
DEFAULT_OUT = ROOT / "bench" / "results" / "g2p-tagger.json"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fst", type=Path, required=True, help="yuyin g2p train-fst folder")
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--config", type=Path, default=DEFAULT_CONFIG)
    parser.add_argument("--set", dest="overrides", action="append", default=[])
    parser.add_argument("--encoder", type=Path, help="pretrained masked-character encoder")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    values = apply_overrides(load_yaml(args.config), args.overrides)
    config = build_dataclass(TaggerConfig, values.get("model"), "model")
    settings = build_stages(values, {"finetune": TaggerSettings})["finetune"]
    split = cmudict_split()
    aligned = read_alignment(args.fst)
    encoder = load_char_encoder(args.encoder) if args.encoder else None
    print(f"[g2p tagger] {len(aligned)} aligned pronunciations", file=sys.stderr, flush=True)
    model, result = train_tagger(aligned, split.dev, config, settings, args.work, encoder)
    started = time.monotonic()
    best = tagger_nbest(model, [e.word for e in split.test], 1)
    scores = score_pronunciations([b[0][0] if b else () for b in best], split.test)
    report = {
        "bench": "g2p-tagger",
        "commit": git_commit(),
        "threads": torch.get_num_threads(),
        "config": str(args.config),
        "overrides": args.overrides,
        "fst": str(args.fst),
        "encoder": str(args.encoder) if args.encoder else None,
        "parameters": sum(p.numel() for p in model.parameters()),
        "tags": len(model.config.tags),
        "train": model.yuyin_meta,  # type: ignore[attr-defined]
        "settings": asdict(settings),
        "test": percent(asdict(scores)),
        "decode_seconds": round(time.monotonic() - started, 1),
        "units": "error rates in percent; seconds of wall time",
        "command": " ".join(["python", "bench/g2p_tagger.py", *(argv or sys.argv[1:])]),
    }
    publish(report, args.out)


if __name__ == "__main__":
    main()
