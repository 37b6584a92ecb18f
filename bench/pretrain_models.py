"""The child side of bench/pretrain.py: one configuration's model and one-step loss (yuyin's
objectives, or HF transformers' Wav2Vec2ForPreTraining built from a matching config; nothing is
downloaded), and its FLOPs per step. Imported by the child process only.
"""

from __future__ import annotations

import dataclasses
import os


def rss_mb() -> float:
    """Current resident set size of this process in MiB."""
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_rss_mb() -> float:
    from yuyin.eval.cost import peak_rss_mb as peak

    return peak()


def _encoder_config(size: str, frontend: str):
    from yuyin.models.encoder import encoder_config

    config = encoder_config(size)
    if config.frontend != frontend:
        config = dataclasses.replace(config, frontend=frontend)
    return config


def hf_config(encoder_cfg, objective_cfg, span: int):
    """``transformers.Wav2Vec2Config`` matching a yuyin "wave" encoder + Wav2Vec2 objective."""
    from transformers import Wav2Vec2Config as HFConfig

    from yuyin.nn.frontends import WAVE_CONV_LAYERS

    if encoder_cfg.frontend != "wave" or encoder_cfg.block != "transformer":
        raise ValueError("HF Wav2Vec2 has only a waveform conv stack and Transformer blocks")
    layers = len(WAVE_CONV_LAYERS)
    return HFConfig(
        conv_dim=(encoder_cfg.frontend_channels,) * layers,
        conv_kernel=tuple(k for k, _ in WAVE_CONV_LAYERS),
        conv_stride=tuple(s for _, s in WAVE_CONV_LAYERS),
        conv_bias=False,
        feat_extract_norm="layer",  # per-layer LayerNorm + GELU, as yuyin's WaveConvStack
        feat_extract_activation="gelu",
        do_stable_layer_norm=True,  # pre-LN blocks + final LayerNorm, as yuyin
        hidden_size=encoder_cfg.dim,
        num_hidden_layers=encoder_cfg.layers,
        num_attention_heads=encoder_cfg.heads,
        intermediate_size=encoder_cfg.ff_mult * encoder_cfg.dim,
        hidden_act="gelu",
        num_conv_pos_embeddings=encoder_cfg.pos_conv_kernel,
        num_conv_pos_embedding_groups=encoder_cfg.pos_conv_groups,
        hidden_dropout=encoder_cfg.dropout,
        activation_dropout=encoder_cfg.dropout,
        feat_proj_dropout=encoder_cfg.dropout,
        attention_dropout=encoder_cfg.attention_dropout,
        feat_quantizer_dropout=0.0,
        layerdrop=encoder_cfg.layer_drop,
        layer_norm_eps=1e-5,
        mask_time_prob=objective_cfg.mask_prob,
        mask_time_length=span,
        mask_time_min_masks=objective_cfg.min_masks,
        num_codevector_groups=objective_cfg.codebook_groups,
        num_codevectors_per_group=objective_cfg.codebook_entries,
        codevector_dim=objective_cfg.final_dim,
        proj_codevector_dim=objective_cfg.final_dim,
        num_negatives=objective_cfg.num_negatives,
        contrastive_logits_temperature=objective_cfg.logit_temperature,
        diversity_loss_weight=objective_cfg.diversity_weight,
        attn_implementation="sdpa",  # fused attention, as yuyin's F.scaled_dot_product_attention
    )


def _count(module) -> int:
    return sum(p.numel() for p in module.parameters() if p.requires_grad)


def build(spec: dict) -> tuple[object, object, dict]:
    """Child process: the model, its one-step loss function and what to report about it."""
    import numpy as np
    import torch

    torch.set_num_threads(spec["threads"])
    torch.manual_seed(spec["seed"])
    np.random.seed(spec["seed"])
    from yuyin.audio import SAMPLE_RATE
    from yuyin.models import pretrain as yp
    from yuyin.models.encoder import build_encoder

    impl, objective = spec["impl"], spec["objective"]
    if impl == "hf":
        import transformers
        from transformers import Wav2Vec2ForPreTraining
        from transformers.models.wav2vec2.modeling_wav2vec2 import (
            _compute_mask_indices,
            _sample_negative_indices,
        )

        transformers.logging.set_verbosity_error()
    info: dict = {"rss_after_imports_mb": round(rss_mb(), 1)}

    utterances = spec["utterances"]
    samples = round(spec["utt_seconds"] * SAMPLE_RATE)
    wave = 0.1 * torch.randn(utterances, samples)  # fixed batch, no padding
    wave_lengths = torch.full((utterances,), samples, dtype=torch.long)
    encoder_cfg = _encoder_config(spec["size"], spec["frontend"])
    encoder = build_encoder(encoder_cfg)
    span = max(1, round(yp.Wav2Vec2Config().mask_span_seconds * encoder.frame_rate))
    info["batch"] = {
        "utterances": utterances,
        "seconds_each": spec["utt_seconds"],
        "audio_s": utterances * samples / SAMPLE_RATE,
    }
    info["encoder_config"] = dataclasses.asdict(encoder_cfg)

    if impl == "yuyin":
        if objective == "wav2vec2":
            model = yp.Wav2Vec2(encoder, yp.Wav2Vec2Config())
        elif objective == "reconstruction":
            model = yp.MaskedReconstruction(encoder, yp.MaskedReconstructionConfig())
        else:
            model = yp.HuBERT(encoder, yp.HuBERTConfig())
        targets = None
        if objective == "hubert":  # precomputed labels, as from an offline k-means pass
            frames = int(encoder.output_lengths(wave_lengths).max())
            targets = torch.randint(0, model.config.num_clusters, (utterances, frames))
        info["encoder_params"] = _count(model.encoder)

        def forward_loss(step: int) -> torch.Tensor:
            model.set_step(step)
            if targets is None:
                return model(wave, wave_lengths).loss
            return model(wave, wave_lengths, targets=targets).loss

    else:
        del encoder
        config = hf_config(encoder_cfg, yp.Wav2Vec2Config(), span)
        model = Wav2Vec2ForPreTraining(config)
        info["hf_attn_implementation"] = model.config._attn_implementation
        info["hf_config"] = {
            k: getattr(config, k)
            for k in (
                "conv_dim",
                "hidden_size",
                "num_hidden_layers",
                "num_attention_heads",
                "intermediate_size",
                "num_conv_pos_embeddings",
                "layerdrop",
                "mask_time_length",
                "num_negatives",
            )
        }
        info["encoder_params"] = _count(model.wav2vec2)
        # what Wav2Vec2FeatureExtractor(do_normalize=True) does in the data pipeline
        hf_wave = (wave - wave.mean(1, keepdim=True)) / torch.sqrt(wave.var(1, keepdim=True) + 1e-7)
        attention_mask = torch.ones(utterances, samples, dtype=torch.long)
        frames = int(model._get_feat_extract_output_lengths(samples))

        def forward_loss(step: int) -> torch.Tensor:
            frame_mask = torch.ones(utterances, frames, dtype=torch.long)
            mask = _compute_mask_indices(
                (utterances, frames),
                config.mask_time_prob,
                config.mask_time_length,
                attention_mask=frame_mask,
                min_masks=config.mask_time_min_masks,
            )
            negatives = _sample_negative_indices((utterances, frames), config.num_negatives, mask)
            out = model(
                hf_wave,
                attention_mask=attention_mask,
                mask_time_indices=torch.from_numpy(mask),
                sampled_negative_indices=torch.from_numpy(negatives).long(),
            )
            return out.loss

    model.train()
    info["params"] = _count(model)
    info["precision"] = spec["precision"]

    def loss_fn(step: int) -> torch.Tensor:
        if spec["precision"] == "bf16":
            with torch.autocast("cpu", dtype=torch.bfloat16):
                return forward_loss(step).float()
        return forward_loss(step)

    return model, loss_fn, info


def step_flops(loss_fn, model) -> tuple[int, dict[str, int]]:
    """FLOPs of one forward + backward (untimed; :func:`yuyin.eval.cost.count_flops`: matmuls,
    convolutions, attention). Returns the total and the top operators."""
    from yuyin.eval.cost import count_flops

    total, ops = count_flops(lambda: loss_fn(10**6).backward())  # a late step: warm-ups over
    model.zero_grad(set_to_none=True)
    return total, dict(sorted(ops.items(), key=lambda kv: -kv[1])[:6])
