"""Spoken-command classification with few examples: pretrained encoder vs training from scratch.

    yuyin data synth --text recipes/commands/commands.txt --hours 0.085 \
        --voices espeak:8,festival:3 --seed 20 -o work/corpora/commands-train
    yuyin data synth --eval-voices --text recipes/commands/commands.txt --hours 0.05 \
        --seed 21 -o work/corpora/commands-unseen
    python recipes/commands/run.py --train work/corpora/commands-train/manifest.jsonl \
        --test work/corpora/commands-unseen/manifest.jsonl --pretrained hubert=work/runs/hubert-tiny

Training uses ``--per-class`` examples of each command (training voices, chosen by id hash);
the test set is said by voices never heard in training (flite). Prints and writes JSON.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

from yuyin.config import apply_overrides, load_yaml
from yuyin.data.manifest import read_manifest, write_manifest
from yuyin.hub import load_model
from yuyin.train.classify import accuracy, class_of, finetune_classifier
from yuyin.train.finetune import FinetuneSettings


def per_class_subset(manifest: Path, per_class: int, out: Path) -> Path:
    """The first ``per_class`` utterances of every class by id hash (the same every run)."""
    utts = sorted(read_manifest(manifest), key=lambda u: hashlib.blake2b(u.id.encode()).hexdigest())
    chosen: dict[str, list] = {}
    for utt in utts:
        group = chosen.setdefault(class_of(utt), [])
        if len(group) < per_class:
            group.append(utt)
    short = {c: len(g) for c, g in chosen.items() if len(g) < per_class}
    if short:
        sys.exit(f"{manifest}: fewer than {per_class} examples for {short}")
    return write_manifest(out, [u for group in chosen.values() for u in group])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=Path, required=True)
    parser.add_argument("--test", type=Path, required=True)
    parser.add_argument("--pretrained", action="append", default=[], metavar="NAME=RUN")
    parser.add_argument("--per-class", type=int, default=10)
    parser.add_argument("--config", type=Path, default=Path("configs/finetune/tiny.yaml"))
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=Path("work/commands"))
    parser.add_argument("--publish", type=Path, help="also write classify.json here")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    train = per_class_subset(args.train, args.per_class, args.out / "train.jsonl")
    test = read_manifest(args.test)
    values = apply_overrides(load_yaml(args.config), [f"loop.seed={args.seed}", *args.set])
    rows = []
    for name, pretrained in {
        "scratch": None,
        **dict(p.split("=", 1) for p in args.pretrained),
    }.items():
        run_dir = args.out / name
        started = time.time()
        if not (run_dir / "model").exists():
            finetune_classifier(
                train,
                None,
                FinetuneSettings.from_dict(values),
                run_dir,
                pretrained=pretrained,
                resume=(run_dir / "latest").exists(),
            )
        model = load_model(run_dir / "model")
        acc = accuracy(model, test, model.yuyin_meta["classes"])
        rows.append(
            {
                "encoder": name,
                "pretrained": pretrained,
                "test_accuracy": round(acc, 4),
                "seconds": round(time.time() - started, 1),
            }
        )
        print(json.dumps(rows[-1]), flush=True)
    report = {
        "command": " ".join(sys.argv),
        "seed": args.seed,
        "per_class": args.per_class,
        "classes": len({class_of(u) for u in read_manifest(train)}),
        "train_utterances": len(read_manifest(train)),
        "test_utterances": len(test),
        "test": str(args.test),
        "overrides": args.set,
        "results": rows,
    }
    for folder in filter(None, [args.out, args.publish]):
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "classify.json").write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
