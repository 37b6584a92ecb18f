"""Pseudo-labels for self-training: confidence, selection, the manifest and the CLI."""

from __future__ import annotations

import json
import math
from dataclasses import asdict
from pathlib import Path
from types import SimpleNamespace

import pytest
import torch
from torch import nn

from dummies import make_tone_corpus
from yuyin.cli import main
from yuyin.data.manifest import Utterance, read_manifest
from yuyin.decode.ctc import Result
from yuyin.text.tokenizer import CharTokenizer
from yuyin.train.pseudo_label import (
    PseudoLabel,
    PseudoLabelOptions,
    emission_confidence,
    pseudo_label,
    select_pseudo_labels,
    write_pseudo_labels,
)


class FixedModel(nn.Module):
    """The same random log-probs (B, T, V) for every input at 50 frames/s, mostly blank."""

    def __init__(self, vocab: int, blank: int) -> None:
        super().__init__()
        table = torch.randn(1000, vocab, generator=torch.Generator().manual_seed(0)) * 2
        table[:, blank] += 3.0  # about one frame in five emits a token
        self.register_buffer("table", table)
        self.scale = nn.Parameter(torch.ones(()))

    def forward(self, wave: torch.Tensor, lengths: torch.Tensor) -> SimpleNamespace:
        frames = wave.shape[1] // 320
        logits = (self.table[:frames] * self.scale).expand(wave.shape[0], -1, -1)
        return SimpleNamespace(
            log_probs=logits.log_softmax(-1),
            lengths=torch.div(lengths, 320, rounding_mode="floor"),
        )


def _label(text: str, confidence: float, seconds: float = 1.0, name: str = "u") -> PseudoLabel:
    return PseudoLabel(Utterance(name, f"{name}.wav", seconds, text), confidence)


def test_confidence_is_the_geometric_mean_of_emitting_frames():
    probs = torch.tensor([[0.9, 0.05, 0.05], [0.1, 0.8, 0.1], [0.9, 0.05, 0.05], [0.3, 0.2, 0.5]])
    conf = emission_confidence(probs.log(), 4, blank=0)
    assert conf == pytest.approx(math.sqrt(0.8 * 0.5))
    assert emission_confidence(probs.log(), 1, blank=0) == 0.0  # only a blank frame counted
    assert emission_confidence(probs.log(), 2, blank=0) == pytest.approx(0.8)


def test_selection_drops_unusable_then_keeps_the_surest_share():
    labels = [
        _label("the cat", 0.5, name="a"),
        _label("", 0.99, name="empty"),
        _label("x" * 100, 0.98, seconds=1.0, name="runaway"),  # 100 characters a second
        _label("a dog", 0.9, name="b"),
        _label("one two", 0.7, name="c"),
        _label("three", 0.7, name="d"),
    ]
    kept = select_pseudo_labels(labels, PseudoLabelOptions(keep=1.0))
    assert [x.utterance.id for x in kept] == ["b", "c", "d", "a"]  # ties keep their order
    half = select_pseudo_labels(labels, PseudoLabelOptions(keep=0.5))
    assert [x.utterance.id for x in half] == ["b", "c"]
    sure = select_pseudo_labels(labels, PseudoLabelOptions(keep=1.0, min_confidence=0.7))
    assert [x.utterance.id for x in sure] == ["b", "c", "d"]
    with pytest.raises(ValueError, match="keep"):
        PseudoLabelOptions(keep=0.0)
    with pytest.raises(ValueError, match="min_confidence"):
        PseudoLabelOptions(min_confidence=1.5)


def test_pseudo_label_transcribes_and_writes_a_manifest(tmp_path):
    _, utts = make_tone_corpus(tmp_path, n=6, seed=1, labeled=False)
    tokenizer = CharTokenizer()
    model = FixedModel(tokenizer.vocab_size, tokenizer.blank_id).train()
    labels = pseudo_label(model, tokenizer, utts, options=PseudoLabelOptions(keep=1.0))
    assert labels and model.training  # restored
    assert all(0.0 < x.confidence <= 1.0 and x.utterance.text for x in labels)
    assert [x.confidence for x in labels] == sorted((x.confidence for x in labels), reverse=True)
    by_id = {u.id: u for u in utts}
    assert all(x.utterance.audio == by_id[x.utterance.id].audio for x in labels)

    said = lambda lp, lens: [Result("hello there", (), (), 0.0, 0.0) for _ in lens]  # noqa: E731
    fixed = pseudo_label(model, tokenizer, utts, said, PseudoLabelOptions(keep=1.0))
    assert len(fixed) == len(utts) and {x.utterance.text for x in fixed} == {"hello there"}

    out = write_pseudo_labels(tmp_path / "pl" / "pseudo.jsonl", fixed)
    assert [u.text for u in read_manifest(out)] == ["hello there"] * len(utts)
    first = json.loads(out.read_text().splitlines()[0])
    assert first["pseudo"] is True and first["confidence"] == round(fixed[0].confidence, 4)
    assert [p.name for p in out.parent.iterdir()] == ["pseudo.jsonl"]  # no temporary left
    assert pseudo_label(model, tokenizer, []) == []


def test_cli_writes_labels_and_names_bad_input(tmp_path, capsys):
    from dummies import tiny_encoder_config
    from yuyin.hub import save_model
    from yuyin.models.asr import ASRConfig, build_asr

    tokenizer = CharTokenizer()
    torch.manual_seed(0)
    config = ASRConfig(encoder=asdict(tiny_encoder_config()), vocab_size=tokenizer.vocab_size)
    model_dir = tmp_path / "asr"
    save_model(build_asr(config), model_dir, "asr", config, {"tokenizer": tokenizer.to_dict()})
    manifest, utts = make_tone_corpus(tmp_path, n=3, seed=2, labeled=False)
    out = tmp_path / "pseudo.jsonl"
    args = ["pseudo-label", str(manifest), "-o", str(out), "--model", str(model_dir)]
    assert main([*args, "--keep", "1"]) == 0
    err = capsys.readouterr().err
    assert f"of {len(utts)} utterances labeled" in err
    kept = [json.loads(line)["confidence"] for line in out.read_text().splitlines()]
    unsure = sum(c < 0.5 for c in kept)  # an untrained model: unsure labels are warned about
    assert unsure > 0 and f"warning: {unsure} of the kept labels have a confidence under" in err
    assert all(u.text for u in read_manifest(out))  # only usable transcripts are written
    Path(utts[0].audio).write_bytes(b"")  # one bad file: named, the rest go on, exit code 1
    assert main([*args, "--keep", "1"]) == 1
    err = capsys.readouterr().err
    assert Path(utts[0].audio).name in err and "1 could not be read" in err and out.exists()
    assert main([*args, "--keep", "0"]) == 1
    assert "keep" in capsys.readouterr().err
    missing = ["pseudo-label", str(tmp_path / "nope.jsonl"), "-o", str(out), "--model"]
    assert main([*missing, str(model_dir)]) == 1
    assert "nope.jsonl" in capsys.readouterr().err
    before = out.read_bytes()
    for u in utts:  # nothing readable: no label, and the earlier output is kept
        Path(u.audio).write_bytes(b"")
    assert main([*args, "--keep", "1"]) == 1
    assert "none of the 3 utterances got a label (3 could not be read)" in capsys.readouterr().err
    assert out.read_bytes() == before


def test_unreadable_audio_raises_or_is_reported_and_skipped(tmp_path, capsys):
    from yuyin.audio import AudioError

    manifest, utts = make_tone_corpus(tmp_path, n=4, seed=3, labeled=False)
    Path(utts[1].audio).write_bytes(b"not audio at all")
    tokenizer = CharTokenizer()
    model = FixedModel(tokenizer.vocab_size, tokenizer.blank_id)
    keep_all = PseudoLabelOptions(keep=1.0)
    with pytest.raises(AudioError, match=Path(utts[1].audio).name):
        pseudo_label(model, tokenizer, utts, options=keep_all)
    bad: list[str] = []
    said = lambda lp, lens: [Result("hello there", (), (), 0.0, 0.0) for _ in lens]  # noqa: E731
    labels = pseudo_label(
        model, tokenizer, utts, said, options=keep_all, on_error=lambda u, e: bad.append(u.id)
    )
    assert bad == [utts[1].id]
    assert {x.utterance.id for x in labels} == {u.id for u in utts} - {utts[1].id}


def test_condition_hears_the_audio_as_transcribe_does(tmp_path, capsys):
    """``--condition``: 5 s of silence before a quiet clip no longer garbles its pseudo-label,
    which is what ``yuyin transcribe`` writes for it; the manifest keeps the audio as it is."""
    import numpy as np

    import yuyin
    from yuyin.audio import load_audio, save_audio
    from yuyin.transcribe import Recognizer

    clip = load_audio(Path(yuyin.__file__).parent / "assets" / "audio" / "golden.wav")
    wave = np.concatenate([np.zeros(5 * 16000, np.float32), 0.05 * clip / np.abs(clip).max()])
    quiet = save_audio(tmp_path / "quiet.wav", wave)
    manifest = tmp_path / "u.jsonl"
    manifest.write_text(json.dumps({"id": "q", "audio": str(quiet), "duration": 9.48}) + "\n")
    texts = {}
    for flags in ([], ["--condition"]):
        out = tmp_path / f"p{len(flags)}.jsonl"
        assert main(["pseudo-label", str(manifest), "-o", str(out), "--keep", "1", *flags]) == 0
        (label,) = read_manifest(out)
        assert label.audio == str(quiet)
        texts[bool(flags)] = label.text
    capsys.readouterr()
    assert texts[True] == Recognizer.load().transcribe(quiet).text != texts[False]
