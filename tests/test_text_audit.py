"""From an audit of the text models' workflows: ``yuyin lm train --resume`` of a fine-tuning run
goes on from the LM it started from (a resumed fine-tune, given without ``--init``, had become a
1,500-step pretraining run), and ``say --g2p`` with a corrupt model is one error line."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

import yuyin.train.lm as train_lm
from yuyin.cli import main


def _fake_run(calls: list, stage: str):
    def run(*args, **kwargs):
        calls.append((stage, args, kwargs))
        result = SimpleNamespace(step=1, loss=0.5)
        return SimpleNamespace(result=result, sentences=1, tokens=1, dev=None, model_dir="m")

    return run


def test_resume_without_init_fine_tunes_from_the_runs_own_init(monkeypatch, tmp_path, capsys):
    calls: list = []
    monkeypatch.setattr(train_lm, "finetune_lm", _fake_run(calls, "finetune"))
    monkeypatch.setattr(train_lm, "pretrain_lm", _fake_run(calls, "pretrain"))
    text = tmp_path / "x.txt"
    text.write_text("the wind is calm today\n", encoding="utf-8")
    out = tmp_path / "run"
    out.mkdir()
    (out / "settings.json").write_text(json.dumps({"stage": "finetune", "init": "bundled"}))
    assert main(["lm", "train", "--text", str(text), "--out", str(out), "--resume"]) == 0
    assert [c[0] for c in calls] == ["finetune"]
    assert calls[0][1][1] == "bundled"  # finetune_lm(sentences, init, ...)
    assert "the run's --init" in capsys.readouterr().err


def test_resume_of_a_pretraining_run_stays_pretraining(monkeypatch, tmp_path):
    calls: list = []
    monkeypatch.setattr(train_lm, "finetune_lm", _fake_run(calls, "finetune"))
    monkeypatch.setattr(train_lm, "pretrain_lm", _fake_run(calls, "pretrain"))
    text = tmp_path / "x.txt"
    text.write_text("the wind is calm today\n", encoding="utf-8")
    out = Path(tmp_path / "run")
    out.mkdir()
    (out / "settings.json").write_text(json.dumps({"stage": "pretrain", "init": None}))
    assert main(["lm", "train", "--text", str(text), "--out", str(out), "--resume"]) == 0
    assert [c[0] for c in calls] == ["pretrain"]


def test_say_with_a_corrupt_g2p_model_is_one_error_line(tmp_path, capsys):
    """``say --g2p`` loads the model before speaking: a truncated one was a traceback from deep in
    the first unknown word (an audit's ``say --g2p g2pc "the zorblat"``)."""
    import shutil

    import yuyin

    shipped = Path(yuyin.__file__).parent / "assets" / "models" / "g2p"
    broken = tmp_path / "g2p"
    broken.mkdir()
    shutil.copy(shipped / "config.json", broken / "config.json")
    (broken / "model.safetensors").write_bytes((shipped / "model.safetensors").read_bytes()[:5000])
    code = main(["say", "--g2p", str(broken), "the zorblat", "-o", str(tmp_path / "x.wav")])
    err = capsys.readouterr().err
    assert code == 1
    assert "model.safetensors" in err and "Traceback" not in err
    assert not (tmp_path / "x.wav").exists()


def test_g2p_reads_a_hyphenated_lexicon_entry_whole_as_say_does(tmp_path, capsys):
    """``yuyin g2p --lexicon`` previews what ``say`` speaks: a hyphenated entry of one's lexicon
    is read whole ("x-ray" had been "x" + "ray" from CMUdict, the entry never looked up)."""
    from yuyin.text.g2p import G2P
    from yuyin.text.lexicon import load_lexicon
    from yuyin.text.phonemize import phonemize

    lexicon = tmp_path / "mine.dict"
    lexicon.write_text("x-ray Z IY1 R OW0\nblorp-zib B L AO1 R P Z IH1 B\n", encoding="utf-8")
    g2p = G2P(lexicon=load_lexicon(lexicon))
    said = g2p("An x-ray of blorp-zib, half-done.")
    assert [(p.word, " ".join(p.phones)) for p in said[1:3]] == [
        ("x-ray", "Z IY1 R OW0"),
        ("of", "AH1 V"),
    ]
    assert said[3].phones == ("B", "L", "AO1", "R", "P", "Z", "IH1", "B")
    assert [p.word for p in said[4:]] == ["half", "done"]  # not in this lexicon: its parts
    assert "Z IY1 R OW0" in " ".join(phonemize("An x-ray.", g2p=g2p))
    assert main(["g2p", "--lexicon", str(lexicon), "x-ray"]) == 0
    assert capsys.readouterr().out.split("\t")[:2] == ["x-ray", "Z IY1 R OW0"]


def test_load_takes_lm_and_g2p_run_folders(tmp_path):
    """``yuyin.load(RUN)`` finds ``lm train``'s ``lm/`` and a G2P run's ``model/`` (not its
    character encoder, a kind nothing loads), as its docstring says run folders work."""
    import json
    import shutil

    import yuyin

    shipped = Path(yuyin.__file__).parent / "assets" / "models"
    shutil.copytree(shipped / "lm", tmp_path / "lm-run" / "lm")
    assert type(yuyin.load(tmp_path / "lm-run")).__name__ == "TextLM"
    g2p_run = tmp_path / "g2p-run"
    (g2p_run / "encoder").mkdir(parents=True)
    (g2p_run / "encoder" / "config.json").write_text(
        json.dumps({"format": "yuyin-model", "kind": "g2p-char-encoder", "config": {}})
    )
    shutil.copytree(shipped / "g2p", g2p_run / "model")
    for kinds in (None, {"g2p"}):
        assert "G2P" in type(yuyin.load(g2p_run, kinds=kinds)).__name__


def test_lm_train_warns_of_settings_unused_with_init(monkeypatch, tmp_path, capsys):
    """``--set model.dim=64`` with ``--init`` had been ignored without a word."""
    calls: list = []
    monkeypatch.setattr(train_lm, "finetune_lm", _fake_run(calls, "finetune"))
    text = tmp_path / "x.txt"
    text.write_text("the wind is calm today\n", encoding="utf-8")
    args = ["lm", "train", "--text", str(text), "--init", "bundled", "--out", str(tmp_path / "r")]
    assert main([*args, "--set", "model.dim=64", "--set", "finetune.max_steps=1"]) == 0
    err = capsys.readouterr().err
    assert "model.dim=64: unused with --init" in err and "finetune.max_steps" not in err


def test_g2p_label_leaves_no_empty_file_and_names_what_it_cannot_read(tmp_path, capsys):
    """A model that cannot load left an empty ``--out``; Latin-1 input was the codec's words."""
    words = tmp_path / "words.txt"
    words.write_text("zorblat\nfoo123\n", encoding="utf-8")
    out = tmp_path / "out.dict"
    assert main(["g2p", "label", str(words), "--out", str(out), "--model", str(tmp_path)]) == 1
    assert not out.exists()
    latin = tmp_path / "latin.txt"
    latin.write_bytes("caf\u00e9\n".encode("latin-1"))
    assert main(["g2p", "label", str(latin), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "not UTF-8 text" in err and "iconv" in err and not out.exists()


def test_small_ones_of_the_audit(monkeypatch, tmp_path, capsys):
    """``g2p WORD --threads 1`` (the option after the words), ``g2p ""`` warned, and a dev text
    that is the training text named."""
    assert main(["g2p", "cat", "--threads", "1"]) == 0
    assert capsys.readouterr().out.startswith("cat\tK AE1 T")
    assert main(["g2p", ""]) == 0
    assert "an empty word" in capsys.readouterr().err
    calls: list = []
    monkeypatch.setattr(train_lm, "pretrain_lm", _fake_run(calls, "pretrain"))
    text = tmp_path / "x.txt"
    text.write_text("the wind is calm today\nrain later\n", encoding="utf-8")
    args = ["lm", "train", "--text", str(text), "--dev", str(text), "--out", str(tmp_path / "r")]
    assert main(args) == 0
    assert "2 of 2 dev sentences are in the training text" in capsys.readouterr().err


def test_a_loaded_g2p_model_keeps_its_folders_reranker():
    """``G2P(model=yuyin.load("bundled", kinds={"g2p"}))`` had kept to the left-to-right beam
    (the README's 28% WER model), not the shipped reranked pick."""
    import yuyin
    from yuyin.text.g2p import G2P, G2POptions

    loaded = yuyin.load("bundled", kinds={"g2p"})
    word = "machrihanish"
    assert G2P(model=loaded).word(word) == G2P().word(word)
    assert G2P().word(word) != G2P(options=G2POptions(rerank=False)).word(word)


def test_calling_a_loaded_ensemble_says_how_to_read_words():
    import pytest

    import yuyin

    with pytest.raises(TypeError, match="G2P\\(model=ensemble\\)"):
        yuyin.load("bundled", kinds={"g2p"})(["zorblat"])


def test_g2p_train_with_a_bad_encoder_leaves_no_run_folder(tmp_path, capsys):
    encoder = tmp_path / "not-an-encoder"
    encoder.mkdir()
    out = tmp_path / "run"
    assert main(["g2p", "train", "--out", str(out), "--encoder", str(encoder)]) == 1
    assert "not a yuyin model folder" in capsys.readouterr().err
    assert not out.exists()  # it had kept settings.json and a lock: a half-made run folder


def test_a_negative_threads_count_is_refused_by_every_g2p_command(capsys):
    for argv in (
        ["g2p", "zorblat", "--threads", "-1"],
        ["g2p", "train", "--out", "never", "--threads", "-1"],
        ["g2p", "label", "words.txt", "--out", "never.dict", "--threads", "-1"],
        ["vocoder", "resynth", "x.wav", "-o", "y.wav", "--threads", "-1"],
    ):
        with pytest.raises(SystemExit) as exit_:
            main(argv)
        assert exit_.value.code == 2
        assert "argument --threads: a whole number of 0 or more" in capsys.readouterr().err
