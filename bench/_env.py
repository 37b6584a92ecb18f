"""Where a bench ran, for its report: the git commit and the machine (``bench/*.py``).

Imported as a sibling module (``from _env import ...``): ``python bench/x.py`` puts ``bench/`` on
the path.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
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
