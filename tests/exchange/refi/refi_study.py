"""A small study with everything an export carries: emoji text, stances, memos, typed cases."""
from __future__ import annotations

from pathlib import Path

H1 = ("Haastattelija: Mikä kanava on paras?\n\n"
      "Vastaaja: Sähköposti 📧 on paras, puhelin ei. Äänet 🎧 häiritsevät.\n")
H2 = "Haastattelija: Entä chat?\n\nVastaaja: Chat on nopea mutta 😀 epävirallinen.\n"
CODEBOOK = """\
name: pieni
languages: [fi, en]
themes:
  - id: channels
    label: {fi: Kanavat, en: Channels}
    colour: "#1f77b4"
    definition: {fi: Yhteydenpidon kanavat., en: Contact channels.}
    codes:
      - id: email
        label: {fi: Sähköposti, en: Email}
        colour: red
        definition: {fi: Sähköposti kanavana., en: Email as a channel.}
        when_to_use: {fi: Kun puhutaan sähköpostista.}
        when_not_to_use: {fi: Uutiskirjeet.}
        example: {fi: "Laitan sähköpostia."}
        rules: {fi: [sähköposti]}
      - id: chat
        label: {fi: Chat, en: Chat}
        colour: "#abc"
"""


def word(text: str, w: str) -> tuple[int, int]:
    start = text.index(w)
    return start, start + len(w)


def make_export_study(root: Path) -> Path:
    (root / "transcripts").mkdir(parents=True)
    (root / "transcripts" / "H1.txt").write_text(H1, encoding="utf-8")
    (root / "transcripts" / "H2.txt").write_text(H2, encoding="utf-8")
    (root / "cases.csv").write_text(
        "case,document,industry,employees,share,interviewed\n"
        "H1,H1,IT,12,0.5,2024-03-01\nH2,H2,kauppa,3,1.25,2024-04-15\n", encoding="utf-8")
    (root / "codebook.yaml").write_text(CODEBOOK, encoding="utf-8")
    (root / "study.yaml").write_text(
        "title: Pieni tutkimus\nlanguage: fi\ntranscripts: transcripts\ncases: cases.csv\n"
        "codebook: codebook.yaml\nspeakers:\n  Haastattelija: interviewer\n", encoding="utf-8")
    (root / "codings").mkdir()
    s1, e1 = word(H1, "Sähköposti 📧 on paras")
    s2, e2 = word(H1, "Äänet 🎧 häiritsevät")
    s3, e3 = word(H2, "Chat on nopea")
    (root / "codings" / "anna.csv").write_text(
        "document,start,end,code,stance,memo\n"
        f"H1,{s1},{e1},channels/email,positive,\"Selvä, perusteltu\nkanta 👍\"\n"
        f"H1,{s2},{e2},channels,negative,\n"
        f"H2,{s3},{e3},channels/chat,,\n", encoding="utf-8")
    (root / "codings" / "Åsa.csv").write_text(
        "document,start,end,code,stance,memo\n"
        f"H1,{s1},{e1},channels/email,mixed,\n", encoding="utf-8")
    return root
