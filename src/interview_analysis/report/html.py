"""``report.html``: one self-contained file — inline CSS, figures as base64 PNG, no URLs.

Every text is escaped; the file opens offline, can be mailed to a supervisor and archived.
A sticky table of contents links to every section and theme, and lists every figure and
table; every heading, figure, table and quoted passage has an anchor (``#theme-channels``,
``#figure-stances``, ``#table-reliability``, ``#passage-H1-0007``). Each quotation links to
its passage in context in the appendix at the end, which links back. The print stylesheet
(:mod:`.html_style`) gives A4 pages with each theme on a new page.
"""
from __future__ import annotations

import base64
import html
from pathlib import Path

from ..base.atomic import write_text
from ..errors import InternalError
from ..messages import word
from ..version import __version__
from .blocks import Contents, Document, Figure, Heading, Paragraph, Quote, Table, anchor, cell_text
from .html_style import CSS


def _esc(text) -> str:
    return html.escape(str(text), quote=True)


def _table(block: Table, lang: str) -> str:
    frame = block.frame
    right = [c in block.numeric for c in frame.columns]
    head = "".join(f'<th class="num">{_esc(c)}</th>' if r else f"<th>{_esc(c)}</th>"
                   for c, r in zip(frame.columns, right))
    rows = []
    for values in frame.itertuples(index=False):
        cells = "".join(f'<td class="num">{_esc(cell_text(v, lang))}</td>' if r else
                        f"<td>{_esc(cell_text(v, lang))}</td>" for v, r in zip(values, right))
        rows.append(f"<tr>{cells}</tr>")
    notes = f'<p class="note">{_esc(block.note)}</p>' if block.note else ""
    wide = ' class="wide"' if len(frame.columns) >= 8 else ""
    return (f'<p class="caption" id="{block.anchor}"><b>{_esc(block.caption)}</b></p>'
            f'<div class="table-wrap"><table{wide}><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>{notes}")


def _figure(block: Figure) -> str:
    data = base64.b64encode(Path(block.png).read_bytes()).decode("ascii")
    alt = " ".join(filter(None, [block.caption, block.alt]))
    return (f'<figure id="{block.anchor}"><img alt="{_esc(alt)}" '
            f'src="data:image/png;base64,{data}"><figcaption>{_esc(block.caption)}'
            "</figcaption></figure>")


def _heading(block: Heading) -> str:
    level = min(block.level + 1, 6)  # h1 is the document title
    kind = "chapter" if block.level == 1 else "theme" if block.anchor.startswith("theme-") \
        else "section"
    ident = f' id="{_esc(block.anchor)}"' if block.anchor else ""
    return f'<h{level} class="{kind}"{ident}>{_esc(block.text)}</h{level}>'


def _paragraph(block: Paragraph) -> str:
    number = f'<span class="n">{block.number}.</span>' if block.number is not None else ""
    kind = "" if block.kind == "body" else f' class="{block.kind}"'
    return f"<p{kind}>{number}{_esc(block.text)}</p>"


class _Quotes:
    """Numbers the quotations and remembers the first one of each passage (the appendix
    links back to it)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.first: dict[str, str] = {}
        self.n = 0

    def __call__(self, block: Quote) -> str:
        self.n += 1
        ident = f"quote-{self.n}"
        link = ""
        if block.passage_id:
            self.first.setdefault(block.passage_id, ident)
            link = (f' <a class="context" href="#{anchor("passage", block.passage_id)}">'
                    f"{_esc(word('in_context', self.lang))} {_esc(block.passage_id)}</a>")
        return (f'<blockquote id="{ident}">{_esc(block.text)}<cite>({_esc(block.case)})</cite>'
                f"{link}</blockquote>")


def _link(target: str, text: str) -> str:
    return f'<a href="#{_esc(target)}">{_esc(text)}</a>'


def _nav(document: Document) -> str:
    """The table of contents: sections with their themes, then figures and tables."""
    tree: list[tuple[Heading, list[Heading]]] = []
    for b in document.blocks:
        if isinstance(b, Heading) and b.anchor and b.level == 1:
            tree.append((b, []))
        elif isinstance(b, Heading) and b.anchor and b.level == 2 and tree:
            tree[-1][1].append(b)
    items = "".join(
        f"<li>{_link(h.anchor, h.text)}"
        + (f"<ol>{''.join(f'<li>{_link(s.anchor, s.text)}</li>' for s in subs)}</ol>"
           if subs else "") + "</li>" for h, subs in tree)
    if document.contexts:
        items += f"<li>{_link('passages', word('passages_appendix', document.lang))}</li>"
    shown = [b for b in document.blocks if isinstance(b, (Figure, Table))]
    listed = "".join(f"<li>{_link(b.anchor, b.caption)}</li>" for b in shown)
    extra = (f"<details><summary>{_esc(word('figures_tables', document.lang))}</summary>"
             f"<ol>{listed}</ol></details>") if shown else ""
    title = _esc(word("contents", document.lang))
    return (f'<nav class="toc" aria-label="{title}"><h2>{title}</h2><ol>{items}</ol>'
            f"{extra}</nav>")


def _passages(document: Document, first: dict[str, str]) -> str:
    """The appendix: each quoted passage with the turn before it, linked back to its quote."""
    if not document.contexts:
        return ""
    lang = document.lang
    title = _esc(word("passages_appendix", lang))
    parts = [f'<section class="passages" id="passages"><h2 class="chapter">{title}</h2>'
             f"<p>{_esc(word('passages_intro', lang))}</p>"]
    for c in document.contexts:
        before = "".join(f'<p class="before"><span class="speaker">{_esc(s)}:</span> '
                         f"{_esc(t)}</p>" for s, t in c.before)
        back = (f' <a class="back" href="#{first[c.passage_id]}">↩ {_esc(word("back", lang))}'
                "</a>") if c.passage_id in first else ""
        parts.append(f'<div class="passage" id="{c.anchor}"><p class="id">{_esc(c.passage_id)}'
                     f" ({_esc(c.case)}){back}</p>{before}<p><span class=\"speaker\">"
                     f"{_esc(c.speaker)}:</span> {_esc(c.text)}</p></div>")
    parts.append("</section>")
    return "".join(parts)


def render_html(document: Document) -> str:
    """The HTML text of ``document``."""
    quotes = _Quotes(document.lang)
    render = {Heading: _heading, Paragraph: _paragraph, Quote: quotes, Figure: _figure,
              Table: lambda b: _table(b, document.lang)}
    body = []
    for block in document.blocks:
        if isinstance(block, Contents):
            continue  # the navigation column is the table of contents
        if type(block) not in render:
            raise InternalError(f"unknown block {type(block).__name__}")
        body.append(render[type(block)](block))
    return (f'<!DOCTYPE html>\n<html lang="{_esc(document.lang)}">\n<head>\n'
            '<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, '
            f'initial-scale=1">\n<title>{_esc(document.title)}</title>\n<style>{CSS}</style>\n'
            f"</head>\n<body>\n{_nav(document)}\n<main>\n<h1 id=\"top\">{_esc(document.title)}"
            f"</h1>\n" + "\n".join(body) + "\n" + _passages(document, quotes.first) +
            f"\n<footer>{_esc(word('generated', document.lang, version=__version__))}</footer>\n"
            "</main>\n</body>\n</html>\n")


def write_html(document: Document, path: str | Path) -> Path:
    """Write ``report.html`` atomically."""
    return write_text(path, render_html(document))
