"""G2P quality: does masked-character pretraining on spellings help the neural G2P?

Prints one JSON object (and writes it to ``--out``, default ``bench/results/g2p.json``). Every
number is measured on this machine in this run; nothing is assumed.

Two runs with the same settings (``configs/g2p/tiny.yaml`` plus ``--set`` overrides), the same
seed and the same fine-tuning budget (steps and batch size) on the CMUdict train split
(:func:`yuyin.text.g2p.cmudict_split`, split seed 0):

* ``scratch``: the encoder-decoder from random weights;
* ``pretrained``: the encoder first pretrained as a masked character model on spellings only
  (:func:`yuyin.train.g2p.pretraining_words`: no pronunciations, no test-split word), then the same
  fine-tuning.

Both are scored on every word of the test split, greedy and with a beam of 4: WER and PER with
stress (what the model outputs) and with stress stripped (39 phones, the basis of most published
CMUdict numbers; the published splits differ from ours, so those numbers are a rough anchor, not a
like-for-like comparison). ``seconds`` are wall times on this machine, which other jobs may share.

``--ship`` saves the run with the lower dev WER (greedy, at the end of fine-tuning: the choice never
looks at the test split) as the shipped model (``src/yuyin/assets/models/g2p``), with its test
scores in the model's metadata.

    python bench/g2p.py [--config FILE] [--set KEY=VALUE ...] [--work DIR] [--threads N]
                        [--variants scratch,pretrained] [--encoder DIR] [--resume] [--ship]
                        [--out FILE]

``--encoder`` reuses an encoder pretrained by an earlier run (``WORK/pretrained/encoder``) instead
of pretraining again; its pretraining steps and seconds come from its saved metadata.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

import torch
from _env import git_commit, publish

from yuyin.config import apply_overrides, load_yaml
from yuyin.hub import save_model
from yuyin.models.g2p import G2P_KIND
from yuyin.text.g2p import DEFAULT_MODEL_DIR, load_g2p_model
from yuyin.train.g2p import G2PSettings, train_g2p

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = ROOT / "configs" / "g2p" / "tiny.yaml"
DEFAULT_OUT = ROOT / "bench" / "results" / "g2p.json"
VARIANTS = ("scratch", "pretrained")
BEAMS = (1, 4)


def percent(scores: dict) -> dict:
    """Error rates (fractions) of a G2PScores dict as percents, with the word count."""
    keys = ("wer", "per", "wer_no_stress", "per_no_stress")
    return {k: round(100 * scores[k], 2) for k in keys} | {"words": scores["words"]}


def ship(run_dir: Path, variant: str, results: dict) -> Path:
    """Save the model of ``run_dir`` as the shipped G2P model, its test scores in the meta."""
    model = load_g2p_model(run_dir / "model")
    meta = dict(model.yuyin_meta)  # type: ignore[attr-defined]
    meta.update(
        variant=variant,
        test_scores={f"beam{b}": percent(results[f"test_beam{b}"]) for b in BEAMS},
        trained_with="bench/g2p.py",
    )
    return save_model(model, DEFAULT_MODEL_DIR, G2P_KIND, model.config, meta)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", type=Path, default=DEFAULT_CONFIG)
    parser.add_argument("--set", dest="overrides", action="append", default=[])
    parser.add_argument("--work", type=Path, default=ROOT / "runs" / "bench-g2p")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument(
        "--encoder", type=Path, help="pretrained encoder to reuse (its training stats are kept)"
    )
    parser.add_argument(
        "--resume", action="store_true", help="continue killed runs in --work (same arguments)"
    )
    parser.add_argument("--ship", action="store_true", help="save the better model as shipped")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    variants = [v for v in args.variants.split(",") if v]
    if unknown := sorted(set(variants) - set(VARIANTS)):
        parser.error(f"unknown variant(s) {unknown}; known: {', '.join(VARIANTS)}")

    settings = G2PSettings.from_dict(apply_overrides(load_yaml(args.config), args.overrides))
    started = time.monotonic()
    runs = {}
    for variant in variants:
        print(f"[g2p bench] {variant} ...", file=sys.stderr, flush=True)
        pretrained = variant == "pretrained"
        out = train_g2p(
            settings,
            args.work / variant,
            pretrain=pretrained,
            encoder_dir=args.encoder if pretrained else None,
            beams=BEAMS,
            resume=args.resume,
        )
        runs[variant] = out
    report = {
        "bench": "g2p",
        "commit": git_commit(),
        "machine": {
            "platform": platform.platform(),
            "processor": platform.processor() or platform.machine(),
            "cpus": os.cpu_count(),
            "torch": torch.__version__,
            "threads": torch.get_num_threads(),
        },
        "config": str(args.config),
        "overrides": args.overrides,
        "split": next(iter(runs.values()))["split"] if runs else None,
        "parameters": next(iter(runs.values()))["parameters"] if runs else None,
        "runs": {
            variant: {
                "pretrain": out.get("pretrain"),
                "finetune": out["finetune"],
                **{f"test_beam{b}": percent(out[f"test_beam{b}"]) for b in BEAMS},
                "decode_seconds": {f"beam{b}": out[f"test_beam{b}"]["seconds"] for b in BEAMS},
            }
            for variant, out in runs.items()
        },
        "units": "error rates in percent; seconds of wall time",
        "total_seconds": round(time.monotonic() - started, 1),
    }
    if args.ship and runs:
        best = min(runs, key=lambda v: runs[v]["finetune"]["dev"].get("dev_wer", 1.0))
        ship(args.work / best, best, runs[best])
        report["shipped"] = best
    publish(report, args.out)


if __name__ == "__main__":
    main()
