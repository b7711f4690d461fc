"""Passage text as HTML with coded spans and rule matches marked, overlaps included.

Codings are drawn as background bands in their code's colour: a stretch of text that two codes
cover gets two bands, one above the other, so overlapping codings stay visible. Rule matches
are underlined (dotted), never filled, so they do not look like codings.
"""
from __future__ import annotations

import html
from dataclasses import dataclass

#: How strongly a code's colour tints the text background (hex alpha).
TINT = "66"


@dataclass(frozen=True)
class Mark:
    """A stretch of a passage to mark: offsets relative to the passage text, end exclusive.

    ``kind`` is ``"coding"`` (background band) or ``"match"`` (dotted underline).
    """

    start: int
    end: int
    colour: str
    title: str
    kind: str = "coding"


def _tint(colour: str) -> str:
    return colour + TINT if colour.startswith("#") and len(colour) == 7 else colour


def _style(marks: list[Mark]) -> str:
    codings = [m for m in marks if m.kind == "coding"]
    matches = [m for m in marks if m.kind == "match"]
    rules = []
    if len(codings) == 1:
        rules.append(f"background:{_tint(codings[0].colour)}")
    elif codings:
        step = 100 / len(codings)
        bands = ", ".join(f"{_tint(m.colour)} {i * step:.1f}% {(i + 1) * step:.1f}%"
                          for i, m in enumerate(codings))
        rules.append(f"background:linear-gradient({bands})")
    if matches:
        rules.append(f"border-bottom:2px dotted {matches[0].colour}")
    return ";".join(rules)


def mark_text(text: str, marks: list[Mark]) -> str:
    """``text`` as escaped HTML with every mark applied; line breaks kept.

    Marks outside the text are clipped; the text itself is never changed.
    """
    n = len(text)
    marks = [Mark(max(0, m.start), min(n, m.end), m.colour, m.title, m.kind)
             for m in marks if m.end > 0 and m.start < n and m.end > m.start]
    cuts = sorted({0, n, *(m.start for m in marks), *(m.end for m in marks)})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        piece = html.escape(text[a:b]).replace("\n", "<br>")
        over = [m for m in marks if m.start <= a and m.end >= b]
        if not over:
            out.append(piece)
            continue
        title = html.escape("; ".join(dict.fromkeys(m.title for m in over)), quote=True)
        out.append(f'<span style="{_style(over)}" title="{title}">{piece}</span>')
    return "".join(out)


def swatch(colour: str, size: str = ".9em") -> str:
    """A small square in ``colour`` (for legends)."""
    return (f"<span style='display:inline-block;width:{size};height:{size};margin-right:.35em;"
            f"vertical-align:-.1em;border:1px solid #4d4d4d;background:{colour}'></span>")


def chip(colour: str, text: str, detail: str = "") -> str:
    """A code chip: swatch, code, and an optional grey detail (stance, coder, memo)."""
    extra = f" <span style='color:#555'>{html.escape(detail)}</span>" if detail else ""
    return (f"<span style='display:inline-block;margin:1px 8px 1px 0;white-space:nowrap'>"
            f"{swatch(colour)}<code>{html.escape(text)}</code>{extra}</span>")
