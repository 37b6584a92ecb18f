"""The low-resource recipe's arguments, checked before anything trains.

Every problem a run would otherwise meet after an hour of fine-tuning (a test manifest that is
not there, a budget larger than the labeled audio, a tuning set without transcripts, test audio
among the training or tuning files) is one line naming the option and the file, at the start.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from yuyin.data.manifest import ManifestError, Utterance, read_manifest
from yuyin.train.finetune import pretrained_path


def _audio_paths(utterances: list[Utterance]) -> set[str]:
    return {str(Path(u.audio).resolve()) for u in utterances}


def named(values: list[str], option: str, default_name) -> dict[str, str]:  # noqa: ANN001
    """``NAME=VALUE`` items as {NAME: VALUE}; a bare VALUE takes ``default_name(VALUE)``. A name
    given twice is an error (the second silently replaced the first)."""
    found: dict[str, str] = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep:
            name, value = default_name(item), item
        if not name or not value:
            sys.exit(f"error: {option} {item!r}: expected NAME=VALUE")
        if name in found:
            sys.exit(f"error: {option} names {name!r} twice ({found[name]} and {value})")
        found[name] = value
    return found


def test_name(path: str) -> str:
    """A test set's name from its file: ``sets/test.jsonl`` -> ``test``, ``unseen/manifest.jsonl``
    -> ``unseen``."""
    p = Path(path)
    return p.parent.name if p.stem == "manifest" and p.parent.name else p.stem


def _read(path: str, option: str) -> list[Utterance]:
    try:
        return read_manifest(path)
    except ManifestError as exc:
        sys.exit(f"error: {option}: {exc}")


def check_inputs(args: argparse.Namespace) -> tuple[dict[str, str], dict[str, str]]:
    """(pretrained runs by name, test manifests by name) once every input holds; exits with
    one line otherwise. Also drops repeated budgets (kept in order) from ``args.budgets``."""
    pretrained = named(args.pretrained, "--pretrained", lambda run: Path(run).name)
    if "scratch" in pretrained:
        sys.exit("error: --pretrained scratch: the name is taken by the model without pretraining")
    for name, run in pretrained.items():
        if not pretrained_path(run).exists():
            sys.exit(f"error: --pretrained {name}={run}: no such run or encoder folder")
    tests = named(args.test, "--test", test_name)
    train = _read(str(args.train), "--train")
    labeled_minutes = sum(u.duration for u in train if u.text) / 60
    args.budgets = list(dict.fromkeys(args.budgets))
    if too_big := [b for b in args.budgets if b > labeled_minutes]:
        sys.exit(
            f"error: --budgets {' '.join(f'{b:g}' for b in too_big)}: {args.train} holds "
            f"{labeled_minutes:.3g} min of labeled audio"
        )
    if args.self_train_keep is not None and not 0 < args.self_train_keep <= 1:
        sys.exit(f"error: --self-train-keep must be in (0, 1], got {args.self_train_keep}")
    tested: dict[str, str] = {}  # audio file -> the test set it is in
    for name, manifest in tests.items():
        utts = _read(manifest, f"--test {name}")
        if not any(u.text for u in utts):
            sys.exit(f"error: --test {name}: {manifest} has no utterance with a transcript")
        if unlabeled := sum(1 for u in utts if not u.text):
            print(f"note: --test {name}: {unlabeled} utterance(s) without a transcript are left "
                  "out", flush=True)  # fmt: skip
        tested |= dict.fromkeys(_audio_paths(utts), name)
    sources = [("--train", str(args.train), train)]
    if args.lm_dev:
        dev = _read(args.lm_dev, "--lm-dev")
        if not any(u.text for u in dev):
            sys.exit(f"error: --lm-dev {args.lm_dev}: no utterance with a transcript to tune on")
        sources.append(("--lm-dev", args.lm_dev, dev))
    if args.self_train:
        sources.append(("--self-train", args.self_train, _read(args.self_train, "--self-train")))
    for option, path, utts in sources:  # test audio is for evaluation only
        if shared := [p for p in _audio_paths(utts) if p in tested]:
            sys.exit(
                f"error: {option} {path}: {len(shared)} of its files are test audio (test set "
                f"{tested[shared[0]]!r}: {shared[0]}); keep test sets out of training and tuning"
            )
    return pretrained, tests


def encoder_config(run: str) -> dict | None:
    """The encoder settings of a pretraining run, an encoder folder or a recognizer (None when
    its ``config.json`` cannot be read)."""
    folder = pretrained_path(run)
    if (folder / "encoder" / "config.json").is_file():
        folder = folder / "encoder"
    try:
        record = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    config = record.get("config") if isinstance(record, dict) else None
    if not isinstance(config, dict):
        return None
    if record.get("kind") == "asr":
        config = config.get("encoder")
    return config if isinstance(config, dict) else None


def scratch_encoder(pretrained: dict[str, str], overrides: list[str]) -> dict | None:
    """The encoder the ``scratch`` model is built as: the pretrained encoders' own architecture
    when they all share one and no ``--set encoder.*`` chooses another (a like-for-like
    comparison: the same network, random weights), else None (the config's)."""
    if not pretrained or any(item.startswith("encoder.") for item in overrides):
        return None
    configs = {json.dumps(encoder_config(run), sort_keys=True) for run in pretrained.values()}
    if len(configs) != 1:
        return None
    return json.loads(configs.pop())
