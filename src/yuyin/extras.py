"""Packages a feature needs that the base install may lack: the error that says which to install.

Raised where a feature first needs the package (HuBERT's k-means, KenLM, the CMU dictionary), so
the message names the feature; ``yuyin``'s command line prints it as one ``error:`` line. And
the advice such packages' native code prints on standard error is kept out of yuyin's output.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Iterator


class MissingPackageError(ImportError):
    """A package a feature needs is not installed; ``str()`` says what to ``pip install``."""


_STDERR_LOCK = threading.Lock()


@contextlib.contextmanager
def native_stderr_dropped(drop: bool) -> Iterator[None]:
    """With ``drop``, what an extra's C++ code writes to file descriptor 2 meanwhile is thrown
    away (KenLM prints advice there; its errors come back as exceptions, which yuyin words
    itself). Process-wide: what other threads write to standard error meanwhile goes too, so
    keep the block short (a model load)."""
    if not drop:
        yield
        return
    with _STDERR_LOCK:  # one at a time: a second would save the first's /dev/null for good
        try:
            sys.stderr.flush()
            saved = os.dup(2)
        except (OSError, ValueError):  # no descriptor 2 (an embedding host): nothing to hide
            yield
            return
        try:
            with open(os.devnull, "wb") as devnull:
                os.dup2(devnull.fileno(), 2)
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)
