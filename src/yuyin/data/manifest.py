"""Manifests: one :class:`Utterance` per line of a JSONL file.

A manifest is the only way data flows into yuyin: importers turn a folder, a LibriSpeech tree, a
Kaldi data dir or an LJSpeech CSV into utterances; training and evaluation read them back.
Audio paths are stored as given (absolute by the importers), so a manifest can live anywhere.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, fields
from pathlib import Path


class ManifestError(ValueError):
    """A problem with a manifest or an import source; names the file (and line) at fault."""


@dataclass(frozen=True)
class Utterance:
    """One utterance: an audio file (or a segment of one) and what is known about it.

    ``text`` is None for unlabeled audio. ``start``/``end`` (seconds) select a segment of a longer
    file; ``end`` None means to the end of the file.
    """

    id: str
    audio: str
    duration: float
    text: str | None = None
    speaker: str | None = None
    lang: str | None = None
    start: float = 0.0
    end: float | None = None

    def to_json(self) -> str:
        record = {k: v for k, v in asdict(self).items() if v is not None}
        if record.get("start") == 0.0:
            del record["start"]
        return json.dumps(record, ensure_ascii=False)

    @classmethod
    def from_dict(cls, record: dict, where: str = "<dict>") -> Utterance:
        names = {f.name for f in fields(cls)}
        unknown = set(record) - names
        missing = {"id", "audio", "duration"} - set(record)
        if missing:
            raise ManifestError(f"{where}: missing field(s) {sorted(missing)}")
        known = {k: v for k, v in record.items() if k in names}
        try:
            utt = cls(**known)
            duration = float(utt.duration)
        except (TypeError, ValueError) as exc:
            raise ManifestError(f"{where}: bad record ({exc})") from None
        if not duration >= 0:  # also rejects NaN
            raise ManifestError(f"{where}: duration must be >= 0, got {utt.duration!r}")
        del unknown  # extra fields from other tools are tolerated and dropped
        return utt


def read_manifest(path: str | os.PathLike) -> list[Utterance]:
    """Read a JSONL manifest. Raises :class:`ManifestError` naming the file and line at fault."""
    return list(iter_manifest(path))


def iter_manifest(path: str | os.PathLike) -> Iterator[Utterance]:
    """Stream a JSONL manifest one :class:`Utterance` at a time."""
    path = Path(path)
    if not path.is_file():
        raise ManifestError(f"{path}: manifest not found")
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            line = line.strip()
            if not line:
                continue
            where = f"{path}:{lineno}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ManifestError(f"{where}: not JSON ({exc.msg})") from None
            if not isinstance(record, dict):
                raise ManifestError(f"{where}: expected a JSON object per line")
            yield Utterance.from_dict(record, where)


def write_manifest(path: str | os.PathLike, utterances: Iterable[Utterance]) -> Path:
    """Write utterances as JSONL atomically (temp file + rename). Returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            for utt in utterances:
                fh.write(utt.to_json() + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
