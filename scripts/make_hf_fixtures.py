"""Write the tiny Hugging Face wav2vec 2.0 / HuBERT checkpoints that tests/test_hf_encoder.py
reads, with the outputs ``transformers`` computes for them (needs ``pip install
"transformers>=5"``; nothing is downloaded: the models are built from small configs).

    python scripts/make_hf_fixtures.py  # -> tests/data/hf/{wav2vec2-base,wav2vec2-large,...}
"""

from __future__ import annotations

import json
from pathlib import Path

import torch
from safetensors.torch import save_file

from yuyin.nn.frontends import normalize_utterances
from yuyin.nn.masks import lengths_to_padding_mask

OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "hf"
TINY = {
    "hidden_size": 32,
    "num_hidden_layers": 2,
    "num_attention_heads": 2,
    "intermediate_size": 64,
    "conv_dim": [16] * 7,
    "num_conv_pos_embeddings": 8,
    "num_conv_pos_embedding_groups": 4,
    "vocab_size": 12,
}
VOCAB = {"<pad>": 0, "<s>": 1, "</s>": 2, "<unk>": 3, "|": 4, "E": 5, "T": 6, "A": 7, "O": 8}
VOCAB |= {"N": 9, "I": 10, "'": 11}


def main() -> None:
    import transformers

    torch.manual_seed(0)
    wave = torch.randn(1, 8000) * 0.1  # 0.5 s
    valid = ~lengths_to_padding_mask(torch.tensor([8000]), 8000)
    normalized = normalize_utterances(wave[:, :, None], ~valid)[:, :, 0]  # as yuyin hears it
    layouts = {
        "wav2vec2-base": (transformers.Wav2Vec2Config, transformers.Wav2Vec2Model, {}),
        "wav2vec2-large": (
            transformers.Wav2Vec2Config,
            transformers.Wav2Vec2ForCTC,  # with a CTC head, which yuyin leaves out
            {"feat_extract_norm": "layer", "do_stable_layer_norm": True, "conv_bias": True},
        ),
        "hubert-base": (transformers.HubertConfig, transformers.HubertModel, {}),
    }
    for name, (config_class, model_class, extra) in layouts.items():
        model = model_class(config_class(**TINY, **extra)).eval()
        with torch.no_grad():
            for p in model.parameters():  # off the 1/0 init, so a misplaced norm shows
                p.add_(0.05 * torch.randn_like(p))
            encoder = getattr(model, model.base_model_prefix, model)  # ForCTC's wav2vec2
            out = encoder(normalized)
            logits = model(normalized).logits if hasattr(model, "lm_head") else None
        folder = OUT / name
        model.save_pretrained(folder)
        if logits is not None:  # a character CTC vocabulary, as wav2vec2-base-960h's
            (folder / "vocab.json").write_text(json.dumps(VOCAB))
        for extra_file in ("generation_config.json",):
            (folder / extra_file).unlink(missing_ok=True)
        reference = {"wave": wave, "last_hidden": out.last_hidden_state.contiguous()}
        if logits is not None:
            reference["logits"] = logits.contiguous()
        save_file(reference, str(folder / "reference.safetensors"))
        meta = json.loads((folder / "config.json").read_text())
        print(name, meta["model_type"], sum(p.numel() for p in model.parameters()), "params")


if __name__ == "__main__":
    main()
