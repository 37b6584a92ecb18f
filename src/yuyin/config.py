"""Experiment configuration: YAML files of plain values, ``--set a.b=1`` overrides, dataclasses.

YAML here holds values only (numbers, strings, lists, mappings), never object construction. A
section becomes a typed dataclass through :func:`build_dataclass`, which rejects unknown keys with
the path of the offending setting, so a typo never silently falls back to a default.
"""

from __future__ import annotations

import dataclasses
import math
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import yaml

T = TypeVar("T")


class _Loader(yaml.SafeLoader):
    """Safe YAML with YAML 1.2 floats: ``1e-3`` is a number (YAML 1.1 reads it as a string)."""


_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""",
        re.X,
    ),
    list("-+0123456789."),
)


def _parse(text: str) -> Any:
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass


class ConfigError(ValueError):
    """A configuration file or override that cannot be used; names the file or setting."""


SHIPPED_CONFIGS = Path(__file__).resolve().parent / "configs"  # configs/<task>/*.yaml


def shipped_config(path: str | os.PathLike) -> Path | None:
    """The packaged copy of a ``configs/TASK/NAME.yaml`` path (the repository's ``configs/`` is a
    link to it), so the README's ``--config configs/pretrain/tiny.yaml`` works from any folder
    and from an installed wheel; None for other paths."""
    parts = Path(path).parts
    if len(parts) < 2 or parts[0] != "configs" or Path(path).is_absolute():
        return None
    found = SHIPPED_CONFIGS.joinpath(*parts[1:])
    return found if found.is_file() else None


def load_yaml(path: str | os.PathLike) -> dict[str, Any]:
    """Read a YAML mapping of plain values (safe loader: no tags, no objects). A relative
    ``configs/...`` path missing from the current folder is read from the package's copy."""
    path = Path(path)
    if not path.is_file() and (shipped := shipped_config(path)) is not None:
        path = shipped
    if not path.is_file():
        names = sorted(
            str(Path("configs") / f.relative_to(SHIPPED_CONFIGS))
            for f in SHIPPED_CONFIGS.glob("*/*.yaml")
        )
        raise ConfigError(f"{path}: config file not found (shipped: {', '.join(names)})")
    try:
        data = _parse(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML ({exc})") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping at the top level")
    return data


def apply_overrides(config: dict[str, Any], overrides: Iterable[str]) -> dict[str, Any]:
    """Apply ``a.b.c=value`` overrides (value parsed as YAML: ``1e-3``, ``true``, ``[1, 2]``)."""
    result = _deep_copy(config)
    for item in overrides:
        key, sep, raw = item.partition("=")
        if not sep or not key.strip():
            raise ConfigError(f"--set {item!r}: expected KEY=VALUE, e.g. loop.lr=1e-3")
        try:
            value = _parse(raw)
        except yaml.YAMLError:
            value = raw
        node = result
        parts = key.strip().split(".")
        for part in parts[:-1]:
            child = node.setdefault(part, {})
            if not isinstance(child, dict):
                raise ConfigError(f"--set {item!r}: {part!r} is a value, not a section")
            node = child
        node[parts[-1]] = value
    return result


def build_dataclass(cls: type[T], values: Mapping[str, Any] | None, where: str) -> T:
    """``cls(**values)`` with unknown keys reported as ``where.key`` (lists become tuples)."""
    if values is not None and not isinstance(values, Mapping):
        raise ConfigError(f"{where}: a section of key: value settings, got {values!r}")
    values = dict(values or {})
    fields = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    unknown = sorted(set(values) - set(fields))
    if unknown:
        raise ConfigError(
            f"unknown setting(s) {', '.join(f'{where}.{k}' for k in unknown)}; "
            f"known in {where}: {', '.join(sorted(fields))}"
        )
    for key, value in values.items():
        if isinstance(value, list) and "tuple" in str(fields[key].type):
            values[key] = tuple(value)
        problem = _type_problem(value, str(fields[key].type))
        if problem:
            raise ConfigError(f"{where}.{key}: {problem}, got {value!r}")
    try:
        return cls(**values)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{where}: {exc}") from None


def check_ranges(obj: Any, **bounds: tuple[float | None, float | None]) -> None:
    """Each named field of the dataclass ``obj`` within its inclusive ``(low, high)`` (None: no
    bound); a ``ValueError`` naming the class, field and value otherwise (NaN fails too).

    >>> from dataclasses import dataclass
    >>> @dataclass
    ... class Layer:
    ...     dim: int
    >>> check_ranges(Layer(dim=0), dim=(1, None))
    Traceback (most recent call last):
    ...
    ValueError: Layer.dim must be >= 1, got 0
    """
    for name, (low, high) in bounds.items():
        value = getattr(obj, name)
        ok = (low is None or value >= low) and (high is None or value <= high)
        if not ok:  # also NaN: every comparison with it is false
            want = " and ".join(
                part
                for part in (f">= {low}" if low is not None else "", f"<= {high}" if high else "")
                if part
            )
            raise ValueError(f"{type(obj).__name__}.{name} must be {want}, got {value!r}")


_SCALARS = {"int": (int,), "float": (int, float), "bool": (bool,), "str": (str,)}


def _type_problem(value: Any, annotation: str) -> str | None:
    """Why ``value`` cannot be a field annotated ``annotation`` (a plain scalar type, possibly
    ``| None``), or None. Other annotations (tuples, mappings, unions) are left to the class."""
    parts = {p.strip() for p in annotation.split("|")}
    if value is None:
        return None if "None" in parts else "a value is required"
    scalars = parts - {"None"}
    if len(scalars) != 1 or next(iter(scalars)) not in _SCALARS:
        return None
    kind = next(iter(scalars))
    if isinstance(value, bool) and kind != "bool":
        return f"expected {'an integer' if kind == 'int' else 'a ' + kind}, not true/false"
    if not isinstance(value, _SCALARS[kind]):
        article = "an" if kind == "int" else "a"
        return f"expected {article} {'integer' if kind == 'int' else kind}"
    if kind == "float" and not -math.inf < value < math.inf:  # NaN and inf are never settings
        return "expected a finite number"
    return None


def _deep_copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _deep_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_deep_copy(v) for v in value]
    return value
