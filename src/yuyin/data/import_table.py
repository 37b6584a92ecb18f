"""Import a corpus described by a table: one row per utterance, an audio path and a transcript.

The layouts other toolkits and datasets write, each read without conversion:

* **Common Voice** ``train.tsv`` / ``validated.tsv`` (``client_id  path  sentence ... locale``,
  tab-separated, quotes kept as written) with the clips in ``clips/`` beside it;
* **Hugging Face audiofolder** ``metadata.csv`` (``file_name,transcription``);
* **SpeechBrain** CSV (``ID,duration,wav,spk_id,wrd``), **DeepSpeech** CSV
  (``wav_filename,wav_filesize,transcript``);
* **NeMo** JSON-lines manifests (``{"audio_filepath", "text", "duration"}``; with ``offset``, or
  a ``duration`` shorter than the file, a segment of it, as NeMo reads them).

Columns are found by their header names (:data:`AUDIO_COLUMNS`, :data:`TEXT_COLUMNS` ...; any case)
or named by the caller. A relative audio path (or one under a placeholder folder such as
SpeechBrain's ``$data_root/``) is looked up beside the table, in its ``clips/``
and ``wavs/`` folders and one folder up, or under ``audio_root`` alone when given. Durations come
from the audio headers (a table's own ``duration`` column is not trusted). Absolute paths of a
corpus that moved (a NeMo manifest from another machine) are found by their last parts under
``audio_root`` or beside the table. Rows that cannot be
used (audio missing or unreadable, empty transcript) are skipped and reported as the other
importers do; a table that cannot be read raises :class:`ManifestError` naming file and line.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from yuyin.data._import_files import (
    _clean,
    _finish,
    _lines,
    _read_text,
    _report,
    _with_durations,
)
from yuyin.data.manifest import ManifestError, Relocator, Utterance

__all__ = ["AUDIO_COLUMNS", "TEXT_COLUMNS", "import_table"]

# header names looked for, in order of preference (compared in lower case)
AUDIO_COLUMNS = (
    *("audio_filepath", "path", "file_name", "filename", "wav", "wav_filename", "wav_path"),
    *("audio", "audio_path", "audio_file", "filepath", "file", "clip"),
)
TEXT_COLUMNS = (
    *("sentence", "text", "transcript", "transcription", "wrd", "words"),
    *("normalized_text", "utterance"),
)
SPEAKER_COLUMNS = ("speaker", "speaker_id", "spk_id", "spk", "client_id", "speaker_name")
ID_COLUMNS = ("id", "utt_id", "utterance_id", "uttid", "key")
LANG_COLUMNS = ("lang", "language", "locale")
AUDIO_FOLDERS = (".", "clips", "wavs", "..")  # beside the table: Common Voice, LJSpeech, one up
DELIMITERS = ",;|\t"
MAX_OVERSHOOT = 0.5  # s: a segment may end this far past its audio (clipped; Kaldi's default)
JSON_SUFFIXES = (".jsonl", ".json", ".ndjson")
PLACEHOLDER = re.compile(r"^(\$\{?\w+\}?|\{\w+\})/")  # SpeechBrain's "$data_root/...": relative

_Row = tuple[str, dict[str, object]]  # ("file:line", the row's fields by lower-cased name)


def import_table(
    table: str | os.PathLike,
    *,
    audio_column: str | None = None,
    text_column: str | None = None,
    speaker_column: str | None = None,
    id_column: str | None = None,
    audio_root: str | os.PathLike | None = None,
    lang: str | None = None,
    unlabeled: bool = False,
    min_duration: float | None = None,
    max_duration: float | None = None,
) -> list[Utterance]:
    """Import the utterances a CSV/TSV table or a JSON-lines manifest lists (module docstring).

    ``*_column`` name a column when its header is not one of the known names; a named column
    that is missing is an error listing the table's columns. Without a text column (or with
    ``unlabeled``) the utterances are unlabeled. The id is the id column's value, else the audio
    path under its folder without the suffix (with the segment's start in ms for a NeMo
    ``offset``). ``lang`` overrides a ``locale``/``lang`` column.
    """
    path = Path(os.path.abspath(Path(table).expanduser()))
    if not path.is_file():
        what = "a folder, not a table" if path.is_dir() else "not found"
        raise ManifestError(f"{path}: {what} (expected a .csv, .tsv or .jsonl file)")
    rows, columns = _read_rows(path)
    names = {
        "audio": _column(path, columns, audio_column, AUDIO_COLUMNS, "--audio-column"),
        "text": None if unlabeled else _column(path, columns, text_column, TEXT_COLUMNS, None),
        "speaker": _column(path, columns, speaker_column, SPEAKER_COLUMNS, None),
        "id": _column(path, columns, id_column, ID_COLUMNS, None),
        "lang": None if lang else _column(path, columns, None, LANG_COLUMNS, None),
    }
    if names["audio"] is None:
        raise ManifestError(
            f"{path}: no audio column among {', '.join(columns) or 'none'}; name it with "
            f"--audio-column (looked for {', '.join(AUDIO_COLUMNS)})"
        )
    bases = _bases(path, audio_root)
    relocate = Relocator(path, [str(b) for b in bases[:1]] + [str(path.parent)])
    root = path.parent
    pending, listed_at, said = [], {}, {}
    no_audio, empty = [], []
    for where, row in rows:
        value = _text(row.get(names["audio"]))
        if not value:
            raise ManifestError(f"{where}: empty {names['audio']!r} (the audio path)")
        audio = _find_audio(value, bases, relocate)
        start, end = _segment(row, where)
        utt_id = _text(row.get(names["id"])) if names["id"] else ""
        if not utt_id:
            utt_id = _id_of(audio, value, [root / "clips", root / "wavs", root, *bases], start, end)
        if utt_id in listed_at:
            raise ManifestError(
                f"{where}: utterance {utt_id!r} already listed at {listed_at[utt_id]}"
            )
        listed_at[utt_id] = where
        text = _clean(_text(row.get(names["text"]))) if names["text"] else None
        if not audio.is_file():
            no_audio.append(f"{_where_short(where, path)} {value}")
            continue
        if text == "":
            empty.append(f"{_where_short(where, path)} {utt_id}")
            continue
        listed = _seconds(row.get("duration"))
        if listed is not None and start == 0.0 and end is None:
            said[utt_id] = listed  # compared with the header below
        speaker = _text(row.get(names["speaker"])) if names["speaker"] else ""
        row_lang = lang or (_text(row.get(names["lang"])) if names["lang"] else "") or None
        fields = {"id": utt_id, "text": text, "speaker": speaker or None, "lang": row_lang}
        pending.append((audio, fields, start, end))
    where_looked = (
        f"under {bases[0]}"
        if audio_root is not None
        else "beside the table, in its clips/ or wavs/, or one folder up; --audio-root DIR "
        "names the folder relative paths are under"
    )
    _report(f"row(s) of {path.name} whose audio file is missing ({where_looked})", no_audio)
    _report("empty transcript(s)", empty)
    spans = {fields["id"]: (start, end) for _, fields, start, end in pending}
    utts, beyond = [], []
    for utt in _with_durations([(audio, fields) for audio, fields, _, _ in pending], root):
        cut = _cut(utt, *spans[utt.id])
        if cut is None:
            beyond.append(f"{utt.id} ({utt.duration:.2f} s)")
        else:
            utts.append(cut)
    _report("segment(s) beyond the end of their audio", beyond)
    if path.suffix.lower() in JSON_SUFFIXES:  # NeMo reads `duration` seconds from the start
        shorter = {u.id for u in utts if u.id in said and said[u.id] < 0.9 * u.duration}
        utts = [_cut(u, 0.0, said[u.id]) or u if u.id in shorter else u for u in utts]
        _report("row(s) whose duration is shorter than the file", sorted(shorter),
                verb="read only the listed seconds, as NeMo does, of")  # fmt: skip
        said = {k: v for k, v in said.items() if k not in shorter}
    off = [
        f"{u.id} ({said[u.id]:g} s listed, {u.duration:.2f} s in the file)"
        for u in utts
        if u.id in said and abs(said[u.id] - u.duration) > max(0.1 * u.duration, 0.05)
    ]
    _report(
        "row(s) whose duration column disagrees with the audio",
        off,
        verb="kept the file's length for",
    )
    return _finish(utts, min_duration, max_duration)


def _seconds(value: object) -> float | None:
    """A duration cell as seconds, or None when it is missing or not a number."""
    try:
        seconds = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return seconds if seconds >= 0 else None


def _read_rows(path: Path) -> tuple[Iterator[_Row], list[str]]:
    """The table's rows (lazily) and its column names as written."""
    if path.suffix.lower() in JSON_SUFFIXES:
        return _json_rows(path)
    text = _read_text(path)
    if not text.strip():
        raise ManifestError(f"{path}: empty table")
    tsv = path.suffix.lower() == ".tsv"
    # the delimiter is the one the header line holds most of (transcripts below may hold any)
    first = text.lstrip("\n").split("\n", 1)[0]
    delimiter = "\t" if tsv else max(DELIMITERS, key=first.count)
    # a TSV is read as written (Common Voice keeps quotes inside sentences unescaped)
    quoting = csv.QUOTE_NONE if tsv else csv.QUOTE_MINIMAL
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quoting=quoting)
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        raise ManifestError(f"{path}: empty table") from None
    lowered = [name.lower() for name in header]
    if len(set(lowered)) != len(lowered):
        raise ManifestError(f"{path}:1: a column name is repeated in the header {header}")

    def rows() -> Iterator[_Row]:
        try:
            for fields in reader:
                if not any(f.strip() for f in fields):
                    continue  # a blank line
                where = f"{path}:{reader.line_num}"
                if len(fields) != len(header):
                    raise ManifestError(
                        f"{where}: {len(fields)} field(s) where the header has {len(header)} "
                        f"({', '.join(header)}); a delimiter inside a transcript needs quotes"
                    )
                yield where, dict(zip(lowered, fields, strict=True))
        except csv.Error as exc:
            raise ManifestError(f"{path}:{reader.line_num}: not a readable table ({exc})") from None

    return rows(), header


def _json_rows(path: Path) -> tuple[Iterator[_Row], list[str]]:
    """A JSON-lines manifest (NeMo's): every line one object."""
    rows: list[_Row] = []
    columns: dict[str, None] = {}
    for lineno, line in _lines(path):
        try:
            record = json.loads(line)
        except ValueError as exc:
            raise ManifestError(f"{path}:{lineno}: not a JSON object ({exc.msg})") from None
        if not isinstance(record, dict):
            raise ManifestError(f"{path}:{lineno}: not a JSON object ({type(record).__name__})")
        columns.update(dict.fromkeys(record))
        rows.append((f"{path}:{lineno}", {str(k).lower(): v for k, v in record.items()}))
    if not rows:
        raise ManifestError(f"{path}: empty table")
    return iter(rows), list(columns)


def _column(
    path: Path, columns: Sequence[str], named: str | None, known: Sequence[str], flag: str | None
) -> str | None:
    """The lower-cased name of the column to read: ``named`` (which must exist), else the first
    of ``known`` the table has, else None."""
    present = {c.lower() for c in columns}
    if named is not None:
        if named.lower() not in present:
            raise ManifestError(
                f"{path}: no column {named!r}; the table has {', '.join(columns) or 'none'}"
            )
        return named.lower()
    return next((name for name in known if name in present), None)


def _text(value: object) -> str:
    """A cell as a stripped string (JSON numbers too); '' for a missing or null one."""
    return "" if value is None else str(value).strip()


def _bases(table: Path, audio_root: str | os.PathLike | None) -> list[Path]:
    """The folders a relative audio path is looked up in, in order."""
    if audio_root is not None:
        root = Path(os.path.abspath(Path(audio_root).expanduser()))
        if not root.is_dir():
            raise ManifestError(f"{root}: audio root not found (not a folder)")
        return [root]
    return [Path(os.path.normpath(table.parent / folder)) for folder in AUDIO_FOLDERS]


def _find_audio(value: str, bases: Sequence[Path], relocate: Relocator) -> Path:
    """The audio file a row names: absolute as is (or, when its folder is gone, as the corpus
    moved: found by its last parts under the audio root or beside the table, as
    :class:`~yuyin.data.manifest.Relocator` finds a moved manifest's), else the first base
    holding it (the first base's path when none does, so the report names where it was
    expected)."""
    if "\\" in value and os.sep == "/" and not value.startswith("\\\\"):
        value = value.replace("\\", "/")  # "data\\0001.wav", written on Windows
    path = Path(PLACEHOLDER.sub("", value)).expanduser()
    if path.is_absolute():
        return Path(os.path.normpath(relocate(str(path))))
    candidates = [Path(os.path.normpath(base / path)) for base in bases]
    return next((c for c in candidates if c.is_file()), candidates[0])


def _segment(row: dict[str, object], where: str) -> tuple[float, float | None]:
    """(start, end or None) of a NeMo row with an ``offset`` (and its ``duration``)."""
    if row.get("offset") is None:
        return 0.0, None
    try:
        start = float(row["offset"])  # type: ignore[arg-type]
        length = float(row["duration"]) if row.get("duration") is not None else None  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ManifestError(f"{where}: offset and duration must be numbers (seconds)") from None
    if not start >= 0 or (length is not None and not length > 0):  # NaN fails too
        raise ManifestError(f"{where}: bad segment offset={start} duration={length}")
    return start, None if length is None else start + length


def _id_of(
    audio: Path, value: str, folders: Sequence[Path], start: float, end: float | None
) -> str:
    """An utterance id from its audio path: the path under the first of ``folders`` (the
    table's clips/, wavs/, its own folder, the audio root) without the suffix, else as written
    in the row; a segment appends its start in ms."""
    for folder in folders:
        try:
            utt_id = audio.relative_to(folder).with_suffix("").as_posix()
            break
        except ValueError:
            continue
    else:
        parts = [p for p in Path(value).with_suffix("").parts if p not in ("..", ".", "/")]
        utt_id = "/".join(parts) or audio.stem
    return f"{utt_id}-{round(start * 1000):08d}" if start or end is not None else utt_id


def _where_short(where: str, table: Path) -> str:
    """``file:line`` as ``line N`` (the warning already names the table)."""
    return "line " + where.rsplit(":", 1)[1] if where.startswith(str(table)) else where


def _cut(utt: Utterance, start: float, end: float | None) -> Utterance | None:
    """The utterance limited to its segment; None when the segment does not lie within the audio
    (an end up to :data:`MAX_OVERSHOOT` past it is clipped, as Kaldi does)."""
    if start == 0.0 and end is None:
        return utt
    if start >= utt.duration or (end is not None and end > utt.duration + MAX_OVERSHOOT):
        return None
    stop = utt.duration if end is None else min(end, utt.duration)
    return Utterance(utt.id, utt.audio, stop - start, utt.text, utt.speaker, utt.lang, start, stop)
