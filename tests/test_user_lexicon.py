"""One's own pronunciations: `yuyin g2p --lexicon` and `yuyin say --lexicon/--g2p` (an audit found
no way to have a trained G2P's or a lexicon's words said from the command line)."""

from __future__ import annotations

from pathlib import Path

import pytest
import soundfile as sf

from yuyin.cli import main

LEXICON = "tomato T AH0 M AA1 T OW2\nyuyin Y UW1 Y IH0 N\n"


def test_g2p_looks_up_your_lexicon_before_cmudict(tmp_path: Path, capsys) -> None:
    lexicon = tmp_path / "mine.dict"
    lexicon.write_text(LEXICON)
    assert main(["g2p", "--lexicon", str(lexicon), "tomato", "yuyin", "cat"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["tomato\tT AH0 M AA1 T OW2\tlexicon", "yuyin\tY UW1 Y IH0 N\tlexicon",
                     "cat\tK AE1 T\tlexicon"]  # fmt: skip
    later = tmp_path / "later.dict"
    later.write_text("tomato T AH0 M EY1 T OW0\n")
    assert main(["g2p", "tomato", "--lexicon", str(lexicon), "--lexicon", str(later)]) == 0
    assert capsys.readouterr().out == "tomato\tT AH0 M EY1 T OW0\tlexicon\n"  # a later file wins
    assert main(["g2p", "--lexicon", str(tmp_path / "none.dict"), "cat"]) == 1
    assert "none.dict" in capsys.readouterr().err


def test_a_word_without_a_pronunciation_is_warned_about(capsys) -> None:
    assert main(["g2p", "смирнов"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "смирнов\t\tnone\n"
    assert "warning: 'смирнов': no pronunciation" in captured.err


def test_say_speaks_your_lexicon_and_your_g2p_model(tmp_path: Path, capsys) -> None:
    lexicon = tmp_path / "mine.dict"
    lexicon.write_text(LEXICON)
    mine, plain = tmp_path / "mine.wav", tmp_path / "plain.wav"
    assert main(["say", "tomato", "--lexicon", str(lexicon), "-o", str(mine), "--quiet"]) == 0
    assert main(["say", "tomato", "-o", str(plain), "--quiet"]) == 0
    assert (
        sf.info(mine).frames != sf.info(plain).frames
        or (sf.read(mine)[0] != sf.read(plain)[0]).any()
    )  # "to-MAH-to", not CMUdict's "to-MAY-to"
    assert main(["say", "hi", "--g2p", str(tmp_path), "-o", str(plain)]) == 1
    assert "not a yuyin model folder" in capsys.readouterr().err


def test_g2p_train_init_bundled_is_the_shipped_g2p(tmp_path: Path, capsys) -> None:
    """`--init bundled`, as `lm train --init bundled`: the shipped ensemble, whose member is then
    asked for (it was 'bundled: not a yuyin model folder')."""
    assert main(["g2p", "train", "--out", str(tmp_path / "r"), "--init", "bundled"]) == 1
    assert "an ensemble of 2 models" in capsys.readouterr().err


def test_cli_train_reports_lexicon_problems(tmp_path: Path, capsys):
    missing = tmp_path / "missing.dict"
    assert main(["g2p", "train", "--out", str(tmp_path / "a"), "--lexicon", str(missing)]) == 1
    assert "missing.dict" in capsys.readouterr().err
    digits = tmp_path / "digits.dict"
    digits.write_text("42 F AO1 R T IY0 T UW1\n")
    code = main(
        ["g2p", "train", "--out", str(tmp_path / "b"), "--lexicon", str(digits), "--no-cmudict"]
    )
    assert code == 1
    assert "no trainable words" in capsys.readouterr().err
    assert not (tmp_path / "b").exists()
    latin1 = tmp_path / "latin1.dict"
    latin1.write_bytes("caf\u00e9 K AE0 F EY1\n".encode("latin-1"))
    assert main(["g2p", "train", "--out", str(tmp_path / "c"), "--lexicon", str(latin1)]) == 1
    assert "latin1.dict:1: not UTF-8" in capsys.readouterr().err


def test_lexicon_lines_are_read_as_written_and_their_errors_say_what_to_do(tmp_path: Path):
    import pytest

    from yuyin.text.lexicon import LexiconError, read_lexicon_file

    lexicon = tmp_path / "x.dict"
    lexicon.write_text("c# S IY1 SH AA1 R P  # the language\n# a comment line\nc S IY1\n")
    assert read_lexicon_file(lexicon) == {"c#": [["S", "IY1", "SH", "AA1", "R", "P"]],
                                          "c": [["S", "IY1"]]}  # fmt: skip
    lexicon.write_text("cat k AE1 T\n")
    with pytest.raises(LexiconError, match=r"unknown phone 'k' .*phones are capitals: 'K'"):
        read_lexicon_file(lexicon)
    lexicon.write_bytes("cat K AE1 T\n".encode("utf-16"))
    with pytest.raises(LexiconError, match=r"not UTF-8 text .*it is UTF-16: convert it"):
        read_lexicon_file(lexicon)


def test_g2p_train_scores_the_test_split_with_the_beams_asked_for(tmp_path: Path, capsys) -> None:
    """`--test-beams` (none: skip): a quick run on one's own lexicon need not spend half a
    minute scoring CMUdict's test split."""
    import json

    from yuyin.text.g2p import cmudict_split

    split = cmudict_split()
    own = tmp_path / "own.dict"
    own.write_text("".join(f"{e.word} {' '.join(e.phones)}\n" for e in
                           [*split.train[:60], *split.test[:4]]))  # fmt: skip
    sets = ["model.dim=32", "model.heads=2", "model.encoder_layers=1", "model.decoder_layers=1"]
    sets += ["finetune.dev_words=0", "finetune.loop.max_steps=2", "finetune.loop.warmup_steps=1"]
    base = ["g2p", "train", "--lexicon", str(own), "--no-cmudict", "--no-pretrain"]
    base += [arg for item in sets for arg in ("--set", item)]
    for beams, keys in (([], set()), (["1"], {"test_beam1"})):
        out = tmp_path / f"run{len(beams)}"
        assert main([*base, "--out", str(out), "--test-beams", *beams]) == 0
        results = json.loads((out / "results.json").read_text())
        assert {k for k in results if k.startswith("test_beam")} == keys
    assert main([*base, "--out", str(tmp_path / "x"), "--test-beams", "0"]) == 2
    assert "--test-beams must be >= 1" in capsys.readouterr().err


def test_bundled_names_the_shipped_g2p_for_pronouncing_and_speaking(tmp_path: Path, capsys):
    from yuyin.text.g2p import DEFAULT_MODEL_DIR, g2p_model_dir

    assert g2p_model_dir("bundled") == g2p_model_dir(None) == DEFAULT_MODEL_DIR
    assert main(["g2p", "--model", "bundled", "zorblat"]) == 0
    assert capsys.readouterr().out.startswith("zorblat\tZ ")
    assert main(["say", "zorblat", "--g2p", "bundled", "-o", str(tmp_path / "z.wav")]) == 0


def test_a_lexicon_that_cannot_be_read_is_said_alike_by_g2p_and_say(tmp_path: Path, capsys):
    """`say` had printed Python's "[Errno 2] No such file or directory: ..." and `g2p` a bare
    "No such file or directory"."""
    from yuyin.text.lexicon import Lexicon, LexiconError, read_lexicon_file

    missing = tmp_path / "nothere.dict"
    out = str(tmp_path / "x.wav")
    for argv in (["g2p", "--lexicon", str(missing), "hello"],
                 ["say", "--lexicon", str(missing), "hello", "-o", out]):  # fmt: skip
        assert main(argv) == 1
        assert capsys.readouterr().err == f"error: {missing}: lexicon file not found\n"
    assert main(["g2p", "--lexicon", str(tmp_path), "hello"]) == 1
    assert capsys.readouterr().err == f"error: {tmp_path}: a folder, not a lexicon file\n"
    for read in (read_lexicon_file, Lexicon.from_file):
        with pytest.raises(LexiconError, match="lexicon file not found"):
            read(missing)
