"""One's own pronunciations: `yuyin g2p --lexicon` and `yuyin say --lexicon/--g2p` (an audit found
no way to have a trained G2P's or a lexicon's words said from the command line)."""

from __future__ import annotations

from pathlib import Path

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
