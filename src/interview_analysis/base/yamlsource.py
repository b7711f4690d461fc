"""Load YAML safely, keeping the line of every mapping so errors can name their line.

Every YAML file the toolkit reads (``study.yaml``, codebooks) goes through :func:`load_yaml`:
the safe loader (no Python objects), duplicate keys refused, and a document refused when its
aliases would expand to a huge or endless structure (the YAML "billion laughs"), or when it is
nested too deeply to walk.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from .paths import FileTooLarge, read_input

LINE = "__line__"
#: Largest number of values a document may expand to once its aliases (``*name``) are followed.
MAX_EXPANDED_NODES = 1_000_000
_MERGE_TAG = "tag:yaml.org,2002:merge"


#: Largest YAML file read, in bytes. A study.yaml or codebook is a few tens of kilobytes; a file
#: this large is a wrong file (or /dev/zero), and parsing it would take minutes.
MAX_YAML_BYTES = 5 * 2 ** 20


class _Strict:
    """Construction of the safe loader, refusing duplicate keys (the second one would silently
    win). Mixed into the pure-Python and the C (libyaml) loader alike."""

    def construct_object(self, node, deep=False):
        """A value that its tag cannot hold (``!!int abc``, ``!!timestamp x``, an integer of
        thousands of digits) is a YAML error at that value's line, not a Python exception."""
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, TypeError, AttributeError, OverflowError, IndexError) as exc:
            value = node.value if isinstance(node, yaml.ScalarNode) else node.tag
            shown = value if len(str(value)) <= 40 else str(value)[:37] + "..."
            tag = node.tag.rsplit(":", 1)[-1]
            detail = f" ({str(exc)[:80]})" if isinstance(exc, (ValueError, OverflowError)) \
                and str(exc) else ""
            raise yaml.constructor.ConstructorError(
                None, None, f"the value {shown!r} cannot be read as {tag}{detail}",
                node.start_mark) from None

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen: dict = {}
            for key_node, _ in node.value:
                if key_node.tag == _MERGE_TAG:  # '<<: *defaults' merges, it is not a key
                    continue
                key = self.construct_object(key_node, deep=deep)
                try:
                    first = seen.get(key)
                except TypeError:  # an unhashable key (a list or mapping)
                    raise yaml.constructor.ConstructorError(
                        None, None, "found an unhashable key (a list or mapping used as a key)",
                        key_node.start_mark) from None
                if first is not None:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"duplicate key '{key}' (first at line {first})",
                        key_node.start_mark)
                seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)


class _Lines(_Strict):
    """The strict construction that also records each mapping's line under ``__line__``."""

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        mapping[LINE] = node.start_mark.line + 1
        return mapping


class _StrictLoader(_Strict, yaml.SafeLoader):
    """The pure-Python safe loader, strict: its messages are the ones a researcher reads."""


class _LineLoader(_Lines, yaml.SafeLoader):
    """The pure-Python strict loader with ``__line__`` keys."""


#: ``{lines: loader}``: libyaml's parser (about ten times faster on a codebook) when PyYAML
#: was built with it. Its nodes carry the same line marks, so ``__line__`` is exact; only
#: errors are left to the pure-Python loaders (:func:`load_yaml` parses again with them), so
#: every message reads the same whichever parser is installed.
_FAST: dict[bool, type] = {}
if getattr(yaml, "__with_libyaml__", False):
    class _CStrictLoader(_Strict, yaml.CSafeLoader):
        """The strict loader on libyaml's parser."""

    class _CLineLoader(_Lines, yaml.CSafeLoader):
        """The strict loader with ``__line__`` keys on libyaml's parser."""

    _FAST = {False: _CStrictLoader, True: _CLineLoader}


for _loader in (_StrictLoader, _LineLoader, *_FAST.values()):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
                            _loader.construct_mapping)


def _children(node) -> list:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def check_expansion(root, limit: int = MAX_EXPANDED_NODES) -> None:
    """Refuse a composed document whose aliases loop or expand to more than ``limit`` nodes.

    Aliases share one node, so the document itself stays small, but code that walks the loaded
    data (or prints it) follows every alias: nine aliases of nine aliases of ... is the
    "billion laughs". Sizes are counted once per distinct node, so this takes linear time.

    Raises
    ------
    yaml.YAMLError
        With the line of the offending node.
    """
    size: dict[int, int] = {}
    on_path: set[int] = set()
    stack = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            size[key] = 1 + sum(size[id(c)] for c in _children(node))
            if size[key] > limit:
                raise yaml.constructor.ConstructorError(
                    None, None, f"its aliases (*name) expand to more than {limit:,} values",
                    node.start_mark)
            continue
        if key in size:
            continue
        if key in on_path:
            raise yaml.constructor.ConstructorError(
                None, None, "an alias (*name) refers to a value that contains it, which "
                            "would repeat endlessly", node.start_mark)
        on_path.add(key)
        stack.append((node, True))
        for child in _children(node):
            if id(child) in on_path:
                raise yaml.constructor.ConstructorError(
                    None, None, "an alias (*name) refers to a value that contains it, which "
                                "would repeat endlessly", child.start_mark)
            if id(child) not in size:
                stack.append((child, False))


def load_yaml(text: str, lines: bool = False):
    """Parse YAML safely (see the module docstring); ``lines=True`` adds ``__line__`` keys.

    libyaml parses when installed; a document it cannot load is parsed again by the
    pure-Python loader, whose error (with its line) is the one raised.

    Raises
    ------
    yaml.YAMLError
        For syntax errors, duplicate keys, aliases that expand too far, too deep nesting.
    """
    fast = _FAST.get(lines)
    if fast is not None:
        try:
            return _load(text, fast)
        except yaml.YAMLError:
            pass  # said again below, in the same words whichever parser is installed
    return _load(text, _LineLoader if lines else _StrictLoader)


def _load(text: str, loader_class):
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        check_expansion(node)
        return loader.construct_document(node)
    except RecursionError:
        raise yaml.YAMLError("the YAML is nested too deeply (hundreds of levels of lists or "
                             "mappings inside each other)") from None
    finally:
        loader.dispose()


def load_yaml_with_lines(text: str):
    """Parse YAML; every dict gets a ``__line__`` key. Raises ``yaml.YAMLError``."""
    return load_yaml(text, lines=True)


def yaml_error_place(exc: yaml.YAMLError) -> str | None:
    """``line N, column M`` of a YAML error, when known."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return f"line {mark.line + 1}, column {mark.column + 1}" if mark else None


def yaml_problem(exc: yaml.YAMLError) -> str:
    """What is wrong, in one line."""
    problem = getattr(exc, "problem", None)
    if problem:
        return problem
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def yaml_fix(exc: yaml.YAMLError) -> str:
    """What to do about a YAML error."""
    problem = yaml_problem(exc)
    if "alias" in problem:
        return ("write the values out instead of repeating aliases (*name) inside each other; "
                "a shared file never needs them")
    if "nested too deeply" in problem:
        return "a study.yaml or codebook needs only a few levels of indentation"
    if "cannot be read as" in problem:
        return ("put the value in quotes to keep it as text, or remove its !!tag; a number "
                "must be a plain number of at most a few digits")
    if "duplicate key" in problem:
        return "remove one of the two keys (YAML would silently keep only the last one)"
    return ("check indentation and quoting near that line (quote values that contain ':' or "
            "start with '*', '&' or '!')")


def read_yaml_file(path: Path, error_cls):
    """Read a YAML file with line info, raising ``error_cls`` with file and line on failure."""
    try:
        data = read_input(path, error_cls, kind="a YAML file",
                          folder_fix="give the YAML file itself", limit=MAX_YAML_BYTES)
    except FileTooLarge as exc:
        raise error_cls(f"this is too large to be a YAML settings file ({exc})", file=path,
                        fix="check that this is the codebook or study.yaml and not another "
                            "file; a codebook is a few hundred kilobytes at most") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error_cls(f"cannot read the file ({exc})", file=path,
                        fix="save it as UTF-8 text") from None
    try:
        return load_yaml_with_lines(text)
    except yaml.YAMLError as exc:
        raise error_cls(f"this is not valid YAML: {yaml_problem(exc)}", file=path,
                        where=yaml_error_place(exc), fix=yaml_fix(exc)) from None
