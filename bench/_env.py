"""Where a bench ran, for its report: the git commit and the machine (``bench/*.py``).

Imported as a sibling module (``from _env import ...``): ``python bench/x.py`` puts ``bench/`` on
the path.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import time
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parent.parent


def publish(report: dict, out: Path | None) -> None:
    """Print a bench's JSON report and, when ``out`` is given, write it there too."""
    text = json.dumps(report, indent=2)
    print(text)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text + "\n", encoding="utf-8")


def git_commit() -> str | None:
    """The short hash of the checkout's HEAD; None outside a git checkout or without git."""
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        )
    except OSError:
        return None
    return out.stdout.strip() or None


def machine_info() -> dict:
    """Platform, processor, CPU count, 1-minute load average and torch version."""
    return {
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "torch": torch.__version__,
    }


def provenance(started: float) -> dict:
    """The closing fields of a bench report: wall seconds since ``started``, commit, machine."""
    return {
        "seconds": round(time.time() - started, 1),
        "commit": git_commit(),
        "machine": machine_info(),
    }


def named_paths(pairs: list[str], flag: str, parser: argparse.ArgumentParser) -> dict[str, str]:
    """``NAME=PATH`` arguments of ``flag`` as ``{name: path}``; a malformed one is a usage error."""
    if bad := [p for p in pairs if "=" not in p]:
        parser.error(f"{flag} takes NAME=PATH, got {bad}")
    return dict(p.split("=", 1) for p in pairs)
