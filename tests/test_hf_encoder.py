"""Hugging Face wav2vec 2.0 / HuBERT checkpoints read as yuyin encoders. The tiny checkpoints in
tests/data/hf and the outputs transformers computed for them come from
scripts/make_hf_fixtures.py; transformers is not needed here."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file

import yuyin
from dummies import make_tone_corpus
from yuyin.cli import main
from yuyin.hub import ModelLoadError
from yuyin.models.encoder import SpeechEncoder

FIXTURES = Path(__file__).parent / "data" / "hf"
LAYOUTS = ("wav2vec2-base", "wav2vec2-large", "hubert-base")


@pytest.mark.parametrize("name", LAYOUTS)
def test_the_encoder_gives_what_transformers_gave(name: str) -> None:
    reference = load_file(FIXTURES / name / "reference.safetensors")
    encoder = yuyin.load(FIXTURES / name, kinds={"encoder"})  # the large one has a CTC head too
    assert isinstance(encoder, SpeechEncoder) and not encoder.training
    assert encoder.config.post_norm is name.endswith("base")
    with torch.no_grad():
        hidden = encoder(reference["wave"]).hidden  # (1, T, D)
    assert hidden.shape == reference["last_hidden"].shape
    assert torch.allclose(hidden, reference["last_hidden"], atol=1e-4)
    assert encoder.yuyin_meta["model_type"] == name.split("-")[0]


def test_a_base_checkpoint_gives_an_utterance_the_same_output_alone_and_padded() -> None:
    """The first conv's GroupNorm is taken over each utterance's own frames, not the padding."""
    encoder = yuyin.load(FIXTURES / "wav2vec2-base")
    short, long = torch.randn(1, 6000), torch.randn(1, 9000)
    batch = torch.zeros(2, 9000)
    batch[0, :6000], batch[1] = short[0], long[0]
    with torch.no_grad():
        alone = encoder(short).hidden[0]
        padded = encoder(batch, torch.tensor([6000, 9000])).hidden[0, : alone.shape[0]]
    assert torch.allclose(alone, padded, atol=1e-4)


def test_a_pytorch_file_and_odd_folders(tmp_path: Path) -> None:
    folder = shutil.copytree(FIXTURES / "hubert-base", tmp_path / "bin")
    state = load_file(folder / "model.safetensors")
    (folder / "model.safetensors").unlink()
    torch.save(state, folder / "pytorch_model.bin")
    assert isinstance(yuyin.load(folder), SpeechEncoder)
    with pytest.raises(ModelLoadError, match="without a CTC head .* fine-tune it first"):
        yuyin.load(folder, kinds={"asr"})
    with pytest.raises(ModelLoadError, match="not a model of kind g2p"):
        yuyin.load(folder, kinds={"g2p"})
    (folder / "pytorch_model.bin").unlink()
    with pytest.raises(ModelLoadError, match="no weights; expected one of model.safetensors"):
        yuyin.load(folder)
    other = shutil.copytree(FIXTURES / "wav2vec2-base", tmp_path / "other")
    config = json.loads((other / "config.json").read_text())
    (other / "config.json").write_text(json.dumps({**config, "conv_kernel": [10, 3, 3]}))
    with pytest.raises(ModelLoadError, match="conv kernels/strides .* are not wav2vec 2.0's"):
        yuyin.load(other)
    (other / "config.json").write_text(
        json.dumps({**config, "hidden_size": 64, "num_conv_pos_embedding_groups": 4})
    )
    with pytest.raises(ModelLoadError, match="its weights do not fit its config.json"):
        yuyin.load(other)


def test_finetune_from_a_hugging_face_encoder(tmp_path: Path) -> None:
    torch.set_num_threads(1)
    corpus, _ = make_tone_corpus(tmp_path, n=6, seconds_range=(1.0, 1.5))
    sets = ["loop.max_steps=2", "loop.num_workers=0", "loop.progress=false", "loop.eval_every=2"]
    args = ["finetune", "--pretrained", str(FIXTURES / "wav2vec2-base"), "--train", str(corpus)]
    argv = [*args, "--out", str(tmp_path / "asr"), "--config", "configs/finetune/tiny.yaml"]
    assert main([*argv, *(a for s in sets for a in ("--set", s))]) == 0
    model = yuyin.load(tmp_path / "asr" / "model")
    assert model.encoder.config.post_norm and model.encoder.config.wave_norm == "group"
    assert model.yuyin_meta["head_reused"] is False


def test_a_fine_tuned_ctc_checkpoint_is_a_recognizer(tmp_path: Path, capsys) -> None:
    """Wav2Vec2ForCTC with a character vocab.json: its head's rows in yuyin's layout (blank,
    "|", the letters lowercased; <s>, </s>, <unk> go), so transcribe and eval take the folder."""
    from yuyin.models.asr import CTCModel
    from yuyin.transcribe import Recognizer

    folder = FIXTURES / "wav2vec2-large"
    reference = load_file(folder / "reference.safetensors")
    model = yuyin.load(folder)
    assert isinstance(model, CTCModel)
    tokenizer = Recognizer.load(folder).tokenizer
    assert tokenizer.to_dict() == {"kind": "char", "chars": "etaoni'"}
    with torch.no_grad():
        hidden = model.encoder(reference["wave"]).hidden
        logits = model.head(hidden)  # (1, T, 9)
    rows = [0, 4, 5, 6, 7, 8, 9, 10, 11]  # <pad>, |, E T A O N I '
    assert torch.allclose(logits, reference["logits"][..., rows], atol=1e-4)
    assert isinstance(yuyin.load(folder, kinds={"encoder"}), SpeechEncoder)
    with pytest.raises(ModelLoadError, match="without a CTC head .* fine-tune it first"):
        yuyin.load(FIXTURES / "wav2vec2-base", kinds={"asr"})
    clip = "src/yuyin/assets/audio/golden.wav"
    assert main(["transcribe", "--model", str(folder), "--json", clip]) == 0
    assert json.loads(capsys.readouterr().out)["path"] == clip
    from yuyin.eval.cost import model_identity

    binary = shutil.copytree(folder, tmp_path / "bin")
    torch.save(load_file(binary / "model.safetensors"), binary / "pytorch_model.bin")
    (binary / "model.safetensors").unlink()
    info = model_identity(binary)  # eval's record of the model
    assert info["kind"] == "huggingface wav2vec2" and info["encoder"]["layers"] == 2
    odd = shutil.copytree(folder, tmp_path / "bpe")
    (odd / "vocab.json").write_text(json.dumps({"<pad>": 0, "|": 1, "▁the": 2}))
    with pytest.raises(ModelLoadError, match="token '▁the' is no single character"):
        yuyin.load(odd)


def test_finetuning_from_a_ctc_checkpoint_keeps_its_vocabulary_and_head(
    tmp_path: Path, caplog
) -> None:
    """An audit's fine-tune from a ForCTC folder silently trained a fresh head on a tokenizer
    of its own; the folder's letters and head are kept, and the run scores its start."""
    torch.set_num_threads(1)
    corpus, _ = make_tone_corpus(tmp_path, n=6, seconds_range=(1.0, 1.5))
    sets = ["loop.max_steps=2", "loop.num_workers=0", "loop.progress=false", "loop.eval_every=2"]
    folder = FIXTURES / "wav2vec2-large"
    args = ["finetune", "--pretrained", str(folder), "--train", str(corpus), "--dev", str(corpus)]
    argv = [
        *args,
        "--config",
        "configs/finetune/tiny.yaml",
        *(a for s in sets for a in ("--set", s)),
    ]
    with caplog.at_level("INFO", logger="yuyin.finetune"):
        assert main([*argv, "--out", str(tmp_path / "kept")]) == 0
    meta = yuyin.load(tmp_path / "kept" / "model").yuyin_meta
    assert meta["head_reused"] is True and meta["tokenizer"]["chars"] == "etaoni'"
    assert "its vocabulary (etaoni') is kept, so its CTC head is reused" in caplog.text
    steps = (tmp_path / "kept" / "eval.csv").read_text().splitlines()[1].split(",")[0]
    assert steps == "0"  # scored before the first update, as a recognizer's run is
    retrain = [*argv, "--set", "tokenizer.retrain=true", "--out", str(tmp_path / "new")]
    assert main(retrain) == 0
    assert yuyin.load(tmp_path / "new" / "model").yuyin_meta["head_reused"] is False


def test_odd_hugging_face_folders_are_one_line(tmp_path: Path) -> None:
    base = FIXTURES / "wav2vec2-base"
    broken = shutil.copytree(base, tmp_path / "broken")
    data = (broken / "model.safetensors").read_bytes()
    (broken / "model.safetensors").write_bytes(data[: len(data) // 2])
    with pytest.raises(
        ModelLoadError, match=r"model.safetensors: unreadable \(.*copy the checkpoint"
    ):
        yuyin.load(broken)
    pickled = shutil.copytree(base, tmp_path / "pickled")
    (pickled / "model.safetensors").unlink()
    torch.save({"x": object()}, pickled / "pytorch_model.bin")  # not tensors: never unpickled
    with pytest.raises(ModelLoadError, match=r"pytorch_model.bin: unreadable"):
        yuyin.load(pickled)
    config = json.loads((base / "config.json").read_text())
    for change, what in (
        ({"adapter_attn_dim": 8}, "attention adapters"),
        ({"layer_norm_eps": 1e-12}, "layer_norm_eps 1e-12"),
        (
            {"model_type": "wav2vec2-conformer"},
            "a Hugging Face wav2vec2-conformer model; yuyin reads",
        ),
    ):
        odd = shutil.copytree(base, tmp_path / what[:10].replace(" ", "_"))
        (odd / "config.json").write_text(json.dumps({**config, **change}))
        with pytest.raises(ModelLoadError, match=what):
            yuyin.load(odd)
    unmasked = shutil.copytree(base, tmp_path / "unmasked")  # fine-tuned without time masks
    state = load_file(unmasked / "model.safetensors")
    del state["masked_spec_embed"]
    from safetensors.torch import save_file

    save_file(state, str(unmasked / "model.safetensors"))
    assert isinstance(yuyin.load(unmasked), SpeechEncoder)
    from yuyin.train.asr_reuse import recognizer_tokenizer

    vocab_only = shutil.copytree(base, tmp_path / "vocab_only")  # a vocab.json, no CTC head
    shutil.copy(FIXTURES / "wav2vec2-large" / "vocab.json", vocab_only / "vocab.json")
    assert recognizer_tokenizer(vocab_only) is None
    assert recognizer_tokenizer(FIXTURES / "wav2vec2-large")["chars"] == "etaoni'"
    headless = shutil.copytree(FIXTURES / "wav2vec2-large", tmp_path / "novocab")
    (headless / "vocab.json").unlink()
    assert isinstance(yuyin.load(headless), SpeechEncoder)  # its encoder, with a warning
    with pytest.raises(ModelLoadError, match="a CTC head without its vocab.json"):
        yuyin.load(headless, kinds={"asr"})
