"""LM text readers: control characters and terminal escapes never glue or make words; words
no recognizer spells are named."""

from __future__ import annotations

from yuyin.cli import main
from yuyin.data.text_corpus import read_text_sentences
from yuyin.decode.ngram import NGramLM


def test_control_characters_and_terminal_colours_do_not_make_words(tmp_path, capsys):
    """A NUL parts two words and ANSI colours vanish, in the text `lm arpa` and `lm train`
    read (they used to learn "andnul" and "mred")."""
    text = tmp_path / "coloured.txt"
    text.write_bytes(b"and\x00nul \x1b[31mred\x1b[0m\n\x1b]0;title\x07plain text\n")
    assert read_text_sentences(text) == ["and nul red", "plain text"]
    arpa = tmp_path / "coloured.arpa"
    assert main(["lm", "arpa", "--text", str(text), "-o", str(arpa), "--order", "2"]) == 0
    capsys.readouterr()
    vocab = {words[0] for words in NGramLM.read_arpa(arpa).tables[0]}
    assert {"and", "nul", "red", "plain", "text"} <= vocab
    assert not vocab & {"andnul", "mred", "thirty", "one", "zero", "m", "title"}


def test_arpa_words_no_recognizer_spells_are_warned_about(tmp_path, capsys):
    text = tmp_path / "mixed.txt"
    text.write_text("привет мир\nhello world\nmünchen is big\n", encoding="utf-8")
    arpa = tmp_path / "mixed.arpa"
    assert main(["lm", "arpa", "--text", str(text), "-o", str(arpa)]) == 0
    err = capsys.readouterr().err
    assert "warning: 3 of its words hold characters other than a-z and ' (münchen, мир" in err
    text.write_text("hello world\nit's fine\n", encoding="utf-8")
    assert main(["lm", "arpa", "--text", str(text), "-o", str(arpa)]) == 0
    assert "warning" not in capsys.readouterr().err


def test_arpa_pools_your_text_with_the_shipped_corpus(tmp_path, capsys):
    """A domain's few sentences beside general text: both in one LM, the domain's counted
    --text-weight times (an audit found --text and --corpus refused together)."""
    from yuyin.cli.lm import _sentences

    text = tmp_path / "weather.txt"
    text.write_text("the isobar runs north\nexpect graupel tonight\n", encoding="utf-8")
    arpa = tmp_path / "mix.arpa"
    argv = ["lm", "arpa", "--text", str(text), "--corpus", "austen", "--order", "2"]
    assert main([*argv, "--text-weight", "3", "-o", str(arpa)]) == 0
    austen = len(_sentences(type("A", (), {"corpus": "austen"})()))
    assert f"{6 + austen} sentences" in capsys.readouterr().out
    lm = NGramLM.read_arpa(arpa)
    assert {"isobar", "graupel", "elizabeth"} <= lm.vocab
    once = tmp_path / "once.arpa"
    assert main([*argv, "-o", str(once)]) == 0
    weighted = lm.log10_prob(("expect",), "graupel")
    plain = NGramLM.read_arpa(once).log10_prob(("expect",), "graupel")
    assert weighted > plain  # counted three times: likelier
    assert main(["lm", "arpa", "-o", str(tmp_path / "none.arpa")]) == 1
    assert "give the text" in capsys.readouterr().err
    assert main(["lm", "arpa", "--text", str(text), "-o", "-"]) == 1  # no file named "-"
    assert "an ARPA file is written to a file" in capsys.readouterr().err


def test_corpus_given_twice_pools_both(monkeypatch):
    """`--corpus austen --corpus kjv` reads both (it used to keep the last one only); a source
    named twice, or beside `public` (which holds it), is read once."""
    import yuyin.data.text_corpus as text_corpus
    from yuyin.cli import build_parser
    from yuyin.cli.lm import _sentences

    two = ["--corpus", "austen", "--corpus", "kjv"]
    for argv in (["lm", "arpa", *two, "-o", "x.arpa"], ["lm", "train", *two, "--out", "x"]):
        assert build_parser().parse_args(argv).corpus == ["austen", "kjv"]
    asked = []
    monkeypatch.setattr(
        text_corpus, "public_corpus", lambda split, sources=("all",): asked.append(sources) or []
    )
    for names in (["austen", "kjv"], ["kjv", "kjv"], ["kjv", "public"], "austen"):
        _sentences(type("A", (), {"corpus": names})())
    assert asked == [("austen", "kjv"), ("kjv",), ("all",), ("austen",)]


def test_fold_accents_writes_words_as_the_recognizers_spell_them(tmp_path, capsys):
    text = tmp_path / "kitchen.txt"
    text.write_text("Add the jalapeño to the crème fraîche.\nпривет\n", encoding="utf-8")
    arpa = tmp_path / "k.arpa"
    assert main(["lm", "arpa", "--text", str(text), "-o", str(arpa), "--order", "2"]) == 0
    err = capsys.readouterr().err
    assert "(crème, fraîche, jalapeño, привет)" in err
    assert "--fold-accents writes 3 of them as the recognizers spell them" in err
    argv = ["lm", "arpa", "--text", str(text), "-o", str(arpa), "--order", "2", "--fold-accents"]
    assert main(argv) == 0
    assert {"jalapeno", "creme", "fraiche", "привет"} <= NGramLM.read_arpa(arpa).vocab
    err = capsys.readouterr().err
    assert "1 of its words" in err and "--fold-accents" not in err  # привет stays what it is


def test_public_corpus_says_which_debian_text_is_missing(tmp_path, monkeypatch):
    import yuyin.data.text_corpus as text_corpus
    from yuyin.cli.lm import _corpus_note

    fortunes = tmp_path / "fortunes"
    fortunes.mkdir()
    (fortunes / "art").write_text("A fortune.\n%\n")
    monkeypatch.setattr(text_corpus, "FORTUNE_DIR", fortunes)
    monkeypatch.setattr(text_corpus, "WORDNET_DIR", tmp_path / "none")
    note = _corpus_note(["public"])
    assert note is not None and "WordNet glosses (apt-get install wordnet-base)" in note
    assert "fortunes (" not in note
    assert _corpus_note(["austen"]) is None and _corpus_note(None) is None
