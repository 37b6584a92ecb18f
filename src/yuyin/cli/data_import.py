"""``yuyin data import`` and ``yuyin data info``."""

from __future__ import annotations

import argparse


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Add the ``import`` and ``info`` sub-commands (filled in by the manifest work)."""
