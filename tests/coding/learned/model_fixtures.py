"""Hand-made studies for the learned coders: six short Finnish interviews about pets and other
things, coded by a researcher so that one code (``pets/cats``) is perfectly separable.

Imported by the tests as ``from model_fixtures import ...``; ``conftest.py`` turns it into
fixtures."""
from __future__ import annotations

from pathlib import Path

from helpers import write

# Answers per case: (text, codes coded on the whole answer, stance).
CAT = "pets/cats"
WEATHER = "life/weather"
RARE = "life/rare"
ANSWERS = {
    "H1": [("Kissa on paras lemmikki, meillä on kaksi kissaa.", [CAT], "positive"),
           ("Sää on ollut sateinen koko viikon.", [WEATHER], None),
           ("Töissä on paljon kiirettä ja palavereja.", [], None),
           ("Ruoka maistuu hyvältä kun on nälkä.", [], None)],
    "H2": [("Kissojen kanssa on mukava olla, kissat kehräävät.", [CAT], "positive"),
           ("Aurinko paistaa ja sää on lämmin.", [WEATHER], None),
           ("Autolla ajan töihin joka aamu.", [], None),
           ("Kirjoja luen iltaisin ennen nukkumaanmenoa.", [RARE], None)],
    "H3": [("Kissalle pitää ostaa ruokaa, kissa syö paljon.", [CAT], "mixed"),
           ("Tänään sää on kylmä ja tuulinen.", [WEATHER], None),
           ("Palaverit venyvät usein liian pitkiksi.", [], None),
           ("Puutarhassa kasvaa tomaatteja.", [], None)],
    "H4": [("Kissani nukkuu sohvalla, kissa on laiska.", [CAT], "negative"),
           ("Sää muuttuu nopeasti keväällä.", [WEATHER], None),
           ("Junalla matkustaminen on rentouttavaa.", [], None),
           ("Kahvia juon aamulla kaksi kuppia.", [], None)],
    "H5": [("Naapurin kissa käy meillä kylässä, kissa on utelias.", [CAT], "positive"),
           ("Sateinen sää harmittaa lapsia.", [WEATHER], None),
           ("Uusi tietokone on nopea ja hiljainen.", [], None),
           ("Lenkillä käyn kolme kertaa viikossa.", [], None)],
    "H6": [("Kissoja on meillä kolme, kissat leikkivät keskenään.", [CAT], "positive"),
           ("Sää on pilvinen mutta kuiva.", [WEATHER], None),
           ("Pyörällä pääsee nopeasti kauppaan.", [], None),
           ("Elokuvia katson viikonloppuisin.", [], None)],
}
QUESTION = "Haastattelija: Kerro lisää?"

CODEBOOK = """\
name: pets
languages: [fi, en]
themes:
  - id: pets
    label: {fi: Lemmikit, en: Pets}
    codes:
      - id: cats
        label: {fi: Kissat, en: Cats}
        rules: {fi: [kissa], en: [cat]}
  - id: life
    label: {fi: Elämä, en: Life}
    codes:
      - id: weather
        label: {fi: Sää, en: Weather}
        rules: {fi: [sää], en: [weather]}
      - id: rare
        label: {fi: Harvinainen, en: Rare}
"""

NO_RULES_CODEBOOK = """\
name: pets-no-rules
languages: [fi, en]
themes:
  - id: pets
    label: {fi: Lemmikit, en: Pets}
    codes:
      - id: cats
        label: {fi: Kissat, en: Cats}
        definition: {fi: Puhe kissoista., en: Talk about cats.}
  - id: life
    label: {fi: Elämä, en: Life}
    codes:
      - id: weather
        label: {fi: Sää, en: Weather}
      - id: rare
        label: {fi: Harvinainen, en: Rare}
"""


def transcript(case: str, answers) -> str:
    return "\n\n".join(f"{QUESTION}\n\n{case}: {text}" for text, _, _ in answers) + "\n"


def build_study(root: Path, cases=tuple(ANSWERS), codebook: str = CODEBOOK,
                coded=tuple(ANSWERS), span: str = "answer") -> Path:
    """Write a study of ``cases`` with ``codings/researcher.csv`` for the ``coded`` cases.

    ``span="answer"`` codes each whole answer; ``span="word"`` codes only its first word (the
    passage must still count as coded, by overlap).
    """
    rows = ["document,start,end,code,stance,memo"]
    for case in cases:
        text = transcript(case, ANSWERS[case])
        write(root / "transcripts" / f"{case}.txt", text)
        if case not in coded:
            continue
        for answer, codes, stance in ANSWERS[case]:
            start = text.index(answer)
            end = start + (len(answer) if span == "answer" else answer.index(" "))
            rows.extend(f"{case},{start},{end},{code},{stance or ''}," for code in codes)
    write(root / "codings" / "researcher.csv", "\n".join(rows) + "\n")
    write(root / "codebook.yaml", codebook)
    write(root / "cases.csv", "case,document\n" + "".join(f"{c},{c}\n" for c in cases))
    write(root / "study.yaml", "title: Lemmikit\nlanguage: fi\ntranscripts: transcripts\n"
                               "cases: cases.csv\ncodebook: codebook.yaml\n"
                               "speakers:\n  Haastattelija: interviewer\n")
    return root


def build_answers_study(root: Path, codebook: str = CODEBOOK, one_case: bool = False,
                        unit: str = "paragraph") -> Path:
    """The same answers as a survey: one document per answer, no interviewer at all.

    ``one_case=True`` puts every document in one case (folds must fall back).
    """
    rows, docs = ["document,start,end,code,stance,memo"], []
    number = 0
    for case, answers in ANSWERS.items():
        for text, codes, stance in answers:
            number += 1
            doc = f"R{number:02d}"
            write(root / "transcripts" / f"{doc}.txt", text + "\n")
            docs.append(doc)
            rows.extend(f"{doc},0,{len(text)},{code},{stance or ''}," for code in codes)
    write(root / "codings" / "researcher.csv", "\n".join(rows) + "\n")
    write(root / "codebook.yaml", codebook)
    cases = ["everyone," + ";".join(docs)] if one_case else [f"{d},{d}" for d in docs]
    write(root / "cases.csv", "case,document\n" + "\n".join(cases) + "\n")
    write(root / "study.yaml", "title: Kysely\nlanguage: fi\ntranscripts: transcripts\n"
                               f"cases: cases.csv\ncodebook: codebook.yaml\nunit: {unit}\n")
    return root
