"""Manifest records, JSONL read/write and :func:`manifest_stats`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from yuyin.data.manifest import (
    DURATION_BIN_EDGES,
    TOP_SPEAKERS,
    ManifestError,
    Utterance,
    iter_manifest,
    manifest_stats,
    read_manifest,
    write_manifest,
)


def utt(i: int, duration: float, text: str | None = None, speaker: str | None = None, **kw):
    return Utterance(f"u{i:03d}", f"/audio/u{i}.wav", duration, text, speaker, **kw)


def test_round_trip_keeps_every_field(tmp_path: Path) -> None:
    utts = [
        utt(1, 1.5, "héllo wörld", "s1", lang="de"),
        utt(2, 0.25),
        utt(3, 2.0, "seg", start=1.0, end=3.0),
    ]
    path = write_manifest(tmp_path / "sub" / "m.jsonl", utts)
    assert read_manifest(path) == utts
    assert list(iter_manifest(path)) == utts
    first = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
    assert first["text"] == "héllo wörld" and "start" not in first and "end" not in first
    assert "text" not in json.loads(path.read_text(encoding="utf-8").splitlines()[1])


def test_read_errors_name_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "m.jsonl"
    path.write_text('{"id": "a", "audio": "/a.wav", "duration": 1}\n\n{broken\n', encoding="utf-8")
    with pytest.raises(ManifestError, match=r"m\.jsonl:3: not JSON"):
        read_manifest(path)
    path.write_text('{"id": "a", "audio": "/a.wav"}\n', encoding="utf-8")
    with pytest.raises(ManifestError, match=r"m\.jsonl:1: missing field\(s\) \['duration'\]"):
        read_manifest(path)
    path.write_text('{"id": "a", "audio": "/a.wav", "duration": -1}\n', encoding="utf-8")
    with pytest.raises(ManifestError, match=r"m\.jsonl:1: 'duration' must be finite and >= 0"):
        read_manifest(path)
    path.write_text("[1, 2]\n", encoding="utf-8")
    with pytest.raises(ManifestError, match="JSON object per line"):
        read_manifest(path)
    with pytest.raises(ManifestError, match="manifest not found"):
        read_manifest(tmp_path / "missing.jsonl")
    with pytest.raises(ManifestError, match="a folder, not a manifest.*yuyin data import folder"):
        read_manifest(tmp_path)  # a folder of audio given as --data


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ('"duration": "2.43"', "'duration' must be a number of seconds"),
        ('"duration": true', "'duration' must be a number of seconds"),
        ('"duration": Infinity', "'duration' must be finite"),
        ('"duration": NaN', "'duration' must be finite"),
        ('"duration": 1, "text": 123', "'text' must be a string or null"),
        ('"duration": 1, "lang": ["en"]', "'lang' must be a string or null"),
        ('"duration": 1, "start": -0.5', "'start' must be finite and >= 0"),
        ('"duration": 1, "start": 2, "end": 1', r"end \(1.0\) must be after start \(2.0\)"),
    ],
)
def test_field_types_are_checked(tmp_path: Path, fields: str, problem: str) -> None:
    path = tmp_path / "m.jsonl"
    path.write_text('{"id": "ok", "audio": "/a.wav", "duration": 1}\n', encoding="utf-8")
    with path.open("a", encoding="utf-8") as fh:
        fh.write('{"id": "a", "audio": "/a.wav", ' + fields + "}\n")
    with pytest.raises(ManifestError, match=rf"m\.jsonl:2: {problem}"):
        read_manifest(path)
    path.write_text('{"id": "a", "audio": null, "duration": 1}\n', encoding="utf-8")
    with pytest.raises(ManifestError, match="m\\.jsonl:1: 'audio' must be a non-empty string"):
        read_manifest(path)


def test_numbers_become_floats_and_a_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "m.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"id": "a", "audio": "/a.wav", "duration": 2, "end": 2}\n')
    (utt_,) = read_manifest(path)
    assert type(utt_.duration) is float and utt_.duration == 2.0 and utt_.end == 2.0


def test_non_utf8_manifest_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.jsonl"
    good = b'{"id": "a", "audio": "/a.wav", "duration": 1}\n'
    path.write_bytes(good + b'{"id": "b", "audio": "/b.wav", "duration": 1, "text": "caf\xe9"}\n')
    with pytest.raises(ManifestError, match=r"latin1\.jsonl:2: not UTF-8"):
        read_manifest(path)


def test_stats_counts_hours_labels_and_durations() -> None:
    utts = [
        utt(1, 0.5, "the cat", "ann", lang="en"),
        utt(2, 1.5, "The dog.", "ann", lang="en"),
        utt(3, 4.0, None, "bob", lang="fr"),
        utt(4, 40.0),
    ]
    stats = manifest_stats(utts)
    assert stats["utterances"] == 4
    assert stats["seconds"] == pytest.approx(46.0)
    assert stats["hours"] == pytest.approx(46.0 / 3600)
    assert stats["labeled"] == 2 and stats["labeled_fraction"] == pytest.approx(0.5)
    assert stats["duration"] == {"min": 0.5, "mean": pytest.approx(11.5), "max": 40.0}
    assert stats["languages"] == {"en": 2, "fr": 1, "unknown": 1}
    assert stats["speakers"]["count"] == 2 and stats["speakers"]["unknown"] == 1
    assert stats["speakers"]["top"][0] == {
        "speaker": "ann",
        "utterances": 2,
        "hours": pytest.approx(2.0 / 3600),
    }
    vocab = stats["vocabulary"]
    assert vocab["characters"] == ".Tacdeghot"
    assert vocab["words"] == 4 and vocab["distinct_words"] == 3  # the/The fold together
    counts = {(b["from"], b["to"]): b["count"] for b in stats["histogram"]}
    assert counts[(0.0, 1.0)] == 1 and counts[(1.0, 2.0)] == 1 and counts[(2.0, 5.0)] == 1
    assert counts[(DURATION_BIN_EDGES[-1], None)] == 1
    assert sum(counts.values()) == 4
    json.dumps(stats)  # JSON-ready


def test_stats_top_speakers_are_limited_and_ordered() -> None:
    utts = [utt(i, 1.0, speaker=f"s{i % (TOP_SPEAKERS + 2)}") for i in range(30)]
    top = manifest_stats(utts)["speakers"]["top"]
    assert len(top) == TOP_SPEAKERS
    assert [s["utterances"] for s in top] == sorted((s["utterances"] for s in top), reverse=True)
    assert manifest_stats(utts)["speakers"]["count"] == TOP_SPEAKERS + 2


def test_stats_of_nothing() -> None:
    stats = manifest_stats([])
    assert stats["utterances"] == 0 and stats["hours"] == 0.0 and stats["labeled_fraction"] == 0.0
    assert stats["duration"] == {"min": None, "mean": None, "max": None}
    assert all(b["count"] == 0 for b in stats["histogram"])
    assert stats["vocabulary"] == {"characters": "", "words": 0, "distinct_words": 0}


def test_subset_by_duration_is_fixed_nested_and_checked(tmp_path):
    from yuyin.data.manifest import ManifestError, subset_by_duration

    utts = [Utterance(f"u{i}", f"/a/{i}.wav", 10.0, "hi" if i % 2 else None) for i in range(20)]
    small = subset_by_duration(utts, 30)
    assert sum(u.duration for u in small) >= 30 and len(small) == 3
    assert subset_by_duration(list(reversed(utts)), 30) == small  # order of input is irrelevant
    assert subset_by_duration(utts, 60)[:3] == small  # nested budgets
    assert subset_by_duration(utts, 30, seed=1) != small
    assert all(u.text for u in subset_by_duration(utts, 50, labeled=True))
    with pytest.raises(ManifestError, match="labeled audio"):
        subset_by_duration(utts, 200, labeled=True)


def test_write_names_the_manifest_on_errors(tmp_path: Path, monkeypatch) -> None:
    import errno
    import os

    rows = [Utterance("a", "/a.wav", 1.0)]
    with pytest.raises(ManifestError, match="a folder, not a manifest file name"):
        write_manifest(tmp_path, rows)

    def full(src, dst):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(OSError) as caught:
        write_manifest(tmp_path / "m.jsonl", rows)
    assert caught.value.filename == str(tmp_path / "m.jsonl")
    assert caught.value.strerror == "No space left on device"
    assert list(tmp_path.iterdir()) == []  # no temporary left behind


def test_reader_names_lines_that_would_crash_json_or_python(tmp_path) -> None:
    cases = {
        "huge.jsonl": '{"id": "a", "audio": "a.wav", "duration": 1%s}' % ("0" * 400),
        "surrogate.jsonl": '{"id": "a\\ud800", "audio": "a.wav", "duration": 1}',
        "deep.jsonl": "[" * 100_000 + "]" * 100_000,
    }
    expected = {
        "huge.jsonl": "'duration' must be finite",
        "surrogate.jsonl": "'id' holds a lone surrogate",
        "deep.jsonl": "nested too deep",
    }
    for name, line in cases.items():
        path = tmp_path / name
        path.write_text(line + "\n", encoding="utf-8")
        with pytest.raises(ManifestError, match=f"{name}:1: .*{expected[name]}"):
            read_manifest(path)


def test_writer_refuses_what_the_reader_would_and_never_clobbers_other_files(tmp_path) -> None:
    good = Utterance("a", "/x/a.wav", 1.0, "text")
    for bad, problem in (
        (Utterance("", "/x/a.wav", 1.0), "'id' must be a non-empty string"),
        (Utterance("a", "/x/a.wav", float("nan")), "'duration' must be finite"),
        (Utterance("a", "/x/a.wav", 1.0, 7), "'text' must be a string"),  # type: ignore[arg-type]
    ):
        with pytest.raises(ManifestError, match=f"m.jsonl: utterance 2: {problem}"):
            write_manifest(tmp_path / "m.jsonl", [good, bad])
        assert not (tmp_path / "m.jsonl").exists()
    metadata = tmp_path / "metadata.csv"
    metadata.write_text("LJ001|text|text\n")
    with pytest.raises(ManifestError, match="exists and is not a manifest"):
        write_manifest(metadata, [good])
    assert metadata.read_text() == "LJ001|text|text\n"
    with pytest.raises(ManifestError, match="a folder, not a manifest file name"):
        write_manifest(f"{tmp_path}/new/", [good])
    assert not (tmp_path / "new").exists()
    write_manifest(tmp_path / "m.jsonl", [good])  # a manifest (or an empty file) is replaced
    write_manifest(tmp_path / "m.jsonl", [good, good])
    assert len(read_manifest(tmp_path / "m.jsonl")) == 2


def test_relative_audio_is_read_beside_the_manifest_then_from_the_current_folder(
    tmp_path: Path, monkeypatch
) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "wavs").mkdir(parents=True)
    (corpus / "wavs" / "a.wav").write_bytes(b"RIFF")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "only-here.wav").write_bytes(b"RIFF")
    manifest = corpus / "m.jsonl"
    lines = [
        {"id": "a", "audio": "wavs/a.wav", "duration": 1.0},
        {"id": "b", "audio": "only-here.wav", "duration": 1.0},
        {"id": "c", "audio": "missing.wav", "duration": 1.0},
        {"id": "d", "audio": "/abs/x.wav", "duration": 1.0},
    ]
    manifest.write_text("".join(json.dumps(r) + "\n" for r in lines))
    monkeypatch.chdir(elsewhere)
    a, b, c, d = read_manifest(manifest)
    assert a.audio == str(corpus / "wavs" / "a.wav")  # the corpus folder moves with its manifest
    assert b.audio == str(elsewhere / "only-here.wav")  # not beside it: the current folder
    assert c.audio == str(corpus / "missing.wav")  # found nowhere: named where it was meant
    assert d.audio == "/abs/x.wav"
    # written back, the path that was found beside the manifest is absolute
    out = tmp_path / "copy.jsonl"
    write_manifest(out, [a])
    assert read_manifest(out)[0].audio == str(corpus / "wavs" / "a.wav")
    # a relative manifest path works the same
    monkeypatch.chdir(tmp_path)
    assert read_manifest(Path("corpus/m.jsonl"))[0].audio == str(corpus / "wavs" / "a.wav")
    # a symlinked manifest: beside the link first, then beside the real file
    (tmp_path / "links").mkdir()
    (tmp_path / "links" / "m.jsonl").symlink_to(manifest)
    assert read_manifest(tmp_path / "links" / "m.jsonl")[0].audio == str(corpus / "wavs" / "a.wav")
    # '..' after a symlinked folder goes where the OS goes, not where the text points
    (tmp_path / "real" / "sub").mkdir(parents=True)
    (tmp_path / "real" / "wavs").mkdir()
    (tmp_path / "real" / "wavs" / "x.wav").write_bytes(b"RIFF")
    (tmp_path / "linked").symlink_to(tmp_path / "real" / "sub")
    up = tmp_path / "linked" / "up.jsonl"
    up.write_text(json.dumps({"id": "x", "audio": "../wavs/x.wav", "duration": 1.0}) + "\n")
    found = read_manifest(up)[0].audio
    assert Path(found).resolve() == (tmp_path / "real" / "wavs" / "x.wav").resolve()


def _corpus(root: Path, layout: str = "") -> Path:
    """A corpus folder: wavs/spk/*.wav (empty files will do) and a manifest of absolute paths
    at ``layout``/manifest.jsonl inside it."""
    utts = []
    for i in range(3):
        wav = root / "wavs" / "spk" / f"u{i}.wav"
        wav.parent.mkdir(parents=True, exist_ok=True)
        wav.write_bytes(b"")
        utts.append(Utterance(id=f"u{i}", audio=str(wav), duration=1.0, text="hi"))
    return write_manifest(root / layout / "manifest.jsonl", utts)


@pytest.mark.parametrize("layout", ["", "lists"])
def test_a_moved_corpus_reads_its_audio_from_beside_the_manifest(tmp_path, caplog, layout):
    manifest = _corpus(tmp_path / "old" / "corpus", layout)
    moved = tmp_path / "elsewhere" / "copy"
    moved.parent.mkdir()
    (tmp_path / "old" / "corpus").rename(moved)
    with caplog.at_level("WARNING", logger="yuyin.data"):
        utts = read_manifest(moved / layout / "manifest.jsonl")
    assert [u.audio for u in utts] == [str(moved / "wavs" / "spk" / f"u{i}.wav") for i in range(3)]
    assert caplog.text.count("folders that are gone") == 1  # one warning, naming the manifest
    assert str(moved / layout / "manifest.jsonl") in caplog.text
    assert not manifest.exists()


def test_paths_that_did_not_move_are_kept_without_a_warning(tmp_path, caplog):
    manifest = _corpus(tmp_path / "corpus")
    (tmp_path / "corpus" / "wavs" / "spk" / "u1.wav").unlink()  # a missing file, folder there
    with caplog.at_level("WARNING", logger="yuyin.data"):
        utts = read_manifest(manifest)
    assert utts[1].audio == str(tmp_path / "corpus" / "wavs" / "spk" / "u1.wav")
    assert caplog.text == ""


def test_a_path_found_nowhere_is_kept_for_the_loader_to_name(tmp_path):
    gone = str(tmp_path / "gone" / "x" / "a.wav")
    manifest = write_manifest(
        tmp_path / "m.jsonl", [Utterance(id="a", audio=gone, duration=1.0, text="hi")]
    )
    assert read_manifest(manifest)[0].audio == gone


def test_a_corpus_moved_away_from_its_manifest_is_not_taken_from_a_namesake(tmp_path, caplog):
    """The split manifests stay in a/sets while their corpus a/slt moves to b/slt; another
    corpus with the same file names sits two folders above the manifest. Its files are not
    the manifest's: the paths stay as written (the loader names them missing)."""
    _corpus(tmp_path / "slt")  # the namesake: tmp/slt/wavs/spk/u0.wav ...
    original = _corpus(tmp_path / "a" / "slt")
    sets = write_manifest(tmp_path / "a" / "sets" / "train.jsonl", read_manifest(original))
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "slt").rename(tmp_path / "b" / "slt")
    with caplog.at_level("WARNING", logger="yuyin.data"):
        utts = read_manifest(sets)
    assert [u.audio for u in utts] == [
        str(tmp_path / "a" / "slt" / "wavs" / "spk" / f"u{i}.wav") for i in range(3)
    ]
    assert caplog.text == ""


def test_split_keeps_the_segments_of_one_recording_in_one_set() -> None:
    from yuyin.data.manifest import split_manifest

    segments = [
        Utterance(f"rec{r}-{i}", f"/c/rec{r}.wav", 1.0, "x", start=float(i), end=i + 1.0)
        for r in range(10)
        for i in range(5)
    ]
    sets = split_manifest(segments, 0.2, 0.2, seed=3)
    homes = {name: {u.audio for u in utts} for name, utts in sets.items()}
    assert all(homes[a].isdisjoint(homes[b]) for a in homes for b in homes if a < b)
    assert sum(len(v) for v in sets.values()) == 50 and len(homes["dev"]) == 2
