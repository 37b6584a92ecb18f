"""Path arguments of the CLI: an empty one (an unset ``"$FILE"``) is never the current folder."""

from __future__ import annotations

from pathlib import Path

import pytest

import yuyin.cli.transcribe as transcribe_cli
from dummies import tone
from yuyin.audio import save_audio
from yuyin.cli import main


class _Recorder:
    """A recognizer stand-in that notes the files it is asked to transcribe."""

    def __init__(self) -> None:
        self.seen: list[Path] = []

    def transcribe(self, path: Path):  # noqa: ANN201 (never reached in these tests)
        self.seen.append(Path(path))
        raise AssertionError(f"transcribed {path}")


def test_transcribe_of_an_empty_path_is_a_per_file_error(tmp_path, monkeypatch, capsys) -> None:
    save_audio(tmp_path / "here.wav", tone(0.5, 300.0))
    recognizer = _Recorder()
    monkeypatch.setattr(transcribe_cli, "_recognizer", lambda args, **kwargs: recognizer)
    monkeypatch.chdir(tmp_path)  # "" must not be read as ".", this folder
    assert main(["transcribe", ""]) == 1
    err = capsys.readouterr().err
    assert err == "error: empty path (an unset variable?)\n1 of 1 file(s) failed\n"
    assert recognizer.seen == []
    (tmp_path / "here.wav").unlink()  # an empty folder: no "no audio file found in  (...)"
    assert main(["transcribe", ""]) == 1
    assert "no audio file found" not in capsys.readouterr().err


@pytest.mark.parametrize(
    "args",
    [
        ["eval", ""],
        ["pseudo-label", "", "-o", "out.jsonl"],
        ["pseudo-label", "in.jsonl", "-o", ""],
        ["classify", "x.wav", "--model", ""],
        ["say", "hello", "-o", ""],
        ["say", "--file", "", "-o", "out.wav"],
        ["say", "hello", "-o", "out.wav", "--voice", ""],
        ["say", "hello", "-o", "out.wav", "--vocoder", ""],
        ["data", "import", "folder", "", "-o", "out.jsonl"],
        ["data", "import", "folder", "corpus", "-o", ""],
        ["data", "split", "in.jsonl", "-o", ""],
        ["lm", "arpa", "--text", "", "-o", "x.arpa"],
        ["lm", "arpa", "--text", "in.txt", "-o", ""],
        ["transcribe", "x.wav", "--lm", "", "--beam", "4"],
        ["vocoder", "resynth", "", "-o", "out.wav"],
        ["tts", "mel", "hello", "--model", "m", "-o", ""],
        ["finetune", "--train", "", "--out", "run"],
        ["finetune", "--train", "t.jsonl", "--out", "run", "--pretrained", ""],
        ["pretrain", "--data", "", "--out", "run"],
    ],
)
def test_an_empty_path_argument_is_a_usage_error(args, tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as stop:
        main(args)
    assert stop.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1].endswith("empty path (an unset variable?)")
    assert list(tmp_path.iterdir()) == []  # nothing written
