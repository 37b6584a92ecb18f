"""SIGTERM taken as Ctrl-C: ``timeout``, ``kill`` and job schedulers stop a command cleanly.

Python turns SIGINT into :class:`KeyboardInterrupt`, so ``finally`` blocks run (a half-written
output's temporary is removed, the old file is left as it was) and ``yuyin`` prints
``interrupted``. SIGTERM's default action ends the process at once and skips all of that. While
:func:`sigterm_as_interrupt` is active, SIGTERM raises :class:`Terminated` (a KeyboardInterrupt)
in the main thread instead, which takes the same way out; the command exits with
:data:`EXIT_TERMINATED`. A second SIGTERM during that cleanup ends the process at once.

Processes forked while it is active (DataLoader workers) do not inherit it: they get SIGTERM's
default action back (``os.register_at_fork``, as :mod:`yuyin.paths` does for run-folder locks),
so a worker the DataLoader stops never runs its parent's cleanup. Nor do they print the
traceback of a parent gone mid-transfer: a worker hands its batches' tensors over through
:mod:`multiprocessing.resource_sharer`, whose thread raises ``ConnectionResetError`` when the
parent stops while fetching one, and hands it to ``sys.excepthook``; in such a child that
exception is not printed.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType, TracebackType

EXIT_TERMINATED = 128 + signal.SIGTERM  # 143: the shell's code for a process ended by SIGTERM

_owner: list[int] = []  # the pid that installed the handler, while it is installed


class Terminated(KeyboardInterrupt):
    """The process received SIGTERM (raised by the handler :func:`sigterm_as_interrupt` sets)."""


def _raise_terminated(signum: int, frame: FrameType | None) -> None:
    """SIGTERM's handler: raise :class:`Terminated` once; the next SIGTERM acts as by default."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if _owner and _owner[0] != os.getpid():  # a child forked outside os.fork's hooks
        os.kill(os.getpid(), signal.SIGTERM)  # end as the default action would
        return
    raise Terminated


@contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """Within the block SIGTERM raises :class:`Terminated` in the main thread; the previous
    handler is put back when it ends normally or with another error. When it ends by a stop (a
    :class:`Terminated`, or a DataLoader worker killed by the same SIGTERM) SIGTERM is left
    ignored, so a late one cannot cut the stop's message short: the caller puts the handler back
    with :func:`restore_sigterm` once that is out (``yuyin.cli.main`` does). Outside the main
    thread (where Python sets no handlers) the block runs unchanged."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    _owner.append(os.getpid())
    stopped = False
    try:
        yield
    except BaseException as exc:
        stopped = isinstance(exc, Terminated) or worker_terminated(exc)
        raise
    finally:
        _owner.clear()
        if stopped:  # on the way out: nothing more may interrupt the cleanup and its message
            _quiet_exit()
        else:  # None: a handler set outside Python, which Python cannot put back
            signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)


def worker_terminated(exc: BaseException) -> bool:
    """Whether ``exc`` (or an exception it was raised while handling) is the DataLoader's report
    of a worker ended by SIGTERM. A signal to the whole process group (``timeout``, Slurm,
    ``docker stop``) reaches the workers with the parent, and a worker may die of it before the
    parent's own handler runs: that is the same stop, not a failure."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, RuntimeError) and "is killed by signal: Terminated" in str(seen):
            return True
        seen = seen.__context__
    return False


def restore_sigterm(handler: object) -> None:
    """Put SIGTERM's ``handler`` back (None: one set outside Python: the default) once a stopped
    command has said so; in the main thread only, where Python sets handlers."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, signal.SIG_DFL if handler is None else handler)


def _quiet_exit() -> None:
    """A stopped command's last moments: the group's SIGTERM arriving late is ignored (it would
    end the process before its message), and workers that end no longer make the DataLoader's
    SIGCHLD handler raise while the interpreter exits."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    if hasattr(signal, "SIGCHLD"):
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)


_SHARER = os.path.join("multiprocessing", "resource_sharer.py")


def _parent_gone(exc_type: type[BaseException], tb: TracebackType | None) -> bool:
    """Whether an exception is the resource sharer losing the process it served."""
    if not issubclass(exc_type, (ConnectionError, EOFError)):
        return False
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(_SHARER):
            return True
        tb = tb.tb_next
    return False


def _quiet_excepthook(previous: Callable[..., object]) -> Callable[..., None]:
    """``sys.excepthook`` that drops :func:`_parent_gone` exceptions, else calls ``previous``."""

    def hook(exc_type: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if not _parent_gone(exc_type, tb):
            previous(exc_type, value, tb)

    return hook


def _default_in_child() -> None:
    """In a forked child: SIGTERM ends it, as it would have before the parent set its handler,
    and a parent gone mid-transfer prints nothing (module doc)."""
    if not _owner:
        return
    _owner.clear()
    sys.excepthook = _quiet_excepthook(sys.excepthook)
    try:
        if signal.getsignal(signal.SIGTERM) is _raise_terminated:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
    except ValueError:  # not the child's main thread: Python sets no handler there
        pass


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_default_in_child)
