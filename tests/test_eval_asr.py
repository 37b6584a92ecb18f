"""evaluate_decoders: one model pass scores many decoders, same numbers as one run each."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import torch
from torch import nn

from dummies import make_tone_corpus
from yuyin.decode.ctc import Result
from yuyin.eval.asr import evaluate_asr, evaluate_decoders, score_transcripts
from yuyin.text.tokenizer import CharTokenizer


class CountingModel(nn.Module):
    """Random but fixed log-probs (B, T, V) at 50 frames/s; counts its forward passes."""

    def __init__(self, vocab: int) -> None:
        super().__init__()
        self.proj = nn.Linear(1, vocab)
        self.calls = 0

    def forward(self, wave: torch.Tensor, lengths: torch.Tensor) -> SimpleNamespace:
        self.calls += 1
        frames = wave.shape[1] // 320
        x = wave[:, : frames * 320].reshape(wave.shape[0], frames, 320).mean(-1, keepdim=True)
        return SimpleNamespace(
            log_probs=self.proj(x * 50).log_softmax(-1), lengths=torch.div(lengths, 320).long()
        )


def test_many_decoders_share_one_forward_pass_and_match_single_runs(tmp_path):
    _, utts = make_tone_corpus(tmp_path, n=6, seed=3)
    tokenizer = CharTokenizer()
    model = CountingModel(tokenizer.vocab_size)
    constant = lambda lp, lens: [Result("yes", (), (), 0.0, 0.0) for _ in lens]  # noqa: E731

    reports = evaluate_decoders(model, tokenizer, utts, {"greedy": None, "yes": constant})
    passes = model.calls
    model.calls = 0
    alone = evaluate_asr(model, tokenizer, utts)
    assert model.calls == passes  # the two-decoder run made no more passes than one decoder
    assert reports["greedy"].hypotheses == alone.hypotheses
    assert reports["greedy"].wer == alone.wer
    assert reports["yes"].hypotheses != alone.hypotheses
    assert all(h == "yes" for _, _, h in reports["yes"].hypotheses)
    assert any(ref != "yes" for _, ref, _ in alone.hypotheses)  # so "yes" makes errors
    assert reports["yes"].wer > 0
    assert all(r.decode_seconds > 0 and r.utterances == len(utts) for r in reports.values())
    assert model.training  # restored


def test_no_decoder_or_no_label_is_a_clear_error(tmp_path):
    _, utts = make_tone_corpus(tmp_path, n=2, seed=0)
    model = CountingModel(CharTokenizer().vocab_size)
    with pytest.raises(ValueError, match="no decoder"):
        evaluate_decoders(model, CharTokenizer(), utts, {})
    _, unlabeled = make_tone_corpus(tmp_path / "u", n=2, seed=0, labeled=False)
    with pytest.raises(ValueError, match="no labeled utterance"):
        evaluate_asr(model, CharTokenizer(), unlabeled)


def test_references_with_no_word_are_not_a_perfect_score():
    from yuyin.data.manifest import Utterance

    utts = [Utterance("u", "u.wav", 1.0, "..."), Utterance("v", "v.wav", 1.0, "")]
    with pytest.raises(ValueError, match="none of the 2 utterances has a transcript with a word"):
        score_transcripts(utts, {0: "hello", 1: ""})


def test_audio_notes_read_each_header_once(tmp_path, monkeypatch):
    """Low rates and wrong durations come from one header read a file, not one read each."""
    from dataclasses import replace

    import soundfile

    from yuyin.eval.asr import audio_notes

    _, utts = make_tone_corpus(tmp_path, n=3, seed=1)
    _, low = make_tone_corpus(tmp_path, n=1, seed=2, sample_rate=8000, name="low")
    utts = [replace(utts[0], duration=utts[0].duration * 2), *utts[1:], *low]
    opened: list[str] = []
    info = soundfile.info

    def counted(path, *args, **kwargs):
        opened.append(str(path))
        return info(path, *args, **kwargs)

    monkeypatch.setattr(soundfile, "info", counted)
    notes = audio_notes(utts)
    assert len(notes) == 2
    assert notes[0].startswith("1 of 4 files were recorded below 16000 Hz (1 at 8000 Hz)")
    assert notes[1].startswith("1 of 4 utterances have durations the audio disagrees with")
    assert sorted(opened) == sorted(u.audio for u in utts)  # once each


def test_letters_the_model_cannot_write_are_scored_as_it_writes_them(tmp_path):
    """An a-z model's "cafe" for "café" is right (fine-tuning spells its targets so); a model
    whose characters hold "é" is scored on it; a script it cannot write at all stays an error."""
    from yuyin.data.manifest import Utterance

    az = CharTokenizer()
    assert az.fold_text("the café jalapeño crème naïve привет") == (
        "the cafe jalapeno creme naive привет"
    )
    utts = [
        Utterance("u", "u.wav", 1.0, "Café au lait, naïve!"),
        Utterance("v", "v.wav", 1.0, "мир"),
    ]
    heard = {0: "cafe au lait naive", 1: "mir"}
    assert score_transcripts(utts, heard, fold=az.fold_text).wer == pytest.approx(1 / 5)
    assert score_transcripts(utts, heard).wer == pytest.approx(3 / 5)  # as written
    with_e = CharTokenizer("abcdefghijklmnopqrstuvwxyz'é")
    assert score_transcripts(utts, heard, fold=with_e.fold_text).wer == pytest.approx(3 / 5 - 1 / 5)
    # evaluate_decoders folds with the model's tokenizer: the dev scores of fine-tuning too
    _, tones = make_tone_corpus(tmp_path, n=2, seed=0)
    tones = [Utterance(u.id, u.audio, u.duration, "Crème") for u in tones]
    model = CountingModel(az.vocab_size)
    report = evaluate_decoders(model, az, tones, {"g": None})["g"]
    assert [ref for _, ref, _ in report.hypotheses] == ["creme", "creme"]
