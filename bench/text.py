"""Text-model quality: does pretraining an LM on general text help when in-domain text is scarce?

Prints one JSON object with a key per part (``lm`` here; other text models add theirs to
:data:`PARTS`). Every number is measured on this machine in this run; nothing is assumed.

LM part. The in-domain text is the King James Bible (shipped prompts, ``kjv``): a seeded subset
of ``--in-domain-sentences`` sentences of its train split for fine-tuning, its whole test split
for scoring. The general text is Jane Austen (``austen`` train split) plus the Debian text that is
installed (fortunes, WordNet glosses; listed under ``data``): another style, so what carries over
is English, not the domain. Three models, all with ``configs/lm/tiny.yaml``:

* ``scratch``: random weights, trained on the in-domain subset only, with the ``pretrain`` rate
  and warm-up (right for random weights) for the ``finetune`` number of steps;
* ``pretrained``: trained on the general text (``pretrain`` settings), not fine-tuned;
* ``pretrained_finetuned``: ``pretrained`` fine-tuned on the in-domain subset (``finetune``
  settings: the same number of steps as ``scratch``, a lower rate).

Each is scored on the KJV test sentences (one at a time, ``p(s <sep> | <sep>)``): perplexity per
token and bits per character (sentence ends counted as characters). ``train_seconds`` is the wall
time of the training call (data encoding, the loop, saving).

    python bench/text.py [--parts lm] [--in-domain-sentences N] [--pretrain-steps N]
                         [--finetune-steps N] [--seed N] [--threads N] [--work DIR] [--out FILE]

With ``--out`` an existing JSON is updated: parts not run keep their previous results.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, replace
from pathlib import Path

import torch
from _env import publish

from yuyin.config import apply_overrides, load_yaml
from yuyin.data.text_corpus import DEBIAN_SOURCES, debian_sentences, public_corpus, subset
from yuyin.train.lm import LMEval, LMSettings, evaluate_lm, finetune_lm, load_lm, pretrain_lm

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = ROOT / "configs" / "lm" / "tiny.yaml"
IN_DOMAIN = "kjv"
GENERAL = ("austen", *DEBIAN_SOURCES)  # Debian sources count only when installed
DEFAULT_IN_DOMAIN_SENTENCES = 2000  # about 170k characters: "little in-domain text"
QUIET = ["pretrain.progress=false", "pretrain.tensorboard=false"]
QUIET += ["finetune.progress=false", "finetune.tensorboard=false"]


def _size(sentences: list[str]) -> dict:
    return {"sentences": len(sentences), "characters": sum(len(s) + 1 for s in sentences)}


def _scores(result: LMEval) -> dict:
    return {
        "perplexity": round(result.perplexity, 4),
        "bits_per_char": round(result.bits_per_char, 4),
        "nll_nats_per_token": round(result.nll, 4),
    }


def _settings(args: argparse.Namespace) -> LMSettings:
    overrides = [*QUIET, f"data.subset_seed={args.seed}"]
    overrides += [f"{stage}.seed={args.seed}" for stage in ("pretrain", "finetune")]
    if args.pretrain_steps:
        overrides.append(f"pretrain.max_steps={args.pretrain_steps}")
    if args.finetune_steps:
        overrides.append(f"finetune.max_steps={args.finetune_steps}")
    return LMSettings.from_dict(apply_overrides(load_yaml(args.config), overrides))


def bench_lm(args: argparse.Namespace, work: Path) -> dict:
    """Scratch vs pretrained vs pretrained + fine-tuned LM on held-out in-domain text."""
    settings = _settings(args)
    general = public_corpus("train", GENERAL)
    general_dev = public_corpus("dev", GENERAL)
    general_test = public_corpus("test", ("austen",))
    domain_all = public_corpus("train", (IN_DOMAIN,))
    domain = subset(domain_all, args.in_domain_sentences, args.seed)
    domain_dev = public_corpus("dev", (IN_DOMAIN,))
    domain_test = public_corpus("test", (IN_DOMAIN,))
    installed = {name: len(found) for name, found in debian_sentences().items()}

    steps = settings.finetune.max_steps
    scratch_loop = replace(
        settings.pretrain, max_steps=steps, warmup_steps=min(settings.pretrain.warmup_steps, steps)
    )
    runs: dict[str, dict] = {}
    model_dirs: dict[str, Path] = {}

    started = time.monotonic()
    scratch = pretrain_lm(
        domain, replace(settings, pretrain=scratch_loop), work / "scratch", dev=domain_dev
    )
    runs["scratch"] = {"train_seconds": round(time.monotonic() - started, 1), "steps": steps}
    model_dirs["scratch"] = scratch.model_dir

    started = time.monotonic()
    general_run = pretrain_lm(general, settings, work / "general", dev=general_dev)
    runs["pretrained"] = {
        "train_seconds": round(time.monotonic() - started, 1),
        "steps": general_run.result.step,
    }
    model_dirs["pretrained"] = general_run.model_dir

    started = time.monotonic()
    tuned = finetune_lm(domain, general_run.model_dir, settings, work / "finetuned", dev=domain_dev)
    runs["pretrained_finetuned"] = {
        "train_seconds": round(time.monotonic() - started, 1),
        "steps": tuned.result.step,
        "plus_pretraining_seconds": runs["pretrained"]["train_seconds"],
    }
    model_dirs["pretrained_finetuned"] = tuned.model_dir

    for name, run in runs.items():
        model = load_lm(model_dirs[name])
        run["test_in_domain"] = _scores(evaluate_lm(model, domain_test))
        run["test_general"] = _scores(evaluate_lm(model, general_test))

    base = runs["scratch"]["test_in_domain"]["bits_per_char"]
    tuned_bpc = runs["pretrained_finetuned"]["test_in_domain"]["bits_per_char"]
    return {
        "question": "in-domain test quality: pretrained on general text + fine-tuned vs "
        "trained on the small in-domain set only, with the same fine-tuning steps",
        "seed": args.seed,
        "data": {
            "in_domain": f"{IN_DOMAIN} (shipped prompts)",
            "in_domain_train": {**_size(domain), "of": len(domain_all)},
            "in_domain_dev_for_logging": _size(domain_dev),
            "in_domain_test": _size(domain_test),
            "general_sources": [s for s in GENERAL if s == "austen" or installed.get(s)],
            "debian_sentences_found": installed,
            "general_train": _size(general),
            "general_test_austen": _size(general_test),
            "normalization": "normalize_for_scoring; char vocabulary: a-z, space, apostrophe",
        },
        "model": asdict(settings.model),
        "settings": {
            "batch_windows": settings.data.batch_size,
            "tokens_per_step": settings.data.batch_size * settings.model.context,
            "scratch": {"lr": scratch_loop.lr, "warmup_steps": scratch_loop.warmup_steps},
            "pretrain": {"lr": settings.pretrain.lr, "steps": settings.pretrain.max_steps},
            "finetune": {
                "lr": settings.finetune.lr,
                "warmup_steps": settings.finetune.warmup_steps,
            },
        },
        "runs": runs,
        "in_domain_bpc_reduction_vs_scratch": round(base - tuned_bpc, 4),
    }


# Other text benchmarks add themselves here: name -> function(args, work folder) -> JSON dict.
def bench_g2p(args: argparse.Namespace, work: Path) -> dict:
    """G2P WER/PER pretrained vs scratch: runs bench/g2p.py and returns its JSON."""
    out = work / "g2p.json"
    work.mkdir(parents=True, exist_ok=True)
    script = Path(__file__).with_name("g2p.py")
    command = [sys.executable, str(script), "--threads", str(args.threads), "--work", str(work)]
    subprocess.run([*command, "--out", str(out)], check=True)
    return json.loads(out.read_text(encoding="utf-8"))


PARTS: dict[str, Callable[[argparse.Namespace, Path], dict]] = {"lm": bench_lm, "g2p": bench_g2p}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--parts", default=",".join(PARTS), help=f"of {', '.join(PARTS)}")
    parser.add_argument("--config", type=Path, default=DEFAULT_CONFIG)
    parser.add_argument(
        "--in-domain-sentences", type=int, default=DEFAULT_IN_DOMAIN_SENTENCES, metavar="N"
    )
    parser.add_argument("--pretrain-steps", type=int, default=0, help="0: the config's")
    parser.add_argument("--finetune-steps", type=int, default=0, help="0: the config's")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--work", type=Path, default=None, help="run folders (default: temp)")
    parser.add_argument("--out", type=Path, default=None, help="also write (update) the JSON")
    args = parser.parse_args(argv)
    parts = [p.strip() for p in args.parts.split(",") if p.strip()]
    unknown = [p for p in parts if p not in PARTS]
    if unknown:
        parser.error(f"unknown part(s) {unknown}; known: {', '.join(PARTS)}")
    torch.set_num_threads(args.threads)

    report: dict = {}
    if args.out is not None and args.out.is_file():
        report = json.loads(args.out.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="yuyin-bench-text-") as tmp:
        work = args.work or Path(tmp)
        for part in parts:
            wall = time.monotonic()
            report[part] = PARTS[part](args, work / part)
            report[part]["command"] = " ".join(["python", "bench/text.py", *(argv or sys.argv[1:])])
            report[part]["host"] = {
                "platform": platform.platform(),
                "cpu_count": os.cpu_count(),
                "threads": args.threads,
                "python": platform.python_version(),
                "torch": torch.__version__,
            }
            report[part]["wall_s"] = round(time.monotonic() - wall, 1)
    publish(report, args.out)


if __name__ == "__main__":
    main()
