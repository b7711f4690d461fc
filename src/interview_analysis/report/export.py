"""Reproducible output files: figures as PDF/SVG/PNG and Office zip files with fixed dates.

Re-running a report on unchanged input must give byte-identical files, so every timestamp
a writer would embed (PDF ``CreationDate``, SVG ``dc:date``, PNG ``Software``, zip member
times, Office ``dcterms:created``) is removed or fixed.
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

from ..base.atomic import atomic_path
from .style import DPI, figure_style

#: The date written wherever a file format insists on one (zip entries, Office properties).
FIXED_DATE = (2000, 1, 1, 0, 0, 0)
FIXED_ISO = "2000-01-01T00:00:00Z"

_METADATA = {"pdf": {"CreationDate": None}, "svg": {"Date": None}, "png": {"Software": None}}


def save_figure(fig, folder: str | Path, name: str,
                formats: tuple[str, ...] = ("pdf", "svg", "png")) -> dict[str, Path]:
    """Write ``fig`` as ``folder/name.pdf``, ``.svg`` and a 300-dpi ``.png``, atomically.

    The figure keeps its size (16 cm wide), so the PNG is 1890 px wide and fonts print at their
    nominal size when the picture is placed at text width. Returns ``{format: path}``.

    Examples
    --------
    >>> paths = save_figure(fig, "out/figures", "stances")          # doctest: +SKIP
    >>> paths["png"].name                                            # doctest: +SKIP
    'stances.png'
    """
    folder = Path(folder)
    paths = {}
    engine = fig.get_layout_engine()
    with figure_style():  # font embedding and SVG ids are read at save time
        try:
            if engine is not None and len(formats) > 1:
                # Lay out once (at the output resolution, where text extents are measured
                # as in the PNG), then keep the positions for every format: 40 % faster.
                dpi = fig.get_dpi()
                fig.set_dpi(DPI)
                fig.draw_without_rendering()
                fig.set_dpi(dpi)
                fig.set_layout_engine("none")
            for fmt in formats:
                target = folder / f"{name}.{fmt}"
                with atomic_path(target) as tmp:
                    fig.savefig(tmp, format=fmt, dpi=DPI, metadata=_METADATA.get(fmt),
                                facecolor="white")
                paths[fmt] = target
        finally:
            if engine is not None and fig.get_layout_engine() is not engine:
                fig.set_layout_engine(engine)
    return paths


def figure_bytes(fig, fmt: str = "png") -> bytes:
    """The figure encoded in memory (used to embed pictures in HTML and Word)."""
    import io
    buffer = io.BytesIO()
    with figure_style():
        fig.savefig(buffer, format=fmt, dpi=DPI, metadata=_METADATA.get(fmt),
                    facecolor="white")
    return buffer.getvalue()


_CORE_DATES = re.compile(
    rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def normalise_zip(path: str | Path) -> Path:
    """Rewrite a docx/xlsx so that it no longer depends on when it was written.

    Zip member times become :data:`FIXED_DATE`; ``docProps/core.xml`` created/modified dates
    become :data:`FIXED_ISO`; members keep their order and compression.
    """
    path = Path(path)
    with zipfile.ZipFile(path) as source:
        members = [(info, source.read(info)) for info in source.infolist()]
    with atomic_path(path) as tmp:
        with zipfile.ZipFile(tmp, "w") as out:
            for info, data in members:
                if info.filename == "docProps/core.xml":
                    data = _CORE_DATES.sub(rb"\g<1>" + FIXED_ISO.encode() + rb"\g<3>", data)
                fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_DATE)
                fixed.compress_type = zipfile.ZIP_DEFLATED
                fixed.external_attr = 0o600 << 16
                out.writestr(fixed, data)
    return path
