"""`yuyin data import table`: the tables other toolkits and datasets write (Common Voice TSV,
Hugging Face audiofolder CSV, SpeechBrain/DeepSpeech CSV, NeMo JSON lines), and their faults."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from test_importers import TOLERANCE, tone, write
from yuyin.cli import main
from yuyin.data.import_table import import_table
from yuyin.data.importers import ImporterWarning
from yuyin.data.manifest import ManifestError, read_manifest

CV_HEADER = "client_id\tpath\tsentence_id\tsentence\tup_votes\tdown_votes\tlocale\tsegment\n"


def common_voice(root: Path) -> Path:
    """A Common Voice language folder: train.tsv and clips/ (one clip missing)."""
    tone(root / "clips" / "common_voice_en_1.wav", 0.25)
    tone(root / "clips" / "common_voice_en_2.flac", 0.5)
    return write(
        root / "train.tsv",
        CV_HEADER
        + 'c0ffee\tcommon_voice_en_1.wav\ts1\tHe said "hi" there.\t2\t0\ten\t\n'
        + "beef\tcommon_voice_en_2.flac\ts2\t  Two,   spaces\t3\t1\ten\t\n"
        + "dead\tcommon_voice_en_3.wav\ts3\tNo clip for this one\t2\t0\ten\t\n",
    )


def test_common_voice_tsv_reads_clips_speakers_locale_and_quotes_as_written(
    tmp_path: Path,
) -> None:
    table = common_voice(tmp_path / "cv" / "en")
    with pytest.warns(ImporterWarning, match=r"skipped 1 row\(s\) of train.tsv .*line 4"):
        utts = import_table(table)
    assert [u.id for u in utts] == ["common_voice_en_1", "common_voice_en_2"]
    first, second = utts
    assert first.text == 'He said "hi" there.'  # Common Voice quotes are text, not CSV quoting
    assert second.text == "Two, spaces"
    assert (first.speaker, first.lang) == ("c0ffee", "en")
    assert first.audio == str(tmp_path / "cv" / "en" / "clips" / "common_voice_en_1.wav")
    assert abs(second.duration - 0.5) < TOLERANCE
    with pytest.warns(ImporterWarning):
        assert [u.lang for u in import_table(table, lang="en-US")] == ["en-US"] * 2  # over locale


def test_audiofolder_csv_with_quoted_commas_and_an_empty_transcript(tmp_path: Path) -> None:
    tone(tmp_path / "data" / "a.wav")
    tone(tmp_path / "data" / "b.wav")
    table = write(
        tmp_path / "metadata.csv",
        'file_name,transcription\ndata/a.wav,"hello, world"\ndata/b.wav,\n',
    )
    with pytest.warns(ImporterWarning, match=r"1 empty transcript.*line 3 data/b"):
        utts = import_table(table)
    assert [(u.id, u.text, u.speaker) for u in utts] == [("data/a", "hello, world", None)]


def test_unlabeled_keeps_every_row_without_its_text(tmp_path: Path) -> None:
    tone(tmp_path / "data" / "a.wav")
    tone(tmp_path / "data" / "b.wav")
    table = write(tmp_path / "metadata.csv", "file_name,transcription\ndata/a.wav,x\ndata/b.wav,\n")
    assert [u.text for u in import_table(table, unlabeled=True)] == [None, None]
    only_paths = write(tmp_path / "list.csv", "file_name\ndata/a.wav\n")  # no text column at all
    assert [u.text for u in import_table(only_paths)] == [None]


def test_speechbrain_csv_placeholder_root_and_a_sniffed_delimiter(tmp_path: Path) -> None:
    tone(tmp_path / "corpus" / "s1" / "u1.wav", 0.3)
    table = write(
        tmp_path / "lists" / "train.csv",
        "ID;duration;wav;spk_id;wrd\nu1;9.9;$data_root/s1/u1.wav;s1;THE WORDS\n",
    )
    with pytest.warns(ImporterWarning, match=r"kept the file's length for 1 row\(s\) whose dur"):
        (utt,) = import_table(table, audio_root=tmp_path / "corpus")
    assert (utt.id, utt.text, utt.speaker) == ("u1", "THE WORDS", "s1")
    assert abs(utt.duration - 0.3) < TOLERANCE  # the header's, not the table's 9.9


def test_the_delimiter_is_the_headers_not_the_transcripts(tmp_path: Path) -> None:
    tone(tmp_path / "a.wav")
    table = write(tmp_path / "t.csv", 'path,text\na.wav,"one; two; three; four"\n')
    assert [u.text for u in import_table(table)] == ["one; two; three; four"]


def test_nemo_manifest_segments_by_offset_and_duration(tmp_path: Path) -> None:
    tone(tmp_path / "long.wav", 3.0)
    rows = [
        {"audio_filepath": "long.wav", "text": "a", "offset": 0.5, "duration": 1.0},
        {"audio_filepath": str(tmp_path / "long.wav"), "text": "b", "offset": 2.0, "duration": 1.3},
        {"audio_filepath": "long.wav", "text": "c", "offset": 2.5, "duration": 2.0},
        {"audio_filepath": "long.wav", "text": "d", "offset": 3.5, "duration": 1.0},
    ]
    table = write(tmp_path / "m.json", "".join(json.dumps(r) + "\n" for r in rows))
    with pytest.warns(ImporterWarning, match=r"2 segment\(s\) beyond the end"):
        utts = import_table(table)
    assert [(u.id, u.start, u.end, u.text) for u in utts] == [
        ("long-00000500", 0.5, 1.5, "a"),
        ("long-00002000", 2.0, 3.0, "b"),  # 0.3 s past the end: clipped, as Kaldi does
    ]
    assert utts[0].duration == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("name", "content", "kwargs", "message"),
    [
        ("t.csv", "path,sentence\na.wav,one,two\n", {}, r"t.csv:2: 3 field\(s\) where the header"),
        ("t.csv", "name,sentence\na.wav,x\n", {}, r"no audio column among name, sentence"),
        ("t.csv", "path,sentence\na.wav,x\n", {"text_column": "wrd"}, r"no column 'wrd'.*path"),
        ("t.csv", "path,sentence\na.wav,x\na.wav,y\n", {}, r"t.csv:3: utterance 'a' already"),
        ("t.csv", "path,sentence\n,x\n", {}, r"t.csv:2: empty 'path'"),
        ("t.csv", "path,Path\na.wav,b.wav\n", {}, r"t.csv:1: a column name is repeated"),
        ("t.csv", "", {}, r"empty table"),
        ("t.tsv", b"path\tsentence\na.wav\tna\xefve\n", {}, r"t.tsv:2: not UTF-8"),
        ("t.jsonl", '{"audio_filepath": "a.wav"}\n[1]\n', {}, r"t.jsonl:2: not a JSON object"),
        ("t.jsonl", '{"path": "a.wav", "offset": "x"}\n', {}, r"t.jsonl:1: offset and duration"),
    ],
)
def test_a_table_that_cannot_be_read_names_the_file_line_and_problem(
    tmp_path: Path, name: str, content: str | bytes, kwargs: dict, message: str
) -> None:
    tone(tmp_path / "a.wav")
    with pytest.raises(ManifestError, match=message):
        import_table(write(tmp_path / name, content), **kwargs)


def test_a_folder_or_a_missing_table_is_named(tmp_path: Path) -> None:
    with pytest.raises(ManifestError, match="a folder, not a table"):
        import_table(tmp_path)
    with pytest.raises(ManifestError, match="not found"):
        import_table(tmp_path / "nope.tsv")
    table = write(tmp_path / "t.csv", "path,text\na.wav,x\n")
    with pytest.raises(ManifestError, match="audio root not found"):
        import_table(table, audio_root=tmp_path / "gone")


def test_cli_imports_a_table_with_named_columns(tmp_path: Path, capsys) -> None:
    tone(tmp_path / "wavs" / "x.wav", 0.4)
    table = write(tmp_path / "list.tsv", "Recording\tWords\tWho\nx.wav\thello there\tann\n")
    out = tmp_path / "m.jsonl"
    argv = ["data", "import", "table", str(table), "-o", str(out)]
    assert main([*argv, "--audio-column", "recording", "--text-column", "Words",
                 "--speaker-column", "who"]) == 0  # fmt: skip
    assert "wrote 1 utterances" in capsys.readouterr().out
    (utt,) = read_manifest(out)
    assert (utt.id, utt.text, utt.speaker) == ("x", "hello there", "ann")
    assert main(argv) == 1  # no known names: the columns must be named
    assert "no audio column among Recording, Words, Who" in capsys.readouterr().err


def test_cli_refuses_table_options_for_another_layout(tmp_path: Path, capsys) -> None:
    argv = ["data", "import", "folder", str(tmp_path), "-o", str(tmp_path / "m.jsonl")]
    assert main([*argv, "--text-column", "x"]) == 2
    assert "--text-column: an option of `data import table`, not folder" in capsys.readouterr().err
    ljspeech = ["data", "import", "ljspeech", str(tmp_path), "-o", str(tmp_path / "m.jsonl")]
    assert main([*ljspeech, "--unlabeled"]) == 2
    assert "`data import folder` or `data import table`" in capsys.readouterr().err


def test_absolute_paths_of_a_moved_corpus_are_found_under_the_audio_root(tmp_path: Path) -> None:
    tone(tmp_path / "corpus" / "audio" / "000.wav", 0.3)  # a NeMo manifest from another machine
    row = {"audio_filepath": "/data/old/corpus/audio/000.wav", "text": "hi", "duration": 0.3}
    beside = write(tmp_path / "corpus" / "train.json", json.dumps(row) + "\n")
    (utt,) = import_table(beside)
    assert utt.audio == str(tmp_path / "corpus" / "audio" / "000.wav") and utt.id == "audio/000"
    far = tmp_path / "a" / "b" / "c" / "lists"  # not within two folders of the corpus
    elsewhere = write(far / "train.json", json.dumps(row) + "\n")
    with pytest.warns(ImporterWarning, match=r"missing \(beside the table.*--audio-root DIR"):
        import_table(elsewhere)  # nothing named or beside it: the warning says what to give
    (found,) = import_table(elsewhere, audio_root=tmp_path / "corpus")
    assert found.audio == utt.audio and found.id == "audio/000"


def test_windows_paths_and_wrong_duration_columns(tmp_path: Path) -> None:
    tone(tmp_path / "data" / "a.wav", 0.5)
    table = write(tmp_path / "t.csv", "wav,wrd,duration\ndata\\a.wav,hello,9.5\n")
    with pytest.warns(ImporterWarning, match=r"duration column disagrees.*9.5 s listed, 0.50 s"):
        (utt,) = import_table(table)
    assert utt.audio == str(tmp_path / "data" / "a.wav") and utt.duration == pytest.approx(0.5)


def test_a_nemo_duration_shorter_than_its_file_reads_that_much(tmp_path: Path) -> None:
    tone(tmp_path / "a.wav", 2.0)
    row = {"audio_filepath": "a.wav", "text": "hi", "duration": 0.5}  # no offset: from 0
    table = write(tmp_path / "m.json", json.dumps(row) + "\n")
    with pytest.warns(ImporterWarning, match="read only the listed seconds, as NeMo does"):
        (utt,) = import_table(table)
    assert (utt.start, utt.end, utt.duration) == (0.0, 0.5, 0.5)


def test_a_labeled_wav_cut_short_is_left_out_with_its_name(tmp_path: Path) -> None:
    """(An audit: `data import folder` kept it, and fine-tuning then refused the manifest.)"""
    from yuyin.data.importers import import_folder

    for name in ("whole", "cut"):
        tone(tmp_path / f"{name}.wav")
        write(tmp_path / f"{name}.txt", "a whole sentence")
    cut = tmp_path / "cut.wav"
    cut.write_bytes(cut.read_bytes()[:-2000])  # an interrupted copy: the header promises more
    with pytest.warns(ImporterWarning, match=r"skipped 1 labeled WAV file\(s\) cut short.*cut.wav"):
        utts = import_folder(tmp_path)
    assert [u.id for u in utts] == ["whole"]
    (tmp_path / "whole.txt").unlink()
    (tmp_path / "cut.txt").unlink()
    assert sorted(u.id for u in import_folder(tmp_path, unlabeled=True)) == ["cut", "whole"]


def test_one_folder_per_class_is_labeled_by_its_folder(tmp_path: Path, capsys) -> None:
    """Keyword sets (Speech Commands: yes/x.wav): --label-from-dir takes the folder as the text;
    without it such a folder imports unlabeled, with a note saying so."""
    for word in ("yes", "no"):
        for i in range(2):
            tone(tmp_path / "words" / word / f"{i}.wav")
    tone(tmp_path / "words" / "loose.wav")
    manifest = tmp_path / "m.jsonl"
    args = ["data", "import", "folder", str(tmp_path / "words"), "-o", str(manifest)]
    assert main([*args, "--label-from-dir"]) == 0
    err = capsys.readouterr().err
    assert "skipped 1 file(s) directly in the folder, not in a class folder" in err
    assert sorted((u.id, u.text) for u in read_manifest(manifest)) == [
        ("no/0", "no"), ("no/1", "no"), ("yes/0", "yes"), ("yes/1", "yes")]  # fmt: skip
    (tmp_path / "words" / "loose.wav").unlink()
    assert main(args) == 0
    assert "--label-from-dir takes its name as the text" in capsys.readouterr().err
    assert main([*args, "--label-from-dir", "--unlabeled"]) == 2


def test_a_folder_of_ones_own_recordings_names_its_one_speaker(tmp_path: Path, capsys) -> None:
    for name in ("a", "b"):
        tone(tmp_path / "me" / f"{name}.wav")
        write(tmp_path / "me" / f"{name}.txt", "hello there")
    out = tmp_path / "m.jsonl"
    args = ["data", "import", "folder", str(tmp_path / "me"), "-o", str(out), "--speaker", "ana"]
    assert main(args) == 0
    assert {u.speaker for u in read_manifest(out)} == {"ana"}
    assert main([*args, "--speaker-from-dir"]) == 2
    assert "--speaker names one speaker" in capsys.readouterr().err
