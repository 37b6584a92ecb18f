"""The ``--config FILE`` and ``--set KEY=VALUE`` options every training command shares."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from yuyin.config import apply_overrides, load_yaml


def add_settings_arguments(parser: argparse.ArgumentParser, config: str, example: str) -> None:
    """``--config`` (YAML of plain values, e.g. ``config``) and repeatable ``--set``."""
    parser.add_argument("--config", type=Path, help=f"YAML of plain values, e.g. {config}")
    parser.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help=f"override a setting, e.g. --set {example}",
    )


def read_settings(args: argparse.Namespace) -> dict[str, Any]:
    """The YAML of ``--config`` (or nothing) with the ``--set`` overrides applied."""
    values = load_yaml(args.config) if args.config else {}
    return apply_overrides(values, args.overrides)
