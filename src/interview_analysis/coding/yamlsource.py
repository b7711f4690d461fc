"""Load YAML keeping the line of every mapping, so codebook errors can name their line."""
from __future__ import annotations

from pathlib import Path

import yaml

LINE = "__line__"


class _LineLoader(yaml.SafeLoader):
    """A safe loader that records each mapping's line and rejects duplicate keys."""

    def construct_mapping(self, node, deep=False):
        seen: dict = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key '{key}' (first at line {seen[key]})",
                    key_node.start_mark)
            seen[key] = key_node.start_mark.line + 1
        mapping = super().construct_mapping(node, deep=deep)
        mapping[LINE] = node.start_mark.line + 1
        return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
                            _LineLoader.construct_mapping)


def load_yaml_with_lines(text: str):
    """Parse YAML; every dict gets a ``__line__`` key. Raises ``yaml.YAMLError``."""
    return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass


def yaml_error_place(exc: yaml.YAMLError) -> str | None:
    """``line N, column M`` of a YAML error, when known."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return f"line {mark.line + 1}, column {mark.column + 1}" if mark else None


def read_yaml_file(path: Path, error_cls):
    """Read a YAML file with line info, raising ``error_cls`` with file and line on failure."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise error_cls("file not found", file=path, fix="check the path") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise error_cls(f"cannot read the file ({exc})", file=path,
                        fix="save it as UTF-8 text") from None
    try:
        return load_yaml_with_lines(text)
    except yaml.YAMLError as exc:
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise error_cls(f"this is not valid YAML: {problem}", file=path,
                        where=yaml_error_place(exc),
                        fix="check indentation and quoting near that line (quote values that "
                            "contain ':' or start with '*', '&' or '!')") from None
