"""CLI error messages that say what is wrong and what to do, and a closed pipe that is none."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import yuyin.cli.transcribe as transcribe_cli
from dummies import make_tiny_voice, tone
from yuyin.audio import AudioError, load_audio, save_audio
from yuyin.cli import main

PCM16_MAX = 32767  # float [-1, 1] -> 16-bit samples, as `say -o -` writes them
MAIN = "from yuyin.cli import main; import sys; sys.exit(main(sys.argv[1:]))"


class _Decoder:
    """A recognizer stand-in that only decodes the audio, as the real one does first."""

    def transcribe(self, path: Path, name: str | None = None):  # noqa: ANN201 (never returns)
        load_audio(path)
        raise AssertionError(f"{path} was decoded")


def _stdin(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def test_say_fst_that_is_no_folder_is_named_so(tmp_path, capsys) -> None:
    out = tmp_path / "out.wav"
    missing = tmp_path / "nosuch"
    assert main(["say", "hi", "-o", str(out), "--fst", str(missing)]) == 1
    err = capsys.readouterr().err
    assert err == f"error: {missing}: no such folder (--fst names a `yuyin g2p train-fst` folder)\n"
    (tmp_path / "file").write_text("x")
    assert main(["say", "hi", "-o", str(out), "--fst", str(tmp_path / "file")]) == 1
    assert "file: is a file, not a folder" in capsys.readouterr().err and not out.exists()


def test_say_file_that_is_a_folder_is_named_so(tmp_path, capsys) -> None:
    assert main(["say", "--file", str(tmp_path), "-o", str(tmp_path / "out.wav")]) == 1
    assert capsys.readouterr().err == f"error: {tmp_path}: is a folder, not a text file\n"


def test_undecodable_audio_is_reported_without_ffmpegs_errno(tmp_path) -> None:
    junk = tmp_path / "junk.wav"
    junk.write_bytes(np.random.default_rng(0).bytes(5000))
    with pytest.raises(AudioError) as caught:
        load_audio(junk)
    assert str(caught.value).startswith(f"{junk}: not a readable audio file (")
    assert "Errno" not in str(caught.value) and "'junk.wav'" not in str(caught.value)


def test_transcribe_of_empty_stdin_says_so(monkeypatch, capsys) -> None:
    monkeypatch.setattr(transcribe_cli, "_recognizer", lambda args, **kwargs: _Decoder())
    _stdin(monkeypatch, b"")
    assert main(["transcribe", "-"]) == 1
    assert "error: -: standard input is empty" in capsys.readouterr().err


def test_raw_pcm_on_stdin_says_it_has_no_header_and_what_to_do(monkeypatch, capsys) -> None:
    """What `yuyin say -o -` writes, piped into `yuyin transcribe -`."""
    monkeypatch.setattr(transcribe_cli, "_recognizer", lambda args, **kwargs: _Decoder())
    pcm = np.round(tone(1.0, 300.0) * PCM16_MAX).astype("<i2").tobytes()
    _stdin(monkeypatch, pcm)
    assert main(["transcribe", "-"]) == 1
    err = capsys.readouterr().err
    assert "error: -: not a readable audio file: standard input holds no audio file header" in err
    assert "`yuyin say ... -o speech.wav`" in err


def test_a_corrupt_file_with_a_header_on_stdin_keeps_the_decoders_reason(
    tmp_path, monkeypatch, capsys
) -> None:
    monkeypatch.setattr(transcribe_cli, "_recognizer", lambda args, **kwargs: _Decoder())
    wav = save_audio(tmp_path / "x.wav", tone(1.0, 300.0)).read_bytes()
    _stdin(monkeypatch, wav[:12] + b"\x00" * 40)  # RIFF/WAVE, then no valid chunk
    assert main(["transcribe", "-"]) == 1
    err = capsys.readouterr().err
    assert "error: -: " in err and "no audio file header" not in err


def test_say_to_a_pipe_closed_early_exits_quietly(tmp_path) -> None:
    """`yuyin say -o - | head -c 1000`: the reader leaving is no error (exit 0, nothing said)."""
    voice = make_tiny_voice(tmp_path)
    text = " ".join(["The quick brown fox jumps over the lazy dog."] * 200)
    args = ["say", text, "-o", "-", "--voice", str(voice)]
    proc = subprocess.Popen(
        [sys.executable, "-c", MAIN, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert len(proc.stdout.read(1000)) == 1000
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == 0 and err == b""


def test_threads_sets_the_torch_thread_count_and_refuses_nonsense(capsys) -> None:
    import torch

    before = torch.get_num_threads()
    target = 1 if before != 1 else 2
    try:
        assert main(["--threads", str(target), "transcribe", ""]) == 1  # an empty path: one error
        assert torch.get_num_threads() == target
    finally:
        torch.set_num_threads(before)
    # 0 is torch's own count, as the g2p and vocoder commands' --threads 0 (it had been refused)
    assert main(["--threads", "0", "transcribe", ""]) == 1 and torch.get_num_threads() == before
    for bad in ("-2", "two"):
        with pytest.raises(SystemExit) as exc:
            main(["--threads", bad, "transcribe", "x.wav"])
        assert exc.value.code == 2
        assert "--threads" in capsys.readouterr().err


def test_yuyins_own_warnings_print_as_one_line_and_others_as_python_does(capsys) -> None:
    import yuyin.cli as cli

    seen = []
    inside = str(Path(cli.__file__).parent.parent / "train" / "loop.py")
    cli._show_warning(seen.append, UserWarning("sampler state is for 40"), UserWarning, inside, 338)
    assert capsys.readouterr().err == "warning: sampler state is for 40\n" and seen == []
    cli._show_warning(lambda *a: seen.append(a[2]), "old", DeprecationWarning, "/x/torch/a.py", 1)
    assert seen == ["/x/torch/a.py"] and capsys.readouterr().err == ""


def test_a_file_where_a_folder_of_the_output_should_be_is_named(tmp_path, capsys) -> None:
    (tmp_path / "keep.flac").write_bytes(b"audio")  # a file the user meant to keep
    out = tmp_path / "keep.flac" / "a" / "x.wav"
    with pytest.raises(AudioError, match=r"keep.flac is a file, not a folder"):
        save_audio(out, np.zeros(800, np.float32))
    assert main(["say", "Hi", "-o", str(tmp_path / "keep.flac" / "x.wav")]) == 1
    assert "keep.flac is a file, not a folder" in capsys.readouterr().err
    assert (tmp_path / "keep.flac").read_bytes() == b"audio"


def test_threads_may_follow_the_command() -> None:
    from yuyin.cli import build_parser

    parser = build_parser()
    assert parser.parse_args(["transcribe", "--threads", "2", "x.wav"]).torch_threads == 2
    assert parser.parse_args(["--threads", "3", "transcribe", "x.wav"]).torch_threads == 3
    assert parser.parse_args(["transcribe", "x.wav"]).torch_threads is None
    nested = ["data", "import", "folder", "d", "-o", "m.jsonl", "--threads", "1"]
    assert parser.parse_args(nested).torch_threads == 1
    own = parser.parse_args(["vocoder", "resynth", "x.wav", "-o", "y.wav", "--threads", "4"])
    assert own.threads == 4 and own.torch_threads is None  # a command's own --threads stays
    # 0 is torch's default everywhere, as the commands with their own --threads take it
    assert parser.parse_args(["--threads", "0", "transcribe", "x.wav"]).torch_threads == 0
    assert parser.parse_args(["align", "m.jsonl", "--threads", "0"]).torch_threads == 0
    with pytest.raises(SystemExit):
        parser.parse_args(["transcribe", "--threads", "-1", "x.wav"])


def test_negative_numbers_with_an_exponent_are_values_not_options(capsys):
    """`--unk-offset -1e4` (it needed `=`: "expected one argument"), in commands and in the
    sub-commands of a group; a word after the option is still not taken for its value."""
    from yuyin.cli import build_parser

    parser = build_parser()
    for value, number in (("-1e4", -1e4), ("-2.5E+1", -25.0), ("-.5", -0.5), ("-3", -3.0)):
        args = parser.parse_args(["transcribe", "--unk-offset", value, "a.wav"])
        assert args.unk_offset == number and args.paths == ["a.wav"]
        args = parser.parse_args(["eval", "--model", "m", "--word-bonus", value, "t.jsonl"])
        assert args.word_bonus == number
    with pytest.raises(SystemExit):
        parser.parse_args(["transcribe", "--unk-offset", "-x", "a.wav"])
    assert "expected one argument" in capsys.readouterr().err


def test_a_mistyped_option_is_said_with_its_commands_usage(capsys) -> None:
    """argparse's top-level parser had said it, with `usage: yuyin [-h] [--threads N] ...`."""
    for argv, command, unknown in (
        (["transcribe", "--beem", "8", "x.wav"], "yuyin transcribe", "--beem"),
        (["g2p", "train-fst", "--out", "x", "--resume"], "yuyin g2p train-fst", "--resume"),
        (["data", "synth", "-o", "x", "--hourz", "1"], "yuyin data synth", "--hourz 1"),
    ):
        with pytest.raises(SystemExit) as stop:
            main(argv)
        assert stop.value.code == 2
        err = capsys.readouterr().err
        assert err.startswith(f"usage: {command} ")
        assert f"{command}: error: unrecognized arguments: {unknown}\n" in err


def test_a_manifest_given_as_audio_and_audio_given_as_a_manifest_are_named(tmp_path, capsys):
    """`transcribe m.jsonl` had said only "not a readable audio file", `eval clip.wav` only
    "not UTF-8 text"."""
    manifest = tmp_path / "mine.jsonl"
    manifest.write_text('{"id": "a"}\n')
    assert main(["transcribe", str(manifest)]) == 1
    assert (
        "a text file, not audio (`yuyin eval` and `finetune` take manifests)"
        in capsys.readouterr().err
    )
    clip = tmp_path / "clip.wav"
    save_audio(clip, tone(0.5, 440.0))
    for argv in (
        ["eval", str(clip)],
        ["finetune", "--train", str(clip), "--out", str(tmp_path / "r")],
    ):
        assert main(argv) == 1
        assert f"error: {clip}: an audio file, not a manifest" in capsys.readouterr().err


def test_a_wav_that_would_pass_4_gib_is_refused_and_long_text_writes_rf64(
    tmp_path, capsys, monkeypatch
) -> None:
    """A .wav's sizes are 32-bit: 37 h of audio wrapped its header around and readers lost the
    rest. Text long enough to come near is written as RF64; audio that passes the limit anyway
    stops with one error line, and the old file stays."""
    import soundfile as sf

    import yuyin.cli.say as say_cli

    voice = make_tiny_voice(tmp_path / "voice")
    old = tmp_path / "old.wav"
    save_audio(old, tone(0.1, 440.0), 16000)
    before = old.read_bytes()
    monkeypatch.setattr(say_cli, "WAV_MAX_DATA_BYTES", 2 * 800)  # 800 samples, 50 ms
    argv = ["say", "--voice", str(voice), "Hello there.", "How are you?", "-o", str(old)]
    assert main(argv) == 0  # the text's estimate passes half the limit: RF64
    assert old.read_bytes()[:4] == b"RF64" and " as RF64 in " in capsys.readouterr().err
    save_audio(old, tone(0.1, 440.0), 16000)
    monkeypatch.setattr(say_cli, "SECONDS_PER_CHARACTER", 0.0)  # the estimate falls short
    assert main(argv) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith(f"error: {old}: the audio passed the 0.0 h a .wav file holds")
    assert old.read_bytes() == before and sorted(tmp_path.iterdir()) == [old, tmp_path / "voice"]

    long_text = "Hello there. " * 2  # 26 characters: 2.6 s at 0.1 s each, past half of 50 ms
    out = tmp_path / "long.wav"
    sink = say_cli._Sink(str(out), 16000, expected_seconds=len(long_text) * 0.1)  # as run_say
    assert sink.rf64
    sink.write(np.zeros(8000, dtype=np.float32))  # RF64 has no 32-bit limit to check
    sink.close(keep=True)
    assert out.read_bytes()[:4] == b"RF64" and sf.info(str(out)).frames == 8000
    short = say_cli._Sink(str(tmp_path / "short.wav"), 16000, expected_seconds=0.01)
    assert not short.rf64
    short.close(keep=False)
