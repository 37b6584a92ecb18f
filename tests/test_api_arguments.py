"""The public Python API on odd but plausible arguments: integer or multi-channel arrays, NaN,
non-finite options, a string where a list is due. Each gets its documented meaning or one clear
error, never a crash deep inside torch or a silently wrong answer."""

from __future__ import annotations

import json
import math
import os
import shutil

import numpy as np
import pytest
import soundfile as sf
import torch

import yuyin
from yuyin.audio import AudioError, as_mono, load_audio, save_audio
from yuyin.decode.align import AlignmentError, align
from yuyin.decode.ctc import DecodingOptions
from yuyin.hub import ModelLoadError
from yuyin.text.g2p import G2P, G2POptions
from yuyin.text.tokenizer import CharTokenizer
from yuyin.transcribe import BUNDLED_MODEL, Recognizer
from yuyin.voice import SynthesisOptions, Voice, VoiceError

CLIP = BUNDLED_MODEL.parents[1] / "audio" / "golden.wav"


def test_as_mono_scales_pcm_and_averages_channels():
    pcm = np.array([-32768, 0, 16384], dtype=np.int16)
    assert as_mono(pcm).tolist() == [-1.0, 0.0, 0.5]
    assert as_mono(np.array([0, 128, 192], dtype=np.uint8)).tolist() == [-1.0, 0.0, 0.5]
    left, right = np.full(1000, 0.2), np.full(1000, 0.4)
    for stereo in (np.stack([left, right]), np.stack([left, right], axis=1)):  # (C, S), (S, C)
        mono = as_mono(stereo)
        assert mono.shape == (1000,) and mono.dtype == np.float32
        assert mono[0] == pytest.approx(0.3)
    assert as_mono(torch.ones(5)[::2]).flags["C_CONTIGUOUS"]


@pytest.mark.parametrize(
    ("wave", "problem"),
    [
        (np.array([0.1, np.nan]), "NaN or infinite"),
        (np.zeros((2, 3, 4)), "3-D array"),
        (np.zeros((20, 30)), "not mono"),
        (np.zeros(4, dtype=bool), "dtype bool"),
    ],
)
def test_as_mono_refuses_what_is_not_audio(wave, problem):
    with pytest.raises(AudioError, match=problem):
        as_mono(wave, "clip")


def test_transcribe_wave_reads_pcm_and_refuses_nan():
    recognizer = Recognizer.load()
    wave = load_audio(CLIP)
    text = recognizer.transcribe_wave(wave).text
    pcm = np.round(wave * 32767).astype(np.int16)
    assert recognizer.transcribe_wave(pcm).text == text  # scaled, not read as huge floats
    assert recognizer.transcribe_wave(np.stack([wave, wave], axis=1)).text == text
    wave[1000] = np.nan
    with pytest.raises(AudioError, match="mine.wav: contains NaN"):
        recognizer.transcribe_wave(wave, "mine.wav")


def test_save_audio_downmixes_and_checks_the_rate(tmp_path):
    stereo = np.stack([np.full(800, 0.25), np.full(800, 0.25)])  # (C, S)
    data, rate = sf.read(save_audio(tmp_path / "a.wav", stereo))
    assert data.shape == (800,) and rate == 16000
    with pytest.raises(AudioError, match="sample rate must be a positive integer"):
        save_audio(tmp_path / "b.wav", stereo, sample_rate=0)
    with pytest.raises(ValueError, match="sample_rate"):
        load_audio(tmp_path / "a.wav", sample_rate=0)
    with pytest.raises(ValueError, match="max_seconds"):
        load_audio(tmp_path / "a.wav", max_seconds=math.nan)


@pytest.mark.parametrize(
    "options",
    [
        {"lm_weight": math.nan},
        {"lm_weight": -1.0},
        {"word_bonus": math.inf},
        {"hotword_weight": math.nan},
        {"beam_prune_logp": math.nan},
        {"beam_size": 2.5},
        {"beam_size": True},
        {"beam_size": 10**6},
    ],
)
def test_decoding_options_refuse_non_finite_and_odd_beams(options):
    with pytest.raises(ValueError):
        DecodingOptions(**options)


def test_align_refuses_nan_and_lengths_outside_the_frames():
    recognizer = Recognizer.load()
    wave = torch.from_numpy(load_audio(CLIP))[None]
    with torch.no_grad():
        log_probs = recognizer.model(wave, torch.tensor([wave.shape[1]])).log_probs[0]
    tok, rate = recognizer.tokenizer, recognizer.model.frame_rate
    ids = tok.encode("it was")
    assert [w.word for w in align(log_probs, None, ids, tok, rate).words] == ["it", "was"]
    broken = log_probs.clone()
    broken[3] = math.nan
    with pytest.raises(AlignmentError, match="NaN"):
        align(broken, None, ids, tok, rate)
    for length in (-20, 10**6):
        with pytest.raises(ValueError, match="outside"):
            align(log_probs, length, ids, tok, rate)
    with pytest.raises(ValueError, match="frame_rate"):
        align(log_probs, None, ids, tok, math.nan)


def test_encoder_refuses_a_wave_that_is_not_a_batch():
    encoder = yuyin.load(BUNDLED_MODEL.parent / "encoder")
    with pytest.raises(ValueError, match=r"\(B, S\)"):
        encoder(torch.zeros(16000), torch.tensor([16000]))
    with pytest.raises(ValueError, match="lengths must lie"):
        encoder(torch.zeros(1, 16000), torch.tensor([10**6]))


def test_load_checks_kinds_device_and_config_types(tmp_path):
    lm = BUNDLED_MODEL.parent / "lm"
    with pytest.raises(ModelLoadError, match="not of kind 'g2p-tagger'"):
        yuyin.load(lm, kinds="g2p-tagger")  # one kind, not a substring test
    with pytest.raises(ModelLoadError, match="cannot load onto device"):
        yuyin.load(lm, device="bogus")
    with pytest.raises(ModelLoadError, match="meta device holds shapes, not weights"):
        yuyin.load(lm, device="meta")  # torch would give a model with no weights
    broken = shutil.copytree(lm, tmp_path / "lm")
    record = json.loads((broken / "config.json").read_text())
    record["config"]["heads"] = 0
    (broken / "config.json").write_text(json.dumps(record))
    with pytest.raises(ModelLoadError, match="config does not match"):
        yuyin.load(broken)


def test_synthesize_keeps_a_voice_objects_pronunciations_and_options():
    voice = Voice.load(options=SynthesisOptions(sentence_gap_s=1.0))
    own = voice.synthesize("Hi. Hi.")
    through_api, rate = yuyin.synthesize("Hi. Hi.", voice=voice)
    assert rate == 16000 and len(through_api) == len(own)  # the 1 s gap is kept
    assert len(yuyin.synthesize("Hi. Hi.")[0]) < len(own) - 12000  # the default 0.2 s gap
    with pytest.raises(VoiceError, match="sentence gap"):
        SynthesisOptions(sentence_gap_s=math.nan)
    with pytest.raises(VoiceError, match="griffin_lim_iters"):
        SynthesisOptions(griffin_lim_iters=2.5)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"text": None}, TypeError, "text must be a str, got NoneType"),
        ({"text": b"hi"}, TypeError, r"text must be a str, got bytes: decode it first"),
        ({"text": "hi", "speed": "fast"}, TypeError, "speed must be a number .* got str 'fast'"),
        ({"text": "hi", "speed": True}, TypeError, "speed must be a number .* got bool"),
        ({"text": "hi", "speed": math.nan}, VoiceError, "speed must be within"),
        ({"text": "hi", "speed": 10}, VoiceError, "speed must be within"),
        ({"text": "hi", "voice": 3}, TypeError, "voice must be a Voice, a voice folder"),
    ],
)
def test_synthesize_names_an_argument_of_the_wrong_type_or_range(kwargs, error, message):
    with pytest.raises(error, match=message):
        yuyin.synthesize(**kwargs)


def test_a_voice_names_text_and_options_of_the_wrong_type():
    voice = Voice.load()
    for call in (voice.synthesize, voice.stream):
        with pytest.raises(TypeError, match="text must be a str, got bytes"):
            call(b"hi")  # at once, also from the generator
    with pytest.raises(TypeError, match="sentence_gap_s must be a number"):
        SynthesisOptions(sentence_gap_s="long")
    with pytest.raises(TypeError, match="path must be a folder"):
        Voice.load(3)
    assert SynthesisOptions(speed=np.float32(1.5)).speed == 1.5  # NumPy numbers are numbers


def test_empty_text_gives_the_silence_say_writes(tmp_path):
    """Empty text is 0.2 s of silence from the API as from `yuyin say` (a FLAC of no samples
    cannot be read back)."""
    from yuyin.cli import main

    samples, rate = yuyin.synthesize("")
    assert len(samples) == round(0.2 * rate) and not samples.any()
    assert len(yuyin.synthesize("?!")[0]) == len(samples)
    assert main(["say", "", "-o", str(tmp_path / "empty.flac"), "--quiet"]) == 0
    assert len(load_audio(tmp_path / "empty.flac")) == len(samples)
    assert len(load_audio(save_audio(tmp_path / "api.flac", samples))) == len(samples)


def test_text_functions_want_strings_and_word_lists():
    with pytest.raises(TypeError, match="sequence of word strings"):
        G2P().words("speech")  # would be read letter by letter
    with pytest.raises(ValueError, match="max_phones"):
        G2POptions(max_phones=0)
    with pytest.raises(TypeError, match="expected text as a str"):
        yuyin.text.normalize.normalize_for_tts(None)
    with pytest.raises(ValueError, match="lowercase"):
        CharTokenizer("ABC")
    with pytest.raises(ValueError, match="max_chars"):
        yuyin.text.normalize.split_sentences("a. b.", max_chars=math.nan)


def test_a_streamed_wav_whose_header_says_zero_frames_is_read_to_its_end(tmp_path):
    wave = load_audio(CLIP)
    path = save_audio(tmp_path / "piped.wav", wave)
    data = bytearray(path.read_bytes())
    data[40:44] = (0).to_bytes(4, "little")  # the data chunk's size, as a pipe writer leaves it
    data[4:8] = (36).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    assert len(load_audio(path)) == len(wave)  # soundfile reads 0 frames; FFmpeg reads them all


def test_transcribe_names_audio_too_short_for_the_model():
    recognizer = Recognizer.load()
    tone = 0.5 * np.sin(np.arange(100))  # 6 ms: it used to give an empty transcript, exit 0
    with pytest.raises(AudioError, match="only 6 ms of audio; the model needs at least"):
        recognizer.transcribe_wave(tone, "tiny.wav")


def test_audio_arrays_an_api_audit_found_odd(tmp_path, caplog):
    """Empty channel arrays, bfloat16 tensors, float audio at int16's scale, an empty FLAC."""
    assert as_mono(np.zeros((0, 2))).shape == (0,) and as_mono(np.zeros((2, 0))).shape == (0,)
    assert as_mono(torch.ones(8, dtype=torch.bfloat16)).dtype == np.float32
    with pytest.raises(AudioError, match="has samples but no channel"):
        as_mono(np.zeros((16000, 0)))
    pcm = torch.full((1600,), 16384, dtype=torch.int16)  # an int16 tensor is PCM, scaled
    save_audio(tmp_path / "pcm.wav", pcm)
    assert sf.read(tmp_path / "pcm.wav")[0].max() == pytest.approx(0.5, abs=1e-3)
    loud = np.full(1600, 12000.0, dtype=np.float32)  # int16 values in a float array
    with pytest.raises(AudioError, match="integer PCM's scale"):
        save_audio(tmp_path / "loud.wav", loud)
    assert not (tmp_path / "loud.wav").exists()
    with pytest.raises(AudioError, match="no samples"):
        save_audio(tmp_path / "e.flac", np.zeros(0))
    with caplog.at_level("WARNING", logger="yuyin.audio"):
        save_audio(tmp_path / "hot.wav", np.full(1600, 1.5, dtype=np.float32))
    assert "1600 of 1600 samples (100%) are beyond [-1, 1]" in caplog.text


def test_transcribe_wave_takes_a_sample_rate_and_a_model_left_in_training_mode(caplog):
    """44.1 kHz audio had been read as 16 kHz (a wrong transcript, no warning); a model left in
    training mode had transcribed with dropout (three calls, three transcripts)."""
    torch.set_num_threads(1)
    recognizer = Recognizer.load()
    wave16 = load_audio(CLIP)
    expected = recognizer.transcribe_wave(wave16).text
    wave44 = load_audio(CLIP, sample_rate=44100)
    heard = recognizer.transcribe_wave(wave44, sample_rate=44100)
    assert heard.text == expected and heard.duration == pytest.approx(len(wave16) / 16000)
    aligned = recognizer.align_text(wave44, expected, sample_rate=44100)
    assert aligned.words[-1].end <= heard.duration + 0.05
    assert recognizer.transcribe_wave(wave44, sample_rate=44100.0).text == expected
    with caplog.at_level("WARNING", logger="yuyin"):
        recognizer.transcribe_wave(load_audio(CLIP, sample_rate=8000), "low", sample_rate=8000)
    assert "low: recorded at 8000 Hz" in caplog.text
    for bad in (0, -1, 1, 10_000_000, 16000.5, True):
        with pytest.raises(AudioError, match="sample_rate"):
            recognizer.transcribe_wave(wave16, sample_rate=bad)
    recognizer.model.train()
    assert {recognizer.transcribe_wave(wave16).text for _ in range(3)} == {expected}
    assert recognizer.model.training  # given back as it came
    recognizer.model.eval()
    with pytest.raises(TypeError, match="text must be a str"):
        recognizer.align_text(wave16, None)


def test_a_broken_hugging_face_config_and_a_missing_gpu_are_named(tmp_path):
    from pathlib import Path

    source = Path(__file__).parent / "data" / "hf" / "wav2vec2-base"
    folder = shutil.copytree(source, tmp_path / "hf")
    config = json.loads((folder / "config.json").read_text())
    for key, value in (("hidden_size", None), ("hidden_size", 0), ("conv_kernel", 5)):
        (folder / "config.json").write_text(json.dumps({**config, key: value}))
        with pytest.raises(ModelLoadError, match=f"{folder}: its config.json does not describe"):
            yuyin.load(folder)
    (folder / "config.json").write_text(json.dumps(config))
    from safetensors.torch import load_file, save_file

    weights = load_file(folder / "model.safetensors")
    name = next(k for k in weights if k.endswith("k_proj.weight"))
    wrong = {**weights, name: torch.zeros(weights[name].shape[0] + 1, weights[name].shape[1])}
    save_file(wrong, folder / "model.safetensors")
    with pytest.raises(ModelLoadError) as caught:
        yuyin.load(folder)
    assert "onto device" not in str(caught.value) and str(folder) in str(caught.value)
    save_file(weights, folder / "model.safetensors")
    if not torch.cuda.is_available():
        with pytest.raises(ModelLoadError, match="cannot load onto device 'cuda'"):
            yuyin.load(folder, device="cuda")
        with pytest.raises(ModelLoadError, match="cannot load onto device"):
            Recognizer.load(device="cuda")


def test_a_numpy_integer_is_a_sample_rate_and_a_bool_is_not(tmp_path):
    """`load_audio(p, sample_rate=True)` had read the clip at 1 Hz; `np.int64(8000)` (what
    arithmetic on arrays gives) had been refused."""
    wave = load_audio(CLIP, sample_rate=np.int64(8000))
    assert len(wave) == pytest.approx(len(load_audio(CLIP)) / 2, abs=2)
    save_audio(tmp_path / "low.wav", wave, np.int64(8000))
    assert sf.info(tmp_path / "low.wav").samplerate == 8000
    with pytest.raises(ValueError, match="sample_rate must be a positive integer, got True"):
        load_audio(CLIP, sample_rate=True)
    with pytest.raises(AudioError, match="got True"):
        save_audio(tmp_path / "x.wav", wave, True)


def test_scoring_and_sentence_splitting_want_a_str():
    from yuyin.text.normalize import normalize_for_scoring, split_sentences

    for function in (normalize_for_scoring, split_sentences):
        with pytest.raises(TypeError, match="expected text as a str, got NoneType"):
            function(None)


def test_one_string_where_a_list_is_due_and_urls_are_named(tmp_path):
    """`estimate_kneser_ney("hello there")` had built a model of letters, `score_batch("hi")`
    scored each letter; a URL had read as a missing file, and save_audio had made a folder
    "http:" for one."""
    from yuyin.decode.ngram import estimate_kneser_ney
    from yuyin.train.lm import BUNDLED_LM, load_lm

    with pytest.raises(TypeError, match="not one string"):
        estimate_kneser_ney("hello there", 3)
    lm = load_lm(BUNDLED_LM)
    with pytest.raises(TypeError, match="not one string"):
        lm.score_batch("hello")
    with pytest.raises(TypeError, match="texts must be strings"):
        lm.score(b"hello")
    assert lm.score_batch(["hello"]) == [pytest.approx(lm.score("hello"))]
    with pytest.raises(AudioError, match="a URL: yuyin reads local files only"):
        load_audio("https://example.com/a.wav")
    with pytest.raises(AudioError, match="a URL: yuyin writes local files only"):
        save_audio("http://example.com/x.wav", np.zeros(160))
    assert not os.path.exists("http:")  # no folder made for it where the tests run


def test_a_path_given_as_bytes_is_read(tmp_path):
    """pathlib had raised its own TypeError for a bytes path (what os.listdir(bytes) gives)."""
    assert len(load_audio(bytes(CLIP))) == len(load_audio(CLIP))
    save_audio(os.fsencode(tmp_path / "b.wav"), np.zeros(160))
    assert (tmp_path / "b.wav").is_file()
    assert yuyin.load(os.fsencode(BUNDLED_MODEL)).config == yuyin.load(BUNDLED_MODEL).config


def test_hotwords_none_or_a_list_and_g2p_of_none():
    assert DecodingOptions(hotwords=None).hotwords == ()
    assert DecodingOptions(hotwords=["yuyin", "kaldi"]).hotwords == ("yuyin", "kaldi")
    with pytest.raises(TypeError, match="hotwords must be strings"):
        DecodingOptions(hotwords=("yuyin", 3))
    with pytest.raises(TypeError, match="expected text as a str, got NoneType"):
        G2P()(None)
