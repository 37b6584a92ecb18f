"""``yuyin data import`` and ``yuyin data info`` run in-process on tiny corpora."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from yuyin.audio import SAMPLE_RATE, save_audio
from yuyin.cli import main
from yuyin.data.manifest import read_manifest

TONE_HZ = 330.0
TONE_LEVEL = 0.1


def tone(path: Path, seconds: float) -> None:
    t = np.arange(round(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    save_audio(path, TONE_LEVEL * np.sin(2 * np.pi * TONE_HZ * t))


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Two speakers, three labeled utterances (0.5 s, 1.5 s, 2.5 s) and one corrupt file."""
    root = tmp_path / "corpus"
    for name, speaker, text, seconds in (
        ("u1", "ann", "hello world", 0.5),
        ("u2", "ann", "Hello again", 1.5),
        ("u3", "bob", "bye", 2.5),
    ):
        tone(root / speaker / f"{name}.wav", seconds)
        (root / speaker / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
    (root / "bob" / "broken.wav").write_bytes(b"RIFF....WAVE")
    (root / "bob" / "broken.txt").write_text("never read", encoding="utf-8")
    return root


def test_import_folder_writes_manifest_and_summary(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "m.jsonl"
    code = main(["data", "import", "folder", str(corpus), "-o", str(out), "--speaker-from-dir"])
    captured = capsys.readouterr()
    assert code == 0
    assert captured.out.strip() == f"wrote 3 utterances, 0.001 h, labeled, to {out}"
    assert "warning: skipped 1 unreadable audio file(s): bob/broken.wav" in captured.err
    utts = read_manifest(out)
    assert [(u.id, u.speaker, u.text) for u in utts] == [
        ("ann/u1", "ann", "hello world"),
        ("ann/u2", "ann", "Hello again"),
        ("bob/u3", "bob", "bye"),
    ]
    assert sum(u.duration for u in utts) == pytest.approx(4.5, abs=1e-3)


def test_import_with_duration_limits_and_lang(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "m.jsonl"
    argv = ["data", "import", "folder", str(corpus), "-o", str(out), "--lang", "en"]
    assert main([*argv, "--min-duration", "1", "--max-duration", "2"]) == 0
    assert [(u.id, u.lang) for u in read_manifest(out)] == [("ann/u2", "en")]
    assert main([*argv, "--min-duration", "3", "--max-duration", "2"]) == 2
    assert "min <= max" in capsys.readouterr().err


def test_info_prints_tables(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "m.jsonl"
    main(["data", "import", "folder", str(corpus), "-o", str(out), "--speaker-from-dir"])
    capsys.readouterr()
    assert main(["data", "info", str(out)]) == 0
    text = capsys.readouterr().out
    assert "utterances" in text and " 3 " in text
    assert "3 (100%)" in text
    assert "2: ann (2), bob (1)" in text
    assert "min 0.50, mean 1.50, max 2.50" in text
    assert "5 (4 distinct)" in text  # hello/Hello fold together
    assert "0-1" in text and "30+" in text and "#" in text


def test_info_says_how_many_speakers_it_does_not_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from yuyin.data.manifest import Utterance, write_manifest

    utts = [Utterance(f"u{i}", f"u{i}.wav", 1.0, "hi", speaker=f"s{i % 7}") for i in range(14)]
    manifest = write_manifest(tmp_path / "m.jsonl", utts)
    assert main(["data", "info", str(manifest)]) == 0
    text = " ".join(capsys.readouterr().out.split())  # the table may wrap the line
    assert "7: s0 (2), s1 (2), s2 (2), s3 (2), s4 (2), ... (2 more)" in text


def test_info_names_the_characters_the_az_models_cannot_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Accents the recognizers drop, and letters none writes, before any training: fine-tuning
    spells "é" as "e" and drops "ß" from its targets (an audit found only fine-tuning said so)."""
    from yuyin.data.manifest import Utterance, write_manifest

    texts = ["Café crème, naïve", "Straße мир 😀 at 20°", "plain words"]
    utts = [Utterance(f"u{i}", f"u{i}.wav", 1.0, t) for i, t in enumerate(texts)]
    manifest = write_manifest(tmp_path / "m.jsonl", utts)
    assert main(["data", "info", str(manifest), "--json"]) == 0
    spelled = json.loads(capsys.readouterr().out)["az_spelling"]
    assert spelled["folded"] == {"é": 1, "è": 1, "ï": 1}
    assert spelled["unwritten"] == {"ß": 1, "м": 1, "и": 1, "р": 1}  # emoji and ° normalized away
    assert main(["data", "info", str(manifest)]) == 0
    text = " ".join(capsys.readouterr().out.replace("│", " ").split())  # a wrapped table row
    assert "write é (1), è (1), ï (1) without the accent; never write ß (1)" in text
    plain = write_manifest(tmp_path / "p.jsonl", utts[2:])
    assert main(["data", "info", str(plain)]) == 0
    assert "write every character" in capsys.readouterr().out


def test_info_json(corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "m.jsonl"
    main(["data", "import", "folder", str(corpus), "-o", str(out)])
    capsys.readouterr()
    assert main(["data", "info", str(out), "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["utterances"] == 3
    assert stats["seconds"] == pytest.approx(4.5, abs=1e-3)
    assert stats["labeled_fraction"] == 1.0
    assert stats["speakers"]["count"] == 0 and stats["speakers"]["unknown"] == 3
    assert stats["vocabulary"]["words"] == 5


def test_import_errors_are_one_line_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "kaldi"
    data.mkdir()
    (data / "wav.scp").write_text("rec1 sox in.sph -t wav - |\n", encoding="utf-8")
    out = tmp_path / "m.jsonl"
    assert main(["data", "import", "kaldi", str(data), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "wav.scp:1: piped commands" in err
    assert "Traceback" not in err and not out.exists()
    assert main(["data", "import", "ljspeech", "-o", str(out)]) == 2
    assert "SRC (the corpus folder) is required" in capsys.readouterr().err
    assert main(["data", "info", str(tmp_path / "missing.jsonl")]) == 1
    assert "manifest not found" in capsys.readouterr().err


def test_import_kaldi_and_librispeech(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tone(tmp_path / "rec.wav", 1.0)
    data = tmp_path / "kaldi"
    data.mkdir()
    (data / "wav.scp").write_text(f"rec {tmp_path / 'rec.wav'}\n", encoding="utf-8")
    (data / "segments").write_text("a rec 0 0.4\nb rec 0.4 1.0\n", encoding="utf-8")
    (data / "text").write_text("a ONE\nb TWO\n", encoding="utf-8")
    out = tmp_path / "k.jsonl"
    assert main(["data", "import", "kaldi", str(data), "-o", str(out)]) == 0
    assert [(u.id, u.start, u.end) for u in read_manifest(out)] == [
        ("a", 0.0, 0.4),
        ("b", 0.4, 1.0),
    ]
    chapter = tmp_path / "ls" / "7" / "8"
    tone(chapter / "7-8-0.flac", 0.3)
    (chapter / "7-8.trans.txt").write_text("7-8-0 WORDS\n", encoding="utf-8")
    assert main(["data", "import", "librispeech", str(tmp_path / "ls"), "-o", str(out)]) == 0
    assert [(u.id, u.speaker, u.lang) for u in read_manifest(out)] == [("7-8-0", "7", "en")]
    assert "wrote 1 utterances" in capsys.readouterr().out


def test_import_ljspeech_and_debian_speech(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lj = tmp_path / "LJSpeech-1.1"
    tone(lj / "wavs" / "LJ1.wav", 0.3)
    (lj / "metadata.csv").write_text("LJ1|Dr. X|Doctor X\n", encoding="utf-8")
    out = tmp_path / "m.jsonl"
    argv = ["data", "import", "ljspeech", str(lj), "-o", str(out), "--speaker", "linda"]
    assert main(argv) == 0
    assert [(u.text, u.speaker) for u in read_manifest(out)] == [("Doctor X", "linda")]

    root = tmp_path / "root"
    tone(root / "usr/share/ktuberling/sounds/de/auge.ogg", 0.3)
    assert main(["data", "import", "debian-speech", str(root), "-o", str(out)]) == 0
    assert "wrote 1 utterances, 0.000 h, unlabeled" in capsys.readouterr().out
    assert [(u.id, u.lang, u.text) for u in read_manifest(out)] == [
        ("ktuberling/de/auge", "de", None)
    ]
    assert main(["data", "import", "debian-speech", str(tmp_path / "empty"), "-o", str(out)]) == 1
    assert "empty: no such folder" in capsys.readouterr().err  # a typo, not missing packages
    (tmp_path / "empty").mkdir()
    assert main(["data", "import", "debian-speech", str(tmp_path / "empty"), "-o", str(out)]) == 1
    assert "apt-get install tuxpaint-stamps-default" in capsys.readouterr().err


def test_check_lists_unusable_audio_and_writes_the_rest(tmp_path: Path, capsys) -> None:
    import soundfile as sf

    from yuyin.data.manifest import Utterance, write_manifest

    tone(tmp_path / "good.wav", 0.5)
    sf.write(tmp_path / "nan.wav", np.full(8000, np.nan, dtype=np.float32), 16000, "FLOAT")
    rows = [
        Utterance("good", str(tmp_path / "good.wav"), 0.5, "fine"),
        Utterance("gone", str(tmp_path / "gone.wav"), 0.5, "missing"),
        Utterance("nan", str(tmp_path / "nan.wav"), 0.5, "nan samples"),
        Utterance("long", str(tmp_path / "good.wav"), 3.0, "wrong duration"),
    ]
    manifest = write_manifest(tmp_path / "m.jsonl", rows)
    assert main(["data", "check", str(manifest)]) == 1  # headers only: the NaN file passes
    captured = capsys.readouterr()
    assert "gone.wav (file not found; utterance 'gone')" in captured.out
    assert "the manifest says 3.00 s but the file holds 0.50 s" in captured.out
    assert "nan.wav" not in captured.out and "2 of 4 utterances" in captured.err
    clean = tmp_path / "clean.jsonl"
    assert main(["data", "check", str(manifest), "--decode", "-o", str(clean)]) == 0
    assert "contains NaN" in capsys.readouterr().out
    assert [u.id for u in read_manifest(clean)] == ["good"]
    assert main(["data", "check", str(clean)]) == 0


def test_check_decode_finds_silent_and_too_short_clips(tmp_path: Path, capsys) -> None:
    import soundfile as sf

    from yuyin.data.manifest import Utterance, write_manifest

    tone(tmp_path / "good.wav", 0.5)
    sf.write(tmp_path / "zeros.wav", np.zeros(8000, dtype=np.float32), 16000)
    sf.write(tmp_path / "hum.wav", np.full(8000, 1e-4, dtype=np.float32), 16000, "FLOAT")
    sf.write(tmp_path / "click.wav", np.full(480, 0.5, dtype=np.float32), 16000)
    rows = [
        Utterance("good", str(tmp_path / "good.wav"), 0.5, "fine"),
        Utterance("zeros", str(tmp_path / "zeros.wav"), 0.5, "digital silence"),
        Utterance("hum", str(tmp_path / "hum.wav"), 0.5, "-80 dBFS"),
        Utterance("click", str(tmp_path / "click.wav"), 0.03, "30 ms"),
    ]
    manifest = write_manifest(tmp_path / "m.jsonl", rows)
    assert main(["data", "check", str(manifest)]) == 0  # headers only: all look usable
    capsys.readouterr()
    assert main(["data", "check", str(manifest), "--decode"]) == 1
    out = capsys.readouterr().out
    assert "zeros.wav (silent: all zeros" in out
    assert "hum.wav (silent (peak -80 dBFS" in out
    assert "click.wav (only 30 ms of audio" in out and "good.wav" not in out
    whole = (tmp_path / "good.wav").read_bytes()
    (tmp_path / "cut.wav").write_bytes(whole[: len(whole) // 2])  # an interrupted copy
    rows = [Utterance("cut", str(tmp_path / "cut.wav"), 0.25, "half")]
    cut = write_manifest(tmp_path / "cut.jsonl", rows)
    assert main(["data", "check", str(cut), "--decode"]) == 1
    assert "cut.wav (cut short: its WAV header promises 16000 bytes" in capsys.readouterr().out
    sf.write(tmp_path / "dc.wav", np.full(8000, 0.5, dtype=np.float32), 16000)
    dc = write_manifest(
        tmp_path / "dc.jsonl", [Utterance("dc", str(tmp_path / "dc.wav"), 0.5, "x")]
    )
    assert main(["data", "check", str(dc), "--decode"]) == 1
    assert "dc.wav (no sound: a constant level (DC)" in capsys.readouterr().out


def test_import_onto_a_folder_is_one_line(corpus: Path, tmp_path: Path, capsys) -> None:
    assert main(["data", "import", "folder", str(corpus), "-o", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "a folder, not a manifest file name" in err and "Traceback" not in err


def test_subset_refuses_to_overwrite_its_input(corpus: Path, tmp_path: Path, capsys) -> None:
    manifest = tmp_path / "m.jsonl"
    assert main(["data", "import", "folder", str(corpus), "-o", str(manifest)]) == 0
    before = manifest.read_text()
    assert main(["data", "subset", str(manifest), "--minutes", "0.01", "-o", str(manifest)]) == 1
    assert "the input manifest itself" in capsys.readouterr().err
    assert manifest.read_text() == before
    out = tmp_path / "all.jsonl"
    assert main(["data", "subset", str(manifest), "--minutes", "inf", "-o", str(out)]) == 0
    assert len(read_manifest(out)) == len(read_manifest(manifest))  # inf: every utterance
    assert main(["data", "subset", str(manifest), "--minutes", "999", "-o", str(out)]) == 1
    assert "(ask for " in capsys.readouterr().err


def test_check_keeps_its_input_and_tells_lines_apart(tmp_path: Path, capsys) -> None:
    from yuyin.data.manifest import Utterance, write_manifest

    tone(tmp_path / "good.wav", 0.5)
    rows = [
        Utterance("a", str(tmp_path / "gone.wav"), 0.5, "missing"),
        Utterance("a", str(tmp_path / "good.wav"), 0.5, "same id, fine"),
    ]
    manifest = write_manifest(tmp_path / "m.jsonl", rows)
    before = manifest.read_bytes()
    assert main(["data", "check", str(manifest), "-o", str(manifest)]) == 1
    assert "-o is the input manifest itself" in capsys.readouterr().err
    assert manifest.read_bytes() == before
    clean = tmp_path / "clean.jsonl"
    assert main(["data", "check", str(manifest), "-o", str(clean)]) == 0
    assert "1 id(s) name more than one line (first: 'a')" in capsys.readouterr().err
    assert [u.text for u in read_manifest(clean)] == ["same id, fine"]
    gone = write_manifest(tmp_path / "gone.jsonl", rows[:1])
    assert main(["data", "check", str(gone), "-o", str(tmp_path / "none.jsonl")]) == 1
    assert "none of the 1 utterances has usable audio" in capsys.readouterr().err
    assert not (tmp_path / "none.jsonl").exists()


def test_info_prints_manifest_text_literally(tmp_path: Path, capsys) -> None:
    row = {"id": "a", "audio": "/a.wav", "duration": 1.0, "speaker": "[/bold]", "text": "a\x1bb"}
    manifest = tmp_path / "[red]m.jsonl"
    manifest.write_text(json.dumps(row) + "\n", encoding="utf-8")
    assert main(["data", "info", str(manifest)]) == 0
    out = capsys.readouterr().out
    assert "[red]m.jsonl" in out and "[/bold] (1)" in out
    assert "\x1b" not in out and "\\x1b" in out


def test_split_keeps_sets_and_speakers_apart_the_same_way_every_run(tmp_path: Path, capsys) -> None:
    from yuyin.data.manifest import Utterance, split_manifest, write_manifest

    rows = [
        Utterance(f"s{s}/u{i}", f"/a/s{s}-{i}.wav", 1.0, "text", f"s{s}")
        for s in range(10)
        for i in range(4)
    ]
    manifest = write_manifest(tmp_path / "m.jsonl", rows)
    assert (
        main(
            [
                "data",
                "split",
                str(manifest),
                "--dev",
                "0.1",
                "--test",
                "0.2",
                "-o",
                str(tmp_path / "a"),
            ]
        )
        == 0
    )
    assert "train: 28 utterances" in capsys.readouterr().out
    sets = {n: read_manifest(tmp_path / "a" / f"{n}.jsonl") for n in ("train", "dev", "test")}
    assert [len(v) for v in sets.values()] == [28, 4, 8]
    assert sorted(u.id for v in sets.values() for u in v) == sorted(u.id for u in rows)
    again = split_manifest(rows, 0.1, 0.2)
    assert {n: [u.id for u in v] for n, v in again.items()} == {
        n: [u.id for u in v] for n, v in sets.items()
    }
    by_speaker = split_manifest(rows, 0.1, 0.2, by_speaker=True)
    speakers = {n: {u.speaker for u in v} for n, v in by_speaker.items()}
    assert [len(s) for s in speakers.values()] == [7, 1, 2]
    assert not (speakers["train"] & speakers["dev"] or speakers["train"] & speakers["test"])
    assert (
        main(
            [
                "data",
                "split",
                str(manifest),
                "--dev",
                "0.5",
                "--test",
                "0.5",
                "-o",
                str(tmp_path / "b"),
            ]
        )
        == 1
    )
    assert "leave train some" in capsys.readouterr().err
    assert main(["data", "split", str(manifest), "-o", str(tmp_path)]) == 0  # beside its input
    assert main(["data", "split", str(tmp_path / "train.jsonl"), "-o", str(tmp_path)]) == 1
    assert "would be overwritten by the split" in capsys.readouterr().err
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "test.jsonl").write_text("my notes\n")  # not a manifest: nothing written
    assert main(["data", "split", str(manifest), "-o", str(tmp_path / "c")]) == 1
    assert sorted(p.name for p in (tmp_path / "c").iterdir()) == ["test.jsonl"]


def test_an_option_of_another_import_kind_is_a_usage_error(tmp_path, capsys):
    out = str(tmp_path / "m.jsonl")
    for kind, flag in (("kaldi", "--unlabeled"), ("librispeech", "--speaker-from-dir")):
        assert main(["data", "import", kind, str(tmp_path), "-o", out, flag]) == 2
        assert f"{flag}: an option of `data import folder`" in capsys.readouterr().err
    assert main(["data", "import", "kaldi", str(tmp_path), "-o", out, "--speaker", "joe"]) == 2
    err = capsys.readouterr().err
    assert "--speaker: an option of `data import ljspeech` or `data import folder`" in err


def test_split_by_text_keeps_each_sentence_in_one_set(tmp_path: Path, capsys) -> None:
    """A synthesized corpus: 10 sentences, each in 4 voices (punctuation and case vary)."""
    from yuyin.data.manifest import Utterance, write_manifest

    said = [f"Sentence number {i}" for i in range(10)]
    rows = [
        Utterance(f"v{v}/u{i}", f"/a/v{v}-{i}.wav", 1.0, s + ("!" if v % 2 else ""), f"v{v}")
        for v in range(4)
        for i, s in enumerate(s.lower() if v == 3 else s for s in said)
    ]
    manifest = write_manifest(tmp_path / "m.jsonl", rows)
    argv = ["data", "split", str(manifest), "--dev", "0.1", "--test", "0.2", "--by-text"]
    assert main([*argv, "-o", str(tmp_path / "a")]) == 0
    assert "train: 28 utterances" in capsys.readouterr().out
    sets = {n: read_manifest(tmp_path / "a" / f"{n}.jsonl") for n in ("train", "dev", "test")}
    words = {n: {u.text.lower().rstrip("!") for u in v} for n, v in sets.items()}
    assert [len(w) for w in words.values()] == [7, 1, 2]
    assert not (words["train"] & words["dev"] or words["train"] & words["test"])
    with pytest.raises(SystemExit):  # one or the other
        main([*argv, "--by-speaker", "-o", str(tmp_path / "b")])


def test_split_by_text_groups_as_scoring_does_and_keeps_recordings_whole() -> None:
    """Sentences equal after scoring's normalization share a set, and so do the segments of one
    recording whatever they say (an audit found both split)."""
    from yuyin.data.manifest import Utterance, split_manifest

    rows = [Utterance(f"u{i}", f"/a/{i}.wav", 1.0, f"Sentence {i}") for i in range(20)]
    rows += [
        Utterance("clock-a", "/a/clock-a.wav", 1.0, "It's 12 o'clock."),
        Utterance("clock-b", "/a/clock-b.wav", 1.0, "it's twelve o'clock"),
        Utterance("cafe-a", "/a/cafe-a.wav", 1.0, "The north-east café opens!"),
        Utterance("cafe-b", "/a/cafe-b.wav", 1.0, "the north east café opens"),
    ]
    rows += [
        Utterance(f"seg{i}", "/a/long.wav", 1.0, f"part {i} of it", start=float(i), end=i + 1.0)
        for i in range(4)
    ]
    for seed in range(5):
        sets = split_manifest(rows, 0.2, 0.2, seed, by_text=True)
        where = {u.id: name for name, utts in sets.items() for u in utts}
        assert where["clock-a"] == where["clock-b"] and where["cafe-a"] == where["cafe-b"]
        assert len({where[f"seg{i}"] for i in range(4)}) == 1


def test_split_by_text_notes_unlabeled_utterances_and_counts_in_words(tmp_path, capsys) -> None:
    from yuyin.data.manifest import ManifestError, Utterance, split_manifest, write_manifest

    rows = [Utterance(f"u{i}", f"/a/{i}.wav", 1.0, f"Sentence {i}") for i in range(8)]
    rows += [Utterance("raw", "/a/raw.wav", 1.0)]
    manifest = write_manifest(tmp_path / "m.jsonl", rows)
    argv = ["data", "split", str(manifest), "--by-text", "-o", str(tmp_path / "sets")]
    assert main(argv) == 0
    assert "note: 1 unlabeled utterance(s) have no sentence to group by" in capsys.readouterr().err
    one = [Utterance(f"v{i}", f"/a/v{i}.wav", 1.0, "the same words") for i in range(3)]
    with pytest.raises(ManifestError, match="^1 sentence is too few for a train set"):
        split_manifest(one, 0.2, 0.2, by_text=True)
