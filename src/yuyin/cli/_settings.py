"""Options every training command shares: ``--config FILE``, ``--set KEY=VALUE``, ``--out``,
``--resume``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from yuyin.cli._files import path_arg, thread_count
from yuyin.config import apply_overrides, load_yaml
from yuyin.train.run_settings import started_settings


def add_threads_argument(parser: argparse.ArgumentParser) -> None:
    """A subcommand's own ``--threads N`` (0: the global ``yuyin --threads N``, or its default:
    torch's, less the cores other processes keep busy for commands that do not train)."""
    parser.add_argument(
        "--threads",
        type=thread_count,  # a negative count is argparse's error, as for yuyin --threads
        default=0,
        metavar="N",
        help="CPU threads (0: as yuyin --threads N, or yuyin's default; see yuyin --help)",
    )


def add_settings_arguments(
    parser: argparse.ArgumentParser, config: str, example: str, resume: bool = True
) -> None:
    """``--config`` (YAML of plain values, e.g. ``config``) and repeatable ``--set``;
    ``resume``: the command has ``--resume`` (its help says what a resumed run reads)."""
    parser.add_argument(
        "--config",
        type=path_arg,
        help=f"YAML of plain values, e.g. {config} (shipped; found outside the repository too); "
        "without it, the settings classes' defaults, which are not that file's"
        + (" (with --resume: the settings the run started with)" if resume else ""),
    )
    parser.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help=f"override a setting, e.g. --set {example}",
    )


def add_run_arguments(parser: argparse.ArgumentParser, resume: bool = True) -> None:
    """``--out`` (the run folder, required) and, with ``resume``, ``--resume``."""
    parser.add_argument("--out", type=path_arg, required=True, help="run folder")
    if resume:
        parser.add_argument(
            "--resume",
            action="store_true",
            help="continue the run in --out, with its own settings unless --config is given "
            "(--set applies on top)",
        )


def resumed_settings(args: argparse.Namespace) -> dict[str, Any] | None:
    """With ``--resume`` and no ``--config``: the values the run in ``--out`` was started with
    (:func:`yuyin.train.run_settings.started_settings`), ``--set`` applied on top, said in one
    line; None otherwise (also for a run that recorded none)."""
    if not getattr(args, "resume", False) or args.config is not None:
        return None
    found = started_settings(args.out)
    if found is None:
        return None
    given, record = found
    more = f", with --set {' '.join(args.overrides)} on top" if args.overrides else ""
    print(f"resuming with the settings the run started with ({record}){more}", file=sys.stderr)
    return apply_overrides(given, args.overrides)


def read_settings(args: argparse.Namespace) -> dict[str, Any]:
    """The YAML of ``--config`` (or nothing) with the ``--set`` overrides applied; a ``--resume``
    without ``--config`` starts from the run's own (:func:`resumed_settings`)."""
    resumed = resumed_settings(args)
    if resumed is not None:
        return resumed
    values = load_yaml(args.config) if args.config else {}
    return apply_overrides(values, args.overrides)


def training_errors() -> tuple[type[Exception], ...]:
    """What a training command reports as one ``error:`` line (bad settings, data or audio, a
    checkpoint or model that cannot be used, a run folder in the way) instead of a traceback."""
    from yuyin.audio import AudioError
    from yuyin.config import ConfigError
    from yuyin.data.manifest import ManifestError
    from yuyin.hub import ModelLoadError
    from yuyin.train.checkpoint import CheckpointError

    return ConfigError, ManifestError, AudioError, CheckpointError, ModelLoadError, FileExistsError
