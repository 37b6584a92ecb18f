"""Subtitles from word timings (`yuyin.subtitles`, `yuyin transcribe --subtitles`)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import yuyin
from yuyin.cli import main
from yuyin.subtitles import (
    MAX_LINE_CHARS,
    MIN_CUE_SECONDS,
    Cue,
    format_subtitles,
    subtitle_cues,
    write_subtitles,
)
from yuyin.transcribe import Transcript, Word

CLIP = Path(yuyin.__file__).parent / "assets" / "audio" / "golden.wav"
SRT_TIME = re.compile(r"^\d\d:\d\d:\d\d,\d\d\d --> \d\d:\d\d:\d\d,\d\d\d$")


def spoken(text: str, start: float = 0.0, step: float = 0.3, gaps: dict | None = None) -> list:
    """Words of ``text`` one after another, ``step`` s each; ``gaps[i]`` adds a pause before
    word i."""
    words, t = [], start
    for i, w in enumerate(text.split()):
        t += (gaps or {}).get(i, 0.0)
        words.append(Word(w, t, t + step - 0.05, 0.9))
        t += step
    return words


def test_a_pause_starts_a_new_cue_and_short_cues_stay_up_a_while() -> None:
    words = spoken("hello there general kenobi", gaps={2: 1.5})
    first, second = subtitle_cues(words)
    assert first.lines == ("hello there",) and second.lines == ("general kenobi",)
    assert first.start == 0.0 and first.end == pytest.approx(MIN_CUE_SECONDS)  # 0.55 s of words
    assert second.start == pytest.approx(2.1) and second.end == pytest.approx(2.8)


def test_a_short_cue_is_not_stretched_over_the_next_words() -> None:
    words = [Word("a", 0.0, 0.1, 1.0), Word("b", 2.0, 2.2, 1.0)]
    assert subtitle_cues(words, max_gap=0.5)[0].end == pytest.approx(MIN_CUE_SECONDS)
    close = [Word("a", 0.0, 0.1, 1.0), Word("b", 0.4, 0.5, 1.0)]
    assert subtitle_cues(close, max_gap=0.2)[0].end == pytest.approx(0.4)  # up to b, not past


def test_cues_hold_two_balanced_lines_and_no_more_than_the_time_limit() -> None:
    text = " ".join(f"word{i:02d}" for i in range(40))  # 6-character words, 0.3 s each
    cues = subtitle_cues(spoken(text), max_seconds=3.0)
    assert " ".join(" ".join(c.lines) for c in cues) == text  # every word once, in order
    for cue in cues:
        assert len(cue.lines) <= 2 and all(len(line) <= MAX_LINE_CHARS for line in cue.lines)
        assert cue.end - cue.start <= 3.0 + 1e-9
    assert cues[0].lines == (
        "word00 word01 word02 word03 word04",
        "word05 word06 word07 word08 word09",
    )
    by_chars = subtitle_cues(spoken(text, step=0.05))  # fast speech: the characters limit
    assert len(by_chars[0].lines) == 2 and len(by_chars) == 40 // 12 + 1


def test_a_word_longer_than_a_line_has_a_line_of_its_own() -> None:
    long = "x" * (MAX_LINE_CHARS + 10)
    cues = subtitle_cues(spoken(f"a {long} b"))
    assert [line for c in cues for line in c.lines] == ["a", long, "b"]


def test_srt_and_vtt_text() -> None:
    cues = [Cue(0.0, 1.5, ("hello",)), Cue(3661.25, 3662.0, ("one", "two"))]
    assert format_subtitles(cues, "srt") == (
        "1\n00:00:00,000 --> 00:00:01,500\nhello\n\n2\n01:01:01,250 --> 01:01:02,000\none\ntwo\n"
    )
    assert format_subtitles(cues, "vtt") == (
        "WEBVTT\n\n00:00:00.000 --> 00:00:01.500\nhello\n\n"
        "01:01:01.250 --> 01:01:02.000\none\ntwo\n"
    )
    assert format_subtitles([], "srt") == "" and format_subtitles([], "vtt") == "WEBVTT\n\n"
    with pytest.raises(ValueError, match="srt, vtt"):
        format_subtitles(cues, "ass")


def test_write_subtitles_takes_the_format_from_the_suffix(tmp_path: Path) -> None:
    transcript = Transcript("x.wav", "hi there", tuple(spoken("hi there")))
    assert write_subtitles(transcript, tmp_path / "x.VTT").read_text().startswith("WEBVTT\n")
    with pytest.raises(ValueError, match=r"x.txt: subtitles are written as .srt or .vtt"):
        write_subtitles(transcript, tmp_path / "x.txt")


def test_transcribe_writes_subtitles_of_the_golden_clip(tmp_path: Path, capsys) -> None:
    out = tmp_path / "subs"
    assert main(["transcribe", str(CLIP), "--subtitles", "srt", "--output-dir", str(out)]) == 0
    text = capsys.readouterr().out.split("\t", 1)[1].strip()
    blocks = (out / "golden.srt").read_text().strip().split("\n\n")
    assert [b.split("\n")[0] for b in blocks] == [str(i) for i in range(1, len(blocks) + 1)]
    assert all(SRT_TIME.match(b.split("\n")[1]) for b in blocks)
    assert " ".join(line for b in blocks for line in b.split("\n")[2:]) == text  # every word


def test_two_files_of_one_name_do_not_overwrite_each_others_subtitles(
    tmp_path: Path, capsys
) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "clip.wav").write_bytes(CLIP.read_bytes())
    argv = ["transcribe", str(tmp_path / "a"), str(tmp_path / "b"), "--subtitles", "vtt"]
    assert main([*argv, "--output-dir", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "b/clip.wav: its subtitles would overwrite" in err and "1 of 2 file(s) failed" in err
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["clip.vtt"]


def test_a_cue_stays_up_long_enough_to_read_when_there_is_room() -> None:
    from yuyin.subtitles import MAX_CHARS_PER_SECOND, subtitle_cues

    fast = [Word("extraordinarily", 0.0, 0.4, 1.0), Word("quick", 0.4, 0.6, 1.0)]
    later = [Word("next", 5.0, 5.3, 1.0)]
    first, second = subtitle_cues([*fast, *later])
    assert first.end == round(len("extraordinarily quick") / MAX_CHARS_PER_SECOND, 3)  # 1.05 s
    assert second.start == 5.0
    crowded = subtitle_cues([*fast, Word("next", 1.0, 1.3, 1.0)], max_gap=0.3)
    assert crowded[0].end == 1.0  # never over the next cue's words


def test_a_full_cue_ends_at_the_speakers_last_pause_not_mid_phrase() -> None:
    text = "and so we went down to the river where the boats were waiting for us all"
    words = spoken(text, gaps={8: 0.4})  # a pause before "where" (word 8), under max_gap
    cues = subtitle_cues(words, max_seconds=3.6)  # 12 words fit in a cue by time
    assert " ".join(cues[0].lines) == "and so we went down to the river"  # not "... where the"
    assert " ".join(cues[1].lines).startswith("where the boats")
    assert " ".join(" ".join(c.lines) for c in cues) == text  # every word once, in order
    even = subtitle_cues(spoken(text), max_seconds=3.6)  # no pause to prefer: cut at the limit
    assert len(even[0].lines[0].split() + even[0].lines[-1].split()) == 12


def test_stdin_name_names_piped_audio_and_its_subtitles(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    import io
    import sys

    piped = Path("src/yuyin/assets/audio/golden.wav").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(piped)))
    args = ["transcribe", "--subtitles", "srt", "--output-dir", str(tmp_path)]
    assert main([*args, "--stdin-name", "talks/meeting.wav", "-"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("talks/meeting.wav\t")
    assert (tmp_path / "meeting.srt").is_file() and not (tmp_path / "stdin.srt").exists()
    assert f"subtitles: {tmp_path / 'meeting.srt'}" in err
    # without the name, piped audio is '-' and its subtitles stdin.srt
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(piped)))
    assert main([*args, "-"]) == 0
    assert capsys.readouterr().out.startswith("-\t") and (tmp_path / "stdin.srt").is_file()
    # an error about the piped audio uses the name too
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    assert main(["transcribe", "--stdin-name", "call.wav", "-"]) == 1
    assert "error: call.wav: standard input is empty" in capsys.readouterr().err


def test_stdin_name_without_piped_audio_is_noted(capsys) -> None:
    assert main(["transcribe", "--stdin-name", "x.wav", "src/yuyin/assets/audio/golden.wav"]) == 0
    assert "note: --stdin-name names the audio piped in as -: no - given" in capsys.readouterr().err
