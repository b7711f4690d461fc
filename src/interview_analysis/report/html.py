"""``report.html``: one self-contained file — inline CSS, figures as base64 PNG, no URLs.

Every text is escaped; the file opens offline, can be mailed to a supervisor and archived.
"""
from __future__ import annotations

import base64
import html
from pathlib import Path

import pandas as pd

from ..base.atomic import write_text
from ..errors import InternalError
from ..messages import word
from ..version import __version__
from .document import Document, Figure, Heading, Paragraph, Quote, Table, cell_text

CSS = """
body{font-family:"DejaVu Sans",Arial,sans-serif;font-size:11pt;line-height:1.45;color:#1a1a1a;
max-width:17cm;margin:2em auto;padding:0 1em}
h1{font-size:1.6em;margin-top:1.6em}h2{font-size:1.3em;margin-top:1.4em}
h3{font-size:1.1em}
figure{margin:1.5em 0}figure img{width:100%;max-width:16cm;height:auto}
figcaption,.caption{font-size:.9em;margin:.4em 0}
table{border-collapse:collapse;font-size:.85em;margin:.4em 0 1.2em}
th,td{border-top:1px solid #999;border-bottom:1px solid #999;padding:.25em .5em;
text-align:left;vertical-align:top}th{background:#f2f2f2}
td.num{text-align:right}
blockquote{margin:.6em 0 .6em 1.5em;font-style:italic;color:#333}
blockquote cite{font-style:normal;margin-left:.4em}
p.small{font-size:.9em;color:#444}p.note{font-size:.85em;color:#444}
footer{margin-top:3em;font-size:.8em;color:#666}
"""


def _esc(text) -> str:
    return html.escape(str(text), quote=True)


def _table(block: Table, lang: str) -> str:
    frame = block.frame
    head = "".join(f"<th>{_esc(c)}</th>" for c in frame.columns)
    numeric = [pd.api.types.is_numeric_dtype(frame[c]) for c in frame.columns]
    rows = []
    for values in frame.itertuples(index=False):
        cells = "".join(f'<td class="num">{_esc(cell_text(v, lang))}</td>' if num else
                        f"<td>{_esc(cell_text(v, lang))}</td>" for v, num in zip(values, numeric))
        rows.append(f"<tr>{cells}</tr>")
    note = f'<p class="note">{_esc(block.note)}</p>' if block.note else ""
    return (f'<p class="caption" id="table-{block.number}"><b>{_esc(block.caption)}</b></p>'
            f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{note}")


def _figure(block: Figure) -> str:
    data = base64.b64encode(Path(block.png).read_bytes()).decode("ascii")
    return (f'<figure id="figure-{block.number}"><img alt="{_esc(block.caption)}" '
            f'src="data:image/png;base64,{data}"><figcaption>{_esc(block.caption)}'
            "</figcaption></figure>")


def _block(block, lang: str) -> str:
    if isinstance(block, Heading):
        level = min(block.level + 1, 6)  # h1 is the document title
        return f"<h{level}>{_esc(block.text)}</h{level}>"
    if isinstance(block, Paragraph):
        text = f"<b>{_esc(block.text)}</b>" if block.bold else _esc(block.text)
        return f'<p class="small">{text}</p>' if block.small else f"<p>{text}</p>"
    if isinstance(block, Quote):
        return f"<blockquote>{_esc(block.text)}<cite>({_esc(block.case)})</cite></blockquote>"
    if isinstance(block, Figure):
        return _figure(block)
    if isinstance(block, Table):
        return _table(block, lang)
    raise InternalError(f"unknown block {type(block).__name__}")


def render_html(document: Document) -> str:
    """The HTML text of ``document``."""
    body = "\n".join(_block(b, document.lang) for b in document.blocks)
    return (f'<!DOCTYPE html>\n<html lang="{_esc(document.lang)}">\n<head>\n'
            '<meta charset="utf-8">\n'
            f"<title>{_esc(document.title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
            f"<h1>{_esc(document.title)}</h1>\n{body}\n"
            f"<footer>{_esc(word('generated', document.lang, version=__version__))}</footer>\n"
            "</body>\n</html>\n")


def write_html(document: Document, path: str | Path) -> Path:
    """Write ``report.html`` atomically."""
    return write_text(path, render_html(document))
