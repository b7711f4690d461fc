"""The codebook: themes, codes and sub-codes with definitions, rules and recommendations.

The YAML format is documented at the top of ``codebooks/customer-management.yaml``. Codes nest
under ``codes:`` (or name a ``parent:``); a code's ID is its path, e.g.
``channels/email``. Text fields are either one string or a mapping per language.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import CodebookError
from .rules import Rule, RuleSyntaxError
from .yamlsource import LINE, read_yaml_file

_TEXT_FIELDS = ("label", "definition", "when_to_use", "when_not_to_use", "example")
_CODE_KEYS = {"id", "codes", "parent", "colour", "color", "rules", "exclude", "questions", "examples",
              "recommendation", "key", *_TEXT_FIELDS, "description", LINE}
_ID_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789_-")


@dataclass
class Recommendation:
    """A development recommendation and the evidence that must support it."""

    text: dict[str, str]
    min_cases: int = 2
    stance: str | None = None  # count only cases with this stance (e.g. positive)
    codes: tuple[str, ...] = ()  # evidence codes; default: the code itself


@dataclass
class Code:
    """One code (a theme is a code with no parent)."""

    id: str
    parent: str | None
    labels: dict[str, str]
    texts: dict[str, dict[str, str]] = field(default_factory=dict)
    colour: str | None = None
    rules: dict[str, list[Rule]] = field(default_factory=dict)
    exclude: dict[str, list[Rule]] = field(default_factory=dict)
    examples: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    recommendation: Recommendation | None = None
    line: int | None = None
    questions: dict[str, list[Rule]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.id.rsplit("/", 1)[-1]

    @property
    def theme(self) -> str:
        return self.id.split("/", 1)[0]

    def label(self, lang: str) -> str:
        """The label in ``lang``, falling back to English, then any label, then the ID."""
        return self.labels.get(lang) or self.labels.get("en") or next(
            iter(self.labels.values()), self.name)

    def text(self, name: str, lang: str) -> str:
        values = self.texts.get(name, {})
        return values.get(lang) or values.get("en") or next(iter(values.values()), "")


class Codebook:
    """An ordered set of codes in a hierarchy.

    Examples
    --------
    >>> cb = load_codebook("codebooks/customer-management.yaml")   # doctest: +SKIP
    >>> cb["channels/email"].label("fi")                            # doctest: +SKIP
    'Sähköposti'
    """

    def __init__(self, codes: list[Code], name: str = "", file: Path | None = None,
                 languages: tuple[str, ...] = ()) -> None:
        self.codes = {c.id: c for c in codes}
        self.name = name
        self.file = file
        self.languages = languages

    def __getitem__(self, code_id: str) -> Code:
        return self.codes[code_id]

    def __contains__(self, code_id: object) -> bool:
        return code_id in self.codes

    def __iter__(self):
        return iter(self.codes.values())

    def __len__(self) -> int:
        return len(self.codes)

    @property
    def themes(self) -> list[Code]:
        return [c for c in self if c.parent is None]

    def children(self, code_id: str) -> list[Code]:
        return [c for c in self if c.parent == code_id]

    def leaves(self) -> list[Code]:
        """Codes without sub-codes: what passages are normally coded with."""
        parents = {c.parent for c in self}
        return [c for c in self if c.id not in parents]

    def theme_of(self, code_id: str) -> str:
        return code_id.split("/", 1)[0]

    def label(self, code_id: str, lang: str) -> str:
        return self.codes[code_id].label(lang) if code_id in self.codes else code_id

    def require_language(self, lang: str) -> None:
        """Every code must have a label in the study language."""
        for code in self:
            if lang not in code.labels:
                raise CodebookError(f"code '{code.id}' has no label in the study language",
                                    file=self.file, where=f"line {code.line}", value=lang,
                                    fix=f"add '{lang}:' under its 'label:'")

    def to_frame(self, lang: str = "en") -> pd.DataFrame:
        """One row per code: ``code, theme, parent, label, definition, rules``."""
        return pd.DataFrame([{
            "code": c.id, "theme": c.theme, "parent": c.parent, "label": c.label(lang),
            "definition": c.text("definition", lang),
            "rules": sum(len(v) for v in c.rules.values()),
        } for c in self])

    def __repr__(self) -> str:
        return f"<Codebook {self.name!r}: {len(self.themes)} themes, {len(self)} codes>"

    def _repr_html_(self) -> str:
        rows = []
        for c in self:
            depth = c.id.count("/")
            swatch = (f'<span style="background:{html.escape(c.colour)};padding:0 .6em">'
                      "</span> " if c.colour else "")
            rows.append(f"<tr><td style='padding-left:{1 + 1.5 * depth}em'>{swatch}"
                        f"<code>{html.escape(c.id)}</code></td><td>{html.escape(c.label('en'))}"
                        f"</td><td>{html.escape(c.text('definition', 'en'))[:160]}</td></tr>")
        return (f"<p><b>Codebook</b> {html.escape(self.name)}: {len(self.themes)} themes, "
                f"{len(self)} codes</p><table><tr><th>code</th><th>label</th>"
                f"<th>definition</th></tr>{''.join(rows)}</table>")


class _Builder:
    """Turns the parsed YAML into codes, checking each entry with its line number."""

    def __init__(self, file: Path | None) -> None:
        self.file = file
        self.codes: list[Code] = []
        self.lines: dict[str, int] = {}
        self.declared_parents: dict[str, tuple[str, int]] = {}

    def check_cycles(self) -> None:
        """Flat entries (``parent:``) can name each other in a loop; report where."""
        for start, (_, line) in self.declared_parents.items():
            seen, node = [start], start
            while node in self.declared_parents:
                node = self.declared_parents[node][0]
                if node in seen:
                    self.fail("codes form a cycle through their parents", line,
                              " -> ".join([*seen, node]),
                              fix="give one of these codes a different parent")
                seen.append(node)

    def fail(self, problem: str, line, value=None, fix: str | None = None):
        kwargs = {"value": value} if value is not None else {}
        raise CodebookError(problem, file=self.file, where=f"line {line}" if line else None,
                            fix=fix, **kwargs)

    def texts(self, value, line, name: str) -> dict[str, str]:
        if value is None:
            return {}
        if isinstance(value, str):
            return {"*": value.strip()}
        if isinstance(value, dict):
            return {str(k): str(v).strip() for k, v in value.items() if k != LINE}
        self.fail(f"'{name}' must be text or a mapping of language to text", line, value)

    def rules(self, value, line, name: str) -> dict[str, list[Rule]]:
        if value is None:
            return {}
        if isinstance(value, list):
            value = {"*": value}
        if not isinstance(value, dict):
            self.fail(f"'{name}' must map a language to a list of rules", line, value,
                      fix=f"write e.g.\n  {name}:\n    fi: [sähköposti]\n    en: [email]")
        out = {}
        for lang, items in value.items():
            if lang == LINE:
                continue
            if isinstance(items, str):
                items = [items]
            if not isinstance(items, list):
                self.fail(f"'{name}' for '{lang}' must be a list", line, items)
            parsed = []
            for item in items:
                try:
                    parsed.append(Rule.parse(str(item)))
                except RuleSyntaxError as exc:
                    self.fail(f"bad rule in '{name}' ({lang}): {exc}", line, str(item),
                              fix="see the rule syntax at the top of the demo codebook")
            out[str(lang)] = parsed
        return out

    def recommendation(self, value, line) -> Recommendation | None:
        if value is None:
            return None
        if not isinstance(value, dict) or "text" not in value:
            self.fail("'recommendation' needs a 'text'", line, value,
                      fix="write e.g.\n  recommendation:\n    text: {fi: ..., en: ...}\n"
                          "    min_cases: 3")
        min_cases = value.get("min_cases", 2)
        if not isinstance(min_cases, int) or min_cases < 1:
            self.fail("'min_cases' must be a whole number of at least 1",
                      value.get(LINE, line), min_cases)
        stance = value.get("stance")
        if stance not in (None, "positive", "negative", "mixed"):
            self.fail("unknown stance in recommendation", value.get(LINE, line), stance,
                      fix="use positive, negative or mixed")
        codes = value.get("codes") or []
        return Recommendation(self.texts(value["text"], line, "text"), min_cases, stance,
                              tuple(str(c) for c in codes))

    def add(self, entry, parent: str | None) -> None:
        if not isinstance(entry, dict):
            self.fail("each code must be a mapping with at least 'id' and 'label'", None, entry)
        line = entry.get(LINE)
        unknown = set(entry) - _CODE_KEYS
        if unknown:
            self.fail("unknown field in code", line, sorted(unknown)[0],
                      fix="known fields: " + ", ".join(sorted(_CODE_KEYS - {LINE})))
        if isinstance(entry.get("id"), bool):
            self.fail("YAML read this code ID as true/false", line, entry["id"],
                      fix="quote IDs such as yes, no, on, off: id: 'yes'")
        raw_id = str(entry.get("id", "")).strip()
        if not raw_id or not set(raw_id) <= _ID_CHARS | {"/"}:
            self.fail("a code ID must be lower-case letters, digits, '_' or '-'", line, raw_id,
                      fix="e.g. id: same_contact_person")
        if "parent" in entry:
            self.declared_parents[raw_id] = (str(entry["parent"]), line)
        parent = entry.get("parent", parent)
        code_id = raw_id if (parent is None or raw_id.startswith(f"{parent}/")) else \
            f"{parent}/{raw_id}"
        if code_id in self.lines:
            self.fail("duplicate code ID", line, code_id,
                      fix=f"it is already defined at line {self.lines[code_id]}; rename one")
        self.lines[code_id] = line
        texts = {n: self.texts(entry.get(n if n != "definition" else "definition",
                                         entry.get("description") if n == "definition" else None),
                               line, n) for n in _TEXT_FIELDS}
        labels = texts.pop("label") or {"*": raw_id.replace("_", " ")}
        self.codes.append(Code(
            code_id, parent, labels, texts, entry.get("colour") or entry.get("color"),
            self.rules(entry.get("rules"), line, "rules"),
            self.rules(entry.get("exclude"), line, "exclude"),
            self.examples(entry.get("examples"), line),
            self.recommendation(entry.get("recommendation"), line), line,
            self.rules(entry.get("questions"), line, "questions")))
        children = entry.get("codes") or []
        if not isinstance(children, list):
            self.fail("'codes' must be a list of codes", line, children)
        for child in children:
            self.add(child, code_id)

    def examples(self, value, line) -> dict[str, dict[str, list[str]]]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.fail("'examples' must map a language to match / no_match lists", line, value)
        out = {}
        for lang, spec in value.items():
            if lang == LINE:
                continue
            if not isinstance(spec, dict) or not set(spec) - {LINE} <= {"match", "no_match"}:
                self.fail(f"'examples' for '{lang}' needs 'match' and/or 'no_match' lists",
                          line, spec)
            out[str(lang)] = {k: [str(s) for s in spec.get(k) or []]
                              for k in ("match", "no_match")}
        return out


def _resolve(codes: list[Code], languages: tuple[str, ...], builder: _Builder) -> list[Code]:
    by_id = {c.id: c for c in codes}
    for code in codes:
        if code.parent is not None and code.parent not in by_id:
            builder.fail("unknown parent code", code.line, code.parent,
                         fix="define the parent code, or nest the code under it with 'codes:'")
    for code in codes:
        seen, node = {code.id}, code
        while node.parent is not None:
            node = by_id[node.parent]
            if node.id in seen:
                builder.fail("codes form a cycle through their parents", code.line, code.id)
            seen.add(node.id)
        for mapping in (code.labels, *code.texts.values()):
            if "*" in mapping:
                text = mapping.pop("*")
                mapping.update({lang: text for lang in languages or ("en",)})
        for rules in (code.rules, code.exclude, code.questions):
            if "*" in rules:
                shared = rules.pop("*")
                for lang in languages or ("en",):
                    rules.setdefault(lang, []).extend(shared)
    return codes


def load_codebook(path: str | Path) -> Codebook:
    """Read and validate a codebook YAML file (or a REFI-QDA ``.qdc``).

    Raises
    ------
    CodebookError
        With file, line, bad value and fix for every problem found.
    """
    path = Path(path)
    if path.suffix.lower() == ".qdc":
        from ..io.refi import read_qdc  # codes with descriptions, no rules
        return read_qdc(path)
    data = read_yaml_file(path, CodebookError)
    if not isinstance(data, dict) or not isinstance(data.get("codes", data.get("themes")), list):
        raise CodebookError("a codebook needs a list of themes under 'themes:'", file=path,
                            where="line 1", fix="see codebooks/customer-management.yaml")
    languages = tuple(str(x) for x in data.get("languages") or ())
    builder = _Builder(path)
    for entry in data.get("themes") or data.get("codes"):
        builder.add(entry, None)
    builder.check_cycles()
    codes = _resolve(builder.codes, languages, builder)
    return Codebook(codes, str(data.get("name") or path.stem), path, languages)
