"""A teacher's readings of unlabeled words: ``yuyin g2p label`` writes them, ``--extra-train``
lets a student learn from them (train split only, the CMUdict split's own words left out)."""

from __future__ import annotations

from pathlib import Path

import pytest

from yuyin.cli import main as cli_main
from yuyin.models.g2p import G2PConfig
from yuyin.text.g2p import cmudict_split, load_g2p_model
from yuyin.text.lexicon import load_lexicon
from yuyin.train.g2p import FinetuneSettings, G2PSettings, train_g2p
from yuyin.train.g2p_data import extra_train_entries
from yuyin.train.loop import LoopConfig

TINY = G2PConfig(dim=32, heads=2, encoder_layers=1, decoder_layers=1, ff_mult=2, dropout=0.0)
LOOP = LoopConfig(
    lr=3e-3, warmup_steps=2, max_steps=4, log_every=2, eval_every=4, ckpt_every=4,
    progress=False, tensorboard=False,
)  # fmt: skip


@pytest.fixture(scope="module")
def split():
    return cmudict_split()


def _write(path: Path, rows: list[str]) -> Path:
    path.write_text("".join(f"{row}\n" for row in rows), encoding="utf-8")
    return path


def test_extra_words_join_train_only_and_leave_the_split_alone(tmp_path: Path, split):
    train_word, test_word = split.train[0].word, split.test[0].word
    extra = _write(
        tmp_path / "teacher.dict",
        [
            f"{train_word} Z Z",  # CMUdict's reading wins
            f"{test_word} Z Z",  # a test word stays unseen
            "zorblat Z AO1 R B L AE0 T",
            "flurbing F L ER1 B IH0 NG",
            "r2d2 AA1 R T UW1 D IY1 T UW1",  # not letters and apostrophes
        ],
    )
    got = extra_train_entries([extra], split)
    assert [e.word for e in got.entries] == ["flurbing", "zorblat"]
    assert got.entries[1].phones == ("Z", "AO1", "R", "B", "L", "AE0", "T")
    assert (got.in_split, got.unreadable) == (2, 1)


def test_train_g2p_learns_from_the_extra_words(tmp_path: Path, split):
    rows = [f"{e.word} {' '.join(e.phones)}" for e in split.train[:50]]
    own = _write(tmp_path / "own.dict", rows)
    extra = _write(tmp_path / "teacher.dict", ["zorblat Z AO1 R B L AE0 T", "glimber G L IH1 M B"])
    settings = G2PSettings(model=TINY, finetune=FinetuneSettings(dev_words=0, loop=LOOP))
    results = train_g2p(
        settings, tmp_path / "run", pretrain=False, lexicons=[own], cmudict=False,
        extra_train=[extra], beams=(),
    )  # fmt: skip
    assert results["split"]["train"] == 50  # the split itself is unchanged
    assert results["extra_train"] == {
        "files": [str(extra)],
        "words": 2,
        "left_out_in_split": 0,
        "left_out_unreadable": 0,
    }
    meta = load_g2p_model(tmp_path / "run" / "model").yuyin_meta
    assert meta["train_words"] == 52
    assert meta["extra_train"]["words"] == 2


def test_cli_train_names_a_missing_extra_file(tmp_path: Path, capsys):
    missing = tmp_path / "missing.dict"
    code = cli_main(["g2p", "train", "--out", str(tmp_path / "a"), "--extra-train", str(missing)])
    assert code == 1
    assert "missing.dict" in capsys.readouterr().err


def test_cli_label_reads_new_words_and_resumes_after_a_kill(tmp_path: Path, capsys):
    words = _write(tmp_path / "words.txt", ["zorblat", "speech", "# a comment", "r2d2", "Zorblat"])
    out = tmp_path / "guessed.dict"
    assert cli_main(["g2p", "label", str(words), "--out", str(out), "--threads", "1"]) == 0
    first = out.read_text(encoding="utf-8").splitlines()
    assert [line.split()[0] for line in first] == ["zorblat"]  # speech: CMUdict; r2d2: unreadable
    err = capsys.readouterr().err
    assert "1 unreadable" in err and "1 in the lexicon" in err
    # a kill in the middle of a line, then a longer list: the cut line goes, nothing is doubled
    out.write_text(first[0] + "\nflurb", encoding="utf-8")
    _write(words, ["zorblat", "flurbing", "glimber"])
    assert cli_main(["g2p", "label", str(words), "--out", str(out), "--threads", "1"]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == first[0]
    assert sorted(line.split()[0] for line in lines) == ["flurbing", "glimber", "zorblat"]
    assert sorted(load_lexicon(out, base=False)) == ["flurbing", "glimber", "zorblat"]
    assert "1 already in" in capsys.readouterr().err


def test_cli_label_reports_unreadable_paths(tmp_path: Path, capsys):
    words = _write(tmp_path / "words.txt", ["zorblat"])
    code = cli_main(["g2p", "label", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "o")])
    assert code == 1
    assert "nope.txt" in capsys.readouterr().err
    code = cli_main(["g2p", "label", str(words), "--out", str(tmp_path), "--threads", "1"])
    assert code == 1
    assert str(tmp_path) in capsys.readouterr().err


def test_cli_label_reads_a_word_list_that_starts_with_a_bom(tmp_path: Path):
    words = tmp_path / "bom.txt"
    words.write_bytes(b"\xef\xbb\xbfzorblat\nfrimble\n")
    out = tmp_path / "guessed.dict"
    assert cli_main(["g2p", "label", str(words), "--out", str(out), "--threads", "1"]) == 0
    assert sorted(line.split()[0] for line in out.read_text().splitlines()) == [
        "frimble",
        "zorblat",
    ]


def test_cli_label_never_loses_lines_of_the_file_it_extends(tmp_path: Path, capsys):
    words = _write(tmp_path / "words.txt", ["zorblat"])
    mine = tmp_path / "mine.dict"
    mine.write_text("myword M AY1 W ER0 D", encoding="utf-8")  # no final newline: kept
    assert cli_main(["g2p", "label", str(words), "--out", str(mine), "--threads", "1"]) == 0
    assert [line.split()[0] for line in mine.read_text().splitlines()] == ["myword", "zorblat"]
    notes = tmp_path / "notes.txt"
    notes.write_text("my important last line", encoding="utf-8")  # not a lexicon: refused
    assert cli_main(["g2p", "label", str(words), "--out", str(notes)]) == 1
    assert notes.read_text(encoding="utf-8") == "my important last line"
    assert "notes.txt:1" in capsys.readouterr().err
    binary = tmp_path / "blob.bin"
    binary.write_bytes(b"\xff\xfe\x00")
    assert cli_main(["g2p", "label", str(words), "--out", str(binary)]) == 1
    assert "blob.bin" in capsys.readouterr().err  # the file at fault, not the words file
    assert cli_main(["g2p", "label", str(words), "--out", str(words)]) == 1
    assert "the words file itself" in capsys.readouterr().err
    assert cli_main(["g2p", "label", str(words), "--out", str(mine), "--limit", "-2"]) == 1
