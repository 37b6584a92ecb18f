"""Where yuyin keeps files it can rebuild (assembled judge models, estimated word LMs)."""

from __future__ import annotations

import os
from pathlib import Path


def user_cache_dir(*parts: str) -> Path:
    """``$XDG_CACHE_HOME/yuyin/<parts...>`` (``~/.cache`` when unset); not created here."""
    root = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(root, "yuyin", *parts)
