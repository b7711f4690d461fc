"""docs/troubleshooting.md is tested: it names every error type, every command's most common
error, and every message it lists is one the code can actually print."""
from __future__ import annotations

import argparse
import ast
import inspect
import re
from pathlib import Path

import pytest
import yaml.composer
import yaml.constructor
from test_entry_points import CASES_TABLE

import interview_analysis
from interview_analysis import cli, errors
from interview_analysis.coding.qdc import QdcError

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "troubleshooting.md"
PACKAGE = Path(interview_analysis.__file__).parent

#: For each command, the problem researchers meet most often with it: the phrase must be in the
#: page, and in the message of a case of the entry-point table run with that command.
MOST_COMMON = {
    "init": "this folder already has a study.yaml",
    "passages": "this file contains binary data, not text",
    "code": "bad rule in",
    "search": "cannot search for this",
    "evaluate": "no codings file for coder",
    "agreement": "offsets out of range for document",
    "reliability": "reliability needs at least two coders",
    "suggest": "no codings file for coder",
    "run": "the output folder already holds files that are not a report",
    "export": "unknown exchange format",
    "import": "files already exist with other content",
    "sync": "has changes on both sides since the last sync",
}


@pytest.fixture(scope="module")
def doc() -> str:
    assert DOC.is_file(), "docs/troubleshooting.md is missing"
    return DOC.read_text(encoding="utf-8")


def test_every_error_class_is_explained(doc):
    classes = [c for _, c in inspect.getmembers(errors, inspect.isclass)
               if issubclass(c, errors.InterviewAnalysisError)] + [QdcError]
    assert len(classes) >= 9
    missing = [c.__name__ for c in classes if f"`{c.__name__}`" not in doc]
    assert missing == []


def test_every_command_has_its_most_common_error(doc):
    assert set(MOST_COMMON) == set(cli.COMMANDS)
    for command, phrase in MOST_COMMON.items():
        assert phrase in doc, f"{command}: {phrase!r} is not in the troubleshooting page"
        tested = [c for c in CASES_TABLE if c.command.split(" ")[0] == command
                  and phrase in c.message]
        assert tested, f"{command}: no entry-point case produces {phrase!r}"


WILD = "\x01"  # a part of a message that varies: a value, a file name, a number


def _constants(tree: ast.Module) -> dict[str, str]:
    """Module-level ``NAME = "text"`` constants (used inside f-string messages)."""
    out = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) \
                and isinstance(node.value.value, str):
            out.update({t.id: node.value.value for t in node.targets if isinstance(t, ast.Name)})
    return out


def _render(node: ast.AST, constants: dict[str, str]) -> str:
    """A string expression with its varying parts as ``WILD``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return re.sub(r"%(\([^)]*\))?[sdr]", WILD, node.value)  # printf style (argparse, yaml)
    if isinstance(node, ast.JoinedStr):
        return "".join(_render(v, constants) for v in node.values)
    if isinstance(node, ast.FormattedValue):
        value = node.value
        return constants.get(value.id, WILD) if isinstance(value, ast.Name) else WILD
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _render(node.left, constants) + _render(node.right, constants)
    return WILD


def _messages(path: Path) -> list[str]:
    """The module's string expressions, and each with its first varying part replaced by one
    of the module's short strings (``an entry name {reason}`` with ``reason`` = ``climbs out
    of the archive with '..'``), since messages are often put together from pieces."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    constants = _constants(tree)
    rendered = [_render(node, constants) for node in ast.walk(tree)
                if isinstance(node, (ast.Constant, ast.JoinedStr, ast.BinOp))
                and (not isinstance(node, ast.Constant) or isinstance(node.value, str))]
    pieces = {r for r in rendered if 3 <= len(r) <= 60 and WILD not in r and "\n" not in r}
    return rendered + [r.replace(WILD, piece, 1) for r in rendered if WILD in r
                       for piece in pieces]


def _matches(listed: str, message: str) -> bool:
    """Can ``listed`` (``…`` = anything) be the beginning of ``message`` (WILD = anything),
    with most of ``listed``'s own words matching the message's own words? (A varying part of
    the message may stand for a few literal words, such as ``a .qdpx (ZIP) archive``.)"""
    n, m = len(listed), len(message)
    none = -1
    best = [[none] * (m + 1) for _ in range(n + 1)]  # literal characters matched so far
    best[0][0] = 0
    for i in range(n + 1):
        for j in range(m + 1):
            here = best[i][j]
            if here == none:
                continue
            steps = []
            if i < n and listed[i] == WILD:
                steps += [(i + 1, j, 0)] + ([(i, j + 1, 0)] if j < m else [])
            if j < m and message[j] == WILD:
                steps += [(i, j + 1, 0)] + ([(i + 1, j, 0)] if i < n else [])
            if i < n and j < m and listed[i] == message[j] != WILD:
                steps.append((i + 1, j + 1, 1))
            for a, b, gain in steps:
                best[a][b] = max(best[a][b], here + gain)
    literal = sum(1 for ch in listed if ch != WILD)
    return max(best[n]) >= max(6, 0.6 * literal)


@pytest.fixture(scope="module")
def source_messages() -> list[str]:
    paths = sorted(PACKAGE.rglob("*.py"))
    # messages that come from argparse (options) and PyYAML (YAML syntax) are real too
    paths += [Path(m.__file__) for m in (argparse, yaml.constructor, yaml.composer)]
    return [text for path in paths for text in _messages(path) if len(text) > 3]


def is_real(listed: str, messages: list[str]) -> bool:
    listed = listed.replace("{…}", "…").replace("…", WILD)
    literal = max(listed.split(WILD), key=len)[:12]
    return any(_matches(listed, m) for m in messages if literal in m)


def _listed_messages(doc: str) -> list[str]:
    """The backticked messages in the first column of the tables headed ``message``."""
    messages, in_messages = [], False
    for line in doc.splitlines():
        if not line.startswith("|"):
            in_messages = False
            continue
        first = line.split("|")[1].strip()
        if first in ("message", "---"):
            in_messages = in_messages or first == "message"
            continue
        if in_messages:
            messages += re.findall(r"`([^`]+)`", first)
    return messages


def test_every_listed_message_is_real(doc, source_messages):
    messages = _listed_messages(doc)
    assert len(messages) > 150
    invented = [m for m in messages if not is_real(m, source_messages)]
    assert invented == [], "messages in the page that the code does not print"


@pytest.mark.parametrize("invented", ["the flux capacitor is out of sync",
                                      "the cases table is on fire",
                                      "unknown setting for the moon phase (…)"])
def test_the_check_catches_an_invented_message(invented, source_messages):
    assert not is_real(invented, source_messages)
