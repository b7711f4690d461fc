"""``attributes:`` in ``study.yaml``: what a case attribute and its values are called, per language.

``cases.csv`` keeps short machine-friendly names and values (``interview_mode``, ``email``);
a report in Finnish needs *Haastattelutapa* and *sähköposti*. The study says so once::

    attributes:
      industry:
        label: {fi: Toimiala, en: Industry}
        values:
          retail: {fi: Vähittäiskauppa, en: Retail}
      founded:
        label: {fi: Perustettu, en: Founded}
      segment:
        label: Segmentti             # one text for every language

Every table and figure of the report uses these labels; a value or language without one is
shown as written in ``cases.csv`` (well-known names such as ``interview_mode`` have built-in
fi/en labels in the messages catalogue).

Examples
--------
>>> labels = AttributeLabels({"industry": {"fi": "Toimiala"}}, {})
>>> labels.label("industry", "fi"), labels.label("industry", "en")
('Toimiala', None)
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..base.suggest import did_you_mean
from ..base.yamlsource import LINE, load_yaml_with_lines
from ..errors import StudyError, StudyWarning
from ..nlp.language import is_known_language

_KEYS = ("label", "values")
_EXAMPLE = ("write e.g.\n  attributes:\n    industry:\n      label: {fi: Toimiala, en: Industry}"
            "\n      values:\n        retail: {fi: Vähittäiskauppa, en: Retail}")


@dataclass
class AttributeLabels:
    """Labels of case attributes and of their values, per language.

    ``names`` is ``{attribute: {lang: label}}``; ``values`` is
    ``{attribute: {value as text: {lang: label}}}``. The language ``*`` holds a label given as
    one text for every language.
    """

    names: dict[str, dict[str, str]] = field(default_factory=dict)
    values: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    lines: dict[tuple, int] = field(default_factory=dict, repr=False)

    def label(self, attribute: str, lang: str) -> str | None:
        """The study's label of ``attribute`` in ``lang``, or ``None``."""
        return _pick(self.names.get(str(attribute), {}), lang)

    def value(self, attribute: str, value: object, lang: str) -> str | None:
        """The study's label of ``value`` of ``attribute`` in ``lang``, or ``None``."""
        return _pick(self.values.get(str(attribute), {}).get(value_key(value), {}), lang)

    def __bool__(self) -> bool:
        return bool(self.names or self.values)


def _pick(texts: dict[str, str], lang: str) -> str | None:
    return texts.get(lang) or texts.get("*")


def value_key(value: object) -> str:
    """A cases-table value as the text a label is looked up by (``25.0`` → ``25``)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _fail(problem: str, path: Path, line: int | None, value: object, fix: str) -> StudyError:
    return StudyError(problem, file=path, where=f"line {line}" if line else None, value=value,
                      fix=fix)


def key_lines(text: str) -> dict[tuple, int]:
    """The line of every key under ``attributes:``: ``(name,)``, ``(name, "label")``,
    ``(name, "values", value)``, ``()`` for ``attributes`` itself, and the same by position
    (``(name, "values", 0)``: the first value)."""
    try:
        root = yaml.compose(text)
    except yaml.YAMLError:  # the caller has parsed the file already: this does not happen
        return {}
    lines: dict[tuple, int] = {}

    def walk(node, path: tuple, depth: int) -> None:
        if not isinstance(node, yaml.MappingNode) or depth > 3:
            return
        for i, (key, value) in enumerate(node.value):
            here = (*path, str(key.value))
            lines[here] = lines[(*path, i)] = key.start_mark.line + 1
            if depth < 2 or here[-1] == "values":
                walk(value, here, depth + 1)
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value == "attributes":
                lines[()] = key.start_mark.line + 1
                walk(value, (), 0)
    return lines


def _texts(raw: object, path: Path, line: int | None, what: str) -> dict[str, str]:
    """``{lang: text}`` from ``{fi: ..., en: ...}`` or one text for every language."""
    if isinstance(raw, (str, int, float)) and not isinstance(raw, bool):
        return {"*": str(raw)}
    if not isinstance(raw, dict):
        raise _fail(f"the {what} must be a text or a mapping of language to text", path, line,
                    raw, "write e.g. label: {fi: Toimiala, en: Industry}")
    texts = {}
    for lang, text in raw.items():
        if lang == LINE:
            continue
        if not isinstance(lang, str) or not is_known_language(lang, allow_auto=False):
            raise _fail(f"unknown language code in the {what}", path, line, lang,
                        "use language codes such as fi and en, e.g. {fi: Toimiala, en: "
                        "Industry}")
        if not isinstance(text, (str, int, float)) or isinstance(text, bool) \
                or not str(text).strip():
            raise _fail(f"the {what} in '{lang}' must be a non-empty text", path, line, text,
                        "put the text in quotes, e.g. fi: 'Kyllä'")
        texts[lang] = str(text).strip()
    return texts


def _values(name: str, values: object, path: Path, lines: dict, labels: AttributeLabels
            ) -> None:
    where = lines.get((name, "values"))
    if not isinstance(values, dict):
        raise _fail(f"'values' of attribute '{name}' must map values to labels", path, where,
                    values, _EXAMPLE)
    for i, (value, texts) in enumerate((v, t) for v, t in values.items() if v != LINE):
        key = value_key(value)
        line = lines.get((name, "values", i), where)  # YAML's 'yes' is True: look up by order
        if isinstance(value, bool) or value is None:
            raise _fail(f"YAML read a value of '{name}' as {value}", path, line, value,
                        "put the value in quotes as cases.csv writes it, e.g. 'yes': {fi: "
                        "kyllä}")
        labels.values.setdefault(name, {})[key] = _texts(
            texts, path, line, f"label of value '{key}' of '{name}'")
        labels.lines[(name, key)] = line or 0


def _attribute(name: str, raw: object, path: Path, lines: dict, labels: AttributeLabels
               ) -> None:
    line = lines.get((name,))
    labels.lines[(name,)] = line or 0
    if isinstance(raw, (str, int, float)) and not isinstance(raw, bool):
        labels.names[name] = {"*": str(raw)}
        return
    if not isinstance(raw, dict):
        raise _fail(f"attribute '{name}' must be a mapping with 'label' and/or 'values'", path,
                    line, raw, _EXAMPLE)
    for key in raw:
        if key != LINE and key not in _KEYS:
            raise _fail(f"unknown key under attribute '{name}'", path,
                        lines.get((name, str(key)), line), key,
                        did_you_mean(key, _KEYS) + "an attribute has 'label' and 'values'")
    if "label" in raw:
        labels.names[name] = _texts(raw["label"], path, lines.get((name, "label"), line),
                                    f"label of '{name}'")
    _values(name, raw.get("values") or {}, path, lines, labels)


def parse_attribute_labels(path: Path, text: str, line: int | None) -> AttributeLabels:
    """The ``attributes:`` setting of ``study.yaml`` (``text``), validated.

    Raises :class:`~interview_analysis.errors.StudyError` naming the file, the line, the bad
    value and the fix.
    """
    try:
        raw = (load_yaml_with_lines(text) or {}).get("attributes")
    except yaml.YAMLError:  # the caller has already parsed the file: this does not happen
        raw = None
    labels = AttributeLabels()
    if raw in (None, {}):
        return labels
    if not isinstance(raw, dict):
        raise _fail("'attributes' must map case attributes to their labels", path, line, raw,
                    _EXAMPLE)
    lines = key_lines(text)
    for name, entry in raw.items():
        if name != LINE:
            _attribute(str(name), entry, path, lines, labels)
    return labels


def check_attribute_labels(labels: AttributeLabels, cases, path: Path | None) -> None:
    """Every labelled attribute must be a column of the cases table; a labelled value that no
    case has is a warning (a typo, or a case removed since)."""
    columns = [str(c) for c in cases.columns if c != "documents"]
    for name in [*labels.names, *labels.values]:
        if name not in columns:
            raise _fail("'attributes' labels a case attribute that the cases table does not "
                        "have", path, labels.lines.get((name,)), name,
                        did_you_mean(name, columns) + "attributes: "
                        + (", ".join(columns) or "none (add columns to cases.csv)"))
    for name, values in labels.values.items():
        present = {value_key(v) for v in cases[name].dropna()}
        for value in values:
            if value not in present:
                where = labels.lines.get((name, value))
                warnings.warn(f"{path}: line {where}: attributes: value '{value}' of '{name}' "
                              f"is not in the cases table; {did_you_mean(value, present)}"
                              f"values: {', '.join(sorted(present)) or 'none'}",
                              StudyWarning, stacklevel=3)
