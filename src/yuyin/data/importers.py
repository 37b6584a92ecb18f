"""Importers: turn a corpus on disk into :class:`~yuyin.data.manifest.Utterance` records.

Every importer returns utterances sorted by id, with absolute audio paths and durations read from
the file headers (:func:`yuyin.audio.audio_info`; nothing is decoded). Ids are unique and stable:
they come from the corpus' own ids or from the file's path under the source folder.

Problems with single files do not stop an import: unreadable or corrupt audio, an audio file
without a transcript, a transcript without audio and empty transcripts are skipped and reported
in one :class:`ImporterWarning` per kind of problem (a count and the first few names). Problems
that make the source unusable raise :class:`~yuyin.data.manifest.ManifestError` naming the file
(and line): a missing index file, a malformed line, a non-UTF-8 transcript, a piped ``wav.scp``.
"""

from __future__ import annotations

import os
import re
import warnings
from pathlib import Path

from yuyin.data._import_files import (
    MAX_LISTED,
    ImporterWarning,
    _audio_by_stem,
    _audio_files,
    _clean,
    _existing_dir,
    _finish,
    _key_and_rest,
    _lines,
    _path_id,
    _Pending,
    _read_table,
    _read_text,
    _readable_durations,
    _rel,
    _report,
    _transcript_of,
    _with_durations,
)
from yuyin.data.audio_files import AUDIO_SUFFIXES, find_audio
from yuyin.data.manifest import ManifestError, Utterance

__all__ = [
    "AUDIO_SUFFIXES",
    "MAX_LISTED",
    "ImporterWarning",
    "import_folder",
    "import_kaldi",
    "import_librispeech",
    "import_ljspeech",
]

MAX_OVERSHOOT = 0.5  # s: a Kaldi segment may end this far past its recording (Kaldi's default)
KALDI_TO_END = -1.0  # a Kaldi segment end of -1 means "to the end of the recording"
KALDI_ARK_OFFSET = re.compile(r"\.ark:\d+$")  # "feats.ark:1234": an archive entry, not a file
LIBRISPEECH_LANG = "en"
LJSPEECH_LANG = "en"
LJSPEECH_SPEAKER = "ljspeech"


def _speaker_folder(path: Path, root: Path, level: int) -> str:
    """The folder ``level`` levels under ``root`` on the way to ``path`` (1: the top one); a file
    less deep takes the folder holding it (``root``'s name for a file directly in it)."""
    parts = path.relative_to(root).parts[:-1]
    return parts[min(level, len(parts)) - 1] if parts else root.name


def _warn_one_speaker(found: list[_Pending], root: Path, level: int) -> None:
    """Warn when every file got the same speaker although they lie in several folders below it
    (``root/wav48/p225/x.wav`` at level 1: the speakers are one level deeper)."""
    speakers = {entry[1]["speaker"] for entry in found}
    below = {path.relative_to(root).parts[level : level + 1] for path, _ in found}
    if len(speakers) == 1 and len(below - {()}) > 1:
        (name,) = speakers
        warnings.warn(
            f"{root}: every file got speaker {name!r}, the one folder at that level; if the "
            f"speakers are the folders below it, use --speaker-level {level + 1}",
            ImporterWarning,
            stacklevel=3,
        )


def import_folder(
    root: str | os.PathLike,
    *,
    speaker_from_dir: bool | int = False,
    lang: str | None = None,
    min_duration: float | None = None,
    max_duration: float | None = None,
    unlabeled: bool = False,
    label_from_dir: bool = False,
    speaker: str | None = None,
) -> list[Utterance]:
    """Import a folder (searched recursively) of audio files with optional transcripts.

    Audio files are those ending in :data:`AUDIO_SUFFIXES`; a transcript is a same-name ``.txt``
    or ``.lab`` file. When any transcript exists the folder counts as labeled and audio without
    one is skipped and reported; with none at all every utterance is unlabeled (``text`` None).
    ``unlabeled`` takes every audio file without its transcript (all of it, for pretraining).
    The id is the path under ``root`` without its suffix (``spk1/utt3``); ``speaker_from_dir``
    takes the speaker from the top folder under ``root`` (``spk1`` in ``spk1/ch2/utt3.wav``, the
    LibriSpeech layout; ``root``'s own name for files directly in it), or with a number N from
    the folder N levels down (2 for VCTK's ``wav48/p225/x.wav``). ``label_from_dir``: the text
    is the top folder under ``root`` instead of a transcript (``yes/x.wav`` says "yes": keyword
    sets); files directly in ``root`` have no such folder and are skipped. ``speaker`` names
    the one speaker of every file (one's own recordings).
    """
    if unlabeled and label_from_dir:
        raise ValueError("label_from_dir and unlabeled exclude each other")
    root = _existing_dir(root, "audio folder")
    audio = _audio_files(root)
    if not audio:
        raise ManifestError(f"{root}: no audio files ({' '.join(AUDIO_SUFFIXES)}) found")
    ignore = unlabeled or label_from_dir  # no transcript is read
    transcripts = {path: None if ignore else _transcript_of(path) for path in audio}
    labeled = any(t is not None for t in transcripts.values())
    pending: list[_Pending] = []
    seen: dict[str, Path] = {}
    untranscribed, empty, unreadable, disagree, loose = [], [], [], [], []
    for path in audio:
        utt_id = _path_id(path, root)
        if utt_id in seen:
            raise ManifestError(
                f"{path}: same name as {seen[utt_id].name} next to it, so both would get the id "
                f"{utt_id!r}; rename or remove one of them"
            )
        seen[utt_id] = path
        text = None
        transcript = transcripts[path]
        if label_from_dir:
            parts = path.relative_to(root).parts
            if len(parts) < 2:  # no folder to name its class
                loose.append(_rel(path, root))
                continue
            text = _clean(parts[0])
        if labeled and transcript is None:
            untranscribed.append(_rel(path, root))
            continue
        if transcript is not None:
            try:
                text = _clean(_read_text(transcript))
            except ManifestError as exc:  # every bad one is named at once, below
                unreadable.append(str(exc))
                continue
            if not text:
                empty.append(_rel(transcript, root))
                continue
            other = path.with_suffix(".lab")
            if transcript.suffix.lower() == ".txt" and other.is_file() and other != transcript:
                try:
                    if _clean(_read_text(other)) != text:
                        disagree.append(_rel(path, root))
                except ManifestError:
                    disagree.append(_rel(path, root))
        who = _speaker_folder(path, root, int(speaker_from_dir)) if speaker_from_dir else speaker
        pending.append((path, {"id": utt_id, "text": text, "speaker": who, "lang": lang}))
    if unreadable:
        more = (
            f" ... and {len(unreadable) - MAX_LISTED} more" if len(unreadable) > MAX_LISTED else ""
        )
        raise ManifestError(
            f"{len(unreadable)} transcript(s) cannot be read: {'; '.join(unreadable[:MAX_LISTED])}"
            f"{more}"
        )
    _report("audio file(s) without a transcript (.txt/.lab)", untranscribed)
    _report("file(s) whose .lab says otherwise", disagree, verb="took the .txt for")
    _report("empty transcript(s)", empty)
    _report("file(s) directly in the folder, not in a class folder (--label-from-dir)", loose)
    if speaker_from_dir and pending:
        _warn_one_speaker(pending, root, int(speaker_from_dir))
    return _finish(_with_durations(pending, root), min_duration, max_duration)


def import_librispeech(
    root: str | os.PathLike,
    *,
    lang: str | None = LIBRISPEECH_LANG,
    min_duration: float | None = None,
    max_duration: float | None = None,
) -> list[Utterance]:
    """Import a LibriSpeech tree: ``SPK/CHAPTER/SPK-CHAPTER-UTT.flac`` + ``SPK-CHAPTER.trans.txt``.

    ``root`` may hold one subset (``train-clean-100``) or several; every ``*.trans.txt`` under it
    is read. The speaker is the first field of the utterance id.
    """
    root = _existing_dir(root, "LibriSpeech folder")
    trans_files = [p for p in find_audio(root)[1] if p.name.endswith(".trans.txt")]
    if not trans_files:
        raise ManifestError(
            f"{root}: no *.trans.txt found; expected the LibriSpeech layout "
            "SPK/CHAPTER/SPK-CHAPTER-UTT.flac with SPK-CHAPTER.trans.txt"
        )
    pending: list[_Pending] = []
    listed_at: dict[str, str] = {}
    no_audio, empty, untranscribed = [], [], []
    for trans in trans_files:
        audio_by_id = _audio_by_stem(trans.parent)
        for lineno, line in _lines(trans):
            utt_id, text = _key_and_rest(line)
            where = f"{trans}:{lineno}"
            if utt_id in listed_at:
                raise ManifestError(
                    f"{where}: utterance {utt_id!r} already listed at {listed_at[utt_id]}"
                )
            listed_at[utt_id] = where
            text = _clean(text)
            audio = audio_by_id.get(utt_id)
            if audio is None:
                no_audio.append(f"{_rel(trans, root)}:{lineno} {utt_id}")
            elif not text:
                empty.append(f"{_rel(trans, root)}:{lineno} {utt_id}")
            else:
                speaker = utt_id.split("-")[0]
                pending.append(
                    (audio, {"id": utt_id, "text": text, "speaker": speaker, "lang": lang})
                )
        untranscribed += [_rel(p, root) for stem, p in audio_by_id.items() if stem not in listed_at]
    _report("transcript line(s) without an audio file", no_audio)
    _report("empty transcript(s)", empty)
    _report("audio file(s) without a transcript line", untranscribed)
    return _finish(_with_durations(pending, root), min_duration, max_duration)


def import_ljspeech(
    root: str | os.PathLike,
    *,
    speaker: str | None = None,
    lang: str | None = LJSPEECH_LANG,
    min_duration: float | None = None,
    max_duration: float | None = None,
) -> list[Utterance]:
    """Import an LJSpeech-style folder: ``metadata.csv`` (``id|text|normalized text``) + ``wavs/``.

    The normalized column is used when present and not empty. ``speaker`` defaults to
    ``"ljspeech"`` for a folder named ``LJSpeech*`` and to the folder name otherwise (other
    single-speaker corpora use the same layout).
    """
    root = _existing_dir(root, "LJSpeech folder")
    metadata = root / "metadata.csv"
    if not metadata.is_file():
        raise ManifestError(
            f"{metadata}: not found; expected an LJSpeech folder with metadata.csv "
            "(id|text|normalized text) and wavs/ID.wav"
        )
    if speaker is None:
        speaker = LJSPEECH_SPEAKER if root.name.lower().startswith("ljspeech") else root.name
    wavs = root / "wavs"
    pending: list[_Pending] = []
    listed_at: dict[str, int] = {}
    no_audio, empty = [], []
    for lineno, line in _lines(metadata):
        fields = line.split("|")
        utt_id = fields[0].strip()
        if not 2 <= len(fields) <= 3 or not utt_id:
            raise ManifestError(
                f"{metadata}:{lineno}: expected 'id|text|normalized text' (a '|' inside a "
                f"transcript makes the columns ambiguous), got {line[:60]!r}"
            )
        if "/" in utt_id or "\\" in utt_id or utt_id in (".", ".."):
            raise ManifestError(
                f"{metadata}:{lineno}: id {utt_id!r} is a path; ids name files in wavs/"
            )
        if utt_id in listed_at:
            raise ManifestError(
                f"{metadata}:{lineno}: id {utt_id!r} already on line {listed_at[utt_id]}"
            )
        listed_at[utt_id] = lineno
        normalized = _clean(fields[2]) if len(fields) > 2 else ""
        text = normalized or _clean(fields[1])
        audio = wavs / f"{utt_id}.wav"
        if not audio.is_file():
            no_audio.append(f"line {lineno} {_rel(audio, root)}")
        elif not text:
            empty.append(f"line {lineno} {utt_id}")
        else:
            pending.append((audio, {"id": utt_id, "text": text, "speaker": speaker, "lang": lang}))
    unlisted = (
        sorted(p for p in wavs.glob("*.wav") if p.stem not in listed_at) if wavs.is_dir() else []
    )
    _report(f"line(s) of {metadata.name} without an audio file", no_audio)
    _report("empty transcript(s)", empty)
    _report(f"audio file(s) not listed in {metadata.name}", [_rel(p, root) for p in unlisted])
    return _finish(_with_durations(pending, root), min_duration, max_duration)


def import_kaldi(
    data_dir: str | os.PathLike,
    *,
    lang: str | None = None,
    min_duration: float | None = None,
    max_duration: float | None = None,
) -> list[Utterance]:
    """Import a Kaldi data dir: ``wav.scp``, ``text``, optional ``utt2spk`` and ``segments``.

    ``wav.scp`` must list plain audio paths: a piped command (``... |``) or an archive entry
    (``x.ark:123``) raises :class:`ManifestError`; convert those to files first. A relative path
    is looked up from the current folder, then the data dir and the two folders above it (Kaldi
    recipes run from ``egs/CORPUS/s5`` with data in ``data/NAME``). Without ``segments`` each
    recording is one utterance; with it, utterances are ``start``/``end`` spans of a recording.
    Without ``text`` the utterances are unlabeled.
    """
    data_dir = _existing_dir(data_dir, "Kaldi data dir")
    wav_scp = _read_table(data_dir / "wav.scp")
    if wav_scp is None:
        raise ManifestError(f"{data_dir / 'wav.scp'}: not found; a Kaldi data dir needs wav.scp")
    recordings = {rec: _kaldi_audio(v, where, data_dir) for rec, (v, where) in wav_scp.items()}
    texts = _read_table(data_dir / "text")
    utt2spk = _read_table(data_dir / "utt2spk") or {}
    spans = _kaldi_segments(data_dir / "segments", recordings)
    durations = _readable_durations(recordings.values(), data_dir)
    utts, unknown, no_text, empty, bad_span = [], [], [], [], []
    for utt_id, (rec, start, end, where) in spans.items():
        if rec not in recordings:
            unknown.append(f"{where} {rec}")
            continue
        rec_duration = durations.get(recordings[rec])
        if rec_duration is None:
            continue  # unreadable recording, already reported
        text = None
        if texts is not None:
            if utt_id not in texts:
                no_text.append(utt_id)
                continue
            text = _clean(texts[utt_id][0])
            if not text:
                empty.append(texts[utt_id][1])
                continue
        if end is not None and rec_duration < end <= rec_duration + MAX_OVERSHOOT:
            end = rec_duration  # Kaldi's extract-segments clips a small overshoot the same way
        if start >= rec_duration or (end is not None and end > rec_duration):
            bad_span.append(f"{where} (recording is {rec_duration:.2f} s)")
            continue
        speaker = utt2spk[utt_id][0].strip() if utt_id in utt2spk else None
        duration = (rec_duration if end is None else end) - start
        audio = str(recordings[rec])
        utts.append(Utterance(utt_id, audio, duration, text, speaker or None, lang, start, end))
    no_audio = [where for utt_id, (_, where) in (texts or {}).items() if utt_id not in spans]
    _report("segment(s) of a recording missing from wav.scp", unknown)
    _report("utterance(s) in text without audio", no_audio)
    _report("utterance(s) without a line in text", no_text)
    _report("empty transcript(s)", empty)
    _report("segment(s) beyond the end of their recording", bad_span)
    return _finish(utts, min_duration, max_duration)


def _kaldi_audio(value: str, where: str, data_dir: Path) -> Path:
    """The audio file of one ``wav.scp`` entry, made absolute."""
    if value.endswith("|"):
        raise ManifestError(
            f"{where}: piped commands in wav.scp are not supported ({value[:60]!r}); run the "
            "command to write an audio file and list that file's path instead"
        )
    if not value:
        raise ManifestError(f"{where}: recording id without an audio path")
    if KALDI_ARK_OFFSET.search(value):
        raise ManifestError(
            f"{where}: archive entries (FILE.ark:OFFSET) are not supported; list audio files"
        )
    path = Path(value).expanduser()
    if path.is_absolute():
        return path
    for base in (Path.cwd(), data_dir, data_dir.parent, data_dir.parent.parent):
        if (base / path).exists():
            return Path(os.path.abspath(base / path))
    return Path(os.path.abspath(path))  # missing: reported as unreadable with this path


def _kaldi_segments(
    path: Path, recordings: dict[str, Path]
) -> dict[str, tuple[str, float, float | None, str]]:
    """utt -> (recording, start, end or None, "file:line"); one span per recording without it.

    A segment's recording may be missing from ``recordings``: the caller reports those.
    """
    table = _read_table(path)
    if table is None:
        return {rec: (rec, 0.0, None, rec) for rec in recordings}
    spans: dict[str, tuple[str, float, float | None, str]] = {}
    for utt_id, (value, where) in table.items():
        fields = value.split()
        try:
            if len(fields) != 3:
                raise ValueError
            rec, start, end = fields[0], float(fields[1]), float(fields[2])
        except ValueError:
            raise ManifestError(
                f"{where}: expected 'UTT RECORDING START END', got {utt_id} {value!r}"
            ) from None
        if not (start >= 0 and (end == KALDI_TO_END or start < end)):  # NaN fails too
            raise ManifestError(
                f"{where}: bad span start={start} end={end} (need 0 <= start < end)"
            )
        spans[utt_id] = (rec, start, None if end == KALDI_TO_END else end, where)
    return spans
