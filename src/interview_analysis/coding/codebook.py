"""The codebook: themes, codes and sub-codes with definitions, rules and recommendations.

The YAML format is documented at the top of ``codebooks/customer-management.yaml``. Codes nest
under ``codes:`` (or name a ``parent:``); a code's ID is its path, e.g.
``channels/email``. Text fields are either one string or a mapping per language.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..base.suggest import did_you_mean
from ..domain import leaf_of, theme_of
from ..errors import CodebookError, CodingsError
from .rules import Rule

_TEXT_FIELDS = ("label", "definition", "when_to_use", "when_not_to_use", "example")
#: Colours for codes that have none (Okabe & Ito 2008), one per theme in codebook order.
FALLBACK_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
                    "#F0E442", "#999999")
#: A notebook shows at most this many codes of a codebook.
HTML_MAX_CODES = 200
# A colour that is safe to put into a style attribute: #rgb, #rrggbb(aa) or a CSS name.
_COLOUR = re.compile(r"^(#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,20})$")


@dataclass
class Recommendation:
    """A development recommendation and the evidence that must support it."""

    text: dict[str, str]
    min_cases: int = 2
    stance: str | None = None  # count only cases with this stance (e.g. positive)
    codes: tuple[str, ...] = ()  # evidence codes; default: the code itself


@dataclass
class StanceCues:
    """A code's own stance cues (its ``stance:`` block): rules in the rule syntax whose match
    in the judged sentences says ``positive`` or ``negative`` about this code, and example
    sentences each language's cues must judge as stated (checked by the test suite)."""

    rules: dict[str, dict[str, list[Rule]]] = field(default_factory=dict)
    examples: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    #: What saying something is missing says about this code: ``negative`` (default) or
    #: ``positive`` for a code that names something wanted ("we don't do it" is for it).
    absence: str = "negative"
    #: What naming this code with nothing evaluative around it says: nothing (``None``,
    #: default); ``positive`` for a code people name when asked what they want (a preferred
    #: channel: "Sähköposti ensin." answers "which channel suits you best?"); ``negative``
    #: for one they name as something to avoid or an obstacle.
    mention: str | None = None


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
    stance: StanceCues = field(default_factory=StanceCues)

    @property
    def name(self) -> str:
        return leaf_of(self.id)

    @property
    def theme(self) -> str:
        return theme_of(self.id)

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

    def require(self, code_id: str, fix: str = "") -> str:
        """``code_id`` when the codebook has it; else a :class:`CodingsError` suggesting the
        codes it may have meant."""
        if code_id in self.codes:
            return code_id
        hint = did_you_mean(code_id, self.codes)
        raise CodingsError("unknown code", value=code_id,
                           fix=hint + "codes are IDs such as 'channels/email'"
                               + (f"; {fix}" if fix else ""))

    def theme_of(self, code_id: str) -> str:
        return theme_of(code_id)

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

    def colour_of(self, code_id: str) -> str:
        """The colour a code is drawn in: its own, else its nearest ancestor's, else one of
        :data:`FALLBACK_COLOURS` per theme (codebook order); grey for an unknown code."""
        node = self.codes.get(code_id)
        while node is not None:
            if node.colour and _COLOUR.match(str(node.colour)):
                return str(node.colour)
            node = self.codes.get(node.parent) if node.parent else None
        themes = [c.id for c in self.themes]
        theme = theme_of(code_id)
        if theme in themes:
            return FALLBACK_COLOURS[themes.index(theme) % len(FALLBACK_COLOURS)]
        return "#999999"

    def _repr_html_(self) -> str:
        return self.to_html()

    def to_html(self, lang: str | None = None, max_codes: int = HTML_MAX_CODES) -> str:
        """The hierarchy as an HTML table: colour swatch, ID, labels, definition, rules.

        ``lang`` puts that language's label first and gives the definitions (default: the
        codebook's first language); at most ``max_codes`` codes are listed.
        """
        langs = list(dict.fromkeys([*([lang] if lang else []), *self.languages]))[:2] or ["en"]
        codes = list(self)
        shown = codes[:max_codes]
        cell = "padding:2px 8px;text-align:left;vertical-align:top"
        head = "".join(f"<th style='{cell}'>{h}</th>" for h in
                       ["code", *(f"label ({html.escape(lang)})" for lang in langs),
                        "definition", "rules"])
        rows = [f"<tr>{head}</tr>"]
        for c in shown:
            depth = c.id.count("/")
            weight = "font-weight:bold;" if c.parent is None else ""
            swatch = (f"<span style='display:inline-block;width:.9em;height:.9em;"
                      f"margin-right:.4em;vertical-align:-.1em;border:1px solid #4d4d4d;"
                      f"background:{self.colour_of(c.id)}'></span>")
            labels = "".join(f"<td style='{cell};{weight}'>{html.escape(c.labels.get(lang, ''))}"
                             "</td>" for lang in langs)
            definition = c.text("definition", langs[0])
            if len(definition) > 160:
                definition = definition[:159].rstrip() + "…"
            rules = " · ".join(f"{html.escape(lang)} {len(r)}" for lang, r in c.rules.items() if r)
            rows.append(f"<tr><td style='{cell};padding-left:{0.5 + 1.5 * depth}em;"
                        f"white-space:nowrap;{weight}'>{swatch}<code>{html.escape(c.id)}</code>"
                        f"</td>{labels}<td style='{cell}'>{html.escape(definition)}</td>"
                        f"<td style='{cell};white-space:nowrap'>{rules}</td></tr>")
        more = (f"<p>Showing {len(shown)} of {len(codes):,} codes.</p>"
                if len(shown) < len(codes) else "")
        return (f"<p><b>Codebook</b> {html.escape(self.name)}: {len(self.themes)} themes, "
                f"{len(self)} codes, languages {html.escape(', '.join(self.languages) or '-')}"
                f"</p><table>{''.join(rows)}</table>{more}")
