"""Run folders: a run that fails before writing anything leaves no folder it made."""

from __future__ import annotations

import pytest

from yuyin.paths import make_run_dir, run_scope


def test_a_run_that_fails_before_writing_leaves_no_folder_it_made(tmp_path):
    """A folder the run made and left holding only its lock (bad settings, unreadable data) is
    removed; one that was there before, or that the run wrote into, stays."""
    new, mine, wrote = tmp_path / "a" / "b" / "new", tmp_path / "mine", tmp_path / "wrote"
    mine.mkdir()
    for folder in (new, mine, wrote):
        with pytest.raises(ZeroDivisionError), run_scope():
            make_run_dir(folder)
            if folder is wrote:
                (folder / "settings.json").write_text("{}")
            raise ZeroDivisionError
    assert not (tmp_path / "a").exists()  # the parents it made too
    assert mine.is_dir() and wrote.is_dir() and (wrote / "settings.json").is_file()
