"""YAML: libyaml's parser where installed, with the same data, lines and messages as PyYAML's
pure-Python loader."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from interview_analysis.base import yamlsource as Y

ROOT = Path(__file__).resolve().parents[2]
needs_libyaml = pytest.mark.skipif(not Y._FAST, reason="PyYAML without libyaml")


@needs_libyaml
@pytest.mark.parametrize("path", sorted([*ROOT.glob("codebooks/*.yaml"),
                                         *ROOT.glob("corpus/*/study.yaml")]),
                         ids=lambda p: p.name)
def test_libyaml_gives_the_same_data_and_lines(path):
    text = path.read_text(encoding="utf-8-sig")
    for lines in (False, True):
        assert Y._load(text, Y._FAST[lines]) == \
            Y._load(text, Y._LineLoader if lines else Y._StrictLoader)


@pytest.mark.parametrize("text, problem, place", [
    ("a: 1\na: 2\n", "duplicate key 'a' (first at line 1)", "line 2, column 1"),
    ("a: [1, 2\n", "expected ',' or ']', but got '<stream end>'", "line 2, column 1"),
    ("a: b: c\n", "mapping values are not allowed here", "line 1, column 5"),
    ("x: !!int abc\n", "the value 'abc' cannot be read as int", "line 1, column 4"),
    ("- " * 1500 + "x\n", "the YAML is nested too deeply", None),
])
def test_errors_read_as_the_pure_python_loader_words_them(text, problem, place):
    with pytest.raises(yaml.YAMLError) as caught:
        Y.load_yaml(text, lines=True)
    assert Y.yaml_problem(caught.value).startswith(problem)
    assert Y.yaml_error_place(caught.value) == place


def test_every_mapping_knows_its_line():
    data = Y.load_yaml("themes:\n  - id: a\n    label: A\n\n  - id: b\n", lines=True)
    assert data[Y.LINE] == 1
    assert [t[Y.LINE] for t in data["themes"]] == [2, 5]
