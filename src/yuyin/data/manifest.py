"""Manifests: one :class:`Utterance` per line of a JSONL file.

A manifest is the only way data flows into yuyin: importers (:mod:`yuyin.data.importers`) turn a
folder, a LibriSpeech tree, a Kaldi data dir or an LJSpeech CSV into utterances; training and
evaluation read them back. Importers write absolute audio paths, so every line stands on its own
(``grep``/``head``/``cat`` manifests into other folders). A relative path, as in a manifest
written by hand to travel with its corpus folder, is read from the manifest's folder when the
file is there (for a symlinked manifest, the link's folder, then the real file's), else from
the current folder (:func:`find_relative`). A corpus folder moved or copied elsewhere with its
manifest still reads: an absolute path whose folder is gone is looked for by its last parts
beside the manifest (and up to two folders above it), with one warning, unless the folder it
hung from is still there (:class:`Relocator`).
:func:`manifest_stats` summarizes a manifest (``yuyin data info``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from yuyin.data.audio_files import has_audio_header
from yuyin.paths import keep_file_mode, replace_target, temp_file_for

log = logging.getLogger("yuyin.data")

SECONDS_PER_HOUR = 3600.0
MOVED_TAIL_PARTS = 4  # the most trailing parts of a moved audio path looked for (x/y/spk/a.wav)
MOVED_ROOT_LEVELS = 2  # folders above the manifest's where a moved corpus's audio is looked for
TOP_SPEAKERS = 5  # speakers listed by name in the stats; the rest are only counted
# Duration histogram bin edges in seconds; the last bin is open ("30 s and longer").
DURATION_BIN_EDGES = (0.0, 1.0, 2.0, 5.0, 10.0, 15.0, 20.0, 30.0)
UNKNOWN = "unknown"  # label for a missing speaker or language in the stats


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

    @property
    def is_segment(self) -> bool:
        """Whether this is a span of a longer file (Kaldi segments, NeMo offsets)."""
        return self.start > 0 or self.end is not None

    def to_dict(self) -> dict:
        """The manifest record: fields that are None, and a start of 0, left out."""
        record = {k: v for k, v in asdict(self).items() if v is not None}
        if record.get("start") == 0.0:
            del record["start"]
        return record

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)

    @classmethod
    def from_dict(cls, record: dict, where: str = "<dict>") -> Utterance:
        """An utterance from a manifest record; :class:`ManifestError` naming ``where`` when a
        field is missing or of the wrong type (extra fields from other tools are dropped)."""
        missing = {"id", "audio", "duration"} - set(record)
        if missing:
            raise ManifestError(f"{where}: missing field(s) {sorted(missing)}")
        for name in ("id", "audio"):
            if not isinstance(record[name], str) or not record[name].strip():
                raise ManifestError(f"{where}: {name!r} must be a non-empty string")
        for name in ("text", "speaker", "lang"):
            if record.get(name) is not None and not isinstance(record[name], str):
                raise ManifestError(f"{where}: {name!r} must be a string or null")
        for name in ("id", "audio", "text", "speaker", "lang"):
            try:
                (record.get(name) or "").encode("utf-8")
            except UnicodeEncodeError:  # "\ud800" in JSON: half of a character, not text
                raise ManifestError(
                    f"{where}: {name!r} holds a lone surrogate (an escape such as \\ud800), "
                    "which is not text"
                ) from None
        duration = _seconds(record["duration"], "duration", where)
        start = _seconds(record.get("start", 0.0), "start", where)
        end = record.get("end")
        if end is not None:
            end = _seconds(end, "end", where)
            if end <= start:
                raise ManifestError(f"{where}: end ({end}) must be after start ({start})")
        return cls(
            id=record["id"],
            audio=record["audio"],
            duration=duration,
            text=record.get("text"),
            speaker=record.get("speaker"),
            lang=record.get("lang"),
            start=start,
            end=end,
        )


def _seconds(value: object, name: str, where: str) -> float:
    """A time field as float: a finite JSON number >= 0, else :class:`ManifestError`."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ManifestError(f"{where}: {name!r} must be a number of seconds, got {value!r:.40}")
    try:
        seconds = float(value)
    except OverflowError:  # an integer of hundreds of digits
        seconds = math.inf
    if not math.isfinite(seconds) or seconds < 0:
        raise ManifestError(f"{where}: {name!r} must be finite and >= 0, got {str(value):.40}")
    return seconds


def read_manifest(path: str | os.PathLike) -> list[Utterance]:
    """Read a JSONL manifest. Raises :class:`ManifestError` naming the file and line at fault."""
    return list(iter_manifest(path))


def iter_manifest(path: str | os.PathLike) -> Iterator[Utterance]:
    """Stream a JSONL manifest one :class:`Utterance` at a time."""
    path = Path(path)
    if path.is_dir():
        raise ManifestError(
            f"{path}: a folder, not a manifest; make one from its audio with `yuyin data import "
            f"folder {path} -o manifest.jsonl` (or its manifest.jsonl, if it has one)"
        )
    if not path.is_file():
        raise ManifestError(f"{path}: manifest not found")
    folders = list(
        dict.fromkeys([os.path.abspath(path.parent), os.path.dirname(os.path.realpath(path))])
    )
    relocate = Relocator(path, folders)
    with path.open("rb") as fh:
        for lineno, raw in enumerate(fh, 1):
            where = f"{path}:{lineno}"
            if lineno == 1 and has_audio_header(raw):
                raise ManifestError(
                    f"{path}: an audio file, not a manifest (JSON Lines); `yuyin transcribe` "
                    "takes audio, and `yuyin data import folder DIR -o manifest.jsonl` makes a "
                    "manifest of a folder of it"
                )
            try:
                line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8").strip()
            except UnicodeDecodeError:
                raise ManifestError(f"{where}: not UTF-8 text (a manifest is JSON Lines)") from None
            if not line:
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ManifestError(f"{where}: not JSON ({exc.msg})") from None
            except RecursionError:
                raise ManifestError(
                    f"{where}: not a manifest line (JSON nested too deep)"
                ) from None
            if not isinstance(record, dict):
                raise ManifestError(f"{where}: expected a JSON object per line")
            audio = record.get("audio")
            if isinstance(audio, str) and audio.strip():
                if os.path.isabs(audio):
                    record["audio"] = relocate(audio)
                else:
                    record["audio"] = find_relative(audio, folders)
            yield Utterance.from_dict(record, where)


class Relocator:
    """Absolute audio paths of a corpus folder that moved (or was copied to another machine)
    with its manifest.

    A path whose folder exists is kept (a missing file there is the loader's to name). One whose
    folder is gone is looked for by its last 4, 3, 2 then 1 parts under the manifest's folder and
    up to two folders above it, first found wins, and one warning per manifest says so. A tail is
    tried only when the folder it hung from is gone too: the files moved with that folder, so a
    sibling corpus with the same file names (the old folder still there, only a part of it moved
    away) is never taken for them. Unfound, the path is kept. Folder checks are cached, so a
    manifest that did not move costs one ``stat`` per folder of audio."""

    def __init__(self, manifest: Path, folders: Sequence[str]) -> None:
        roots = []
        for folder in folders:
            here = Path(folder)
            roots += [here, *list(here.parents)[:MOVED_ROOT_LEVELS]]
        self.manifest, self.roots = manifest, [str(r) for r in dict.fromkeys(roots)]
        self.present: dict[str, bool] = {}
        self.moved = 0

    def _is_dir(self, folder: str) -> bool:
        if folder not in self.present:
            self.present[folder] = os.path.isdir(folder)
        return self.present[folder]

    def __call__(self, audio: str) -> str:
        if self._is_dir(os.path.dirname(audio)):
            return audio
        anchor, *parts = Path(audio).parts
        for count in range(min(len(parts), MOVED_TAIL_PARTS), 0, -1):  # longest tail first
            if self._is_dir(os.path.join(anchor, *parts[:-count])):
                continue  # the tail's old home is still there: these files did not move from it
            tail = os.path.join(*parts[-count:])
            for root in self.roots:
                found = os.path.join(root, tail)
                if os.path.lexists(found):
                    if not self.moved:
                        log.warning(
                            "%s: audio paths point to folders that are gone (%s); found them "
                            "under %s (the corpus moved with the manifest?)",
                            self.manifest,
                            os.path.dirname(audio),
                            root,
                        )
                    self.moved += 1
                    return found
        return audio


def find_relative(audio: str, folders: Sequence[str]) -> str:
    """A manifest's relative ``audio`` path as an absolute one: joined to the first of
    ``folders`` (the manifest's, as named and through links) where it exists, else to the
    current folder where it exists there, else to the manifest's folder (where
    :func:`write_manifest` means it: the loader then names the file missing there). Joined,
    not normalized: ``..`` after a symlinked folder is resolved on disk, as the OS would."""
    for folder in folders:
        beside = os.path.join(folder, audio)
        if os.path.lexists(beside):
            return beside
    if os.path.lexists(audio):
        return os.path.abspath(audio)
    return os.path.join(folders[0], audio)


def check_replaceable(path: Path) -> None:
    """Refuse to replace a file that is not a manifest (an audio file, a transcript list, a
    ``metadata.csv`` given as ``-o`` by mistake): only an empty file or one whose first line
    opens a JSON object is overwritten."""
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except FileNotFoundError:
        return
    except OSError:  # unreadable: the write itself will say what is wrong
        return
    first = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if first and not first.startswith(b"{"):
        raise ManifestError(
            f"{path}: exists and is not a manifest (JSON lines); refusing to overwrite it "
            "(choose another output file)"
        )


def write_manifest(
    path: str | os.PathLike,
    utterances: Iterable[Utterance],
    extras: Iterable[dict] | None = None,
) -> Path:
    """Write utterances as JSONL atomically (temp file + rename). Returns the path.

    ``extras`` (one dict per utterance) adds fields other tools read (readers here ignore them).
    Paths are written as the utterances hold them (absolute once read back by
    :func:`iter_manifest`), so each line stays usable when copied into another manifest.
    """
    if os.fspath(path).endswith(("/", os.sep)):  # "-o out/new/": Path() would drop the slash
        raise ManifestError(f"{os.fspath(path)}: a folder, not a manifest file name")
    path = Path(path)
    if path.is_dir():
        raise ManifestError(f"{path}: a folder, not a manifest file name")
    check_replaceable(path)
    target = replace_target(path)  # a symlink keeps pointing at the new manifest
    fd, tmp = temp_file_for(path, parents=True)  # an OSError naming path, not the temporary
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            rows = (
                ((u, {}) for u in utterances)
                if extras is None
                else zip(utterances, extras, strict=True)
            )
            for number, (utt, extra) in enumerate(rows, 1):
                # what the reader would refuse is refused here, before the file is replaced
                Utterance.from_dict(utt.to_dict(), f"{path}: utterance {number}")
                fh.write(json.dumps(utt.to_dict() | extra, ensure_ascii=False) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        keep_file_mode(tmp, target)  # mkstemp's 0600 would hide the manifest
        os.replace(tmp, target)
    except OSError as exc:  # a full disk, say: name the manifest, not the temporary file
        tmp.unlink(missing_ok=True)
        raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def _id_hash(utt_id: str, seed: int) -> int:
    key = utt_id if seed == 0 else f"{seed}/{utt_id}"  # seed 0: the plain id (older subsets)
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big")


def subset_by_duration(
    utterances: Iterable[Utterance], seconds: float, seed: int = 0, labeled: bool = False
) -> list[Utterance]:
    """Utterances in a fixed pseudo-random order (a hash of ``seed`` and the id) until their
    durations reach ``seconds``: the same subset every time, and a larger budget contains a
    smaller one. ``labeled`` keeps only utterances with text. ``seconds`` inf takes them all.
    Raises :class:`ManifestError` if there is not enough audio.
    """
    pool = [u for u in utterances if u.text or not labeled]
    chosen, total = [], 0.0
    for utt in sorted(pool, key=lambda u: _id_hash(u.id, seed)):
        if total >= seconds:
            break
        chosen.append(utt)
        total += utt.duration
    if total < seconds * 0.95 and seconds != math.inf:  # inf: everything, in the same order
        raise ManifestError(
            f"only {total / 60:.1f} min of {'labeled ' if labeled else ''}audio for a "
            f"{seconds / 60:g} min subset (ask for {total / 60:.1f} min or less)"
        )
    return chosen


SPLITS = ("train", "dev", "test")


def _sentence_groups(utterances: Sequence[Utterance]) -> dict[str, str]:
    """``split_manifest(by_text=True)``'s units: each utterance id -> its group, the utterances
    joined by a transcript (as scoring normalizes it: "It's 12 o'clock." and "it's twelve
    o'clock" are one) or by a recording their segments share; an unlabeled utterance is a group
    of its own (with its recording's segments). A group is named by its smallest member key."""
    from yuyin.text.normalize import normalize_for_scoring

    parent: dict[str, str] = {}

    def root(key: str) -> str:
        parent.setdefault(key, key)
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def join(a: str, b: str) -> None:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    first: dict[str, str] = {}
    for u in utterances:
        said = normalize_for_scoring(u.text) if u.text else ""
        first[u.id] = f"text {said}" if said else f"id {u.id}"
        root(first[u.id])
        if u.is_segment:
            join(first[u.id], f"recording {u.audio}")
    return {uid: root(key) for uid, key in first.items()}


def split_manifest(
    utterances: Sequence[Utterance],
    dev: float,
    test: float,
    seed: int = 0,
    by_speaker: bool = False,
    *,
    by_text: bool = False,
) -> dict[str, list[Utterance]]:
    """Train, dev and test sets with no utterance (or, ``by_speaker``, no speaker; ``by_text``,
    no sentence, as a synthesized corpus says each in several voices: :func:`_sentence_groups`;
    segments of one recording stay together) in two of them: the
    units in a fixed pseudo-random order (a hash of ``seed`` and the id, recording, speaker or
    transcript),
    the first ``test`` share of them to test, the next ``dev`` share to dev (at least one unit
    each when the share is above 0), the rest to train. Manifest order is kept within a set.
    Raises :class:`ManifestError` when a share is outside 0..1, they leave train nothing, or
    ``by_speaker`` meets an utterance without a speaker."""
    if not (0 <= dev < 1 and 0 <= test < 1 and dev + test < 1):
        raise ManifestError(f"dev and test are shares in 0..1 that leave train some: {dev}, {test}")
    if by_speaker and (unnamed := [u.id for u in utterances if not u.speaker]):
        raise ManifestError(
            f"{len(unnamed)} utterance(s) have no speaker (first: {unnamed[0]!r}); import with "
            "--speaker-from-dir (a folder) or --speaker-column (a table), or split by utterance"
        )
    # segments of one recording stay together: a dev segment beside its train neighbours
    # would be heard in training (its speaker, room and the words around it)
    if by_speaker and by_text:
        raise ManifestError("split by speaker or by text, not both")
    key = (lambda u: u.speaker) if by_speaker else (lambda u: u.audio if u.is_segment else u.id)
    if by_text:
        groups = _sentence_groups(utterances)
        key = lambda u: groups[u.id]  # noqa: E731
    units = sorted({key(u) for u in utterances}, key=lambda k: _id_hash(k, seed))
    n_test = max(round(test * len(units)), 1 if test > 0 else 0)
    n_dev = max(round(dev * len(units)), 1 if dev > 0 else 0)
    if n_test + n_dev >= len(units):
        kind = "speaker" if by_speaker else "sentence" if by_text else "utterance"
        raise ManifestError(
            f"{len(units)} {kind}{'' if len(units) == 1 else 's'} "
            f"{'is' if len(units) == 1 else 'are'} too few for a train set beside {n_dev} dev "
            f"and {n_test} test"
        )
    where = {k: "test" for k in units[:n_test]} | {k: "dev" for k in units[n_test : n_test + n_dev]}
    sets: dict[str, list[Utterance]] = {name: [] for name in SPLITS}
    for utt in utterances:
        sets[where.get(key(utt), "train")].append(utt)
    return sets


def manifest_stats(utterances: Sequence[Utterance]) -> dict:
    """Summarize utterances as a JSON-ready dict (what ``yuyin data info`` prints).

    Keys: ``utterances``, ``seconds``, ``hours``, ``labeled`` (count), ``labeled_fraction``,
    ``speakers`` (``count`` of known speakers, ``unknown`` utterances without one, ``top``: the
    :data:`TOP_SPEAKERS` largest as ``{speaker, utterances, hours}``), ``languages`` (language ->
    utterances, ``"unknown"`` for None), ``duration`` (``min``/``mean``/``max`` seconds, None when
    empty), ``histogram`` (``{from, to, count}`` over :data:`DURATION_BIN_EDGES`, ``to`` None for
    the open last bin) and ``vocabulary`` over labeled utterances (``characters``: the sorted
    distinct non-space characters as one string, ``words``: running words, ``distinct_words``:
    distinct case-folded words).
    """
    durations = [u.duration for u in utterances]
    total = sum(durations)
    labeled = [u for u in utterances if u.text is not None]
    count = len(utterances)
    return {
        "utterances": count,
        "seconds": total,
        "hours": total / SECONDS_PER_HOUR,
        "labeled": len(labeled),
        "labeled_fraction": len(labeled) / count if count else 0.0,
        "speakers": _speaker_stats(utterances),
        "languages": dict(Counter(u.lang or UNKNOWN for u in utterances).most_common()),
        "duration": {
            "min": min(durations) if durations else None,
            "mean": total / count if count else None,
            "max": max(durations) if durations else None,
        },
        "histogram": _duration_histogram(durations),
        "vocabulary": _vocabulary([u.text for u in labeled if u.text is not None]),
    }


def _speaker_stats(utterances: Sequence[Utterance]) -> dict:
    counts: Counter[str] = Counter()
    seconds: Counter[str] = Counter()
    for u in utterances:
        if u.speaker is not None:
            counts[u.speaker] += 1
            seconds[u.speaker] += u.duration
    # most utterances first; ties by name so the listing is stable
    top = sorted(counts, key=lambda s: (-counts[s], s))[:TOP_SPEAKERS]
    return {
        "count": len(counts),
        "unknown": sum(1 for u in utterances if u.speaker is None),
        "top": [
            {"speaker": s, "utterances": counts[s], "hours": seconds[s] / SECONDS_PER_HOUR}
            for s in top
        ],
    }


def _duration_histogram(durations: Sequence[float]) -> list[dict]:
    edges = DURATION_BIN_EDGES
    bins = [0] * len(edges)
    for d in durations:
        # index of the last edge <= d (durations are >= 0 = edges[0])
        bins[max(i for i, edge in enumerate(edges) if d >= edge)] += 1
    uppers: list[float | None] = [*edges[1:], None]
    return [
        {"from": lo, "to": hi, "count": n} for lo, hi, n in zip(edges, uppers, bins, strict=True)
    ]


def _vocabulary(texts: Sequence[str]) -> dict:
    chars: set[str] = set()
    words: Counter[str] = Counter()
    for text in texts:
        chars.update(c for c in text if not c.isspace())
        words.update(w.casefold() for w in text.split())
    return {
        "characters": "".join(sorted(chars)),
        "words": sum(words.values()),
        "distinct_words": len(words),
    }
