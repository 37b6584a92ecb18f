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
from collections.abc import Iterator
from pathlib import Path

MPEG_SUFFIXES = frozenset({".mp3", ".mp2", ".mp1", ".mpga"})  # what libsndfile gives libmpg123
_NOTE = re.compile(rb"(?:Note|Warning|\[[^\]\n]*\] (?:warning|error)): ")  # libmpg123's lines


@contextlib.contextmanager
def held_decoder_notes(path: str | os.PathLike) -> Iterator[None]:
    """Hold libmpg123's notes back while ``path`` (an MP3 by its suffix) is read; a no-op for
    other files and where descriptor 2 cannot be duplicated."""
    if Path(path).suffix.lower() not in MPEG_SUFFIXES:
        yield
        return
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError, AttributeError):
        yield
        return
    try:
        held = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the `with held` below
    except OSError:  # no room for it: the notes print as before
        os.close(saved)
        yield
        return
    with held:
        os.dup2(held.fileno(), 2)
        try:
            yield
        finally:
            with contextlib.suppress(OSError, ValueError, AttributeError):
                sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
            held.seek(0)
            lines = held.read().splitlines(keepends=True)
            kept = b"".join(line for line in lines if not _NOTE.match(line))
            while kept:
                kept = kept[os.write(2, kept) :]
