"""The ``yuyin`` command. Each command group lives in its own module and adds its sub-parsers."""

from __future__ import annotations

import argparse
import errno
import functools
import logging
import os
import re
import signal
import sys
import warnings

from yuyin.cli import align as align_cli
from yuyin.cli import classify as classify_cli
from yuyin.cli import data as data_cli
from yuyin.cli import finetune as finetune_cli
from yuyin.cli import g2p as g2p_cli
from yuyin.cli import lm as lm_cli
from yuyin.cli import pretrain as pretrain_cli
from yuyin.cli import say as say_cli
from yuyin.cli import transcribe as transcribe_cli
from yuyin.cli import tts as tts_cli
from yuyin.cli import vocoder as vocoder_cli
from yuyin.cli._files import thread_count
from yuyin.cli._signals import (
    EXIT_TERMINATED,
    Terminated,
    restore_sigterm,
    sigterm_as_interrupt,
    worker_terminated,
)
from yuyin.cli._threads import set_threads
from yuyin.extras import MissingPackageError

EXIT_INTERRUPTED = 128 + 2  # 130: the shell's code for a process ended by SIGINT (Ctrl-C)
# a value that starts with "-" and is a number, exponent too ("--unk-offset -1e4"); Python 3.11's
# argparse takes "-1e4" for an option and says "expected one argument"
NEGATIVE_NUMBER = re.compile(r"^-(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")


class _Parser(argparse.ArgumentParser):
    """An argument parser (its sub-parsers too) that reads ``-1e4`` as a negative number."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._negative_number_matcher = NEGATIVE_NUMBER


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="yuyin",
        description="Offline speech toolkit: pretrain on unlabeled audio, fine-tune ASR and TTS.",
    )
    parser.add_argument(
        "--threads",
        dest="torch_threads",
        type=thread_count,
        metavar="N",
        help="CPU threads for the model's work (0: torch's, one per core; default: torch's, "
        "less the cores other processes keep busy, for commands that do not train); 1 is "
        "often much faster when other processes keep the cores busy",
    )
    from yuyin import __version__

    parser.add_argument("--version", action="version", version=f"yuyin {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    data_cli.add_parser(commands)
    pretrain_cli.add_parser(commands)
    finetune_cli.add_parser(commands)
    transcribe_cli.add_parsers(commands)
    align_cli.add_parser(commands)
    lm_cli.add_parser(commands)
    classify_cli.add_parser(commands)
    g2p_cli.add_parser(commands)
    vocoder_cli.add_parser(commands)
    say_cli.add_parser(commands)
    tts_cli.add_parser(commands)
    _threads_after_the_command(parser)
    return parser


def _threads_after_the_command(parser: argparse.ArgumentParser) -> None:
    """``yuyin transcribe --threads 1 ...`` means ``yuyin --threads 1 transcribe ...``: every
    command that has no ``--threads`` of its own takes the global one after its name too (it
    was "unrecognized arguments", naming the next argument)."""
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        for sub in set(action.choices.values()):
            if any(isinstance(a, argparse._SubParsersAction) for a in sub._actions):
                _threads_after_the_command(sub)
            elif "--threads" not in sub._option_string_actions:
                sub.add_argument(
                    "--threads",
                    dest="torch_threads",
                    type=thread_count,
                    metavar="N",
                    default=argparse.SUPPRESS,  # absent: the global --threads stands
                    help="CPU threads for the model's work (as yuyin --threads N)",
                )


def _command_parser(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.ArgumentParser:
    """The innermost (sub)command parser ``argv`` chose, as argparse walks them."""
    for token in argv:
        subcommands = next(
            (a for a in parser._actions if isinstance(a, argparse._SubParsersAction)), None
        )
        if subcommands is None:
            break
        if token in subcommands.choices:
            parser = subcommands.choices[token]
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``yuyin`` console script. Returns the exit code."""
    parser = build_parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown:  # said by the command's own parser, with its usage (not the top level's)
        given = sys.argv[1:] if argv is None else argv
        first = given.index(unknown[0]) if unknown[0] in given else len(given)
        _command_parser(parser, given[:first]).error(  # the command it follows, if any
            f"unrecognized arguments: {' '.join(unknown)}"
        )
    logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
    set_threads(args)  # before any model runs; g2p/vocoder --threads win (0: torch's)
    before = signal.getsignal(signal.SIGTERM)  # put back once a stop's message is out
    try:
        with sigterm_as_interrupt(), warnings.catch_warnings():  # Ctrl-C's cleanup for `kill`
            warnings.showwarning = functools.partial(_show_warning, warnings.showwarning)
            code = int(args.func(args) or 0)
    except KeyboardInterrupt as exc:
        terminated = isinstance(exc, Terminated)
        what = "terminated" if terminated else "interrupted"
        print(what + _resume_hint(args), file=sys.stderr)
        restore_sigterm(before)
        return EXIT_TERMINATED if terminated else EXIT_INTERRUPTED
    except MissingPackageError as exc:  # a package a command needs: what to install, one line
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `yuyin ... | head`: the reader left; not an error of ours
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except OSError as exc:  # a path or disk problem no command caught: one line, no traceback
        print(f"error: {describe_os_error(exc)}", file=sys.stderr)
        return 1
    except RuntimeError as exc:  # a run that diverged (NonFiniteLossError): its advice, one line
        if worker_terminated(exc):  # a group's SIGTERM reached a DataLoader worker first
            print("terminated" + _resume_hint(args), file=sys.stderr)
            restore_sigterm(before)
            return EXIT_TERMINATED
        loop = sys.modules.get("yuyin.train.loop")  # imported by every command that trains
        if loop is None or not isinstance(exc, loop.NonFiniteLossError):
            raise
        print(f"error: {exc}", file=sys.stderr)
        return 1
    _leave_process_group()
    return code


_RESUME_HINT = "; the run goes on from its last checkpoint with --resume"
_NO_CHECKPOINT = "; it had written no checkpoint yet: run it again (--resume would start anew)"


def _resume_hint(args: argparse.Namespace) -> str:
    """What a stopped command says about going on: nothing for one that does not train; for a
    run, ``--resume`` when its ``--out`` holds a checkpoint, else that it had none yet."""
    if not hasattr(args, "resume"):
        return ""
    out = getattr(args, "out", None)
    if out is None:
        return _RESUME_HINT
    from yuyin.train.checkpoint import latest_checkpoint

    try:
        return _RESUME_HINT if latest_checkpoint(out) is not None else _NO_CHECKPOINT
    except OSError:  # an unreadable folder: the usual advice
        return _RESUME_HINT


_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _show_warning(others, message, category, filename, lineno, file=None, line=None) -> None:
    """yuyin's own warnings as one ``warning: ...`` line (the message says what and where);
    other packages' through ``others`` (Python's form, with their source line)."""
    if not os.path.abspath(filename).startswith(_PACKAGE_DIR + os.sep):
        others(message, category, filename, lineno, file, line)
        return
    print(f"warning: {message}", file=sys.stderr if file is None else file)


def describe_os_error(exc: OSError) -> str:
    """``path: what went wrong`` for an OSError (e.g. "runs/x: Not a directory")."""
    names = [str(n) for n in (exc.filename, exc.filename2) if n is not None]
    what = exc.strerror or str(exc)
    if exc.errno == errno.ENOSPC:  # the next step is the user's: say it
        what += " (free some space and run it again; a training run goes on with --resume)"
    return f"{' -> '.join(names)}: {what}" if names else what


def _leave_process_group() -> None:
    """Under torchrun, leave the process group once the command is done (a no-op otherwise).

    A group left to the interpreter's exit can take the process down with it.
    """
    if "yuyin.train.distributed" in sys.modules:  # only a command that trains imports it
        from yuyin.train.distributed import cleanup_distributed

        cleanup_distributed()


if __name__ == "__main__":
    sys.exit(main())
