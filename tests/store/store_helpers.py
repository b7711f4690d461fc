"""A tiny study for the project-database tests (built in code, no shared files)."""
from __future__ import annotations

from pathlib import Path

TEXT_H1 = ("Haastattelija: Mitkä kanavat toimivat?\n\n"
           "H1: Sähköposti on paras. Puhelin ei toimi 😀 ollenkaan.\n")
TEXT_H2 = "Haastattelija: Entä kanavat?\n\nH2: Puhelimitse mieluiten, ei sähköpostilla.\n"
CODEBOOK = """\
name: mini
languages: [fi]
themes:
  - id: channels
    label: Kanavat
    codes:
      - id: email
        label: Sähköposti
      - id: phone
        label: Puhelin
"""


def make_study(root: Path, codebook: bool = True) -> Path:
    """Two transcripts, a cases table and (optionally) a codebook."""
    (root / "transcripts").mkdir(parents=True)
    (root / "transcripts" / "H1.txt").write_text(TEXT_H1, encoding="utf-8")
    (root / "transcripts" / "H2.txt").write_text(TEXT_H2, encoding="utf-8")
    (root / "cases.csv").write_text("case,document,industry,founded\nH1,H1,IT,2021\n"
                                    "H2,H2,retail,1989\n", encoding="utf-8")
    settings = ("title: Mini\nlanguage: fi\ntranscripts: transcripts\ncases: cases.csv\n"
                "speakers:\n  Haastattelija: interviewer\n")
    if codebook:
        (root / "codebook.yaml").write_text(CODEBOOK, encoding="utf-8")
        settings += "codebook: codebook.yaml\n"
    (root / "study.yaml").write_text(settings, encoding="utf-8")
    return root


def span_of(text: str, word: str) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)
