"""Keep libmpg123's notes on a corrupt MP3 off the terminal.

libsndfile decodes MP3 with libmpg123, which writes lines such as ``Note: Illegal
Audio-MPEG-Header 0x00000000 at offset 19996.`` and ``Note: Trying to resync...`` straight to
file descriptor 2 while it skips damaged frames. yuyin says what is wrong with such a file
itself (one :class:`yuyin.audio.AudioError` naming it), so :func:`held_decoder_notes` holds
descriptor 2 in a temporary file while libsndfile reads an MP3 and then passes on every line
that is not such a note: nothing else written meanwhile is lost, only delayed.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO

MPEG_SUFFIXES = frozenset({".mp3", ".mp2", ".mp1", ".mpga"})  # what libsndfile gives libmpg123
_NOTE = re.compile(rb"(?:Note|Warning|\[[^\]\n]*\] (?:warning|error)): ")  # libmpg123's lines


class _Holder:
    """Descriptor 2 held in one temporary file while any thread reads an MP3 (header probes run
    in thread pools): the first to come in swaps it, the last to leave puts it back."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.depth = 0
        self.saved = -1
        self.held: IO[bytes] | None = None

    def enter(self) -> bool:
        with self.lock:
            if self.depth == 0:
                try:
                    sys.stderr.flush()
                    held = tempfile.TemporaryFile()  # noqa: SIM115 - closed in leave()
                except (OSError, ValueError, AttributeError):
                    return False  # no room for it: the notes print as before
                try:
                    self.saved = os.dup(2)
                    os.dup2(held.fileno(), 2)
                except OSError:
                    held.close()
                    return False
                self.held = held
            self.depth += 1
            return True

    def leave(self) -> None:
        with self.lock:
            self.depth -= 1
            if self.depth or self.held is None:
                return
            with contextlib.suppress(OSError, ValueError, AttributeError):
                sys.stderr.flush()
            os.dup2(self.saved, 2)
            os.close(self.saved)
            held, self.held = self.held, None
            with held:
                held.seek(0)
                lines = held.read().splitlines(keepends=True)
            kept = b"".join(line for line in lines if not _NOTE.match(line))
            while kept:
                kept = kept[os.write(2, kept) :]


_HOLDER = _Holder()


@contextlib.contextmanager
def held_decoder_notes(path: str | os.PathLike) -> Iterator[None]:
    """Hold libmpg123's notes back while ``path`` (an MP3 by its suffix) is read; a no-op for
    other files and where descriptor 2 cannot be swapped. Safe from several threads at once."""
    if Path(path).suffix.lower() not in MPEG_SUFFIXES or not _HOLDER.enter():
        yield
        return
    try:
        yield
    finally:
        _HOLDER.leave()
