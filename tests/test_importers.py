"""Importers on tiny corpora built in tmp_path: every layout, and every way a corpus goes wrong."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from yuyin.audio import SAMPLE_RATE, save_audio
from yuyin.data.debian_speech import DEBIAN_PACKAGES, import_debian_speech
from yuyin.data.importers import (
    MAX_LISTED,
    ImporterWarning,
    import_folder,
    import_kaldi,
    import_librispeech,
    import_ljspeech,
)
from yuyin.data.manifest import ManifestError, read_manifest, write_manifest

TONE_HZ = 440.0
TONE_LEVEL = 0.1
TOLERANCE = 1e-3  # s: header durations of PCM files are exact to the sample; vorbis rounds a little


def tone(path: Path, seconds: float = 0.2) -> Path:
    """Write a short sine (wav/flac/ogg from the suffix)."""
    t = np.arange(round(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    return save_audio(path, TONE_LEVEL * np.sin(2 * np.pi * TONE_HZ * t))


def corrupt(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"RIFF\x10\x00\x00\x00WAVEnot really audio")
    return path


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------- folder


def test_folder_labeled_with_speakers(tmp_path: Path) -> None:
    tone(tmp_path / "alice" / "a1.wav", 0.25)
    write(tmp_path / "alice" / "a1.txt", "  hello\n  world \n")
    tone(tmp_path / "bob" / "b1.flac", 0.5)
    write(tmp_path / "bob" / "b1.lab", "good day")
    tone(tmp_path / "bob" / "deep" / "b2.ogg", 0.3)
    write(tmp_path / "bob" / "deep" / "b2.txt", "vorbis")
    write(tmp_path / "README.txt", "not a transcript")  # no audio beside it: ignored

    utts = import_folder(tmp_path, speaker_from_dir=True, lang="en")

    assert [u.id for u in utts] == ["alice/a1", "bob/b1", "bob/deep/b2"]
    assert [u.text for u in utts] == ["hello world", "good day", "vorbis"]
    assert [u.speaker for u in utts] == ["alice", "bob", "bob"]  # the top folder: bob/chapter/x
    assert all(Path(u.audio).is_absolute() and Path(u.audio).is_file() for u in utts)
    assert all(u.lang == "en" for u in utts)
    assert utts[0].duration == pytest.approx(0.25, abs=TOLERANCE)
    assert utts[1].duration == pytest.approx(0.5, abs=TOLERANCE)
    assert utts[2].duration == pytest.approx(0.3, abs=TOLERANCE)


def test_folder_unlabeled_has_no_text_and_no_speaker(tmp_path: Path) -> None:
    tone(tmp_path / "x" / "one.wav")
    tone(tmp_path / "two.wav")
    tone(tmp_path / ".hidden" / "three.wav")
    utts = import_folder(tmp_path)
    assert [(u.id, u.text, u.speaker) for u in utts] == [("two", None, None), ("x/one", None, None)]


def test_folder_ids_are_stable_across_imports(tmp_path: Path) -> None:
    for name in ("c", "a", "b"):
        tone(tmp_path / f"{name}.wav")
    assert import_folder(tmp_path) == import_folder(tmp_path)


def test_folder_reports_audio_without_transcript(tmp_path: Path) -> None:
    tone(tmp_path / "a.wav")
    write(tmp_path / "a.txt", "labeled")
    tone(tmp_path / "orphan.wav")
    with pytest.warns(
        ImporterWarning, match=r"skipped 1 audio file\(s\) without a transcript.*orphan"
    ):
        utts = import_folder(tmp_path)
    assert [u.id for u in utts] == ["a"]


def test_folder_skips_corrupt_audio_with_one_warning(tmp_path: Path) -> None:
    tone(tmp_path / "good.wav")
    bad = [corrupt(tmp_path / f"bad{i}.wav") for i in range(MAX_LISTED + 2)]
    with pytest.warns(ImporterWarning) as record:
        utts = import_folder(tmp_path)
    assert [u.id for u in utts] == ["good"]
    messages = [str(w.message) for w in record]
    assert len(messages) == 1
    assert messages[0].startswith(f"skipped {len(bad)} unreadable audio file(s): bad0.wav (")
    assert "... and 2 more" in messages[0]


def test_folder_skips_empty_transcript(tmp_path: Path) -> None:
    tone(tmp_path / "a.wav")
    write(tmp_path / "a.txt", "fine")
    tone(tmp_path / "b.wav")
    write(tmp_path / "b.txt", "  \n")
    with pytest.warns(ImporterWarning, match=r"1 empty transcript\(s\): b.txt"):
        utts = import_folder(tmp_path)
    assert [u.id for u in utts] == ["a"]


def test_folder_non_utf8_transcript_names_file_and_line(tmp_path: Path) -> None:
    tone(tmp_path / "a.wav")
    write(tmp_path / "a.txt", "first line\ncaf\xe9\n".encode("latin-1"))
    with pytest.raises(ManifestError, match=r"a\.txt:2: not UTF-8"):
        import_folder(tmp_path)
    tone(tmp_path / "b.wav")
    write(tmp_path / "b.txt", "ni\xf1o\n".encode("latin-1"))
    with pytest.raises(
        ManifestError, match=r"2 transcript\(s\) cannot be read: .*a\.txt:2.*b\.txt:1"
    ):
        import_folder(tmp_path)  # every bad file at once, not one per run


def test_folder_same_stem_twice_is_an_error(tmp_path: Path) -> None:
    tone(tmp_path / "a.wav")
    tone(tmp_path / "a.flac")
    with pytest.raises(ManifestError, match="same name"):
        import_folder(tmp_path)


def test_folder_without_audio_or_missing(tmp_path: Path) -> None:
    write(tmp_path / "notes.txt", "hi")
    with pytest.raises(ManifestError, match="no audio files"):
        import_folder(tmp_path)
    with pytest.raises(ManifestError, match="not found"):
        import_folder(tmp_path / "nope")
    with pytest.raises(ManifestError, match="not a folder"):
        import_folder(tmp_path / "notes.txt")


def test_duration_filters(tmp_path: Path) -> None:
    for name, seconds in (("short", 0.1), ("mid", 0.3), ("long", 0.6)):
        tone(tmp_path / f"{name}.wav", seconds)
    with pytest.warns(ImporterWarning, match=r"left out 1 .*limits \(0.2 s to any\): short"):
        assert [u.id for u in import_folder(tmp_path, min_duration=0.2)] == ["long", "mid"]
    with pytest.warns(ImporterWarning, match=r"\(0 s to 0.5 s\): long"):
        assert [u.id for u in import_folder(tmp_path, max_duration=0.5)] == ["mid", "short"]
    with pytest.warns(ImporterWarning, match="left out 2 utterance"):
        assert [u.id for u in import_folder(tmp_path, min_duration=0.2, max_duration=0.5)] == [
            "mid"
        ]
    with pytest.raises(ValueError, match="min_duration"):
        import_folder(tmp_path, min_duration=1.0, max_duration=0.5)


# ---------------------------------------------------------------- LibriSpeech


def librispeech_tree(root: Path) -> Path:
    chapter = root / "dev-clean" / "84" / "121123"
    tone(chapter / "84-121123-0000.flac", 0.2)
    tone(chapter / "84-121123-0001.flac", 0.4)
    tone(chapter / "84-121123-0002.flac")  # no transcript line
    write(
        chapter / "84-121123.trans.txt",
        "84-121123-0001 SECOND LINE\n84-121123-0000 GO DO YOU HEAR\n84-121123-0009 NO AUDIO\n",
    )
    other = root / "dev-clean" / "174" / "50561"
    tone(other / "174-50561-0000.flac", 0.3)
    write(other / "174-50561.trans.txt", "174-50561-0000 FORGOTTEN TOO\n")
    return root


def test_librispeech(tmp_path: Path) -> None:
    root = librispeech_tree(tmp_path / "LibriSpeech")
    with pytest.warns(ImporterWarning) as record:
        utts = import_librispeech(root)
    assert [u.id for u in utts] == ["174-50561-0000", "84-121123-0000", "84-121123-0001"]
    assert [u.speaker for u in utts] == ["174", "84", "84"]
    assert utts[1].text == "GO DO YOU HEAR"
    assert utts[2].duration == pytest.approx(0.4, abs=TOLERANCE)
    assert all(u.lang == "en" and Path(u.audio).is_absolute() for u in utts)
    messages = " | ".join(str(w.message) for w in record)
    assert "transcript line(s) without an audio file" in messages and "84-121123-0009" in messages
    assert "without a transcript line" in messages and "84-121123-0002.flac" in messages


def test_librispeech_errors(tmp_path: Path) -> None:
    tone(tmp_path / "x.flac")
    with pytest.raises(ManifestError, match=r"no \*\.trans\.txt"):
        import_librispeech(tmp_path)
    write(tmp_path / "1" / "2" / "1-2.trans.txt", "1-2-0 A\n1-2-0 B\n")
    with pytest.raises(ManifestError, match=r"1-2\.trans\.txt:2: utterance '1-2-0' already listed"):
        import_librispeech(tmp_path)


# ---------------------------------------------------------------- Kaldi


def kaldi_dir(root: Path) -> Path:
    data = root / "data" / "train"
    tone(root / "audio" / "rec1.wav", 2.0)
    tone(root / "audio" / "rec2.wav", 1.0)
    write(data / "wav.scp", f"rec1 {root / 'audio' / 'rec1.wav'}\nrec2 ../../audio/rec2.wav\n")
    return data


def test_kaldi_recordings_with_text_and_speakers(tmp_path: Path) -> None:
    data = kaldi_dir(tmp_path)
    write(data / "text", "rec1 HELLO  THERE\nrec2 BYE\n")
    write(data / "utt2spk", "rec1 spkA\nrec2 spkB\n")
    utts = import_kaldi(data, lang="en")
    assert [(u.id, u.text, u.speaker) for u in utts] == [
        ("rec1", "HELLO THERE", "spkA"),
        ("rec2", "BYE", "spkB"),
    ]
    assert utts[1].audio == str(tmp_path / "audio" / "rec2.wav")  # relative path resolved
    assert utts[0].duration == pytest.approx(2.0, abs=TOLERANCE)
    assert utts[0].start == 0.0 and utts[0].end is None


def test_tab_separated_kaldi_and_librispeech_lines(tmp_path: Path) -> None:
    """Kaldi and LibriSpeech files written with a tab after the id read as with a space."""
    data = kaldi_dir(tmp_path / "k")
    write(data / "wav.scp", f"rec1\t{tmp_path / 'k' / 'audio' / 'rec1.wav'}\n")
    write(data / "text", "rec1\tHELLO\tTHERE\n")
    (utt,) = import_kaldi(data)
    assert (utt.id, utt.text) == ("rec1", "HELLO THERE")
    chapter = tmp_path / "ls" / "1" / "2"
    tone(chapter / "1-2-0000.flac", 0.3)
    write(chapter / "1-2.trans.txt", "1-2-0000\tTAB SEPARATED\n")
    (utt,) = import_librispeech(tmp_path / "ls")
    assert (utt.id, utt.text) == ("1-2-0000", "TAB SEPARATED")


def test_kaldi_without_text_is_unlabeled(tmp_path: Path) -> None:
    utts = import_kaldi(kaldi_dir(tmp_path))
    assert [(u.id, u.text, u.speaker) for u in utts] == [("rec1", None, None), ("rec2", None, None)]


def test_kaldi_segments(tmp_path: Path) -> None:
    data = kaldi_dir(tmp_path)
    write(
        data / "segments",
        "u1 rec1 0.00 0.50\n"
        "u2 rec1 0.50 -1\n"  # to the end of the recording
        "u3 rec2 0.25 1.20\n"  # small overshoot: clipped to the recording's end
        "u4 rec2 0.50 3.00\n"  # far past the end: skipped
        "u5 recX 0.00 1.00\n",  # unknown recording: skipped
    )
    write(data / "text", "u1 ONE\nu2 TWO\nu3 THREE\nu4 FOUR\nu5 FIVE\nu6 SIX\n")
    with pytest.warns(ImporterWarning) as record:
        utts = import_kaldi(data)
    by_id = {u.id: u for u in utts}
    assert sorted(by_id) == ["u1", "u2", "u3"]
    assert (by_id["u1"].start, by_id["u1"].end) == (0.0, 0.5)
    assert by_id["u1"].duration == pytest.approx(0.5)
    assert by_id["u2"].end is None and by_id["u2"].duration == pytest.approx(1.5, abs=TOLERANCE)
    assert by_id["u3"].end == pytest.approx(1.0, abs=TOLERANCE)
    assert by_id["u3"].duration == pytest.approx(0.75, abs=TOLERANCE)
    messages = " | ".join(str(w.message) for w in record)
    assert "beyond the end" in messages and "segments:4" in messages
    assert "missing from wav.scp" in messages and "recX" in messages
    assert "in text without audio" in messages and "text:6" in messages
    # segments survive a manifest round trip
    back = read_manifest(write_manifest(tmp_path / "m.jsonl", utts))
    assert back == utts


def test_kaldi_piped_wav_scp_is_a_clear_error(tmp_path: Path) -> None:
    data = kaldi_dir(tmp_path)
    write(data / "wav.scp", "rec1 /a/rec1.wav\nrec2 sox /a/rec2.sph -t wav - |\n")
    with pytest.raises(ManifestError, match=r"wav\.scp:2: piped commands in wav\.scp"):
        import_kaldi(data)


def test_kaldi_malformed_lines(tmp_path: Path) -> None:
    data = kaldi_dir(tmp_path)
    write(data / "segments", "u1 rec1 0.0 zero\n")
    with pytest.raises(ManifestError, match=r"segments:1: expected 'UTT RECORDING START END'"):
        import_kaldi(data)
    for bad in ("u1 rec1 0.8 0.2", "u1 rec1 nan 0.2", "u1 rec1 -0.1 0.2"):
        write(data / "segments", bad + "\n")
        with pytest.raises(ManifestError, match=r"segments:1: bad span"):
            import_kaldi(data)
    write(data / "segments", "u1 rec1 0.0 0.2\n")
    write(data / "text", "u1 A\n\nu1 B\n")
    with pytest.raises(ManifestError, match=r"text:3: duplicate id 'u1'"):
        import_kaldi(data)
    (data / "wav.scp").unlink()
    with pytest.raises(ManifestError, match=r"wav\.scp: not found"):
        import_kaldi(data)


def test_kaldi_missing_recording_file_is_reported(tmp_path: Path) -> None:
    data = kaldi_dir(tmp_path)
    write(data / "wav.scp", f"rec1 {tmp_path / 'audio' / 'rec1.wav'}\nrec9 /no/such/file.wav\n")
    with pytest.warns(ImporterWarning, match=r"unreadable audio.*file\.wav \(file not found\)"):
        utts = import_kaldi(data)
    assert [u.id for u in utts] == ["rec1"]


# ---------------------------------------------------------------- LJSpeech


def test_ljspeech(tmp_path: Path) -> None:
    root = tmp_path / "LJSpeech-1.1"
    tone(root / "wavs" / "LJ001-0001.wav", 0.3)
    tone(root / "wavs" / "LJ001-0002.wav", 0.2)
    tone(root / "wavs" / "LJ001-0003.wav")
    tone(root / "wavs" / "LJ009-0009.wav")  # not in metadata
    write(
        root / "metadata.csv",
        "LJ001-0002|In 1465 Sweynheim|In fourteen sixty-five Sweynheim\n"
        "LJ001-0001|Printing, in the only sense|\n"  # empty normalized column: raw text
        "LJ001-0003|two columns only\n"
        "LJ001-0004|no audio|no audio\n",
    )
    with pytest.warns(ImporterWarning) as record:
        utts = import_ljspeech(root)
    assert [(u.id, u.text) for u in utts] == [
        ("LJ001-0001", "Printing, in the only sense"),
        ("LJ001-0002", "In fourteen sixty-five Sweynheim"),
        ("LJ001-0003", "two columns only"),
    ]
    assert {u.speaker for u in utts} == {"ljspeech"} and {u.lang for u in utts} == {"en"}
    assert utts[0].duration == pytest.approx(0.3, abs=TOLERANCE)
    messages = " | ".join(str(w.message) for w in record)
    assert "without an audio file: line 4 wavs/LJ001-0004.wav" in messages
    assert "not listed in metadata.csv: wavs/LJ009-0009.wav" in messages


def test_ljspeech_speaker_from_folder_and_errors(tmp_path: Path) -> None:
    root = tmp_path / "anna"
    tone(root / "wavs" / "a.wav")
    write(root / "metadata.csv", "a|hi|hi\n")
    assert import_ljspeech(root)[0].speaker == "anna"
    assert import_ljspeech(root, speaker="zed", lang="de")[0].speaker == "zed"
    write(root / "metadata.csv", "a|hi|hi\nno pipe here\n")
    with pytest.raises(ManifestError, match=r"metadata\.csv:2: expected 'id\|text"):
        import_ljspeech(root)
    (root / "metadata.csv").unlink()
    with pytest.raises(ManifestError, match=r"metadata\.csv: not found"):
        import_ljspeech(root)


# ---------------------------------------------------------------- Debian packages


def test_debian_speech_on_a_fake_root(tmp_path: Path) -> None:
    stamps = tmp_path / "usr/share/tuxpaint/stamps"
    tone(stamps / "animals" / "cat_desc.ogg")
    tone(stamps / "animals" / "cat_desc_fr.ogg")
    tone(stamps / "animals" / "cat_desc_pt_BR.ogg")
    tone(stamps / "animals" / "cat.ogg")  # the meow, not speech
    tone(tmp_path / "usr/share/ktuberling/sounds/en/eye.ogg")
    tone(tmp_path / "usr/share/ktuberling/sounds/sr@latin/oko.ogg")
    tone(tmp_path / "usr/share/klettres/fr/alpha/a.ogg")
    tone(tmp_path / "usr/share/klettres/en_GB/syllab/ba.ogg")
    corrupt(tmp_path / "usr/share/klettres/fr/alpha/b.ogg")

    with pytest.warns(ImporterWarning, match=r"skipped 1 unreadable.*klettres/fr/alpha/b\.ogg"):
        utts = import_debian_speech(tmp_path)

    assert [(u.id, u.lang) for u in utts] == [
        ("klettres/en_GB/syllab/ba", "en_GB"),
        ("klettres/fr/alpha/a", "fr"),
        ("ktuberling/en/eye", "en"),
        ("ktuberling/sr@latin/oko", "sr@latin"),
        ("tuxpaint/animals/cat_desc", "en"),
        ("tuxpaint/animals/cat_desc_fr", "fr"),
        ("tuxpaint/animals/cat_desc_pt_BR", "pt_BR"),
    ]
    assert all(u.text is None and u.speaker is None for u in utts)
    assert all(u.duration == pytest.approx(0.2, abs=TOLERANCE) for u in utts)


def test_debian_speech_names_packages_when_none_installed(tmp_path: Path) -> None:
    (tmp_path / "usr/share/tuxpaint/stamps").mkdir(parents=True)  # installed but empty
    with pytest.raises(ManifestError, match="apt-get install") as info:
        import_debian_speech(tmp_path)
    assert all(package in str(info.value) for package in DEBIAN_PACKAGES)


# ---------------------------------------------------------------- odd layouts


def test_upper_case_transcript_names_are_read(tmp_path: Path) -> None:
    tone(tmp_path / "a.wav")
    write(tmp_path / "a.TXT", "upper transcript")
    tone(tmp_path / "b.WAV")
    write(tmp_path / "b.LAB", "upper label")
    utts = import_folder(tmp_path)
    assert [(u.id, u.text) for u in utts] == [("a", "upper transcript"), ("b", "upper label")]


def test_symlinked_folders_are_followed_once_and_never_upwards(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    tone(elsewhere / "x.wav")
    write(elsewhere / "x.txt", "linked in")
    root = tmp_path / "corpus"
    tone(root / "own" / "y.wav")
    write(root / "own" / "y.txt", "own file")
    (root / "linked").symlink_to(elsewhere, target_is_directory=True)
    (root / "again").symlink_to(elsewhere, target_is_directory=True)  # the same folder twice
    (root / "own" / "up").symlink_to(tmp_path, target_is_directory=True)  # a loop over root
    utts = import_folder(root)
    assert sorted(u.text for u in utts) == ["linked in", "own file"]
    only_links = tmp_path / "links-only"
    only_links.mkdir()
    (only_links / "set").symlink_to(elsewhere, target_is_directory=True)
    assert [u.text for u in import_folder(only_links)] == ["linked in"]
    libri = tmp_path / "libri"
    libri.mkdir()
    (libri / "dev-clean").symlink_to(librispeech_tree(tmp_path / "real") / "dev-clean")
    with pytest.warns(ImporterWarning):
        assert len(import_librispeech(libri)) == 3


def test_ljspeech_ambiguous_columns_and_path_ids_are_refused(tmp_path: Path) -> None:
    root = tmp_path / "LJSpeech-1.1"
    tone(root / "wavs" / "LJ001.wav")
    write(root / "metadata.csv", "LJ001|one | two|one two|extra\n")
    with pytest.raises(ManifestError, match=r"metadata\.csv:1: .*ambiguous"):
        import_ljspeech(root)
    tone(tmp_path / "outside.wav")
    write(root / "metadata.csv", "../outside|escaped|escaped\n")
    with pytest.raises(ManifestError, match=r"metadata\.csv:1: id '\.\./outside' is a path"):
        import_ljspeech(root)


def test_folder_unlabeled_takes_every_file_and_no_transcript(tmp_path: Path) -> None:
    tone(tmp_path / "a.wav", 0.25)
    write(tmp_path / "a.txt", "said")
    tone(tmp_path / "b.wav", 0.25)  # no transcript: left out of a labeled import
    with pytest.warns(UserWarning, match="skipped 1 audio file.* without a transcript"):
        assert [u.id for u in import_folder(tmp_path)] == ["a"]
    every = import_folder(tmp_path, unlabeled=True)
    assert [(u.id, u.text) for u in every] == [("a", None), ("b", None)]
    from yuyin.cli import main
    from yuyin.data.manifest import read_manifest

    out = tmp_path / "m.jsonl"
    assert main(["data", "import", "folder", str(tmp_path), "-o", str(out), "--unlabeled"]) == 0
    assert [u.text for u in read_manifest(out)] == [None, None]


def test_speaker_from_dir_takes_a_folder_level_and_warns_when_it_finds_one(tmp_path: Path) -> None:
    for speaker in ("p225", "p226"):  # VCTK: wav48/<speaker>/<file>
        tone(tmp_path / "wav48" / speaker / f"{speaker}_001.wav", 0.25)
    with pytest.warns(UserWarning, match="every file got speaker 'wav48'.*--speaker-level 2"):
        assert {u.speaker for u in import_folder(tmp_path, speaker_from_dir=True)} == {"wav48"}
    assert [u.speaker for u in import_folder(tmp_path, speaker_from_dir=2)] == ["p225", "p226"]
    from yuyin.cli import main
    from yuyin.data.manifest import read_manifest

    out = tmp_path / "m.jsonl"
    assert (
        main(
            [
                "data",
                "import",
                "folder",
                str(tmp_path),
                "-o",
                str(out),
                "--speaker-from-dir",
                "--speaker-level",
                "2",
            ]
        )
        == 0
    )
    assert [u.speaker for u in read_manifest(out)] == ["p225", "p226"]
    level_alone = ["data", "import", "folder", str(tmp_path), "-o", str(out), "--speaker-level"]
    assert main([*level_alone, "2"]) == 0  # it implies --speaker-from-dir (it did nothing)
    assert [u.speaker for u in read_manifest(out)] == ["p225", "p226"]
    with pytest.raises(SystemExit):
        main(["data", "import", "folder", str(tmp_path), "-o", str(out), "--speaker-level", "0"])


def test_folder_says_when_a_txt_and_a_lab_disagree(tmp_path: Path) -> None:
    tone(tmp_path / "a.wav")
    write(tmp_path / "a.txt", "from txt")
    write(tmp_path / "a.lab", "from lab")
    with pytest.warns(ImporterWarning, match=r"took the .txt for 1 file\(s\) whose .lab says"):
        assert [u.text for u in import_folder(tmp_path)] == ["from txt"]
