"""Path arguments of the CLI: an empty one (an unset ``"$FILE"``) is never the current folder."""

from __future__ import annotations

import os
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


def _spellings(path: Path) -> list[str]:
    """``path`` under other names: ``d/../x``, a symlink to it, a hard link to it."""
    link, hard = path.with_name("link" + path.suffix), path.with_name("hard" + path.suffix)
    link.symlink_to(path.name)
    os.link(path, hard)
    return [str(path), str(path.parent / ".." / path.parent.name / path.name), str(link), str(hard)]


def test_vocoder_resynth_refuses_to_overwrite_its_input(tmp_path, capsys) -> None:
    audio = save_audio(tmp_path / "in.wav", tone(0.5, 300.0))
    before = audio.read_bytes()
    for out in _spellings(audio):
        assert main(["vocoder", "resynth", str(audio), "-o", out, "--griffin-lim"]) == 1
        err = capsys.readouterr().err
        assert err == f"error: {out}: -o is the input audio itself (write the copy elsewhere)\n"
    assert audio.read_bytes() == before


def test_say_refuses_to_overwrite_its_text_file(tmp_path, capsys) -> None:
    text = tmp_path / "notes.wav"  # a text file with an audio name: -o would replace it
    text.write_text("Hello there.", encoding="utf-8")
    for out in _spellings(text):
        assert main(["say", "--file", str(text), "-o", out]) == 1
        assert capsys.readouterr().err == f"error: {out}: -o is the text file itself (--file)\n"
    assert text.read_text(encoding="utf-8") == "Hello there."


def test_data_commands_refuse_to_overwrite_their_manifest_by_any_name(tmp_path, capsys) -> None:
    from dummies import make_tone_corpus

    manifest, _ = make_tone_corpus(tmp_path, n=4)
    before = manifest.read_bytes()
    out = tmp_path / "split"
    out.mkdir()
    os.link(manifest, out / "test.jsonl")  # a hard link: the same file, another path
    assert main(["data", "split", str(manifest), "-o", str(out)]) == 1
    assert "would be overwritten by the split" in capsys.readouterr().err
    for name in _spellings(manifest)[1:]:
        for command in (["subset", "--minutes", "0.01"], ["check"]):
            assert main(["data", command[0], str(manifest), *command[1:], "-o", name]) == 1
            assert "-o is the input manifest itself" in capsys.readouterr().err
    assert manifest.read_bytes() == before
