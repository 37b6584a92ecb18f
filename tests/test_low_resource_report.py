"""The low-resource recipe's markdown report: ratios to scratch and the dev table."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

RECIPE = Path(__file__).resolve().parent.parent / "recipes" / "low_resource" / "run.py"


def _recipe():
    if str(RECIPE.parent) not in sys.path:  # run.py imports its sibling report.py
        sys.path.insert(0, str(RECIPE.parent))
    spec = importlib.util.spec_from_file_location("low_resource_run", RECIPE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _row(encoder: str, test: str, wer_lm: float) -> dict:
    return {
        "encoder": encoder,
        "labeled_minutes": 10.0,
        "test": test,
        "wer_greedy": 0.9,
        "cer_greedy": 0.5,
        "wer_lm": wer_lm,
        "cer_lm": 0.4,
    }


def _report(dev: list[dict]) -> dict:
    return {
        "command": "run.py",
        "seed": 0,
        "config": "configs/finetune/tiny.yaml",
        "overrides": [],
        "lm": {"order": 3, "beam_size": 8, "tuned_on": "dev.jsonl", "grid": [], "fixed": None},
        "results": [
            _row("scratch", "held-out", 0.80),
            _row("scratch", "unseen", 0.90),
            _row("hubert", "held-out", 0.60),
            _row("hubert", "unseen", 0.45),
        ],
        "pretraining": [],
        "dev": dev,
    }


def test_ratios_are_pretrained_over_scratch_per_test_set():
    text = _recipe().markdown(_report([]))
    assert "| 10 min | hubert | 0.75 | 0.50 |" in text
    assert "Dev set" not in text  # no --lm-dev: no dev table


def test_dev_table_lists_what_each_model_scored_on_the_tuning_set():
    dev = [
        {"encoder": e, "labeled_minutes": 10.0, "dev": "dev.jsonl", "lm_weight": 0.5}
        | {"word_bonus": 2.0, "dev_wer_greedy": g, "dev_wer_lm": w}
        for e, g, w in (("scratch", 0.8676, 0.6834), ("hubert", 0.7458, 0.5008))
    ]
    text = _recipe().markdown(_report(dev))
    assert "Dev set (`dev.jsonl`" in text
    assert "| 10 min | scratch | 86.8% | 68.3% | 0.5 | 2.0 |" in text
    assert "| 10 min | hubert | 74.6% | 50.1% | 0.5 | 2.0 |" in text


def test_self_training_manifest_adds_confident_transcripts_and_refuses_test_audio(tmp_path):
    import argparse
    import json

    import pytest

    from dummies import make_tone_corpus
    from test_pseudo_label import FixedModel
    from yuyin.data.manifest import read_manifest
    from yuyin.text.tokenizer import CharTokenizer
    from yuyin.transcribe import Recognizer

    recipe = _recipe()
    train, labeled = make_tone_corpus(tmp_path, n=3, seed=0, name="train")
    unlab, pool = make_tone_corpus(tmp_path, n=5, seed=1, name="unlab")  # texts present: ignored
    test, _ = make_tone_corpus(tmp_path, n=2, seed=2, name="test")
    tokenizer = CharTokenizer()
    recognizer = Recognizer(FixedModel(tokenizer.vocab_size, tokenizer.blank_id), tokenizer)
    args = argparse.Namespace(
        self_train=str(unlab),
        self_train_hours=None,
        self_train_keep=1.0,
        self_train_greedy=False,
        test=[f"t={test}"],
    )
    out = recipe.self_training_manifest(args, recognizer, None, None, train, tmp_path / "st")
    utts = read_manifest(out)
    assert [u.id for u in utts[: len(labeled)]] == [u.id for u in labeled]
    pseudo = utts[len(labeled) :]
    assert pseudo and {u.id for u in pseudo} <= {u.id for u in pool}
    assert all(u.text and u.text != p.text for u in pseudo for p in pool if p.id == u.id)
    record = json.loads((tmp_path / "st" / "pseudo-labels.json").read_text())
    assert record["kept_utterances"] == len(pseudo) and record["decoder"] == "greedy"
    both = recipe.self_training_manifest(
        argparse.Namespace(**{**vars(args), "self_train": str(train)}),
        recognizer, None, None, train, tmp_path / "st-same",
    )  # fmt: skip
    assert [u.id for u in read_manifest(both)] == [u.id for u in labeled]  # labeled: not again
    stamp = out.stat().st_mtime_ns
    assert (
        recipe.self_training_manifest(args, recognizer, None, None, train, tmp_path / "st") == out
    )
    assert out.stat().st_mtime_ns == stamp  # cached

    greedy = argparse.Namespace(**{**vars(args), "self_train_greedy": True})
    lm = object()  # --self-train-greedy: the LM is never asked for (a real one would be)
    recipe.self_training_manifest(greedy, recognizer, None, lm, train, tmp_path / "st-greedy")
    assert json.loads((tmp_path / "st-greedy" / "pseudo-labels.json").read_text())["decoder"] == (
        "greedy"
    )

    args.test = [f"t={unlab}"]
    with pytest.raises(SystemExit, match="test audio"):
        recipe.self_training_manifest(args, recognizer, None, None, train, tmp_path / "st2")


def test_pseudo_label_quality_scores_kept_labels_against_the_unlabeled_text(tmp_path):
    from dataclasses import replace

    from dummies import make_tone_corpus
    from yuyin.data.manifest import read_manifest, write_manifest

    recipe = _recipe()
    unlab, pool = make_tone_corpus(tmp_path, n=4, seed=1, name="unlab")
    kept = [pool[0], pool[1]]  # one label right, one with every word wrong
    wrong = " ".join("zzz" for _ in (pool[1].text or "").split())
    pseudo = write_manifest(tmp_path / "pseudo.jsonl", [kept[0], replace(kept[1], text=wrong)])
    quality = recipe.pseudo_label_quality(pseudo, str(unlab))
    words = [len((u.text or "").split()) for u in kept]
    assert quality["scored"] == 2
    assert abs(quality["kept_wer"] - round(words[1] / sum(words), 4)) < 1e-4
    bare = [replace(u, text=None) for u in read_manifest(unlab)]
    untexted = write_manifest(tmp_path / "bare.jsonl", bare)
    assert recipe.pseudo_label_quality(pseudo, str(untexted)) == {}

    report = _report([])
    report["self_training"] = {
        "unlabeled": str(unlab),
        "hours": None,
        "keep": 0.6,
        "runs": {
            "scratch+st-10min": {"decoder": "beam+lm", "unlabeled_hours": 1.0, "kept_hours": 0.6,
                                 "kept_utterances": 2, "min_confidence": 0.5, **quality},
            "hubert+st-10min": {"decoder": "greedy", "unlabeled_hours": 1.0, "kept_hours": 0.6,
                                "kept_utterances": 2, "min_confidence": 0.5},
        },
    }  # fmt: skip
    text = recipe.markdown(report)
    assert f"| {quality['kept_wer']:.1%} |" in text
    assert "| 0.5 | - | - |" in text  # no text to score against


def test_the_word_lm_can_be_your_own_arpa_and_a_run_folder_keeps_to_one(tmp_path, capsys):
    import pytest

    from yuyin.cli import main

    recipe = _recipe()
    text = tmp_path / "domain.txt"
    text.write_text("turn the valve to 3 bar\nopen valve two\n")
    arpa = tmp_path / "domain.arpa"
    assert main(["lm", "arpa", "--text", str(text), "-o", str(arpa), "--order", "2"]) == 0
    assert "2 sentences" in capsys.readouterr().out
    for target, problem in (
        (str(text), "-o is the input text itself"),
        (f"{tmp_path}/new/", "a folder"),
    ):
        assert main(["lm", "arpa", "--text", str(text), "-o", target]) == 1
        assert problem in capsys.readouterr().err
    said = tmp_path / "said.txt"  # a phrase said often should weigh more
    said.write_text("turn on the light\n" * 100 + "open the door\n")
    weighted = tmp_path / "said.arpa"
    assert main(["lm", "arpa", "--text", str(said), "-o", str(weighted), "--order", "2"]) == 0
    assert "101 sentences" in capsys.readouterr().out
    both = tmp_path / "both.arpa"  # several files together, none dropped
    args = ["lm", "arpa", "--text", str(text), "--text", str(said), "-o", str(both)]
    assert main([*args, "--order", "2"]) == 0
    assert "103 sentences" in capsys.readouterr().out
    assert main(["lm", "arpa", "--text", str(said), "--text", str(text), "-o", str(text)]) == 1
    assert "-o is the input text itself" in capsys.readouterr().err
    bigrams = recipe.NGramLM.read_arpa(weighted).tables[1]
    assert bigrams[("<s>", "turn")][0] > bigrams[("<s>", "open")][0] + 1.0  # log10: 10x likelier
    notes = tmp_path / "notes.txt"
    notes.write_text("mine")
    assert main(["lm", "arpa", "--text", str(text), "-o", str(notes)]) == 1
    assert "not an ARPA file; refusing" in capsys.readouterr().err and notes.read_text() == "mine"
    lm = recipe.word_lm(str(arpa), tmp_path / "out")
    assert lm.order == 2 and "valve" in lm.vocab and "three" in lm.vocab  # scored text's form
    assert recipe.word_lm(str(arpa), tmp_path / "out").order == 2  # the same LM again: fine
    copy = tmp_path / "copy.arpa"
    copy.write_bytes(arpa.read_bytes())
    assert recipe.word_lm(str(copy), tmp_path / "out").order == 2  # the same content, any path
    with pytest.raises(SystemExit, match="holds models scored with another word LM"):
        recipe.word_lm("prompts", tmp_path / "out")
    with pytest.raises(SystemExit, match="--lm .*nope.arpa: No such file"):
        recipe.word_lm(str(tmp_path / "nope.arpa"), tmp_path / "other")
    report = _report([])
    report["lm"]["text"] = str(arpa)
    assert f"word 3-gram from {arpa}, beam 8" in recipe.markdown(report)


def test_the_shipped_encoder_is_summarized_from_its_config_meta(tmp_path):
    recipe = _recipe()
    shipped = recipe.pretraining_summary("shipped", Path("bundled"))
    from yuyin.train.finetune import pretrained_path

    meta = pretrained_path("bundled") / "config.json"
    assert meta.is_file()
    assert shipped["objective"] == "hubert"
    assert shipped["unlabeled_hours"] > 1 and shipped["updates"] > 0
    table = recipe.markdown(_report([]) | {"pretraining": [shipped]})
    assert "| shipped | hubert |" in table
    # a folder with neither a run's settings.json nor a model's config.json: nothing to say
    assert recipe.pretraining_summary("x", tmp_path) == {"name": "x", "run": str(tmp_path)}


def test_a_run_folder_keeps_to_the_settings_it_was_made_with(tmp_path, capsys):
    import datetime

    recipe = _recipe()
    record = tmp_path / "recipe-run.json"
    made = {"settings": {"loop": {"max_steps": 30, "lr": float("nan")}}, "pretrained": None}
    made["settings"]["when"] = datetime.date(2020, 1, 1)  # YAML dates: recorded as text
    recipe.keep_to(record, made, "a model", holds=False)  # nothing made yet: written
    recipe.keep_to(record, made, "a model", holds=True)  # the same again (nan too): fine
    changed = {**made, "settings": {**made["settings"], "loop": {"max_steps": 40, "lr": 1e-3}}}
    with pytest.raises(
        SystemExit,
        match=r"holds a model made with other settings "
        r"\(settings.loop.lr: nan -> 0.001; settings.loop.max_steps: 30 -> 40\); use another",
    ):
        recipe.keep_to(record, changed, "a model", holds=True)
    recipe.keep_to(record, changed, "a model", holds=False)  # the last run made nothing: redone
    record.unlink()  # results from before records were kept
    with pytest.raises(SystemExit, match="holds a model made before settings were recorded"):
        recipe.keep_to(record, changed, "a model", holds=True)
    assert recipe._shown(recipe.DEFAULT_CONFIG) == "configs/finetune/tiny.yaml"
    assert recipe.DEFAULT_CONFIG.is_file()


def test_a_ratio_to_a_blank_scratch_is_marked_and_cost_is_listed():
    """A scratch model that wrote nothing (an audit's 100-step run) made pretraining look worse
    than it ("1.11") with nothing said."""
    report = _report([])
    for row in report["results"]:
        row |= {"rtf_greedy": 0.01, "parameters": 1_264_349, "gmacs_per_second": 0.0576}
        row["empty_greedy"] = 0.93 if row["encoder"] == "scratch" and row["test"] == "unseen" else 0
    text = _recipe().markdown(report)
    assert "| 10 min | hubert | 0.75 | 0.50 † |" in text
    assert "† scratch transcribed 50% or more of these utterances as nothing" in text
    assert "| 10 min | hubert | 1,264,349 | 0.0576 | 0.0100 |" in text
    plain = _recipe().markdown(_report([]))  # rows of an older run: no mark, no cost table
    assert "†" not in plain and "Cost (" not in plain
