"""The settings a run was started with, kept in its ``settings.json`` so that ``--resume`` goes on
with them.

A training command builds its settings from plain values: the YAML of ``--config`` with the
``--set`` overrides applied. Within :func:`given_settings`, every trainer's ``settings.json``
(:func:`settings_record`) also holds those values under ``"given"``. A ``--resume`` without
``--config`` takes them back (:func:`started_settings`), with its own ``--set`` applied on top,
so a killed run goes on as it started even when the command that resumes it names no config
(before, it went on with the settings classes' defaults, e.g. 1,000 steps where it was started
with 60). A ``--config`` given to ``--resume`` replaces them, as it says.

    >>> settings_record({"loop": {"lr": 0.1}})
    {'loop': {'lr': 0.1}}
    >>> with given_settings({"loop": {"max_steps": 60}}):
    ...     settings_record({"loop": {"lr": 0.1}})["given"]
    {'loop': {'max_steps': 60}}
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from yuyin.paths import write_text_atomic

__all__ = [
    "GIVEN_KEY",
    "given_settings",
    "run_record",
    "settings_record",
    "started_settings",
    "write_settings",
]

GIVEN_KEY = "given"
SETTINGS_FILE = "settings.json"
_GIVEN: ContextVar[dict[str, Any] | None] = ContextVar("yuyin_given_settings", default=None)


@contextmanager
def given_settings(values: Mapping[str, Any]) -> Iterator[None]:
    """Record ``values`` (the plain settings a command built its run from) in the
    ``settings.json`` every trainer called within writes."""
    token = _GIVEN.set(copy.deepcopy(dict(values)))
    try:
        yield
    finally:
        _GIVEN.reset(token)


def settings_record(resolved: Mapping[str, Any]) -> dict[str, Any]:
    """A trainer's ``settings.json`` content: its ``resolved`` settings, and the values given
    to it under ``"given"`` within :func:`given_settings`."""
    given = _GIVEN.get()
    return dict(resolved) if given is None else {**resolved, GIVEN_KEY: given}


def write_settings(out_dir: str | os.PathLike, resolved: Mapping[str, Any]) -> None:
    """Write ``out_dir/settings.json`` (:func:`settings_record`) atomically."""
    record = json.dumps(settings_record(resolved), indent=2)
    write_text_atomic(Path(out_dir) / SETTINGS_FILE, record)


def run_record(out_dir: str | os.PathLike) -> dict[str, Any] | None:
    """``out_dir``'s ``settings.json`` as written by its trainer; None when there is none or
    it cannot be read."""
    try:
        record = json.loads((Path(out_dir) / SETTINGS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def started_settings(out_dir: str | os.PathLike) -> tuple[dict[str, Any], Path] | None:
    """The values ``out_dir``'s run was started (or last resumed) with, and the file holding
    them; None when the folder holds no readable record of them (a new run, a run of an older
    yuyin, a run started from the Python API)."""
    given = (run_record(out_dir) or {}).get(GIVEN_KEY)
    return (given, Path(out_dir) / SETTINGS_FILE) if isinstance(given, dict) else None
