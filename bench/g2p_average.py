"""G2P checkpoint averaging after the fact: score the mean of chosen fine-tuning checkpoints.

Prints one JSON object (and writes it to ``--out``): the mean of the checkpoints at ``--steps`` of
a ``bench/g2p.py`` run folder (``WORK/<variant>``), scored like ``bench/g2p.py`` scores (dev WER
greedy on the fine-tuning dev words; every test word greedy and with a beam of 4, with and without
stress), plus the training time up to the last averaged checkpoint: the encoder's pretraining
seconds (from its saved metadata) plus the fine-tuning seconds at that step (from the run's
``log.csv``). It answers "what did N minutes of training give" for a run that went on longer.

    python bench/g2p_average.py WORK/pretrained --steps 5600 6000 6400 [--save DIR] [--threads N]
                                [--out FILE]

``--save`` writes the averaged model as a G2P model folder (an ensemble member, say). A run
stopped before its end (no ``model/`` folder yet) works too: the model is built from the
checkpoint's saved config.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import torch
from _env import git_commit, publish
from g2p_ensemble import DEV_WORDS, score

from yuyin.hub import read_model_config, save_model
from yuyin.models.g2p import G2P_KIND, G2PConfig, build_g2p
from yuyin.text.g2p import GRAPHEMES, PHONE_TOKENS, SPLIT_SEED, cmudict_split, load_g2p_model
from yuyin.train.checkpoint import CHECKPOINT_PREFIX, average_weights, read_state


def seconds_at(log_csv: Path, step: int) -> float:
    """Training seconds the run's ``log.csv`` records at ``step`` (the closest row at or after)."""
    with log_csv.open(encoding="utf-8") as fh:
        rows = [(int(r["step"]), float(r["seconds"])) for r in csv.DictReader(fh)]
    after = [seconds for s, seconds in rows if s >= step]
    if not after:
        raise SystemExit(f"{log_csv}: no row at or after step {step}")
    return after[0]


def _model_of(run: Path, checkpoint: Path) -> torch.nn.Module:
    """The run's finished model, or for a run stopped before its end one built from the
    checkpoint's saved config (same alphabets as this yuyin: the run made it)."""
    if (run / "model" / "config.json").is_file():
        return load_g2p_model(run / "model")
    config = G2PConfig(**read_state(checkpoint)["model_config"]["model"])
    model = build_g2p(config)
    meta = {"chars": GRAPHEMES, "phones": list(PHONE_TOKENS), "split_seed": SPLIT_SEED}
    model.yuyin_meta = {**meta, "stopped_run": str(run)}  # type: ignore[attr-defined]
    return model


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("run", type=Path, help="a bench/g2p.py variant folder (WORK/<variant>)")
    parser.add_argument("--steps", type=int, nargs="+", required=True)
    parser.add_argument("--save", type=Path, help="write the averaged model here")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--limit", type=int, help="score only the first N test words (smoke runs)")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    finetune = args.run / "finetune"
    paths = [finetune / f"{CHECKPOINT_PREFIX}{step:08d}" for step in sorted(args.steps)]
    if missing := [str(p) for p in paths if not p.is_dir()]:
        parser.error(f"no such checkpoint(s): {', '.join(missing)}")
    model = _model_of(args.run, paths[-1])
    average_weights(model, paths)
    model.eval()
    pretrain_seconds = 0.0
    encoder_dir = args.run / "encoder"
    if (encoder_dir / "config.json").is_file():
        pretrain_seconds = float(read_model_config(encoder_dir)["meta"].get("seconds", 0.0))
    finetune_seconds = seconds_at(finetune / "log.csv", max(args.steps))

    split = cmudict_split()
    print("[g2p average] scoring ...", file=sys.stderr, flush=True)
    results = score(model, split, args.limit)
    report = {
        "bench": "g2p-average",
        "commit": git_commit(),
        "threads": torch.get_num_threads(),
        "run": str(args.run),
        "steps": sorted(args.steps),
        "training_minutes": {
            "pretrain": round(pretrain_seconds / 60, 1),
            "finetune": round(finetune_seconds / 60, 1),
            "total": round((pretrain_seconds + finetune_seconds) / 60, 1),
        },
        "split": {"seed": 0, "dev_words": DEV_WORDS, "test_words": len(split.test[: args.limit])},
        "results": results,
        "units": "error rates in percent; seconds of wall time",
        "command": " ".join(["python", "bench/g2p_average.py", *(argv or sys.argv[1:])]),
    }
    if args.save:
        meta = dict(model.yuyin_meta)  # type: ignore[attr-defined]
        meta["averaged"] = {"steps": sorted(args.steps), "by": "bench/g2p_average.py"}
        save_model(model, args.save, G2P_KIND, model.config, meta)
        report["saved"] = str(args.save)
    publish(report, args.out)


if __name__ == "__main__":
    main()
