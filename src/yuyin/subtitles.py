"""Subtitles from a transcript's word timings: SubRip (``.srt``) and WebVTT (``.vtt``).

Words are grouped into cues the way subtitle guidelines ask (BBC, Netflix): a new cue after a
pause, before a cue would be on screen too long or hold too many characters (at the longest
pause of its second half rather than mid-phrase, when that pause is clearly longer), at most
two lines of at most :data:`MAX_LINE_CHARS` characters each, broken at the space nearest the
middle. A cue stays up at least :data:`MIN_CUE_SECONDS`, and long enough to be read at
:data:`MAX_CHARS_PER_SECOND` (a cue ending with its last word was often faster than that),
as far as the next one and :data:`MAX_CUE_SECONDS` leave room.

``yuyin transcribe --subtitles srt`` writes one file per audio file; in Python::

    from yuyin.subtitles import subtitle_cues, write_subtitles
    write_subtitles(recognizer.transcribe("talk.wav"), "talk.srt")
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from yuyin.paths import write_text_atomic
from yuyin.transcribe import Transcript, Word

__all__ = ["FORMATS", "Cue", "format_subtitles", "subtitle_cues", "write_subtitles"]

FORMATS = ("srt", "vtt")
MAX_LINE_CHARS = 42  # characters per line (BBC and Netflix guidelines: 37-42)
MAX_LINES = 2
MAX_CUE_SECONDS = 6.0  # on screen at most this long
MAX_GAP_SECONDS = 0.8  # a pause this long between words starts a new cue
MIN_CUE_SECONDS = 0.7  # shown at least this long when the next cue leaves room
PHRASE_PAUSE_SECONDS = 0.1  # a full cue ends at an earlier pause this much longer
MAX_CHARS_PER_SECOND = 20.0  # and long enough to read at this pace (Netflix, adults: 17-20)


@dataclass(frozen=True)
class Cue:
    """One subtitle: its time span in seconds and its lines of text."""

    start: float
    end: float
    lines: tuple[str, ...]


def subtitle_cues(
    words: Sequence[Word],
    max_line_chars: int = MAX_LINE_CHARS,
    max_lines: int = MAX_LINES,
    max_seconds: float = MAX_CUE_SECONDS,
    max_gap: float = MAX_GAP_SECONDS,
) -> list[Cue]:
    """Group timed words into cues (module docstring). Words must come in time order; a word
    longer than a line stands on a line of its own."""
    if max_line_chars < 1 or max_lines < 1 or not max_seconds > 0 or not max_gap >= 0:
        raise ValueError("subtitle limits must be positive")

    def fits(group: list[Word]) -> bool:
        text = " ".join(w.word for w in group)
        return (
            group[-1].end - group[0].start <= max_seconds
            and len(_lines(text, max_line_chars)) <= max_lines
        )

    groups: list[list[Word]] = []
    for word in words:
        group = groups[-1] if groups else None
        if group is not None and word.start - group[-1].end > max_gap:
            group = None
        elif group is not None and not fits([*group, word]):
            groups.append(_phrase_tail(group, word, fits))  # the words after its last pause
            continue
        if group is None:
            groups.append([word])
        else:
            group.append(word)
    cues = []
    for i, group in enumerate(groups):
        start, end = group[0].start, max(group[-1].end, group[0].start)
        room = groups[i + 1][0].start if i + 1 < len(groups) else None
        text = " ".join(w.word for w in group)
        readable = min(start + len(text) / MAX_CHARS_PER_SECOND, start + max_seconds)
        end = max(end, start + MIN_CUE_SECONDS, readable)
        if room is not None:
            end = max(min(end, room), group[-1].end)  # never over the next cue's words
        lines = _lines(text, max_line_chars)
        cues.append(Cue(round(start, 3), round(end, 3), tuple(lines)))
    return cues


def _phrase_tail(group: list[Word], word: Word, fits) -> list[Word]:
    """The next cue when ``word`` does not fit in ``group``: the word alone, or, when a pause
    in the second half of the group is :data:`PHRASE_PAUSE_SECONDS` longer than the one before
    ``word``, the words after that pause with it (taken out of ``group``), so that a cue ends
    where the speaker paused rather than in the middle of a phrase."""
    before = word.start - group[-1].end
    best, cut = before + PHRASE_PAUSE_SECONDS, None
    for k in range(max(1, len(group) // 2), len(group)):
        gap = group[k].start - group[k - 1].end
        if gap > best and fits([*group[k:], word]):
            best, cut = gap, k
    if cut is None:
        return [word]
    tail = group[cut:]
    del group[cut:]
    return [*tail, word]


def _lines(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` characters: one line when it fits, else broken at
    the space that leaves the two halves most even (then again, for longer text)."""
    if len(text) <= width or " " not in text:
        return [text]
    spaces = [i for i, c in enumerate(text) if c == " "]
    fitting = [i for i in spaces if i <= width] or spaces[:1]
    if len(text) <= 2 * width + 1:  # two lines can hold it: the most even break that fits
        cut = min(
            fitting, key=lambda i: (max(i, len(text) - i - 1) > width, abs(2 * i - len(text)))
        )
    else:
        cut = fitting[-1]
    return [text[:cut], *_lines(text[cut + 1 :], width)]


def _timestamp(seconds: float, decimal: str) -> str:
    millis = max(round(seconds * 1000), 0)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{decimal}{millis:03d}"


def format_subtitles(cues: Sequence[Cue], fmt: str) -> str:
    """The cues as the text of an ``srt`` or ``vtt`` file (no cues: an empty SRT, a WebVTT file
    with its header alone)."""
    if fmt not in FORMATS:
        raise ValueError(f"subtitle format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    decimal = "," if fmt == "srt" else "."
    blocks = [
        ([str(n)] if fmt == "srt" else [])
        + [f"{_timestamp(c.start, decimal)} --> {_timestamp(c.end, decimal)}", *c.lines]
        for n, c in enumerate(cues, 1)
    ]
    body = "\n\n".join("\n".join(block) for block in blocks)
    head = "WEBVTT\n\n" if fmt == "vtt" else ""
    return head + body + ("\n" if body else "")


def write_subtitles(transcript: Transcript, path: str | os.PathLike) -> Path:
    """Write ``transcript``'s subtitles to ``path`` (format from its suffix, ``.srt`` or
    ``.vtt``), atomically: a failed write leaves an existing file as it was."""
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"{path}: subtitles are written as .srt or .vtt, not {path.suffix!r}")
    return write_text_atomic(path, format_subtitles(subtitle_cues(transcript.words), fmt))
