"""What a low-resource recipe's run folders hold and were made with.

A rerun reuses what a folder holds (labeled subsets, models, scores) only when it was made with
the same settings and files (their SHA-256); otherwise it refuses, rather than report old results
under new settings. :func:`pretraining_summary` reads what a ``--pretrained`` run was.
"""

from __future__ import annotations

import csv
import hashlib
import json
import sys
from pathlib import Path

from yuyin.data.manifest import ManifestError, read_manifest, subset_by_duration, write_manifest
from yuyin.paths import write_text_atomic
from yuyin.train.finetune import pretrained_path


def _changes(before: object, now: object, prefix: str = "") -> list[str]:
    """``key: old -> new`` for every leaf that differs between two JSON-like values."""
    if isinstance(before, dict) and isinstance(now, dict):
        found = []
        for key in sorted(set(before) | set(now), key=str):
            name = f"{prefix}.{key}" if prefix else str(key)
            found += _changes(before.get(key), now.get(key), name)
        return found
    same = before == now or json.dumps(before) == json.dumps(now)  # NaN is NaN here
    return [] if same else [f"{prefix or 'value'}: {before!r} -> {now!r}"]


def keep_to(record: Path, made_with: dict, what: str, holds: bool) -> None:
    """Refuse to reuse what ``record``'s folder holds (``holds``: an earlier run left results
    there) when it was made with other settings than ``made_with``, or before settings were
    recorded (a rerun with new --set values found the old models and reported them under the
    new settings); otherwise (re)write the record."""
    now = json.loads(json.dumps(made_with, default=str))  # as it reads back: lists, str keys
    if holds:
        if not record.exists():
            sys.exit(f"{record.parent} holds {what} made before settings were recorded; use "
                     "another --out")  # fmt: skip
        if changed := _changes(json.loads(record.read_text(encoding="utf-8")), now):
            sys.exit(
                f"{record.parent} holds {what} made with other settings ({'; '.join(changed[:4])}"
                f"{'; ...' if len(changed) > 4 else ''}); use another --out"
            )
        return
    record.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(record, json.dumps(now, indent=1, sort_keys=True) + "\n")


def file_digest(path: Path) -> str:
    try:
        return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    except OSError as exc:
        sys.exit(f"{path}: {exc.strerror or exc}")


def budget_manifest(train: Path, minutes: float, out: Path) -> Path:
    """The first labeled utterances by id hash until ``minutes`` of audio: the same every run."""
    path, record = out / f"train-{minutes:g}min.jsonl", out / "train-source.json"
    made_with, subsets = {"train": file_digest(train)}, sorted(out.glob("train-*min.jsonl"))
    used = any(out.glob("*/recipe-run.json"))  # a model was trained on them
    current = record.exists() and json.loads(record.read_text()) == made_with
    if subsets and not used and not current:
        for stale in subsets:  # cut from another --train (say, before `data check` cleaned it)
            stale.unlink()
        subsets = []
    keep_to(record, made_with, "labeled subsets", bool(subsets))
    if path.exists():
        return path
    try:
        chosen = subset_by_duration(read_manifest(train), minutes * 60, labeled=True)
    except ManifestError as exc:
        sys.exit(f"{train}: {exc}")
    return write_manifest(path, chosen)


def _csv_rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(newline="") as f:
        return list(csv.DictReader(f))


def _encoder_meta(folder: Path) -> dict:
    """Objective, unlabeled hours and updates from a saved encoder's ``config.json`` meta (the
    shipped encoder has no run folder beside it); {} when there is none."""
    try:
        record = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):  # no config.json, or not JSON: nothing to report
        return {}
    meta = record.get("meta") if isinstance(record, dict) else None
    if record.get("kind") != "encoder" or not isinstance(meta, dict):  # a recognizer's steps
        return {}  # are its fine-tuning's, not pretraining's
    found = {"objective": meta.get("objective"), "unlabeled_hours": meta.get("hours")}
    found["updates"] = meta.get("steps")
    return {key: value for key, value in found.items() if value is not None}


def pretraining_summary(name: str, run_dir: Path) -> dict:
    """What a --pretrained run was (objective, data, updates, wall time, probe CER first -> last),
    read from its own settings.json, log.csv and eval.csv."""
    summary: dict = {"name": name, "run": str(run_dir)}
    run_dir = pretrained_path(run_dir)  # "bundled": the encoder shipped with yuyin
    settings_file = run_dir / "settings.json"
    if not settings_file.exists():  # an encoder folder: what its config.json's meta says
        summary |= _encoder_meta(run_dir)
    if settings_file.exists():
        settings = json.loads(settings_file.read_text())
        objective = settings.get("objective")
        options = dict(settings.get(objective) or {})
        if objective == "hubert" and (settings.get("kmeans") or {}).get("teacher"):
            options |= {k: settings["kmeans"][k] for k in ("teacher", "layer")}
        summary |= {
            "objective": objective,
            "objective_settings": options,
            "encoder": settings.get("encoder"),
            "unlabeled_hours": settings.get("hours"),
            "manifests": settings.get("manifests"),
        }
    log = _csv_rows(run_dir / "log.csv")
    if log:
        summary |= {
            "updates": int(log[-1]["step"]),
            "train_minutes": round(float(log[-1]["seconds"]) / 60, 1),
            "loss_first_last": [round(float(log[0]["loss"]), 3), round(float(log[-1]["loss"]), 3)],
        }
    probes = [r for r in _csv_rows(run_dir / "eval.csv") if r.get("probe_cer_best")]
    if probes:
        summary["probe_cer_first_last"] = [
            round(float(probes[0]["probe_cer_best"]), 3),
            round(float(probes[-1]["probe_cer_best"]), 3),
        ]
    return summary
