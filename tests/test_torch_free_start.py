"""The CLI's start and the dictionary path need no torch: ``import yuyin``, ``yuyin --help``
and ``yuyin g2p WORD`` for a word the lexicon lists never import it (~2 s on a small CPU), and
the thread count chosen at start is applied when a command does load it."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest


def _run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_import_help_and_dictionary_words_leave_torch_unloaded() -> None:
    out = _run(
        """
        import contextlib, io, sys
        import yuyin
        from yuyin.cli import build_parser, main
        with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
            build_parser().parse_args(["--help"])
        assert main(["g2p", "hello", "world"]) == 0
        assert main(["--threads", "1", "g2p", "hello"]) == 0
        assert yuyin.as_mono([0.0, 0.5]).dtype.name == "float32"  # the lazy audio functions
        assert callable(yuyin.audio.frame_db) and not hasattr(yuyin, "nothing")  # submodules
        print("torch loaded:", "torch" in sys.modules)
        """
    )
    assert "HH AH0 L OW1" in out
    assert out.strip().endswith("torch loaded: False")


def test_threads_given_at_start_apply_when_torch_loads() -> None:
    out = _run(
        """
        import sys
        from yuyin.cli import main
        assert main(["--threads", "1", "g2p", "hello"]) == 0
        assert "torch" not in sys.modules
        import torch
        print("threads:", torch.get_num_threads())
        """
    )
    assert out.strip().endswith("threads: 1")


def test_when_torch_loads_applies_at_once_when_loaded_and_the_latest_waits() -> None:
    from yuyin.cli._threads import when_torch_loads

    seen = []
    when_torch_loads(lambda torch: seen.append(torch.__name__))  # this process has torch
    assert seen == ["torch"]
    out = _run(
        """
        from yuyin.cli._threads import when_torch_loads
        when_torch_loads(lambda torch: print("first"))
        when_torch_loads(lambda torch: print("second", torch.tensor([1.0]).sum().item()))
        print("before")
        import torch
        import torch  # once only
        """
    )
    assert out.split() == ["before", "second", "1.0"]


@pytest.mark.parametrize("name", ["WEIGHT_DTYPES", "nothing_here"])
def test_hub_weight_dtypes_load_torch_when_asked(name: str) -> None:
    import yuyin.hub

    if name == "WEIGHT_DTYPES":
        assert set(yuyin.hub.WEIGHT_DTYPES) == set(yuyin.hub.WEIGHT_DTYPE_NAMES)
    else:
        with pytest.raises(AttributeError, match="nothing_here"):
            getattr(yuyin.hub, name)


def test_the_chosen_count_waits_past_a_spec_lookup_and_a_failing_apply_is_a_warning() -> None:
    out = _run(
        """
        import importlib.util, os
        os.environ.pop("OMP_NUM_THREADS", None)
        from yuyin import _cpu_load
        from yuyin.cli import main
        from yuyin.cli._threads import when_torch_loads
        _cpu_load.usable_cores = lambda: 2  # other processes keep a core of two busy
        _cpu_load.others_busy_cores = lambda since, now=None: 1.0
        assert main(["g2p", "hello"]) == 0  # chooses 1 thread, torch not loaded yet
        assert importlib.util.find_spec("torch") is not None  # a library's check: no import
        import torch
        print("threads:", torch.get_num_threads())
        """
    )
    assert out.strip().endswith("threads: 1")
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from yuyin.cli._threads import when_torch_loads\n"
            "when_torch_loads(lambda torch: 1 / 0)\n"
            "import torch\n"
            "print(torch.tensor([2.0]).sum().item())",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "2.0"
    assert "could not set torch's thread count: division by zero" in done.stderr
