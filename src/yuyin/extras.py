"""Packages a feature needs that the base install may lack: the error that says which to install.

Raised where a feature first needs the package (HuBERT's k-means, KenLM, the CMU dictionary), so
the message names the feature; ``yuyin``'s command line prints it as one ``error:`` line.
"""

from __future__ import annotations


class MissingPackageError(ImportError):
    """A package a feature needs is not installed; ``str()`` says what to ``pip install``."""
