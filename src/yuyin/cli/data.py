"""``yuyin data ...``: import, inspect and synthesize corpora."""

from __future__ import annotations

import argparse

from yuyin.cli import data_import, data_synth


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("data", help="import, inspect and synthesize corpora")
    sub = parser.add_subparsers(dest="data_command", metavar="DATA_COMMAND", required=True)
    data_import.add_parsers(sub)  # import, info
    data_synth.add_parsers(sub)  # synth, testsets
