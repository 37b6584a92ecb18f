"""Voices: loading, sentence streaming, odd text, and the ``yuyin say`` command."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
import torch

import yuyin
from dummies import make_tiny_voice, tiny_encoder_config
from yuyin.audio import HOP_LENGTH, SAMPLE_RATE
from yuyin.cli import main
from yuyin.hub import save_model
from yuyin.models.encoder import build_encoder
from yuyin.voice import SynthesisOptions, Voice, VoiceError, pack_voice, speaker_index

TWO_SENTENCES = "The cat sat on the mat. Then it slept!"


@pytest.fixture(scope="module")
def voice_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A packed voice of a random tiny acoustic model and a random tiny vocoder."""
    return make_tiny_voice(tmp_path_factory.mktemp("voice"))


def test_voice_streams_one_chunk_per_sentence_with_gaps(voice_dir: Path) -> None:
    voice = Voice.load(voice_dir)
    assert voice.name == "packed" and voice.vocoder_name == "neural"
    chunks = list(voice.stream(TWO_SENTENCES))
    assert len(chunks) == 2
    gap = round(voice.options.sentence_gap_s * SAMPLE_RATE)
    assert len(chunks[0]) % HOP_LENGTH == 0 and (len(chunks[1]) - gap) % HOP_LENGTH == 0
    assert np.all(chunks[1][:gap] == 0)
    whole = voice.synthesize(TWO_SENTENCES)
    assert whole.dtype == np.float32 and len(whole) == sum(map(len, chunks))
    assert np.abs(whole).max() <= 1.0


def test_paragraphs_get_the_longer_gap_and_unspoken_sentences_none(voice_dir: Path) -> None:
    """A news reader's pauses: longer between paragraphs and after a headline; a sentence with
    nothing to say adds no pause of its own (it had doubled the gap around it)."""
    voice = Voice.load(voice_dir, options=SynthesisOptions(paragraph_gap_s=0.5))
    chunks = list(voice.stream("CITY NEWS\nThe cat sat. It slept.\n\n?! The end."))
    assert [len(c) > 0 for c in chunks] == [True, True, True, False, True]
    gap, long = round(0.2 * SAMPLE_RATE), round(0.5 * SAMPLE_RATE)
    for chunk, lead in zip(chunks, [0, long, gap, 0, long], strict=True):
        assert (len(chunk) - lead) % HOP_LENGTH == 0 and not chunk[:lead].any()
        assert lead == 0 or chunk[lead:].any()  # the sentence itself starts right after it
    assert voice.skipped == 1
    with pytest.raises(VoiceError, match="paragraph gap"):
        SynthesisOptions(paragraph_gap_s=-1.0)


def test_a_sentence_whose_spoken_form_is_long_is_spoken_in_pieces(voice_dir: Path) -> None:
    """The 400-character cut was made on the written text: 25 amounts (373 characters) were
    one utterance of 2,900 spoken characters, 139 s of audio, 6.8 s before the first sound."""
    from yuyin.text.normalize import normalize_for_tts
    from yuyin.voice import MAX_SENTENCE_CHARS

    written = "It paid " + ", ".join(f"${i * 1234567.89:,.2f}" for i in range(1, 20)) + "."
    assert len(written) <= MAX_SENTENCE_CHARS < len(normalize_for_tts(written))
    voice = Voice.load(voice_dir)
    pieces = voice.sentences(written)  # written pieces: phonemization normalizes them once
    spoken = [normalize_for_tts(p) for p in pieces]
    assert len(pieces) > 3 and all(len(p) <= MAX_SENTENCE_CHARS for p in spoken)
    assert " ".join(spoken) == normalize_for_tts(written)  # every word, in order
    assert "".join(pieces).replace(" ", "") == written.replace(" ", "")
    headline = "SENATE PASSES BILLS OF " + written[8:-1].upper() + " IN A BILL, FED CUTS RATES."
    said = " ".join(normalize_for_tts(p) for p in voice.sentences(headline))
    assert "IN A BILL" in said and "B I L L" not in said  # normalized once: words stay words
    assert voice.sentences(TWO_SENTENCES) == ["The cat sat on the mat.", "Then it slept!"]


def test_long_text_gives_freed_memory_back_every_few_sentences(voice_dir: Path, monkeypatch):
    """glibc keeps the holes sentences of every length leave: the stream trims the heap every
    TRIM_EVERY sentences (bench/tts_memory.py measures the growth with and without)."""
    import yuyin.voice as voice_module

    calls = []
    monkeypatch.setattr(voice_module, "TRIM_EVERY", 2)
    monkeypatch.setattr(voice_module, "release_freed_memory", lambda: calls.append(1))
    voice = Voice.load(voice_dir)
    assert len(list(voice.stream("One. Two. Three. Four. Five."))) == 5
    assert len(calls) == 2
    monkeypatch.undo()
    voice_module.release_freed_memory()  # the real one: glibc's malloc_trim, or nothing


def test_synthesize_api_and_speed(voice_dir: Path) -> None:
    samples, sr = yuyin.synthesize("Hello there, how are you?", voice=voice_dir)
    assert sr == SAMPLE_RATE and samples.ndim == 1 and len(samples) > 0
    fast, _ = yuyin.synthesize("Hello there, how are you?", voice=voice_dir, speed=2.0)
    assert 0 < len(fast) < len(samples)
    with pytest.raises(VoiceError, match="speed"):
        SynthesisOptions(speed=0.0)


@pytest.mark.parametrize("text", ["", "   ", "?!... ,;", "😀🎉", "Привет мир", "\x00\x07"])
def test_nothing_pronounceable_gives_silence_not_a_crash(voice_dir: Path, text: str) -> None:
    voice = Voice.load(voice_dir)
    wave = voice.synthesize(text)
    assert wave.dtype == np.float32 and not np.any(wave)


def test_griffin_lim_fallback_and_bare_acoustic_folder(voice_dir: Path, tmp_path: Path) -> None:
    voice = Voice.load(voice_dir / "acoustic")
    assert voice.vocoder_name == "griffin-lim" and voice.name == "acoustic"
    run = tmp_path / "my-run"  # a tts run's model/ is named by its run
    shutil.copytree(voice_dir / "acoustic", run / "model")
    assert Voice.load(run / "model").name == "my-run"
    assert len(voice.synthesize("Yes.")) > 0
    assert Voice.load(voice_dir, vocoder="griffin-lim").vocoder is None


def test_bad_voice_folders_are_named(voice_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(VoiceError, match="no such voice folder"):
        Voice.load(tmp_path / "missing")
    with pytest.raises(VoiceError, match="not a voice"):
        Voice.load(tmp_path)
    enc_cfg = tiny_encoder_config()
    save_model(build_encoder(enc_cfg), tmp_path / "enc", "encoder", enc_cfg)
    with pytest.raises(VoiceError, match="not a TTS acoustic model"):
        Voice.load(tmp_path / "enc")
    with pytest.raises(VoiceError, match="not a vocoder"):
        Voice.load(voice_dir, vocoder=tmp_path / "enc")


def test_say_writes_a_wav_atomically(voice_dir: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out.wav"
    assert main(["say", TWO_SENTENCES, "-o", str(out), "--voice", str(voice_dir)]) == 0
    wave, sr = sf.read(out)
    assert sr == SAMPLE_RATE and len(wave) > 0
    assert "2 sentence(s)" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["out.wav"]  # no temporary left behind
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask


def test_say_marks_where_each_sentence_is(voice_dir: Path, tmp_path: Path, capsys) -> None:
    """--marks: each spoken sentence's text, start and end in the audio written, as JSON lines;
    the pauses between them are silence, and a sentence with nothing to say has no mark."""
    import json

    out, marks = tmp_path / "out.wav", tmp_path / "sub" / "marks.jsonl"
    text = "CITY NEWS\nThe cat sat. It slept.\n\n?! The end."
    argv = ["say", text, "-o", str(out), "--voice", str(voice_dir), "--marks", str(marks)]
    assert main(argv) == 0
    wave, sr = sf.read(out, dtype="float32")
    rows = [json.loads(line) for line in marks.read_text().splitlines()]
    assert [(r["sentence"], r["text"]) for r in rows] == [
        (0, "CITY NEWS"), (1, "The cat sat."), (2, "It slept."), (4, "The end.")
    ]  # fmt: skip
    assert rows[0]["start"] == 0 and rows[-1]["end"] == pytest.approx(len(wave) / sr, abs=1e-3)
    for before, after in zip(rows, rows[1:], strict=False):
        pause = wave[round(before["end"] * sr) : round(after["start"] * sr)]
        assert len(pause) > 0.15 * sr and not pause.any()  # 0.2 s, or 0.6 s at a paragraph
    assert main(argv[:-1] + [str(out)]) == 1  # the marks onto the audio: refused
    assert "--marks and -o are the same file" in capsys.readouterr().err


def test_say_writes_a_file_whose_name_is_not_utf8(voice_dir: Path, tmp_path: Path) -> None:
    """A name from a Latin-1 shell (undecodable bytes reach Python as surrogates)."""
    out = tmp_path / "caf\udce9.wav"
    assert main(["say", "Hello.", "-o", str(out), "--voice", str(voice_dir)]) == 0
    with open(out, "rb") as fh:
        assert sf.info(fh).samplerate == SAMPLE_RATE
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary left behind


def test_say_reads_files_and_rejects_bad_text(voice_dir: Path, tmp_path: Path, capsys) -> None:
    text = tmp_path / "in.txt"
    text.write_text("One. Two. Three.", encoding="utf-8")
    out = tmp_path / "out.flac"
    args = ["say", "--file", str(text), "-o", str(out), "--voice", str(voice_dir)]
    assert main(args) == 0
    assert sf.info(out).samplerate == SAMPLE_RATE
    text.write_bytes(b"caf\xe9 latin-1")
    out.write_bytes(b"old")
    assert main(args) == 1
    assert "not UTF-8" in capsys.readouterr().err
    assert out.read_bytes() == b"old"  # a failed run never touches the old file
    assert main(["say", "x", "-o", str(tmp_path), "--voice", str(voice_dir)]) == 1
    assert "is a directory" in capsys.readouterr().err
    assert main(["say", "x", "-o", str(tmp_path / "a.xyz"), "--voice", str(voice_dir)]) == 1
    assert main(["say", "x", "-o", str(tmp_path / "a.sd2"), "--voice", str(voice_dir)]) == 1
    assert "unsupported audio format '.sd2'" in capsys.readouterr().err  # libsndfile's, unreadable
    assert main(["say", "x", "-o", str(out), "--voice", str(tmp_path / "nope")]) == 1
    assert "no such voice folder" in capsys.readouterr().err


def test_say_only_punctuation_writes_silence_and_warns(voice_dir: Path, tmp_path: Path, capsys):
    out = tmp_path / "out.wav"
    assert main(["say", "...", "-o", str(out), "--voice", str(voice_dir)]) == 0
    wave, _ = sf.read(out)
    assert len(wave) > 0 and not np.any(wave)
    assert "nothing pronounceable" in capsys.readouterr().err


PANGRAM = "The quick brown fox jumps over the lazy dog."


def test_stream_is_lazy_first_audio_before_the_rest_is_made(voice_dir: Path) -> None:
    voice = Voice.load(voice_dir)
    calls = []
    real_mel = voice.mel
    voice.mel = lambda sentence: calls.append(sentence) or real_mel(sentence)
    stream = voice.stream(" ".join([PANGRAM] * 1200))  # 10,800 words
    first = next(stream)
    assert len(first) > 0 and calls == [PANGRAM]


@pytest.mark.parametrize("sentences", [40, pytest.param(1200, marks=pytest.mark.slow)])
def test_say_streams_raw_pcm_to_stdout(voice_dir: Path, sentences: int) -> None:
    text = " ".join([PANGRAM] * sentences)  # 9 words a sentence: 1200 -> 10,800 words
    code = "from yuyin.cli import main; import sys; sys.exit(main(sys.argv[1:]))"
    proc = subprocess.run(
        [sys.executable, "-c", code, "say", "-o", "-", "--voice", str(voice_dir), "--quiet"],
        input=text.encode(),
        capture_output=True,
        check=True,
    )
    pcm = np.frombuffer(proc.stdout, dtype="<i2")
    assert len(pcm) > sentences * HOP_LENGTH and proc.stderr == b""


def test_say_streams_the_same_samples_as_it_writes_to_a_file(voice_dir: Path, tmp_path) -> None:
    code = "from yuyin.cli import main; import sys; sys.exit(main(sys.argv[1:]))"
    said = [sys.executable, "-c", code, "say", PANGRAM * 2, "--voice", str(voice_dir), "--quiet"]
    stream = subprocess.run([*said, "-o", "-"], capture_output=True, check=True).stdout
    subprocess.run([*said, "-o", str(tmp_path / "x.wav")], check=True)
    wav, _ = sf.read(tmp_path / "x.wav", dtype="int16")
    assert np.array_equal(np.frombuffer(stream, dtype="<i2"), wav)  # one float -> int16 rounding


def test_voice_pronounces_with_the_g2p_it_is_given(voice_dir: Path) -> None:
    from yuyin.text.g2p import G2P
    from yuyin.text.lexicon import Lexicon

    class Counting(G2P):
        asked: list[str] = []

        def words(self, words: Sequence[str]) -> list[list[str]]:
            Counting.asked.extend(words)
            return super().words(words)

    voice = Voice.load(voice_dir, g2p=Counting(Lexicon({"cat": [["K", "AE1", "T"]]})))
    assert voice.mel("Cat!").shape[0] > 0 and Counting.asked == ["Cat"]


def test_say_with_a_bad_fst_folder_fails_before_writing(voice_dir: Path, tmp_path: Path, capsys):
    out = tmp_path / "out.wav"
    args = ["say", "zorblat", "-o", str(out), "--voice", str(voice_dir), "--fst", str(tmp_path)]
    assert main(args) == 1
    assert "not a joint-sequence model" in capsys.readouterr().err and not out.exists()


def test_pack_voice_never_wipes_a_folder_that_is_not_a_voice(voice_dir: Path, tmp_path: Path):
    acoustic = voice_dir / "acoustic"
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "precious.txt").write_text("keep")
    with pytest.raises(VoiceError, match="not empty and not a voice folder"):
        pack_voice(acoustic, busy)
    assert (busy / "precious.txt").read_text() == "keep"
    with pytest.raises(VoiceError, match="which it would be replaced with"):
        pack_voice(acoustic, voice_dir)  # the run (here: voice) folder holding the model
    assert pack_voice(acoustic, tmp_path / "again") == tmp_path / "again"  # new: fine
    assert pack_voice(acoustic, tmp_path / "again").is_dir()  # a voice folder: replaced


def test_a_model_that_gives_no_frames_is_named_not_the_text(voice_dir: Path, monkeypatch):
    voice = Voice.load(voice_dir)
    no_frames = lambda symbols, speed, speaker: torch.zeros(0, 80)  # noqa: E731
    monkeypatch.setattr(voice.acoustic, "synthesize", no_frames)
    with pytest.raises(VoiceError, match="acoustic model gave no frames"):
        voice.synthesize("Hello there.")
    silence = voice.synthesize("?!")  # nothing to pronounce: silence, as before
    assert len(silence) == round(voice.options.sentence_gap_s * SAMPLE_RATE) and not silence.any()


def test_words_in_other_scripts_and_unpronounceable_text_are_warned(voice_dir: Path, caplog):
    from yuyin.voice import unspoken_words

    assert unspoken_words("Hello 世界, Привет café naïve 42") == ["世界", "Привет"]
    voice = Voice.load(voice_dir)
    with caplog.at_level("WARNING", logger="yuyin.voice"):
        assert voice.synthesize("Hello 世界, Привет.").size > 0
        assert not voice.synthesize("?!").any()
    assert "2 word(s) in other scripts are left out (世界, Привет)" in caplog.text
    assert "nothing pronounceable in '?!': silence" in caplog.text
    caplog.clear()
    with caplog.at_level("WARNING", logger="yuyin.voice"):
        voice.synthesize("Hello there, café.")
    assert caplog.text == ""


def test_tts_pack_assembles_a_voice_that_say_speaks(voice_dir: Path, tmp_path: Path, capsys):
    from yuyin.cli import main

    root = voice_dir.parent
    out = tmp_path / "me"
    assert (
        main(
            [
                "tts",
                "pack",
                str(root / "acoustic"),
                "--vocoder",
                str(root / "vocoder"),
                "-o",
                str(out),
            ]
        )
        == 0
    )
    assert f"yuyin say --voice {out}" in capsys.readouterr().out
    assert Voice.load(out).vocoder is not None and (out / "voice.json").is_file()
    assert main(["say", "Hello.", "--voice", str(out), "-o", str(tmp_path / "x.wav")]) == 0
    assert (tmp_path / "x.wav").stat().st_size > 44
    capsys.readouterr()
    assert main(["tts", "pack", str(root / "vocoder"), "-o", str(tmp_path / "bad")]) == 1
    assert "a model of kind 'vocoder', not a TTS acoustic model" in capsys.readouterr().err


def test_a_voice_without_a_vocoder_warns_once_that_griffin_lim_speaks(
    voice_dir: Path, tmp_path: Path, caplog
) -> None:
    """The fallback is much worse audio: say so, and how to add a vocoder (it was silent)."""
    import shutil

    bare = shutil.copytree(voice_dir / "acoustic", tmp_path / "acoustic")  # a tts train model
    unpacked = pack_voice(bare, tmp_path / "no-vocoder")  # a voice packed without --vocoder

    def griffin_lim_warnings(*args: str) -> list[str]:
        caplog.clear()
        with caplog.at_level("WARNING", logger="yuyin.voice"):
            assert main(["say", "Hi.", "-o", str(tmp_path / "x.wav"), "--quiet", *args]) == 0
        return [r.getMessage() for r in caplog.records if "Griffin-Lim" in r.getMessage()]

    assert griffin_lim_warnings("--voice", str(bare), "--vocoder", "griffin-lim") == []  # asked
    assert griffin_lim_warnings("--voice", str(voice_dir)) == []  # its own vocoder
    for folder, acoustic in ((bare, bare), (unpacked, unpacked / "acoustic")):
        (warning,) = griffin_lim_warnings("--voice", str(folder))
        assert "no vocoder: Griffin-Lim makes its waveform" in warning
        assert "--vocoder DIR" in warning
        assert f"yuyin tts pack {acoustic} --vocoder VOCODER -o VOICE" in warning
    caplog.clear()
    with caplog.at_level("WARNING", logger="yuyin.voice"):
        Voice.load(bare).synthesize("Hi.")  # the same model again: warned once is enough
    assert "Griffin-Lim" not in caplog.text


def test_tts_pack_takes_the_bundled_vocoder_and_a_voice_folder(
    voice_dir: Path, tmp_path: Path, capsys
):
    from yuyin.cli import main

    out = tmp_path / "mine"  # an acoustic model adapted elsewhere, spoken by the shipped vocoder
    assert main(["tts", "pack", str(voice_dir.parent / "acoustic"), "--vocoder", "bundled"]
                + ["-o", str(out)]) == 0  # fmt: skip
    shipped = Path(yuyin.voice.vocoder_folder("bundled"))
    assert (out / "vocoder" / "model.safetensors").read_bytes() == (
        shipped / "model.safetensors"
    ).read_bytes()
    again = tmp_path / "again"  # a voice folder names its own acoustic model and vocoder
    assert main(["tts", "pack", str(out), "--vocoder", str(out), "-o", str(again)]) == 0
    assert Voice.load(again).vocoder is not None


def test_a_voice_without_a_vocoder_is_named_as_such(voice_dir: Path, tmp_path: Path, capsys):
    from yuyin.cli import main

    plain = tmp_path / "plain"  # packed without --vocoder: Griffin-Lim speaks it
    assert main(["tts", "pack", str(voice_dir.parent / "acoustic"), "-o", str(plain)]) == 0
    capsys.readouterr()
    assert (
        main(["tts", "pack", str(plain), "--vocoder", str(plain), "-o", str(tmp_path / "x")]) == 1
    )
    assert "a voice without a vocoder" in capsys.readouterr().err


def test_a_multi_speaker_voice_speaks_each_speaker_by_name_or_id(tmp_path: Path, capsys):
    from dummies import make_tiny_voice
    from yuyin.cli import main

    folder = make_tiny_voice(tmp_path / "ms", speakers=["kal", "slt"])
    by_name = Voice.load(folder, options=SynthesisOptions(speaker="slt")).mel("Hello.")
    by_id = Voice.load(folder, options=SynthesisOptions(speaker=1)).mel("Hello.")
    first = Voice.load(folder).mel("Hello.")
    assert torch.equal(by_name, by_id) and not torch.equal(by_name, first)
    with pytest.raises(VoiceError, match="has no speaker 'joe'; it has: 0 kal, 1 slt"):
        Voice.load(folder, options=SynthesisOptions(speaker="joe")).mel("Hello.")
    with pytest.raises(TypeError, match="speaker must be an id"):
        SynthesisOptions(speaker=1.5)
    out = tmp_path / "x.wav"
    assert main(["say", "Hello.", "--voice", str(folder), "--speaker", "slt", "-o", str(out)]) == 0
    assert main(["say", "Hi.", "--voice", str(folder), "--speaker", "2", "-o", str(out)]) == 1
    assert "has no speaker 2; it has: 0 kal, 1 slt" in capsys.readouterr().err
    mel = tmp_path / "m.npy"  # tts mel takes names too
    args = ["tts", "mel", "Hello.", "--model", str(folder), "--speaker", "slt", "-o", str(mel)]
    assert main(args) == 0
    assert np.allclose(np.load(mel), by_name.numpy(), atol=1e-5)


def test_synthesize_takes_a_speaker(tmp_path: Path):
    from dummies import make_tiny_voice

    folder = make_tiny_voice(tmp_path / "ms", speakers=["kal", "slt"])
    voice = Voice.load(folder)
    by_name, rate = yuyin.synthesize("Hello.", voice, speaker="slt")
    by_id, _ = yuyin.synthesize("Hello.", voice, speaker=1)
    assert rate == 16000 and np.array_equal(by_name, by_id)
    assert voice.options.speaker == 0  # the caller's voice is left as it was
    with pytest.raises(TypeError, match="speaker must be an id"):
        yuyin.synthesize("Hello.", voice, speaker=[1])
    by_numpy, _ = yuyin.synthesize("Hello.", voice, speaker=np.int64(1))  # as speed takes numpy
    assert np.array_equal(by_numpy, by_id) and SynthesisOptions(speaker=np.int64(1)).speaker == 1
    unnamed = make_tiny_voice(tmp_path / "unnamed", speakers=["", "slt"])
    with pytest.raises(VoiceError, match=r"it has: 0 \(no name\), 1 slt"):
        Voice.load(unnamed, options=SynthesisOptions(speaker="joe")).mel("Hello.")


def test_packing_a_voice_keeps_its_vocoder_and_dropping_one_is_warned(
    voice_dir: Path, tmp_path: Path, capsys
):
    from safetensors.torch import load_file

    from yuyin.cli import main

    out = tmp_path / "mine"  # "bundled" names a whole voice: its vocoder comes along
    assert main(["tts", "pack", "bundled", "-o", str(out)]) == 0
    assert "with the vocoder of bundled" in capsys.readouterr().err
    weights = load_file(str(out / "vocoder" / "model.safetensors"))
    # a new acoustic model packed into it keeps the vocoder it had (an audit lost a trained one)
    assert main(["tts", "pack", str(voice_dir.parent / "acoustic"), "-o", str(out)]) == 0
    assert f"with the vocoder {out} had (--no-vocoder drops it)" in capsys.readouterr().err
    kept = load_file(str(out / "vocoder" / "model.safetensors"))
    assert kept.keys() == weights.keys() and all(kept[k].equal(weights[k]) for k in kept)
    args = ["tts", "pack", str(voice_dir.parent / "acoustic"), "-o", str(out), "--no-vocoder"]
    assert main(args) == 0
    assert "had a vocoder; the voice now speaks with Griffin-Lim" in capsys.readouterr().err
    assert not (out / "vocoder").exists()
    assert main([*args, "--vocoder", "bundled"]) == 2


def test_a_speaker_is_found_by_its_voice_name_without_the_engine(tmp_path: Path) -> None:
    """Synthesized corpora name speakers "festival-slt", "piper-joe": "slt" finds the one whose
    name ends so; a short name two speakers share is no speaker."""
    from dummies import make_tiny_voice

    folder = make_tiny_voice(tmp_path / "ms", speakers=["festival-kal", "festival-slt", "x-slt"])
    voice = Voice.load(folder)
    assert speaker_index(voice.acoustic, "kal", "v") == 0
    assert speaker_index(voice.acoustic, "festival-slt", "v") == 1
    with pytest.raises(VoiceError, match="has no speaker 'slt'"):
        speaker_index(voice.acoustic, "slt", "v")
    with pytest.raises(VoiceError, match="has no speaker 'al'"):
        speaker_index(voice.acoustic, "al", "v")


def test_voice_pack_imports_on_its_own() -> None:
    """A fresh interpreter imports yuyin.voice_pack first (its circular import with yuyin.voice
    had failed a review's plain `import yuyin.voice_pack`), and pack_voice from either module."""

    code = (
        "import yuyin.voice_pack, yuyin.voice; "
        "assert yuyin.voice.pack_voice is yuyin.voice_pack.pack_voice"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
