"""Atomic training checkpoints: tensors in safetensors, everything else in JSON.

Layout of a run directory::

    out_dir/
      ckpt-00001000/
        model.safetensors       model.state_dict()
        optimizer.safetensors   every tensor of optimizer.state_dict(), keyed "state.<param>.<name>"
        optimizer.json          the rest of optimizer.state_dict(); tensors replaced by their keys
        state.json              step, epoch, sampler position, configs, RNG states, schedule, extras
      ckpt-00002000/
      latest                    "ckpt-00002000": the newest complete checkpoint

A checkpoint is written into a temporary folder beside its final place, every file fsynced, then
renamed into place with ``os.replace``; ``latest`` is replaced the same way. A crash or a full disk
at any point leaves the previous checkpoint and pointer as they were.

Loading never unpickles: tensors come from safetensors, the rest from JSON.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import torch
from safetensors import SafetensorError, safe_open
from safetensors.torch import load_file, save_file

from yuyin.train.rng import derive_seed, rng_state, seed_everything, set_rng_state  # re-exported

MODEL_FILE = "model.safetensors"
OPTIMIZER_FILE = "optimizer.safetensors"
OPTIMIZER_JSON = "optimizer.json"
STATE_FILE = "state.json"
LATEST_FILE = "latest"
CHECKPOINT_PREFIX = "ckpt-"
STEP_DIGITS = 8  # ckpt-00001000: sorts by name up to 10^8 steps
FORMAT_VERSION = 1
TENSOR_REF = "__tensor__"  # marks where optimizer.json had a tensor
MAX_KEYS_SHOWN = 8  # mismatched parameter names listed per kind in an error
_TMP_PREFIX = ".tmp-"
_CHECKPOINT_RE = re.compile(rf"^{CHECKPOINT_PREFIX}(\d+)$")

__all__ = [
    "CheckpointError",
    "average_weights",
    "check_resume_fits",
    "finished_run",
    "resumed_step",
    "checkpoint_step",
    "checkpoints",
    "derive_seed",
    "latest_checkpoint",
    "load_checkpoint",
    "load_weights",
    "read_state",
    "rng_state",
    "save_checkpoint",
    "seed_everything",
    "set_rng_state",
]


class CheckpointError(RuntimeError):
    """A checkpoint could not be written or read; the message names the checkpoint."""


# --- writing ---------------------------------------------------------------------------------


def save_checkpoint(
    out_dir: str | os.PathLike,
    step: int,
    model: torch.nn.Module,
    optimizer: torch.optim.Optimizer | None,
    state: Mapping[str, Any],
    keep: int = 0,
) -> Path:
    """Write ``out_dir/ckpt-<step>/`` atomically, point ``latest`` at it, keep the newest ``keep``.

    ``state`` must be JSON-serializable; it is stored as ``state.json`` with ``step`` added.
    ``keep`` 0 keeps every checkpoint. Raises :class:`CheckpointError` when anything cannot be
    written (full disk, permissions); the previous checkpoint and ``latest`` are then untouched.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    final = out_dir / f"{CHECKPOINT_PREFIX}{step:0{STEP_DIGITS}d}"
    _remove_stale_temporaries(out_dir)
    tmp: Path | None = None
    try:
        tmp = out_dir / f"{_TMP_PREFIX}{final.name}-{os.getpid()}"
        tmp.mkdir()
        _save_tensors(_model_tensors(model), tmp / MODEL_FILE)
        if optimizer is not None:
            tensors, structure = _flatten_optimizer(optimizer.state_dict())
            _save_tensors(tensors, tmp / OPTIMIZER_FILE)
            _write_text(tmp / OPTIMIZER_JSON, json.dumps(structure))
        record = {"format": FORMAT_VERSION, **state, "step": step}
        _write_text(tmp / STATE_FILE, json.dumps(record, indent=1))
        _fsync_dir(tmp)
        if final.exists():  # re-saving a step (a resume from an older pointer): swap it out
            os.replace(final, out_dir / f"{_TMP_PREFIX}old-{final.name}-{os.getpid()}")
        os.replace(tmp, final)
        _fsync_dir(out_dir)
        _write_latest(out_dir, final.name)
    # TypeError/ValueError: not JSON-serializable; SafetensorError: safetensors' own I/O errors
    except (OSError, TypeError, ValueError, SafetensorError) as exc:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        previous = latest_checkpoint(out_dir)
        if previous == final:  # the folder is in place; only the `latest` pointer failed
            kept = "the checkpoint itself is complete; a resume finds it"
        else:
            kept = (
                f"the previous checkpoint {previous} is intact" if previous else "no checkpoint yet"
            )
        raise CheckpointError(f"could not write checkpoint {final}: {exc} ({kept})") from exc
    _remove_old(out_dir, keep)
    return final


def _model_tensors(model: torch.nn.Module) -> dict[str, torch.Tensor]:
    """CPU copies of the state dict; tensors sharing storage (tied weights) get their own copy."""
    tensors: dict[str, torch.Tensor] = {}
    seen: set[int] = set()
    for name, value in model.state_dict().items():
        tensor = value.detach().cpu().contiguous()
        ptr = tensor.untyped_storage().data_ptr()
        if ptr in seen:
            tensor = tensor.clone()  # safetensors refuses shared memory
        seen.add(ptr)
        tensors[name] = tensor
    return tensors


def _flatten_optimizer(state_dict: dict[str, Any]) -> tuple[dict[str, torch.Tensor], dict]:
    """Split an optimizer state dict into its tensors and a JSON structure that refers to them."""
    tensors: dict[str, torch.Tensor] = {}
    state: dict[str, dict[str, Any]] = {}
    for param_id, param_state in state_dict["state"].items():
        entry: dict[str, Any] = {}
        for name, value in param_state.items():
            if isinstance(value, torch.Tensor):
                key = f"state.{param_id}.{name}"
                tensors[key] = value.detach().cpu().contiguous()
                entry[name] = {TENSOR_REF: key}
            else:
                entry[name] = value
        state[str(param_id)] = entry
    return tensors, {"state": state, "param_groups": state_dict["param_groups"]}


def _save_tensors(tensors: dict[str, torch.Tensor], path: Path) -> None:
    save_file(tensors, str(path))
    _fsync_file(path)


def _write_text(path: Path, text: str) -> None:
    with path.open("w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    """Make a rename inside ``path`` durable (directories cannot be fsynced on every OS)."""
    with contextlib.suppress(PermissionError, IsADirectoryError):
        _fsync_file(path)


def _write_latest(out_dir: Path, name: str) -> None:
    tmp = out_dir / f"{_TMP_PREFIX}{LATEST_FILE}-{os.getpid()}"
    try:
        _write_text(tmp, name + "\n")
        os.replace(tmp, out_dir / LATEST_FILE)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(out_dir)


def _remove_stale_temporaries(out_dir: Path) -> None:
    """Delete leftovers of saves that crashed (only one process writes a run directory)."""
    for path in out_dir.glob(f"{_TMP_PREFIX}*"):
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def _remove_old(out_dir: Path, keep: int) -> None:
    """Delete all but the newest ``keep`` checkpoints (never the one ``latest`` names)."""
    _remove_stale_temporaries(out_dir)
    if keep <= 0:
        return
    latest = latest_checkpoint(out_dir)
    for path in _checkpoints(out_dir)[:-keep]:
        if path != latest:
            shutil.rmtree(path, ignore_errors=True)


# --- reading ---------------------------------------------------------------------------------


def checkpoint_step(path: str | os.PathLike) -> int | None:
    """The step in a checkpoint folder's name (``ckpt-00001000`` -> 1000), else None."""
    match = _CHECKPOINT_RE.match(Path(path).name)
    return int(match.group(1)) if match else None


def checkpoints(out_dir: str | os.PathLike) -> list[Path]:
    """Complete checkpoints in ``out_dir``, oldest first (none when it is not a folder)."""
    out_dir = Path(out_dir)
    return _checkpoints(out_dir) if out_dir.is_dir() else []


def _checkpoints(out_dir: Path) -> list[Path]:
    """Complete checkpoints in ``out_dir``, oldest first."""
    found = [p for p in out_dir.glob(f"{CHECKPOINT_PREFIX}*") if checkpoint_step(p) is not None]
    found = [p for p in found if (p / STATE_FILE).is_file()]
    return sorted(found, key=lambda p: checkpoint_step(p) or 0)


def latest_checkpoint(out_dir: str | os.PathLike) -> Path | None:
    """The checkpoint ``out_dir/latest`` names, else the one of highest step, else None."""
    out_dir = Path(out_dir)
    pointer = out_dir / LATEST_FILE
    if pointer.is_file():
        target = out_dir / pointer.read_text(encoding="utf-8").strip()
        if checkpoint_step(target) is not None and (target / STATE_FILE).is_file():
            return target
    found = checkpoints(out_dir)
    return found[-1] if found else None


def run_to_resume(out_dir: str | os.PathLike, resume: bool) -> Path | None:
    """The latest checkpoint of ``out_dir`` when resuming (None: start afresh); a
    ``FileExistsError`` when the folder holds a run and ``resume`` is off (train elsewhere)."""
    latest = latest_checkpoint(out_dir)
    if latest is not None and not resume:
        raise FileExistsError(
            f"{out_dir} already holds checkpoint {latest}: resume it (--resume) if it is a run "
            "of this same command, or train into a new folder"
        )
    if resume and latest is None and Path(out_dir).is_dir():
        found = Path(out_dir).glob(f"{CHECKPOINT_PREFIX}*")
        broken = [p for p in found if p.is_dir() and checkpoint_step(p) is not None]
        if broken:  # resuming must not quietly start over and replace the run's logs
            raise CheckpointError(
                f"{out_dir}: nothing to resume: no complete checkpoint ({sorted(broken)[-1].name} "
                f"lacks {STATE_FILE}); move the run away to start afresh"
            )
    return latest if resume else None


def _resolve(path: str | os.PathLike) -> Path:
    """A checkpoint folder, given either it or a run directory (then its latest checkpoint)."""
    path = Path(path)
    if (path / STATE_FILE).is_file():
        return path
    latest = latest_checkpoint(path) if path.is_dir() else None
    if latest is None:
        raise CheckpointError(f"{path}: no checkpoint found")
    return latest


def read_state(path: str | os.PathLike) -> dict[str, Any]:
    """The ``state.json`` of a checkpoint (or of a run directory's latest checkpoint)."""
    file = _resolve(path) / STATE_FILE
    try:
        state = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CheckpointError(f"{file}: unreadable checkpoint state ({exc})") from None
    if not isinstance(state, dict):
        raise CheckpointError(f"{file}: not a checkpoint state (a JSON object)")
    return state


def _read_tensors(file: Path) -> dict[str, torch.Tensor]:
    try:
        return load_file(str(file), device="cpu")
    except (OSError, SafetensorError) as exc:
        raise CheckpointError(f"{file}: unreadable safetensors file ({exc})") from None


SAME_MODEL_SHARE = 0.5  # a checkpoint naming fewer of a model's weights is another model's


def _listed(keys: list[str]) -> str:
    more = f" ... and {len(keys) - MAX_KEYS_SHOWN} more" if len(keys) > MAX_KEYS_SHOWN else ""
    return ", ".join(keys[:MAX_KEYS_SHOWN]) + more


def load_weights(model: torch.nn.Module, path: str | os.PathLike) -> None:
    """Load ``model.safetensors`` of a checkpoint (or run directory) into ``model``, strictly.

    Raises :class:`CheckpointError` naming the file and the mismatched parameters when the
    checkpoint was saved from a model with other parameter names or shapes.
    """
    file = _resolve(path) / MODEL_FILE
    tensors = _read_tensors(file)
    _check_fits(model, tensors, file)
    model.load_state_dict(tensors)


def check_resume_fits(
    out_dir: str | os.PathLike, resume: bool, model: torch.nn.Module
) -> Path | None:
    """Before a run rewrites its records: when resuming, the latest checkpoint's weights must fit
    ``model`` (the same :class:`CheckpointError` the load would give, but before settings.json
    is replaced). Also refuses a folder holding a run when not resuming (:func:`run_to_resume`).
    Returns the checkpoint to resume, as :func:`run_to_resume` does."""
    latest = run_to_resume(out_dir, resume)
    if latest is None:
        return None
    file = latest / MODEL_FILE
    shapes = _read_shapes(file)  # the header only: train() loads it
    ours = model.state_dict()
    if sum(k in ours for k in shapes) < SAME_MODEL_SHARE * max(len(shapes), len(ours)):
        raise CheckpointError(
            f"{out_dir} holds a run of another model ({len(shapes)} weights, "
            f"{sum(k in ours for k in shapes)} of them named as this one's): another command's "
            "run (a vocoder's, a TTS model's ...)? Resume it with the command that started it"
        )
    try:
        _check_fits(model, shapes, file)
    except CheckpointError as exc:
        raise CheckpointError(
            f"{out_dir} was started with other model settings: resume it without --config and "
            f"--set (it keeps its own), or with those it started with (its settings.json lists "
            f"them). {exc}"
        ) from None
    return latest


def resumed_step(out_dir: str | os.PathLike, resume: bool) -> int | None:
    """The step a run resumes from (its latest checkpoint's), or None for a new run."""
    latest = latest_checkpoint(out_dir) if resume else None
    return None if latest is None else checkpoint_step(latest)


def finished_run(out_dir: str | os.PathLike, resume: bool, max_steps: int) -> bool:
    """A resume of a run whose latest checkpoint is at ``max_steps`` already: no step will run,
    so its settings.json and saved model (with the dev scores in its meta) are left as they are."""
    latest = latest_checkpoint(out_dir) if resume else None
    return latest is not None and (checkpoint_step(latest) or 0) >= max_steps


def average_weights(model: torch.nn.Module, paths: list[str | os.PathLike]) -> None:
    """Load the mean of several checkpoints' weights into ``model`` (checkpoint averaging).

    Floating-point tensors are averaged; any other tensor (a step counter) comes from the last
    checkpoint. Each file is checked as :func:`load_weights` checks it. Averaging the last few
    checkpoints of a run usually scores a little better than the last one alone.
    """
    if not paths:
        raise CheckpointError("average_weights needs at least one checkpoint")
    total: dict[str, torch.Tensor] = {}
    for path in paths:
        file = _resolve(path) / MODEL_FILE
        tensors = _read_tensors(file)
        _check_fits(model, tensors, file)
        for name, tensor in tensors.items():
            if tensor.is_floating_point():
                summed = total.get(name)
                total[name] = tensor.double() if summed is None else summed + tensor.double()
            else:
                total[name] = tensor
    expected = model.state_dict()
    model.load_state_dict(
        {
            name: (t / len(paths)).to(expected[name].dtype) if t.is_floating_point() else t
            for name, t in total.items()
        }
    )


def _read_shapes(file: Path) -> dict[str, tuple[int, ...]]:
    """Each tensor's shape from a safetensors header, without reading the weights."""
    try:
        with safe_open(str(file), "pt") as fh:
            return {k: tuple(fh.get_slice(k).get_shape()) for k in fh.keys()}  # noqa: SIM118
    except (OSError, SafetensorError) as exc:
        raise CheckpointError(f"{file}: unreadable safetensors file ({exc})") from None


def _check_fits(
    model: torch.nn.Module, tensors: Mapping[str, torch.Tensor | tuple[int, ...]], file: Path
) -> None:
    """Raise :class:`CheckpointError` unless ``tensors`` (or their shapes) have exactly the
    model's names and shapes."""
    tensors = {k: v if isinstance(v, tuple) else tuple(v.shape) for k, v in tensors.items()}
    expected = {k: tuple(v.shape) for k, v in model.state_dict().items()}
    missing = sorted(set(expected) - set(tensors))
    unexpected = sorted(set(tensors) - set(expected))
    reshaped = sorted(
        f"{k} (checkpoint {tensors[k]}, model {expected[k]})"
        for k in set(expected) & set(tensors)
        if tensors[k] != expected[k]
    )
    problems = [
        f"{label}: {_listed(keys)}"
        for label, keys in (
            ("missing in checkpoint", missing),
            ("not in model", unexpected),
            ("shape differs", reshaped),
        )
        if keys
    ]
    if problems:
        raise CheckpointError(
            f"{file} does not fit this model (saved from another model or config?); "
            + "; ".join(problems)
        )


def _load_optimizer(optimizer: torch.optim.Optimizer, folder: Path) -> None:
    tensors = _read_tensors(folder / OPTIMIZER_FILE)
    file = folder / OPTIMIZER_JSON
    try:
        structure = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CheckpointError(f"{file}: unreadable optimizer state ({exc})") from None

    def restore(value: Any) -> Any:
        if isinstance(value, dict) and set(value) == {TENSOR_REF}:
            return tensors[value[TENSOR_REF]]
        return value

    try:
        state = {
            int(param_id): {name: restore(v) for name, v in entry.items()}
            for param_id, entry in structure["state"].items()
        }
        optimizer.load_state_dict({"state": state, "param_groups": structure["param_groups"]})
    except (ValueError, KeyError, TypeError, AttributeError) as exc:  # also JSON of other shapes
        raise CheckpointError(f"{folder}: optimizer state does not fit ({exc!r})") from None


def load_checkpoint(
    path: str | os.PathLike,
    model: torch.nn.Module,
    optimizer: torch.optim.Optimizer | None = None,
) -> dict[str, Any]:
    """Load weights (and optimizer state) from a checkpoint or run directory; return state.json.

    RNG states are left for the caller to restore with :func:`set_rng_state`.
    """
    folder = _resolve(path)
    state = read_state(folder)
    load_weights(model, folder)
    if optimizer is not None:
        _load_optimizer(optimizer, folder)
    return state
