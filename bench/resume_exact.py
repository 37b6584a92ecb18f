"""Does every trainer resume exactly after ``kill -9``? Prints JSON, one record per trainer.

For each trainer a tiny run goes to 20 steps twice: A uninterrupted; B with checkpoints every 4
steps, killed (SIGKILL) as soon as its ``log.csv`` reaches step 11 (so B resumes from step 8 and
the killed process's rows for steps 9-11 are on disk), then run again with ``--resume``. The
record says whether every saved tensor (the final checkpoint, model and optimizer, and the
exported model folders) is bitwise equal, and whether ``log.csv``, ``eval.csv``,
``health.jsonl`` and ``diagnostics.jsonl`` hold the same steps (the side logs' pooled statistics
may differ after a resume; their steps may not), and whether every ``log.csv`` loss is equal::

    python bench/resume_exact.py [--only finetune,pretrain-hubert] [--out FILE]

One thread, about 10 minutes for all trainers on a CPU core. Corpora are tones made on the fly
(``tests/dummies.py``), the same every run.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from _env import git_commit, publish

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
DEFAULT_OUT = Path(__file__).parent / "results" / "resume-exact.json"
STEPS, CKPT_EVERY, KILL_AT = 20, 4, 11
ENV = {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "PYTHONHASHSEED": "0"}
LOOP = ["warmup_steps=3", "log_every=1", "progress=false", "tensorboard=false"]
LOOP += [f"max_steps={STEPS}", f"ckpt_every={CKPT_EVERY}", "eval_every=10", "keep_checkpoints=0"]
ENC = ["encoder.dim=32", "encoder.layers=2", "encoder.heads=2", "encoder.frontend_channels=16"]
Args = Callable[[Path], list[str]]


def sets(items: list[str], prefix: str = "") -> list[str]:
    return [a for item in items for a in ("--set", prefix + item)]


def corpora(root: Path) -> dict[str, Path]:
    from dummies import make_tone_corpus
    from yuyin.data.manifest import read_manifest, write_manifest
    from yuyin.text.g2p import cmudict_split

    made = {
        "ft": make_tone_corpus(root, n=16, seconds_range=(1.0, 2.0), name="ft")[0],
        "pre": make_tone_corpus(root, n=12, seconds_range=(1.0, 2.0), labeled=False, name="pre")[0],
        "tts": make_tone_corpus(root, n=10, seconds_range=(1.0, 2.0), speakers=1, name="tts")[0],
        "ttsdev": make_tone_corpus(root, n=3, seconds_range=(1.0, 2.0), seed=1, name="ttsdev")[0],
        "voc": make_tone_corpus(root, n=10, seconds_range=(0.3, 1.0), labeled=False, name="voc")[0],
    }
    everything = make_tone_corpus(root, n=60, seconds_range=(0.6, 1.0), name="cls")[0]
    commands = [u for u in read_manifest(everything) if u.text in ("yes", "no", "stop")]
    made["cls"] = write_manifest(root / "cls.jsonl", commands)
    split = cmudict_split()
    words = [*split.train[:300], *split.dev[:10]]
    made["lexicon"] = root / "own.dict"
    made["lexicon"].write_text("".join(f"{e.word} {' '.join(e.phones)}\n" for e in words))
    return made


def cases(c: dict[str, Path], tts_pretrained: Path) -> dict[str, tuple[Args, str]]:
    """name -> (the command's arguments for an output folder, the subfolder that is the run)."""
    loop = sets(LOOP, "loop.")
    finetune = [*ENC, "model.freeze_encoder_steps=8", "data.max_batch_seconds=6", "model.vtlp=0.1"]
    finetune += ["data.augment=true", "model.freq_masks=2", "augment.reverb_prob=0.5"]
    pretrain = [*ENC, "data.max_batch_seconds=6", "monitor.every=5", "monitor.probe_steps=5"]
    pretrain += ["wav2vec2.num_negatives=5", "wav2vec2.codebook_entries=16"]
    pretrain += ["wav2vec2.final_dim=16", "hubert.num_clusters=8", "hubert.final_dim=16"]
    tts = ["model.dim=32", "model.heads=2", "model.encoder_layers=1", "model.decoder_layers=1"]
    tts += ["model.predictor_channels=32", "model.aligner_channels=16", "model.bin_start_step=8"]
    for stage in ("pretrain", "train"):
        tts += [f"{stage}.loop.{x}" for x in [*LOOP, "num_workers=0"]]
        tts += [f"{stage}.max_batch_seconds=4", f"{stage}.stats_utterances=4"]
    tts += ["train.dev_utterances=3"]
    lm = ["model.dim=16", "model.layers=1", "model.heads=2", "model.context=16"]
    lm += ["data.batch_size=4", "data.eval_sentences=5", "data.max_sentences=300"]
    lm += [f"{stage}.{x}" for stage in ("pretrain", "finetune") for x in LOOP]
    g2p = ["model.dim=32", "model.heads=2", "model.encoder_layers=1", "model.decoder_layers=1"]
    g2p += ["finetune.dev_words=6", "finetune.average_last=2", "pretrain.max_batch_chars=256"]
    g2p += [f"{stage}.loop.{x}" for stage in ("pretrain", "finetune") for x in LOOP]
    vocoder = ["model.dim=32", "model.intermediate_dim=64", "model.layers=2", "data.batch_size=4"]
    vocoder += ["data.segment_seconds=0.16", "data.dev_utterances=2", "data.dev_max_seconds=0.5"]
    vocoder += ["adversarial.enabled=true", "adversarial.start_step=8"]
    vocoder += [
        "adversarial.discriminator={periods: [2], period_channels: [4], resolution_channels: 4}"
    ]

    def cli(*args: str) -> Args:
        return lambda out: [*args, "--out", str(out)]

    def pre(objective: str) -> Args:
        return cli(
            "pretrain",
            "--objective",
            objective,
            "--data",
            str(c["pre"]),
            "--probe",
            str(c["ft"]),
            "--config",
            "configs/pretrain/tiny.yaml",
            *sets(pretrain),
            *loop,
        )

    return {
        "finetune": (
            cli(
                "finetune",
                "--train",
                str(c["ft"]),
                "--dev",
                str(c["ft"]),
                "--config",
                "configs/finetune/tiny.yaml",
                *sets(finetune),
                *loop,
            ),
            "",
        ),
        "classify": (
            cli(
                "finetune",
                "--task",
                "classify",
                "--train",
                str(c["cls"]),
                *sets([*ENC, "data.augment=true", "model.freeze_encoder_steps=8"]),
                *loop,
            ),
            "",
        ),
        "pretrain-reconstruct": (pre("reconstruct"), ""),
        "pretrain-wav2vec2": (pre("wav2vec2"), ""),
        "pretrain-hubert": (pre("hubert"), ""),
        "lm": (
            cli("lm", "train", "--corpus", "austen", "--config", "configs/lm/tiny.yaml", *sets(lm)),
            "",
        ),
        "tts-pretrain": (
            cli(
                "tts",
                "pretrain",
                "--data",
                str(c["tts"]),
                "--config",
                "configs/tts/tiny.yaml",
                *sets(tts),
            ),
            "",
        ),
        "tts-train": (
            cli(
                "tts",
                "train",
                "--data",
                str(c["tts"]),
                "--dev",
                str(c["ttsdev"]),
                "--pretrained",
                str(tts_pretrained),
                "--config",
                "configs/tts/tiny.yaml",
                *sets(tts),
            ),
            "",
        ),
        "vocoder": (
            cli(
                "vocoder",
                "train",
                "--data",
                str(c["voc"]),
                "--config",
                "configs/vocoder/tiny.yaml",
                *sets(vocoder),
                *loop,
            ),
            "",
        ),
        "g2p": (
            cli(
                "g2p",
                "train",
                "--lexicon",
                str(c["lexicon"]),
                "--no-cmudict",
                "--threads",
                "1",
                "--config",
                "configs/g2p/tiny.yaml",
                *sets(g2p),
            ),
            "pretrain",
        ),
    }


def run(args: list[str], out: Path, watch: Path | None = None) -> dict:
    """Run ``yuyin ARGS``; with ``watch`` (the run folder), SIGKILL it once its log.csv holds a
    row of step KILL_AT or later."""
    start = time.perf_counter()
    cmd = [sys.executable, "-m", "yuyin", *args]
    with (out.parent / f"{out.name}.log").open("a") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=ENV, cwd=ROOT)
        killed = False
        while watch is not None and proc.poll() is None:
            if last_step(watch / "log.csv") >= KILL_AT:
                proc.send_signal(signal.SIGKILL)
                killed = True
                break
            time.sleep(0.01)
        code = proc.wait()
    return {"exit": code, "killed": killed, "seconds": round(time.perf_counter() - start, 1)}


def last_step(path: Path) -> int:
    try:
        lines = path.read_text().strip().splitlines()
        return int(lines[-1].split(",")[0]) if len(lines) > 1 else -1
    except (OSError, ValueError):
        return -1


def tensors(folder: Path) -> dict[str, object]:
    """Every tensor saved in the run: each run folder's latest checkpoint and the exported
    model folders (older checkpoints are left out)."""
    from safetensors.torch import load_file

    found = {}
    for file in sorted(folder.rglob("*.safetensors")):
        rel = file.relative_to(folder)
        ckpt = next((p for p in file.parents if p.name.startswith("ckpt-")), None)
        if ckpt is not None:
            latest = ckpt.parent / "latest"
            if not latest.is_file() or latest.read_text().strip() != ckpt.name:
                continue
        found.update({f"{rel}:{k}": v for k, v in load_file(str(file)).items()})
    return found


def steps(path: Path) -> list[int]:
    """The steps of a log's rows, in order (none for a missing file)."""
    if not path.is_file():
        return []
    if path.suffix == ".csv":
        with path.open(newline="") as fh:
            return [int(float(r["step"])) for r in csv.DictReader(fh)]
    return [json.loads(line)["step"] for line in path.read_text().splitlines()]


def compare(a: Path, b: Path) -> dict:
    import torch

    ta, tb = tensors(a), tensors(b)
    differ = sorted(
        k for k in set(ta) | set(tb) if k not in ta or k not in tb or not torch.equal(ta[k], tb[k])
    )
    record = {"tensors": len(ta), "bitwise_equal": not differ, "differing": differ[:5]}
    names = ("log.csv", "eval.csv", "health.jsonl", "diagnostics.jsonl")
    logs = sorted({p.relative_to(a) for n in names for p in a.rglob(n)})
    logs += sorted({p.relative_to(b) for n in names for p in b.rglob(n)} - set(logs))
    record["logs"] = {str(rel): steps(a / rel) == steps(b / rel) for rel in logs}
    losses = []
    for run in (a, b):
        rows = []
        for path in sorted(run.rglob("log.csv")):
            with path.open(newline="") as fh:
                rows += [(str(path.relative_to(run)), r["loss"]) for r in csv.DictReader(fh)]
        losses.append(rows)
    record["losses_equal"] = losses[0] == losses[1]
    return record


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="comma-separated trainer names")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="yuyin-resume-"))
    try:
        made = corpora(work / "data")
        tts_pre = work / "tts-pretrained"
        all_cases = cases(made, tts_pre)
        wanted = args.only.split(",") if args.only else list(all_cases)
        if unknown := sorted(set(wanted) - set(all_cases)):
            parser.error(f"unknown trainer(s) {unknown}; known: {', '.join(all_cases)}")
        if "tts-train" in wanted:  # its pretrained decoder, once
            run(all_cases["tts-pretrain"][0](tts_pre), tts_pre)
        results = {}
        for name in wanted:
            make_args, sub = all_cases[name]
            a, b = work / name / "A", work / name / "B"
            a.parent.mkdir(parents=True)
            record = {"uninterrupted": run(make_args(a), a)}
            record["killed"] = run(make_args(b), b, watch=b / sub if sub else b)
            record["resumed"] = run([*make_args(b), "--resume"], b)
            record.update(compare(a, b))
            results[name] = record
            print(name, json.dumps(record), file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    publish(
        {
            "bench": "resume-exact",
            "commit": git_commit(),
            "steps": STEPS,
            "checkpoint_every": CKPT_EVERY,
            "killed_at_log_step": KILL_AT,
            "threads": 1,
            "results": results,
            "all_bitwise_equal": all(r["bitwise_equal"] for r in results.values()),
            "command": " ".join(["python", "bench/resume_exact.py", *(argv or sys.argv[1:])]),
        },
        args.out,
    )


if __name__ == "__main__":
    main()
