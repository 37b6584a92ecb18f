"""``yuyin data synth`` and ``yuyin data testsets``."""

from __future__ import annotations

import argparse


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Add the ``synth`` and ``testsets`` sub-commands (filled in by the synthesis work)."""
